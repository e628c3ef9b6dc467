// Where ffmpeg comes from: settings, FFMPEG_PATH, the packaged app, ffmpeg-static, PATH, in that order; ffprobe beside
// it, else @ffprobe-installer's, else PATH; one clear message without them.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { locateFfmpeg, locateFfprobe } from '../../../../main/core/capture/ffmpeg-locate.ts';

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
    // Without the npm packages' binaries (ffmpeg-static) the PATH comes next.
    expect(locateFfmpeg({ usePackages: false, env: { PATH: `/nonexistent${path.delimiter}${path.dirname(onPath)}` } })).toEqual({ path: onPath, source: 'PATH' });
  });

  it('names a settings path or FFMPEG_PATH that does not work, instead of silently using another ffmpeg', () => {
    const onPath = fakeBin('ffmpeg');
    expect(() => locateFfmpeg({ settingsPath: '/opt/nothing/ffmpeg', env: { PATH: path.dirname(onPath) } })).toThrow(/\/opt\/nothing\/ffmpeg/);
    expect(() => locateFfmpeg({ env: { PATH: path.dirname(onPath), FFMPEG_PATH: '/opt/x/ffmpeg' } })).toThrow(/FFMPEG_PATH/);
  });

  it('gives one clear message when there is no ffmpeg at all', () => {
    expect(() => locateFfmpeg({ usePackages: false, env: { PATH: '/nonexistent' } })).toThrow(/ffmpeg was not found.*apt-get install ffmpeg/);
    const notExecutable = path.join(mkdtempSync(path.join(os.tmpdir(), 'nvr-bin-')), 'ffmpeg');
    dirs.push(path.dirname(notExecutable));
    writeFileSync(notExecutable, 'not a program');
    expect(() => locateFfmpeg({ usePackages: false, env: { PATH: path.dirname(notExecutable) } })).toThrow(/not found/);
  });

  it('finds ffprobe next to the ffmpeg in use, whether given, set in settings or in the packaged app', () => {
    const ffmpeg = fakeBin('ffmpeg');
    const probe = path.join(path.dirname(ffmpeg), 'ffprobe');
    writeFileSync(probe, '#!/bin/sh\n');
    chmodSync(probe, 0o755);
    const env = { PATH: '/nonexistent' };
    expect(locateFfprobe({ settingsPath: ffmpeg, env })).toEqual({ path: probe, source: 'beside ffmpeg' });
    expect(locateFfprobe({ ffmpegPath: ffmpeg, env })).toEqual({ path: probe, source: 'beside ffmpeg' });
    // The installers put ffmpeg-static's ffmpeg and @ffprobe-installer's ffprobe together in resources/ffmpeg.
    const resources = mkdtempSync(path.join(os.tmpdir(), 'nvr-res-'));
    dirs.push(resources);
    mkdirSync(path.join(resources, 'ffmpeg'));
    for (const name of ['ffmpeg', 'ffprobe']) {
      writeFileSync(path.join(resources, 'ffmpeg', name), '#!/bin/sh\n');
      chmodSync(path.join(resources, 'ffmpeg', name), 0o755);
    }
    expect(locateFfprobe({ resourcesPath: resources, env })).toEqual({ path: path.join(resources, 'ffmpeg', 'ffprobe'), source: 'beside ffmpeg' });
  });

  it("uses @ffprobe-installer's binary when none is beside ffmpeg (ffmpeg-static ships no ffprobe), and it runs", () => {
    const ffmpeg = fakeBin('ffmpeg'); // alone in its folder, as ffmpeg-static's is
    const found = locateFfprobe({ ffmpegPath: ffmpeg, env: { PATH: '/nonexistent' } });
    expect(found.source).toBe('ffprobe-installer');
    expect(path.basename(found.path)).toMatch(/^ffprobe(\.exe)?$/);
    expect(execFileSync(found.path, ['-version'], { encoding: 'utf8' })).toMatch(/^ffprobe version/);
  });

  it('falls back to the PATH, and gives one clear message when there is no ffprobe at all', () => {
    const onPath = fakeBin('ffprobe');
    expect(locateFfprobe({ usePackages: false, ffmpegPath: fakeBin('ffmpeg'), env: { PATH: path.dirname(onPath) } })).toEqual({ path: onPath, source: 'PATH' });
    const lonely = path.join(mkdtempSync(path.join(os.tmpdir(), 'nvr-bin-')), 'sub');
    dirs.push(path.dirname(lonely));
    mkdirSync(lonely);
    expect(() => locateFfprobe({ usePackages: false, env: { PATH: lonely } })).toThrow(/ffprobe \(part of ffmpeg\) was not found.*exported/);
  });
});
