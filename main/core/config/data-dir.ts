// The data folder: the platform's application-data folder by default, overridable with --data-dir or NVR_DATA_DIR.
// Everything the app keeps lives below it; rows in the database refer to files by paths relative to it.
import os from 'node:os';
import path from 'node:path';
import { accessSync, chmodSync, constants, mkdirSync, statSync } from 'node:fs';
import { dataFolderProblemMessage } from '../storage/database-problems.ts';

export const APP_FOLDER_NAME = 'ShopWatch NVR';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_FOLDER_NAME);
}

/** --data-dir beats NVR_DATA_DIR beats the platform default. */
export function resolveDataDir(cliValue?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = cliValue ?? env.NVR_DATA_DIR ?? defaultDataDir(process.platform, env);
  return path.resolve(chosen);
}

/** The layout of the data folder. Paths stored in the database are relative to `root`. */
export interface DataPaths {
  root: string;
  database: string;
  /** AES key for camera credentials at rest (service mode; the desktop shell uses the OS keychain). */
  secretKey: string;
  /** snapshots/YYYY-MM-DD/<cameraId>/<eventId>.jpg and <eventId>.thumb.jpg */
  snapshots: string;
  /** recordings/<cameraId>/YYYY-MM-DD/HHMMSS.mp4, and recordings/<cameraId>/incoming/ while a segment is written */
  recordings: string;
  /**
   * Running exports to the owner's folders: their concat lists and journals (<exportId>.export.json, naming the
   * partial file); and range exports kept here, one folder each (<exportId>/, never deleted by retention).
   */
  exports: string;
  logs: string;
  /** The key that signs alerts' media links (main/core/access/media-links.ts). */
  mediaLinkKey: string;
  /** The service's session token (service mode; read by the `nvr` command line). */
  serviceToken: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: path.join(root, 'nvr.sqlite'),
    secretKey: path.join(root, 'secret.key'),
    snapshots: path.join(root, 'snapshots'),
    recordings: path.join(root, 'recordings'),
    exports: path.join(root, 'exports'),
    logs: path.join(root, 'logs'),
    mediaLinkKey: path.join(root, 'media-links.key'),
    serviceToken: path.join(root, 'service-token'),
  };
}

/** Creates the folders (0700); a folder that cannot be created or written is refused with a sentence, never a raw errno. */
export function ensureDataFolders(paths: DataPaths): void {
  try {
    for (const dir of [paths.root, paths.snapshots, paths.recordings, paths.exports, paths.logs]) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      accessSync(dir, constants.W_OK | constants.X_OK);
      keepPrivate(dir, 0o700);
    }
  } catch (err) {
    throw new Error(dataFolderProblemMessage(paths.root, String((err as NodeJS.ErrnoException).code ?? 'error')));
  }
}

/**
 * Footage, snapshots and the database are the owner's alone: a folder or file of ours that others may read (made
 * beforehand at 0755, or by an older version) is tightened to `mode`. Not on Windows (its ACLs are not modes), and
 * never someone else's file (it is left as it is; the start-up messages cover a folder we cannot write).
 */
export function keepPrivate(file: string, mode: 0o700 | 0o600): void {
  if (process.platform === 'win32') return;
  const st = statSync(file);
  if ((st.mode & 0o077) === 0 || (process.getuid && st.uid !== process.getuid())) return;
  chmodSync(file, mode);
}

/** YYYY-MM-DD in local time: the name of a dated folder. */
export function dayFolderName(epochMs: number): string {
  const d = new Date(epochMs);
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}
