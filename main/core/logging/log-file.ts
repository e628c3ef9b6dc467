// The log file in the data folder: logs/nvr.1.log, nvr.2.log, … rotated by size with pino-roll, at most `files` of
// them kept (the oldest goes first, also the ones an earlier run left). logs/current.log points at the newest one
// (not on Windows, where a symbolic link needs administrator rights).
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pinoRoll from 'pino-roll';
import type { SonicBoom } from 'sonic-boom';

export const DEFAULT_LOG_FILE_BYTES = 100 * 1024 ** 2;
export const DEFAULT_LOG_FILES = 10;

export interface LogFileOptions {
  /** The folder (the data folder's logs/). */
  dir: string;
  /** The file's base name: `nvr` gives nvr.1.log, nvr.2.log, … */
  name?: string;
  /** A file is rolled over once it reaches this size. */
  maxBytes?: number;
  /** Files kept in all, the one being written included (at least 2). */
  files?: number;
  platform?: NodeJS.Platform;
}

export interface LogFile {
  stream: SonicBoom;
  /** The first file written by this run. */
  firstFile: string;
}

/** The numbered log files of a folder, oldest first (`nvr.3.log` before `nvr.12.log`). */
export function numberedLogFiles(names: readonly string[], base = 'nvr'): string[] {
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.log$`);
  return names
    .map((name) => ({ name, n: Number(pattern.exec(name)?.[1] ?? NaN) }))
    .filter((f) => Number.isInteger(f.n))
    .sort((a, b) => a.n - b.n)
    .map((f) => f.name);
}

export async function openLogFile(options: LogFileOptions): Promise<LogFile> {
  const name = options.name ?? 'nvr';
  const maxBytes = Math.max(1024, Math.round(options.maxBytes ?? DEFAULT_LOG_FILE_BYTES));
  const files = Math.max(2, Math.round(options.files ?? DEFAULT_LOG_FILES));
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const stream = await pinoRoll({
    file: path.join(options.dir, `${name}.log`),
    size: `${maxBytes}b`,
    // pino-roll's count is the files kept besides the one being written.
    limit: { count: files - 1, removeOtherLogFiles: true },
    symlink: (options.platform ?? process.platform) !== 'win32',
    mkdir: true,
  });
  const newest = numberedLogFiles(readdirSync(options.dir), name).at(-1) ?? `${name}.1.log`;
  return { stream, firstFile: path.join(options.dir, newest) };
}
