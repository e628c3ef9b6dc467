// Where ffmpeg is: the path in settings, then FFMPEG_PATH, then the packaged app's copy (resources/ffmpeg), then the
// ffmpeg-static package's binary (an optional dependency: absent where its download failed), then `ffmpeg` on the PATH.
// Where ffprobe is (segment recovery, clips, exports, camera tests): beside the ffmpeg in use (the packaged app ships
// both in resources/ffmpeg), then the @ffprobe-installer package's binary (it carries one per platform in the npm
// tarball, nothing to download), then `ffprobe` on the PATH. One clear message when there is none.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type FfmpegSource = 'settings' | 'FFMPEG_PATH' | 'packaged' | 'ffmpeg-static' | 'PATH';

export interface LocateOptions {
  settingsPath?: string | null;
  env?: NodeJS.ProcessEnv;
  /** The packaged desktop app's resources folder (Electron's process.resourcesPath): ffmpeg ships in its ffmpeg/. */
  resourcesPath?: string | null;
  /** Whether binaries shipped in npm packages (ffmpeg-static, @ffprobe-installer) count; default true. */
  usePackages?: boolean;
}

/** Where the installers put ffmpeg-static's binary (electron-builder.yml extraResources). */
export function packagedFfmpegPath(resourcesPath: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(resourcesPath, 'ffmpeg', platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
}

const INSTALL_HINT = 'Install ffmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg; Windows/macOS: ffmpeg.org) or set its path in Settings.';

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext.toLowerCase());
      if (isExecutable(candidate)) return candidate;
      if (ext && isExecutable(path.join(dir, name + ext))) return path.join(dir, name + ext);
    }
  }
  return null;
}

/**
 * The binary an npm package ships, when it is installed with one for this platform: ffmpeg-static exports its path,
 * @ffprobe-installer/ffprobe an object with `path` (and throws where it has no binary).
 */
function packageBinary(name: string): string | null {
  try {
    const exported = createRequire(import.meta.url)(name) as unknown;
    const found = typeof exported === 'string' ? exported : (exported as { path?: unknown } | null)?.path;
    return typeof found === 'string' && existsSync(found) ? found : null;
  } catch {
    return null;
  }
}

export function locateFfmpeg(options: LocateOptions = {}): { path: string; source: FfmpegSource } {
  const env = options.env ?? process.env;
  if (options.settingsPath) {
    if (isExecutable(options.settingsPath)) return { path: options.settingsPath, source: 'settings' };
    throw new Error(`The ffmpeg set in Settings (${options.settingsPath}) does not exist or cannot be run. Correct the path, or clear it to use the ffmpeg on this computer.`);
  }
  const fromEnv = env.FFMPEG_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return { path: fromEnv, source: 'FFMPEG_PATH' };
    throw new Error(`FFMPEG_PATH points at ${fromEnv}, which does not exist or cannot be run.`);
  }
  if (options.resourcesPath) {
    const packaged = packagedFfmpegPath(options.resourcesPath);
    if (isExecutable(packaged)) return { path: packaged, source: 'packaged' };
  }
  const bundled = options.usePackages === false ? null : packageBinary('ffmpeg-static');
  if (bundled && isExecutable(bundled)) return { path: bundled, source: 'ffmpeg-static' };
  const system = onPath('ffmpeg', env);
  if (system) return { path: system, source: 'PATH' };
  throw new Error(`ffmpeg was not found, so cameras cannot be watched. ${INSTALL_HINT}`);
}

export type FfprobeSource = 'beside ffmpeg' | 'ffprobe-installer' | 'PATH';

/** ffprobe: beside the ffmpeg in use (given, or located as locateFfmpeg does), then @ffprobe-installer's, then PATH. */
export function locateFfprobe(options: LocateOptions & { ffmpegPath?: string | null } = {}): { path: string; source: FfprobeSource } {
  const env = options.env ?? process.env;
  let ffmpeg: string | null = options.ffmpegPath ?? null;
  if (!ffmpeg) {
    try {
      ffmpeg = locateFfmpeg(options).path;
    } catch {
      ffmpeg = null;
    }
  }
  if (ffmpeg) {
    const sibling = path.join(path.dirname(ffmpeg), path.basename(ffmpeg).replace(/ffmpeg/i, 'ffprobe'));
    if (sibling !== ffmpeg && isExecutable(sibling)) return { path: sibling, source: 'beside ffmpeg' };
  }
  const bundled = options.usePackages === false ? null : packageBinary('@ffprobe-installer/ffprobe');
  if (bundled && isExecutable(bundled)) return { path: bundled, source: 'ffprobe-installer' };
  const system = onPath('ffprobe', env);
  if (system) return { path: system, source: 'PATH' };
  throw new Error(`ffprobe (part of ffmpeg) was not found, so recordings cannot be checked or exported and camera addresses cannot be tested. ${INSTALL_HINT}`);
}
