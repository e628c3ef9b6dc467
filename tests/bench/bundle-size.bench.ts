// The renderer's bundle per language against today's page (npm run bench -- bundle; issue 16's target: one language
// loaded at most 1.10 × the page before languages). Both are built with the same Vite in this run: today's page is
// commit 9673949's renderer/ and preload/ (git archive into a temp folder, node_modules linked), or, without that
// commit in the history, the figures recorded from it. For each language:
//   (a) first screen: the entry and its static imports, plus that language's first-paint catalog chunk (main.ts waits
//       for it before the first paint);
//   (b) each lazy screen opened (renderer/src/lib/lazy-screens.ts): (a) plus the screen's chunks and its areas' chunks
//       in that language;
//   (c) the whole page in that language: every chunk a browser can load showing that language (all screens and their
//       areas), i.e. every chunk except the other languages' catalogs. Reported, with no target.
// Raw bytes as built and gzip -9, each as a ratio to today's; the target applies to (a) and (b).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { locales, type Locale } from '../../preload/i18n/locales.ts';
import { lazyScreens } from '../../renderer/src/lib/lazy-screens.ts';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { fmt, printTable } from './bench-stats.ts';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;
interface Bytes {
  raw: number;
  gzip: number;
}

const TARGET = 1.1;
const TODAY_COMMIT = '9673949';
/** Today's page as measured from commit 9673949 (one chunk), for a checkout whose history lacks that commit. */
const RECORDED_TODAY: Bytes = { raw: 359_509, gzip: 112_798 };

/** Builds the page of a renderer/vite.config.ts into `outDir` with its manifest. */
async function buildPage(configFile: string, outDir: string): Promise<Manifest> {
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false, manifest: true } });
  return JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** The JS chunks of `manifest`, measured by manifest key. */
function sizer(manifest: Manifest, outDir: string) {
  const cache = new Map<string, Bytes>();
  const one = (key: string): Bytes => {
    const known = cache.get(key);
    if (known) return known;
    const file = manifest[key]?.file;
    const body = file?.endsWith('.js') ? readFileSync(path.join(outDir, file)) : Buffer.alloc(0);
    const bytes = { raw: body.length, gzip: body.length ? gzipSync(body, { level: 9 }).length : 0 };
    cache.set(key, bytes);
    return bytes;
  };
  /** The chunk and every chunk it imports statically. */
  const closure = (key: string, into = new Set<string>()): Set<string> => {
    if (into.has(key)) return into;
    if (!manifest[key]) throw new Error(`The built page's manifest has no chunk ${key}.`);
    into.add(key);
    for (const next of manifest[key].imports ?? []) closure(next, into);
    return into;
  };
  const bytesOf = (keys: Iterable<string>): Bytes => {
    let raw = 0;
    let gzip = 0;
    for (const key of new Set(keys)) {
      const b = one(key);
      raw += b.raw;
      gzip += b.gzip;
    }
    return { raw, gzip };
  };
  const keyEnding = (suffix: string): string => {
    const key = Object.keys(manifest).find((k) => k.endsWith(suffix));
    if (!key) throw new Error(`The built page has no chunk of its own for ${suffix}: it is no longer loaded on demand.`);
    return key;
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!entry) throw new Error('The built page has no entry chunk in its manifest.');
  return { closure, bytesOf, keyEnding, entry };
}

/** Today's page built from commit 9673949 in this run, or null (and why) when the history lacks it. */
async function buildToday(work: string): Promise<{ bytes: Bytes; how: string }> {
  try {
    execFileSync('git', ['-C', repoRoot, 'cat-file', '-e', `${TODAY_COMMIT}^{commit}`], { stdio: 'ignore' });
  } catch {
    return { bytes: RECORDED_TODAY, how: `commit ${TODAY_COMMIT} is not in this checkout's history: today's page is the figures recorded from it` };
  }
  const tree = path.join(work, 'today');
  mkdirSync(tree);
  const archive = execFileSync('git', ['-C', repoRoot, 'archive', TODAY_COMMIT, 'renderer', 'preload', 'package.json'], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', tree], { input: archive });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(tree, 'node_modules'));
  const outDir = path.join(work, 'today-out');
  const manifest = await buildPage(path.join(tree, 'renderer', 'vite.config.ts'), outDir);
  const today = sizer(manifest, outDir);
  // Today's page has no language chunks and no lazy screens: the entry and its static imports are all of it.
  return { bytes: today.bytesOf(today.closure(today.entry)), how: `commit ${TODAY_COMMIT} built in this run with the same Vite` };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-bundle-'));
try {
  const outDir = path.join(work, 'now-out');
  const manifest = await buildPage(path.join(repoRoot, 'renderer', 'vite.config.ts'), outDir);
  const now = sizer(manifest, outDir);
  const today = await buildToday(work);
  console.log(`today's page: ${today.bytes.raw} bytes, ${today.bytes.gzip} gzipped (${today.how})`);

  const firstPaint = now.closure(now.entry);
  const rows: Record<string, string | number>[] = [];
  let over = 0;
  const row = (locale: Locale, what: string, keys: Set<string>, target: boolean) => {
    const b = now.bytesOf(keys);
    const ratio = b.raw / today.bytes.raw;
    if (target && ratio > TARGET) over++;
    rows.push({
      language: locale,
      loaded: what,
      'JS bytes': b.raw,
      'vs today': `${fmt(ratio, 3)}×`,
      'gzip bytes': b.gzip,
      'gzip vs today': `${fmt(b.gzip / today.bytes.gzip, 3)}×`,
      [`target <= ${TARGET}`]: target ? (ratio <= TARGET ? 'met' : 'NOT met') : '(reported)',
    });
  };
  for (const locale of locales) {
    const first = new Set([...firstPaint, ...now.closure(now.keyEnding(`preload/i18n/catalog-${locale}.ts`))]);
    row(locale, '(a) first screen', first, true);
    const whole = new Set(first);
    for (const [name, screen] of Object.entries(lazyScreens)) {
      const opened = new Set(first);
      now.closure(now.keyEnding(`src/${screen.file}`), opened);
      for (const area of screen.areas) now.closure(now.keyEnding(`preload/i18n/${area}/${locale}.ts`), opened);
      row(locale, `(b) + ${name}`, opened, true);
      for (const key of opened) whole.add(key);
    }
    row(locale, '(c) whole page', whole, false);
  }
  printTable(rows);
  console.log(
    `target: the first screen and each lazy screen in one language at most ${Math.round((TARGET - 1) * 100)} % over today's page (raw bytes) -> ${over === 0 ? 'MET' : `NOT MET (${over} rows over)`}; (c) is the whole page in one language, reported without a target`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
