// Where ffmpeg comes from: settings, FFMPEG_PATH, ffmpeg-static, PATH, in that order; one clear message without it.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateFfmpeg, locateFfprobe } from '../../main/core/capture/ffmpeg-locate.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fakeBin(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bin-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, 0o755);
  return file;
}

describe('locating ffmpeg', () => {
  it('prefers the path in settings, then FFMPEG_PATH, then the PATH', () => {
    const fromSettings = fakeBin('ffmpeg');
    const fromEnv = fakeBin('ffmpeg');
    const onPath = fakeBin('ffmpeg');
    const env = { PATH: path.dirname(onPath), FFMPEG_PATH: fromEnv };
    expect(locateFfmpeg({ settingsPath: fromSettings, env })).toEqual({ path: fromSettings, source: 'settings' });
    expect(locateFfmpeg({ env })).toEqual({ path: fromEnv, source: 'FFMPEG_PATH' });
    // ffmpeg-static is an optional dependency that is not installed here: the PATH comes next.
    expect(locateFfmpeg({ env: { PATH: `/nonexistent${path.delimiter}${path.dirname(onPath)}` } })).toEqual({ path: onPath, source: 'PATH' });
  });

  it('names a settings path or FFMPEG_PATH that does not work, instead of silently using another ffmpeg', () => {
    const onPath = fakeBin('ffmpeg');
    expect(() => locateFfmpeg({ settingsPath: '/opt/nothing/ffmpeg', env: { PATH: path.dirname(onPath) } })).toThrow(/\/opt\/nothing\/ffmpeg/);
    expect(() => locateFfmpeg({ env: { PATH: path.dirname(onPath), FFMPEG_PATH: '/opt/x/ffmpeg' } })).toThrow(/FFMPEG_PATH/);
  });

  it('gives one clear message when there is no ffmpeg at all', () => {
    expect(() => locateFfmpeg({ env: { PATH: '/nonexistent' } })).toThrow(/ffmpeg was not found.*apt-get install ffmpeg/);
    const notExecutable = path.join(mkdtempSync(path.join(os.tmpdir(), 'nvr-bin-')), 'ffmpeg');
    dirs.push(path.dirname(notExecutable));
    writeFileSync(notExecutable, 'not a program');
    expect(() => locateFfmpeg({ env: { PATH: path.dirname(notExecutable) } })).toThrow(/not found/);
  });

  it('finds ffprobe next to the ffmpeg in use', () => {
    const ffmpeg = fakeBin('ffmpeg');
    const probe = path.join(path.dirname(ffmpeg), 'ffprobe');
    writeFileSync(probe, '#!/bin/sh\n');
    chmodSync(probe, 0o755);
    expect(locateFfprobe({ settingsPath: ffmpeg, env: { PATH: '/nonexistent' } })).toEqual({ path: probe });
    const lonely = path.join(mkdtempSync(path.join(os.tmpdir(), 'nvr-bin-')), 'sub');
    dirs.push(path.dirname(lonely));
    mkdirSync(lonely);
    expect(() => locateFfprobe({ env: { PATH: lonely } })).toThrow(/ffprobe/);
  });
});
