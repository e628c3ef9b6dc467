// The installers' configuration, checked without downloading Electron: electron-builder.yml loaded by electron-builder's
// own loader and validated against its own schema; every path it names exists after the build (the entry, preload,
// page, workers, icons, the extra resources' folders); the asarUnpack globs match every native binary of the
// production dependencies as installed here; the packaged layout (process.resourcesPath) is where the app finds ffmpeg,
// ffprobe, the model and the icons; the dist pre-flight script names what is missing; the desktop code type-checks
// against Electron's own types.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { minimatch } from 'minimatch';
import sharp from 'sharp';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { sharedModelPath } from '../fixtures/shared-files.ts';
import { locateFfmpeg, locateFfprobe, packagedFfmpegPath } from '../../main/core/capture/ffmpeg-locate.ts';
import { locateModel, MODEL_FILE_NAME } from '../../main/core/detection/model-locate.ts';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

interface ExtraResource {
  from: string;
  to: string;
  filter: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  extraMetadata: { main: string };
  /** electron-builder's loader turns the list into one { filter } set. */
  files: Array<string | { filter: string[] }>;
  asarUnpack: string[];
  extraResources: ExtraResource[];
  win: { target: Array<{ target: string }>; icon: string };
  nsis: { oneClick: boolean; perMachine: boolean; allowElevation: boolean };
  mac: { target: Array<{ target: string }>; icon: string };
  linux: { target: Array<{ target: string }>; icon: string };
}

const at = (p: string) => path.join(repoRoot, p);

/** Every file under a folder, as paths relative to the project, with forward slashes. */
function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(path.relative(repoRoot, full).split(path.sep).join('/'));
  }
  return out;
}

/** The production dependency closure (what electron-builder packs), from the installed package.json files. */
function productionPackages(): string[] {
  const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string> };
  const seen = new Set<string>();
  const queue = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    const file = at(`node_modules/${name}/package.json`);
    if (!existsSync(file)) continue; // an optional dependency that did not install here
    seen.add(name);
    const dep = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    queue.push(...Object.keys(dep.dependencies ?? {}), ...Object.keys(dep.optionalDependencies ?? {}));
  }
  return [...seen];
}

const matchesAny = (file: string, globs: string[]) => globs.some((g) => minimatch(file, g, { dot: true }));

describe('packaging configuration (electron-builder.yml)', () => {
  let config: BuilderConfig;

  beforeAll(async () => {
    if (!['out/main/desktop.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/workers/motion-worker.js'].every((f) => existsSync(at(f)))) {
      await run(process.execPath, [at('scripts/build.mjs')], { cwd: repoRoot, timeout: 170_000 });
    }
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig(dir: string, configPath: string | null, fromOptions: null): Promise<unknown>;
      validateConfiguration(c: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const loaded = await getConfig(repoRoot, null, null);
    // electron-builder's own schema: a misspelt or misplaced option fails here as it would in `npm run dist`.
    await validateConfiguration(loaded, new DebugLogger(false));
    config = loaded as BuilderConfig;
  }, 180_000);

  it('names the app, its entry and the installers the issue asks for', () => {
    expect(config.appId).toBe('com.shopwatch.nvr');
    expect(config.productName).toBe('ShopWatch NVR');
    expect(config.extraMetadata.main).toBe('out/main/desktop.js');
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.linux.target.map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
  });

  it('packs the built entry, preload, page and workers, and no source maps', () => {
    const built = walk(at('out')).filter((f) => !f.startsWith('out/test-fixtures/') && !f.startsWith('out/bench/'));
    const included = (file: string) => {
      let inc = false;
      const patterns = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
      for (const pattern of patterns) {
        if (pattern.startsWith('!')) {
          if (minimatch(file, pattern.slice(1), { dot: true })) inc = false;
        } else if (minimatch(file, pattern, { dot: true })) inc = true;
      }
      return inc;
    };
    for (const f of ['out/main/desktop.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/workers/motion-worker.js', 'out/workers/detection-worker.js']) {
      expect(built, f).toContain(f);
      expect(included(f), f).toBe(true);
    }
    expect(built.filter((f) => f.endsWith('.map')).length).toBeGreaterThan(0);
    expect(built.filter((f) => f.endsWith('.map') && included(f))).toEqual([]);
    expect(included('package.json')).toBe(true);
    // The preload path the shell gives to BrowserWindow and the entry electron-builder runs are the built files.
    const shell = readFileSync(at('main/desktop/shell.ts'), 'utf8');
    expect(shell).toContain("path.join(appRoot, 'out', 'preload', 'index.cjs')");
    expect(readFileSync(at('scripts/build.mjs'), 'utf8')).toContain("['main/desktop.ts', 'out/main/desktop.js']");
  });

  it('unpacks every native binary of the production dependencies, and the workers', () => {
    const productionFiles = productionPackages().flatMap((name) => walk(at(`node_modules/${name}`)));
    const natives = productionFiles
      .filter((f) => f.endsWith('.node') || /\.(so(\.\d+)*|dll|dylib)$/.test(f));
    const names = new Set(natives.map((f) => f.split('/')[1]!.startsWith('@') ? f.split('/').slice(1, 3).join('/') : f.split('/')[1]));
    // The three the issue names are installed here with their binaries.
    for (const pkg of ['better-sqlite3', 'onnxruntime-node', '@img/sharp-linux-x64']) expect([...names]).toContain(pkg);
    expect(natives.length).toBeGreaterThan(3);
    expect(natives.filter((f) => !matchesAny(f, config.asarUnpack))).toEqual([]);
    // Each unpack glob matches something real (no stale names).
    const candidates = [...productionFiles, ...walk(at('out/workers'))];
    for (const glob of config.asarUnpack) expect(candidates.some((f) => minimatch(f, glob, { dot: true })), glob).toBe(true);
    expect(matchesAny('out/workers/detection-worker.js', config.asarUnpack)).toBe(true);
  });

  it('unpacks every package the worker threads load at run time, and what those load in turn', () => {
    const builtin = new Set(builtinModules);
    const bare = (code: string) =>
      [...code.matchAll(/(?:require\(\s*|from\s+|import\(\s*)["']([^"'./][^"']*)["']/g)]
        .map((m) => m[1]!)
        .filter((spec) => !spec.startsWith('node:') && !builtin.has(spec) && !builtin.has(spec.split('/')[0]!))
        .map((spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!));
    const loaded = new Set<string>();
    const queue = readdirSync(at('out/workers'))
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => bare(readFileSync(at(`out/workers/${f}`), 'utf8')));
    expect(queue).toContain('onnxruntime-node');
    while (queue.length) {
      const name = queue.shift()!;
      if (loaded.has(name)) continue;
      loaded.add(name);
      // The package's run-time code: the folder of its main file.
      const pkg = JSON.parse(readFileSync(at(`node_modules/${name}/package.json`), 'utf8')) as { main?: string };
      const mainDir = path.dirname(at(`node_modules/${name}/${pkg.main ?? 'index.js'}`));
      for (const f of walk(mainDir).filter((x) => /\.(c?js)$/.test(x))) queue.push(...bare(readFileSync(at(f), 'utf8')));
    }
    const notUnpacked = [...loaded].filter((name) => !matchesAny(`node_modules/${name}/package.json`, config.asarUnpack));
    expect(notUnpacked).toEqual([]);
    expect([...loaded].sort()).toEqual(['onnxruntime-common', 'onnxruntime-node']);
  });

  it('ships ffmpeg, the model and the icons as extra resources, where the packaged app looks for them', () => {
    expect(config.extraResources.map((r) => r.to).sort()).toEqual(['ffmpeg', 'ffmpeg', 'icons', 'models']);
    const byTarget = Object.fromEntries(config.extraResources.filter((r) => r.to !== 'ffmpeg').map((r) => [r.to, r]));
    const ffmpegSet = config.extraResources.find((r) => r.to === 'ffmpeg' && r.filter.includes('ffmpeg'));
    const ffprobeSet = config.extraResources.find((r) => r.to === 'ffmpeg' && r.filter.includes('ffprobe'));
    byTarget.ffmpeg = ffmpegSet!;
    // Sources that the build and set-up provide exist (ffmpeg-static is optional: where its download failed, the
    // dist pre-flight refuses to build, see below).
    expect(statSync(at(byTarget.models!.from)).isDirectory()).toBe(true);
    expect(statSync(at(byTarget.icons!.from)).isDirectory()).toBe(true);
    expect(ffmpegSet!.from).toBe('node_modules/ffmpeg-static');
    // ffprobe goes beside ffmpeg (where locateFfprobe looks first). Its source, expanded by electron-builder's own macro
    // expander for this machine, is the @ffprobe-installer package npm installed here, with a binary that runs.
    const { expandMacro } = require('app-builder-lib/out/util/macroExpander.js') as {
      expandMacro(pattern: string, arch: string | null, appInfo: object): string;
    };
    const ffprobeDir = expandMacro(ffprobeSet!.from, process.arch, {});
    expect(ffprobeDir).toBe(`node_modules/@ffprobe-installer/${process.platform}-${process.arch}`);
    const ffprobeName = process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe';
    expect(ffprobeSet!.filter).toEqual(['ffprobe', 'ffprobe.exe']);
    expect(execFileSync(at(`${ffprobeDir}/${ffprobeName}`), ['-version'], { encoding: 'utf8' })).toMatch(/^ffprobe version/);
    // Shipped once: the copies inside the packages stay out of the asar.
    const exclusions = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter)).filter((g) => g.startsWith('!')).map((g) => g.slice(1));
    expect(matchesAny(`${ffprobeDir}/${ffprobeName}`, exclusions)).toBe(true);
    expect(matchesAny('node_modules/ffmpeg-static/ffmpeg', exclusions)).toBe(true);
    // The names the filters let through are the names the code looks for.
    expect(byTarget.models!.filter.some((g) => minimatch(MODEL_FILE_NAME, g))).toBe(true);
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const expected = packagedFfmpegPath('/R', platform);
      expect(path.basename(path.dirname(expected))).toBe('ffmpeg');
      expect(byTarget.ffmpeg!.filter).toContain(path.basename(expected));
    }
    const shell = readFileSync(at('main/desktop/shell.ts'), 'utf8');
    for (const icon of ['icon.png', 'tray-ok.png', 'tray-problem.png', 'tray-disarmed.png']) {
      expect(existsSync(at(`resources/icons/${icon}`)), icon).toBe(true);
      expect(byTarget.icons!.filter.some((g) => minimatch(icon, g))).toBe(true);
    }
    expect(shell).toContain("path.join(process.resourcesPath, 'icons')");
  });

  it('a packaged layout: the app finds ffmpeg and the model under process.resourcesPath before anything else', () => {
    const resources = mkdtempSync(path.join(os.tmpdir(), 'nvr-resources-'));
    try {
      mkdirSync(path.join(resources, 'ffmpeg'));
      mkdirSync(path.join(resources, 'models'));
      const ffmpeg = packagedFfmpegPath(resources);
      const systemFfmpeg = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
      symlinkSync(systemFfmpeg, ffmpeg);
      symlinkSync(sharedModelPath(), path.join(resources, 'models', MODEL_FILE_NAME));
      const found = locateFfmpeg({ resourcesPath: resources, env: { PATH: path.dirname(systemFfmpeg) } });
      expect(found).toEqual({ path: ffmpeg, source: 'packaged' });
      expect(execFileSync(found.path, ['-hide_banner', '-version'], { encoding: 'utf8' })).toMatch(/^ffmpeg version/);
      // ffprobe beside it, as the installers put it: found there before any other.
      const systemFfprobe = execFileSync('sh', ['-c', 'command -v ffprobe'], { encoding: 'utf8' }).trim();
      symlinkSync(systemFfprobe, path.join(resources, 'ffmpeg', 'ffprobe'));
      expect(locateFfprobe({ resourcesPath: resources, env: { PATH: path.dirname(systemFfmpeg) } })).toEqual({ path: path.join(resources, 'ffmpeg', 'ffprobe'), source: 'beside ffmpeg' });
      const model = locateModel({ settingsPath: null, env: {}, resourcesPath: resources });
      expect(model).toEqual({ path: path.join(resources, 'models', MODEL_FILE_NAME), source: 'packaged app resources', shipped: true, reason: null });
      // A packaged folder without ffmpeg falls through to the system one, as before.
      rmSync(ffmpeg);
      writeFileSync(ffmpeg, 'not executable');
      chmodSync(ffmpeg, 0o644);
      expect(locateFfmpeg({ resourcesPath: resources, env: { PATH: path.dirname(systemFfmpeg) } }).source).toBe('PATH');
    } finally {
      rmSync(resources, { recursive: true, force: true });
    }
  });

  it('has real icons: a 1024 px app icon for Windows and macOS, the Linux sizes, the tray states at 1x and 2x', async () => {
    for (const file of [config.win.icon, config.mac.icon]) {
      const m = await sharp(at(file)).metadata();
      expect([m.width, m.height, m.format]).toEqual([1024, 1024, 'png']);
    }
    const sizes = readdirSync(at(config.linux.icon)).filter((f) => /^\d+x\d+\.png$/.test(f));
    expect(sizes).toEqual(expect.arrayContaining(['16x16.png', '32x32.png', '48x48.png', '256x256.png', '512x512.png']));
    for (const f of sizes) {
      const n = Number(f.split('x')[0]);
      const m = await sharp(at(path.join(config.linux.icon, f))).metadata();
      expect([m.width, m.height]).toEqual([n, n]);
    }
    for (const state of ['ok', 'problem', 'disarmed']) {
      expect((await sharp(at(`resources/icons/tray-${state}.png`)).metadata()).width).toBe(24);
      expect((await sharp(at(`resources/icons/tray-${state}@2x.png`)).metadata()).width).toBe(48);
    }
    // A drawing, not a blank square: transparent rounded corners, a blue background, many colours.
    const { isOpaque } = await sharp(at('resources/icons/icon.png')).stats();
    expect(isOpaque).toBe(false);
    const { data, info } = await sharp(at('resources/icons/png/64x64.png')).raw().toBuffer({ resolveWithObject: true });
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += info.channels) colours.add(data.readUIntBE(i, 3));
    expect(colours.size).toBeGreaterThan(50);
    const centreLeft = (32 * 64 + 6) * info.channels; // the background near the left edge
    expect(data[centreLeft + 2]!).toBeGreaterThan(data[centreLeft]! + 60);
  });

  it('the dist pre-flight lists exactly what is missing on this machine', async () => {
    const expectMissing = [
      existsSync(at('resources/models/yolox_nano.onnx')) ? null : 'resources/models/yolox_nano.onnx',
      existsSync(at(`node_modules/ffmpeg-static/${process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg'}`)) ? null : 'node_modules/ffmpeg-static/ffmpeg',
      existsSync(at(`node_modules/@ffprobe-installer/${process.platform}-${process.arch}`)) ? null : `node_modules/@ffprobe-installer/${process.platform}-${process.arch}/ffprobe`,
    ].filter((x): x is string => x !== null);
    const result = await run(process.execPath, [at('scripts/dist-check.mjs')], { cwd: repoRoot }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
    if (expectMissing.length === 0) {
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Everything the installers carry is present/);
    } else {
      expect(result.code).toBe(1);
      const listed = result.stderr.split('\n').filter((l) => l.startsWith('  - ')).map((l) => l.slice(4).split(':')[0]);
      expect(listed).toEqual(expectMissing);
      expect(result.stderr).toMatch(expectMissing.includes('node_modules/ffmpeg-static/ffmpeg') ? /npm install ffmpeg-static/ : /setup:model/);
    }
  });

  it('the desktop shell and preload type-check against the electron package types', async () => {
    expect(readFileSync(at('node_modules/electron/electron.d.ts'), 'utf8')).toContain('interface SafeStorage');
    const tsc = require.resolve('typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '--noEmit', '-p', at('tsconfig.desktop.json')], { cwd: repoRoot, timeout: 170_000 }).then(
      () => ({ code: 0, out: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
    // Only main/desktop imports electron (the shell, its tray and its OS notifications), and the preload, its renderer side.
    const importers = walk(at('main'))
      .concat(walk(at('preload')))
      .filter((f) => f.endsWith('.ts') && /from 'electron'/.test(readFileSync(at(f), 'utf8')));
    expect(importers.sort()).toEqual(['main/desktop/desktop-tray.ts', 'main/desktop/download-save.ts', 'main/desktop/os-notifications.ts', 'main/desktop/shell.ts', 'preload/index.ts']);
  }, 180_000);
});
