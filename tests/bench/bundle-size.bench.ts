// The renderer's bundle size per language (npm run bench -- bundle): the page built by Vite with its manifest, then
// for each language the JavaScript a browser loads to show the first screen in it: the entry chunk and its static
// imports (English is always in there), plus that language's catalog chunk (a dynamic import, loaded before the first
// paint) and anything it imports that the entry does not. Against English alone, in bytes as built and gzipped.
// Target: at most +10 % for one language loaded (ratio <= 1.10). Lazy screens' chunks are the same in every language
// and are left out of both sides.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { locales, type Locale } from '../../preload/i18n/locales.ts';
import { build } from 'vite';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { fmt, printTable } from './bench-stats.ts';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const TARGET = 1.1;
const outDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-bundle-'));
try {
  await build({
    configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false, manifest: true },
  });
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!entryKey) throw new Error('The built page has no entry chunk in its manifest.');

  /** The chunk's file and every file it imports statically, as manifest keys. */
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) closure(next, seen);
    return seen;
  };
  const catalogKey = (locale: Locale): string | null =>
    Object.keys(manifest).find((k) => k.endsWith(`preload/i18n/catalog-${locale}.ts`)) ?? null;
  const bytesOf = (keys: Set<string>) => {
    let raw = 0;
    let gzip = 0;
    for (const key of keys) {
      const file = manifest[key]?.file;
      if (!file?.endsWith('.js')) continue;
      const body = readFileSync(path.join(outDir, file));
      raw += body.length;
      gzip += gzipSync(body, { level: 9 }).length;
    }
    return { raw, gzip };
  };

  const englishKeys = closure(entryKey);
  const english = bytesOf(englishKeys);
  const rows: Record<string, string | number>[] = [];
  let over = 0;
  for (const locale of locales) {
    const keys = new Set(englishKeys);
    if (locale !== 'en') {
      const key = catalogKey(locale);
      if (!key) throw new Error(`The built page has no chunk of its own for ${locale}: the catalogs are no longer loaded on demand.`);
      for (const k of closure(key)) keys.add(k);
    }
    const loaded = bytesOf(keys);
    const ratio = loaded.raw / english.raw;
    if (ratio > TARGET) over++;
    rows.push({
      language: locale,
      'JS bytes': loaded.raw,
      'gzip bytes': loaded.gzip,
      'vs English': `${fmt(ratio, 3)}×`,
      'gzip vs English': `${fmt(loaded.gzip / english.gzip, 3)}×`,
      [`target <= ${TARGET}`]: ratio <= TARGET ? 'met' : 'NOT met',
    });
  }
  console.log(`entry chunk with its static imports (English): ${english.raw} bytes, ${english.gzip} gzipped`);
  printTable(rows);
  console.log(`target: one language loaded at most ${Math.round((TARGET - 1) * 100)} % over English alone -> ${over === 0 ? 'MET' : 'NOT MET'}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
