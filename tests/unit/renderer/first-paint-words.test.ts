// The page's first paint loads only the first-paint message areas (shell, live, engine, format); the wizard, review and
// settings areas come with the screens that read them (renderer/src/lib/lazy-screens.ts, components/LazyView.svelte).
// The types cannot tell a screen in the entry from a lazy one, so this reads the page's code: no renderer module the
// entry imports statically (dynamic imports are the lazy screens) may read a message of a lazy area, which it would
// show as nothing until some lazy screen happened to load that area.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../fixtures/build-fixture.ts';
import { lazyAreas } from '../../../preload/i18n/catalog-page.ts';
import { wizard } from '../../../preload/i18n/wizard/en.ts';
import { review } from '../../../preload/i18n/review/en.ts';
import { settings } from '../../../preload/i18n/settings/en.ts';
import { lazyScreens } from '../../../renderer/src/lib/lazy-screens.ts';

const src = path.join(repoRoot, 'renderer', 'src');
const lazyKeys = new Set([...Object.keys(wizard), ...Object.keys(review), ...Object.keys(settings)]);

/** The renderer modules `file` imports statically (not `import type`, not `import()`), as absolute paths. */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of code.matchAll(/^\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm)) {
    const target = path.resolve(path.dirname(file), m[1] ?? '');
    if (target.startsWith(src) && existsSync(target)) found.push(target);
  }
  return found;
}

function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    staticImports(file).forEach(walk);
  };
  walk(entry);
  return seen;
}

describe('the first paint reads only first-paint words', () => {
  const firstPaint = reachableFrom(path.join(src, 'main.ts'));

  it('finds the entry’s screens and none of the lazy ones', () => {
    const names = [...firstPaint].map((f) => path.relative(src, f));
    expect(names).toEqual(expect.arrayContaining(['App.svelte', 'views/LiveView.svelte', 'views/HealthView.svelte', 'components/LazyView.svelte']));
    for (const screen of Object.values(lazyScreens)) expect(names).not.toContain(screen.file);
    expect(lazyAreas).toEqual(['wizard', 'review', 'settings']);
  });

  it('no module of the first paint reads a wizard, review or settings message', () => {
    const misplaced: string[] = [];
    for (const file of firstPaint) {
      const code = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '').replace(/<!--[\s\S]*?-->/g, '');
      for (const [token] of code.matchAll(/[A-Za-z0-9_$]+/g)) {
        if (lazyKeys.has(token)) misplaced.push(`${path.relative(src, file)}: ${token}`);
      }
    }
    expect(misplaced).toEqual([]);
  });
});
