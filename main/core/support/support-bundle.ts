// What a support bundle (`nvr diagnose`) gathers from this PC without the service: the versions of the app, Node,
// ffmpeg and ffprobe, the OS, the data folder's files, its last log lines, and (when no service runs) the settings
// and cameras straight from the database. The CLI adds the running service's settings, health and cameras, then
// redacts the whole document (bundle-redaction.ts).
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appSettingsSchema } from '../../../preload/settings-schema.ts';
import { locateFfmpeg, locateFfprobe } from '../capture/ffmpeg-locate.ts';
import { redactUrl } from '../capture/redact.ts';
import { dataPaths } from '../config/data-dir.ts';
import { errorMessage } from '../../../preload/format.ts';

/** The first line of `tool -version`, or why it could not be run. */
function toolVersion(file: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, ['-hide_banner', '-version'], { timeout: 5000 }, (err, stdout) => {
      if (err) resolve(`cannot run ${file}: ${err.message.split('\n')[0]}`);
      else resolve(`${stdout.split('\n')[0]?.trim() ?? ''} (${file})`);
    });
  });
}

export async function toolVersions(settingsPath: string | null): Promise<{ ffmpeg: string; ffprobe: string }> {
  let ffmpeg: string;
  let ffprobe: string;
  try {
    ffmpeg = locateFfmpeg({ settingsPath }).path;
  } catch (err) {
    const why = errorMessage(err);
    return { ffmpeg: `not found: ${why}`, ffprobe: 'not found (no ffmpeg)' };
  }
  try {
    ffprobe = locateFfprobe({ settingsPath, ffmpegPath: ffmpeg }).path;
  } catch (err) {
    return { ffmpeg: await toolVersion(ffmpeg), ffprobe: `not found: ${errorMessage(err)}` };
  }
  const [a, b] = await Promise.all([toolVersion(ffmpeg), toolVersion(ffprobe)]);
  return { ffmpeg: a, ffprobe: b };
}

export function osInfo(): Record<string, unknown> {
  return {
    platform: process.platform,
    release: os.release(),
    version: os.version(),
    arch: process.arch,
    cpus: os.cpus().length,
    totalMemoryBytes: os.totalmem(),
    freeMemoryBytes: os.freemem(),
    uptimeSeconds: Math.round(os.uptime()),
  };
}

/** The last bytes of a file (a log may be 100 MB; its end is what matters). */
function tail(file: string, maxBytes: number): string {
  const size = statSync(file).size;
  const length = Math.min(size, maxBytes);
  const buf = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const text = buf.toString('utf8');
  return length < size ? text.slice(text.indexOf('\n') + 1) : text;
}

/** The last `count` lines of the log files in logs/ (oldest file first, so the newest lines come last). */
export function lastLogLines(logsDir: string, count: number): { files: string[]; lines: string[] } {
  if (!existsSync(logsDir)) return { files: [], lines: [] };
  const files = readdirSync(logsDir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ name: e.name, mtime: statSync(path.join(logsDir, e.name)).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
  const lines: string[] = [];
  for (let i = files.length - 1; i >= 0 && lines.length < count; i--) {
    const text = tail(path.join(logsDir, files[i]!.name), 512 * 1024);
    const own = text.split('\n').filter((l) => l.trim() !== '');
    lines.unshift(...own.slice(Math.max(0, own.length - (count - lines.length))));
  }
  return { files: files.map((f) => f.name), lines };
}

export function dataFolderInfo(root: string): Record<string, unknown> {
  const paths = dataPaths(root);
  const entries = existsSync(root) ? readdirSync(root).sort() : [];
  return { path: root, entries, databaseBytes: existsSync(paths.database) ? statSync(paths.database).size : null };
}

/** Settings and cameras read from the database itself (no service running); URLs without credentials. */
export function offlineState(root: string): { settings: unknown; cameras: unknown[] } | { databaseError: string } {
  const file = dataPaths(root).database;
  if (!existsSync(file)) return { databaseError: `There is no database in ${root}.` };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const row = db.prepare<[], { value_json: string }>("SELECT value_json FROM settings WHERE key = 'app'").get();
    const settings = appSettingsSchema.safeParse(row ? JSON.parse(row.value_json) : {});
    const cameras = db
      .prepare<[], { id: string; name: string; main_url: string; sub_url: string | null; username: string | null; enabled: number; demo: number }>(
        'SELECT id, name, main_url, sub_url, username, enabled, demo FROM cameras ORDER BY created_at',
      )
      .all()
      .map((c) => ({ id: c.id, name: c.name, mainUrl: redactUrl(c.main_url), subUrl: c.sub_url && redactUrl(c.sub_url), username: c.username, enabled: !!c.enabled, demo: !!c.demo }));
    return { settings: settings.success ? settings.data : { error: 'the stored settings do not parse' }, cameras };
  } catch (err) {
    return { databaseError: `The database cannot be read: ${errorMessage(err)}` };
  } finally {
    db?.close();
  }
}
