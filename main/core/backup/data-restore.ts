// `nvr restore`: a backup archive unpacked into a data folder no service is using. It is unpacked into a staging folder
// inside the target first and checked (the manifest, SQLite's integrity check); only then are its files moved into
// place, so a damaged archive changes nothing. An existing database is replaced only when asked (--force), together
// with its WAL files (a stale WAL beside a new database would be replayed into it).
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { extract as extractTar } from 'tar';
import { dataPaths, ensureDataFolders } from '../config/data-dir.ts';
import { BACKUP_MANIFEST, backupManifestSchema, type BackupManifest } from './backup-manifest.ts';
import { BackupError, removeStaleStaging } from './data-backup.ts';
import { errorMessage } from '../../../preload/format.ts';

export interface RestoreOptions {
  file: string;
  root: string;
  force: boolean;
}

export interface RestoreSummary {
  root: string;
  manifest: BackupManifest;
  /** Events in the restored database (the manifest's count, checked). */
  events: number;
  replacedDatabase: boolean;
}

function readManifest(staging: string): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(staging, BACKUP_MANIFEST), 'utf8'));
  } catch {
    throw new BackupError('That file is not an NVR backup (it has no nvr-backup.json): give a file made by `nvr backup`.');
  }
  const parsed = backupManifestSchema.safeParse(raw);
  if (!parsed.success) throw new BackupError('That backup was made by another version of ShopWatch NVR or is damaged (its manifest does not match).');
  return parsed.data;
}

function checkDatabase(file: string, manifest: BackupManifest): number {
  if (!existsSync(file)) throw new BackupError('The backup holds no database (nvr.sqlite): it is damaged; nothing was restored.');
  const db = new Database(file, { fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`The database in the backup fails SQLite's integrity check (${String(check)}); nothing was restored.`);
    const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    if (events !== manifest.events) throw new BackupError(`The backup's database has ${events} events where its manifest says ${manifest.events}: it is damaged; nothing was restored.`);
    return events;
  } finally {
    db.close();
  }
}

/** Moves every file under `from` to the same place under `to`, replacing what is there. */
function moveTree(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(dst, { recursive: true, mode: 0o700 });
      moveTree(src, dst);
    } else if (entry.isFile()) {
      rmSync(dst, { force: true });
      renameSync(src, dst);
    }
  }
}

export async function restoreDataFolder(options: RestoreOptions): Promise<RestoreSummary> {
  const file = path.resolve(options.file);
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`There is no backup file ${file}.`);
  const paths = dataPaths(path.resolve(options.root));
  const hadDatabase = existsSync(paths.database);
  if (hadDatabase && !options.force) {
    throw new BackupError(
      `The data folder ${paths.root} already has a database: restore into an empty folder (--data-dir), or add --force to replace its events, cameras and settings.`,
    );
  }
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  removeStaleStaging(paths.root);
  const staging = mkdtempSync(path.join(paths.root, '.restore-'));
  try {
    try {
      // node-tar keeps every entry inside cwd (no absolute paths, no ..), and strict makes a damaged archive an error.
      await extractTar({ file, cwd: staging, strict: true });
    } catch (err) {
      throw new BackupError(`That file cannot be unpacked as an NVR backup (${errorMessage(err)}); nothing was restored.`);
    }
    const manifest = readManifest(staging);
    const stagedDb = path.join(staging, path.basename(paths.database));
    const events = checkDatabase(stagedDb, manifest);
    for (const suffix of ['', '-wal', '-shm']) rmSync(paths.database + suffix, { force: true });
    rmSync(path.join(staging, BACKUP_MANIFEST), { force: true });
    ensureDataFolders(paths);
    moveTree(staging, paths.root);
    return { root: paths.root, manifest, events, replacedDatabase: hadDatabase };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
