// The build's short message keys (renderer/vite/short-message-keys.ts): the pure renaming on a chunk's code, the key
// list from the English area files, and the plugin's place (build only).
import { describe, expect, it } from 'vitest';
import { keyOccurrences, leftoverKeys, pageMessageKeys, renameMessageKeys, shortIds, shortMessageKeys, SHORT_ID_PREFIX } from '../../../renderer/vite/short-message-keys.ts';
import { en } from '../../../preload/i18n/catalog.ts';

const ids = shortIds(['wizard_step_find_title', 'settings_motion_low', 'live_no_cameras']);

describe('short ids', () => {
  it('are the base-36 of each key in the sorted list, whatever order the keys come in', () => {
    expect([...ids]).toEqual([
      ['live_no_cameras', `${SHORT_ID_PREFIX}0`],
      ['settings_motion_low', `${SHORT_ID_PREFIX}1`],
      ['wizard_step_find_title', `${SHORT_ID_PREFIX}2`],
    ]);
    expect(shortIds(['settings_motion_low', 'live_no_cameras', 'wizard_step_find_title'])).toEqual(ids);
    const many = shortIds(Array.from({ length: 40 }, (_, i) => `live_k${String(i).padStart(2, '0')}`));
    expect(many.get('live_k10')).toBe(`${SHORT_ID_PREFIX}a`);
    expect(many.get('live_k36')).toBe(`${SHORT_ID_PREFIX}10`);
  });

  it('are never made for the engine keys, which travel over the wire by name', () => {
    expect(() => shortIds(['live_no_cameras', 'engine_camera_offline'])).toThrow(/engine_/);
  });

  it('cover every page message of the English areas and no engine, notify or desktop key', () => {
    const keys = pageMessageKeys();
    expect(keys.length).toBeGreaterThan(600);
    expect(keys.filter((k) => /^(engine|notify|desktop)_/.test(k))).toEqual([]);
    expect(keys).toContain('wizard_step_find');
    expect(keys).toContain('format_seconds');
    for (const key of keys) expect(Object.hasOwn(en, key)).toBe(true);
    expect(new Set(shortIds(keys).values()).size).toBe(keys.length);
  });
});

describe('renaming a chunk', () => {
  it('renames a key as a property name, an object-literal key and a string literal', () => {
    const code = [
      'const catalog={wizard_step_find_title:`Find`,"settings_motion_low":`Low`};',
      'const levels=[{threshold:40,key:"settings_motion_low"},{key:\'live_no_cameras\'}];',
      'out(i18n.m.wizard_step_find_title,m[levels[0].key],m?.live_no_cameras);',
    ].join('\n');
    const { code: renamed, renamed: count } = renameMessageKeys(code, ids);
    expect(count).toBe(6);
    expect(renamed).toBe(
      [
        'const catalog={Q2:`Find`,"Q1":`Low`};',
        'const levels=[{threshold:40,key:"Q1"},{key:\'Q0\'}];',
        'out(i18n.m.Q2,m[levels[0].key],m?.Q0);',
      ].join('\n').replaceAll('Q', SHORT_ID_PREFIX),
    );
  });

  it('keeps what the code does: the renamed code reads the same messages', () => {
    const code = 'const m={wizard_step_find_title:"Find",settings_motion_low:(p)=>`Low ${p.n}`};const k="settings_motion_low";return [m.wizard_step_find_title,m[k]({n:3}),Object.keys(m).length];';
    const run = (source: string) => new Function(source)() as unknown[];
    expect(run(renameMessageKeys(code, ids).code)).toEqual(run(code));
    expect(run(code)).toEqual(['Find', 'Low 3', 2]);
  });

  it('leaves engine keys and longer look-alike tokens alone', () => {
    const code = 'm.engine_camera_offline;m.wizard_step_find_title_x;m.xwizard_step_find_title;$live_no_cameras;live_no_cameras2;"settings_motion_low_more";_settings_motion_low';
    expect(renameMessageKeys(code, ids)).toEqual({ code, renamed: 0 });
  });

  it('fails loudly when a short id is already a token of the chunk', () => {
    const code = `let ${SHORT_ID_PREFIX}1=2;m.live_no_cameras;`;
    expect(() => renameMessageKeys(code, ids, 'index.js')).toThrow(`index.js already has the token "${SHORT_ID_PREFIX}1"`);
  });

  it('finds each occurrence with its place, for the source map', () => {
    const code = 'a.live_no_cameras+"live_no_cameras"';
    expect(keyOccurrences(code, ids)).toEqual([
      { start: 2, end: 17, id: `${SHORT_ID_PREFIX}0` },
      { start: 19, end: 34, id: `${SHORT_ID_PREFIX}0` },
    ]);
  });
});

describe('a built chunk', () => {
  it('names the keys it still has by name, once each, and nothing once renamed', () => {
    const code = 'a.live_no_cameras;b.live_no_cameras;c["settings_motion_low"];d.engine_camera_offline';
    expect(leftoverKeys(code, ids)).toEqual(['live_no_cameras', 'settings_motion_low']);
    expect(leftoverKeys(renameMessageKeys(code, ids).code, ids)).toEqual([]);
  });
});

describe('the plugin', () => {
  it('runs in builds only: the dev server keeps the names', () => {
    const plugin = shortMessageKeys();
    expect(plugin.apply).toBe('build');
    expect(plugin.name).toBe('nvr:short-message-keys');
  });
});
