// Build only (never in dev): every page message key (`wizard_step_find_title`) becomes a short id in every chunk, as a
// property name (`i18n.m.wizard_step_find_title`), an object-literal key (the catalogs) and a string literal (keys
// that travel as values: `label: 'settings_…'`, then `i18n.m[f.label]`) alike. Minifiers never rename properties, and
// the 867 keys were ~34 KB of the entry and ~20 KB of each language's chunk. The engine's keys keep their names: they
// arrive over the wire from the engine (`{ key, params }`). A key is matched as a whole token only (no [A-Za-z0-9_$]
// on either side), so a longer look-alike (`wizard_step_find_title_x`) is left alone.
import MagicString from 'magic-string';
import type { Plugin } from 'vite';
import { shell } from '../../preload/i18n/shell/en.ts';
import { live } from '../../preload/i18n/live/en.ts';
import { wizard } from '../../preload/i18n/wizard/en.ts';
import { review } from '../../preload/i18n/review/en.ts';
import { settings } from '../../preload/i18n/settings/en.ts';
import { format } from '../../preload/i18n/format/en.ts';

/** Every run of identifier characters: a key is one such run exactly. */
const TOKEN = /[A-Za-z0-9_$]+/g;
/**
 * Short ids start with this (a digit cannot start a property name after a dot): $m0, $m1, …, $mz, $m10, … Two
 * characters, because a single letter meets words of the page's own text ("Qu…" in Vietnamese, "Jan") and the
 * packages' names, and `$` alone meets the Svelte compiler's `$0`.
 */
export const SHORT_ID_PREFIX = '$m';

/** The page's message keys the build renames: every page area's English keys except the engine's (wire names). */
export function pageMessageKeys(): string[] {
  return Object.keys({ ...shell, ...live, ...wizard, ...review, ...settings, ...format });
}

/** Each key's short id: the prefix and the base-36 of its index in the sorted list (the same keys give the same ids). */
export function shortIds(keys: readonly string[]): Map<string, string> {
  const sorted = [...new Set(keys)].sort();
  const bad = sorted.find((k) => k.startsWith('engine_') || !/^[a-z][a-z0-9]*_[A-Za-z0-9_]+$/.test(k));
  if (bad) throw new Error(`The message key "${bad}" cannot be shortened: only page keys (area_name, never engine_) are.`);
  return new Map(sorted.map((key, i) => [key, `${SHORT_ID_PREFIX}${i.toString(36)}`]));
}

/**
 * The code with every key renamed to its short id. Throws when a short id is already a token of the code:
 * renaming a key onto it could join two different names into one.
 */
export function renameMessageKeys(code: string, ids: ReadonlyMap<string, string>, chunkName = 'a module'): { code: string; renamed: number } {
  const shortOnes = new Set(ids.values());
  for (const [token] of code.matchAll(TOKEN)) {
    if (shortOnes.has(token)) {
      throw new Error(`short-message-keys: ${chunkName} already has the token "${token}", a short message id: change SHORT_ID_PREFIX in renderer/vite/short-message-keys.ts.`);
    }
  }
  let renamed = 0;
  const out = code.replace(TOKEN, (token) => {
    const id = ids.get(token);
    if (id === undefined) return token;
    renamed++;
    return id;
  });
  return { code: out, renamed };
}

/** Where each key's short id starts and ends, for the build's source map (one edit per key occurrence). */
export function keyOccurrences(code: string, ids: ReadonlyMap<string, string>): Array<{ start: number; end: number; id: string }> {
  const found: Array<{ start: number; end: number; id: string }> = [];
  for (const match of code.matchAll(TOKEN)) {
    const id = ids.get(match[0]);
    if (id !== undefined) found.push({ start: match.index, end: match.index + match[0].length, id });
  }
  return found;
}

/** The page keys still in a chunk's code under their long names (none, when every module was renamed). */
export function leftoverKeys(code: string, ids: ReadonlyMap<string, string>): string[] {
  return [...new Set(keyOccurrences(code, ids).map((o) => code.slice(o.start, o.end)))];
}

/**
 * The Vite plugin: the key list is read from the English area files at build start; every module that goes into a
 * chunk is renamed as it is transformed (after the Svelte compiler, before the bundler and the minifier, whose own short
 * names for bindings shared between chunks would otherwise look like ids), so every chunk has the short ids. A short
 * id already a token of any module, the packages' too, fails the build.
 */
export function shortMessageKeys(): Plugin {
  let ids = new Map<string, string>();
  return {
    name: 'nvr:short-message-keys',
    apply: 'build',
    buildStart() {
      ids = shortIds(pageMessageKeys());
    },
    transform(code, id) {
      const where = id.split('?')[0] ?? id;
      if (!/\.(svelte|[cm]?[jt]s)$/.test(where)) return null;
      const { code: renamed, renamed: count } = renameMessageKeys(code, ids, where); // (throws on a collision)
      if (count === 0 || where.includes('/node_modules/')) return null;
      const s = new MagicString(code);
      for (const edit of keyOccurrences(code, ids)) s.overwrite(edit.start, edit.end, edit.id);
      const out = s.toString();
      if (out !== renamed) throw new Error(`short-message-keys: ${where} renamed two ways; this is a bug in the plugin.`);
      return { code: out, map: s.generateMap({ hires: 'boundary', source: where }) };
    },
    // Every chunk checked once it is made: a key some module kept (one this plugin never saw) would no longer match
    // its catalog's renamed key, and the page would show nothing there.
    renderChunk(code, chunk) {
      const left = leftoverKeys(code, ids);
      if (left.length) throw new Error(`short-message-keys: ${chunk.fileName} still has message keys by name (${left.slice(0, 5).join(', ')}).`);
      return null;
    },
  };
}
