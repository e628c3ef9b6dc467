// `nvr backup`: one .tar.gz of a data folder, consistent while the service keeps recording. The database is copied with
// SQLite's online backup API (safe beside the service's own connection; WAL readers never block its writer); then
// exactly the files the copy's rows name are hard-linked into a staging folder (a file retention deletes meanwhile
// stays readable; its row is dropped from the copy, so the archive has no row pointing at nothing), beside the key
// that decrypts the camera passwords and the service's and desktop shell's configuration.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { create as createTar } from 'tar';
import { dataPaths } from '../config/data-dir.ts';
import { BACKUP_MANIFEST, CONFIG_FILES, type BackupManifest } from './backup-manifest.ts';
import { resolveBelow } from '../util/path-inside.ts';

export interface BackupOptions {
  root: string;
  /** The archive to write (.tar.gz). */
  file: string;
  withRecordings: boolean;
  appVersion: string;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/** A backup or restore refused or failed, in a sentence the owner can act on. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Hard link (no extra space, unaffected by a later delete), else a copy; false when the file is gone. */
function linkInto(src: string, dst: string): boolean {
  mkdirSync(path.dirname(dst), { recursive: true });
  try {
    linkSync(src, dst);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'EEXIST') return true;
  }
  try {
    copyFileSync(src, dst);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}


/** Puts the files the copy names beside it, dropping rows whose file is gone; returns the counts. */
function stageMediaFiles(copy: Database.Database, root: string, staging: string, withRecordings: boolean) {
  let snapshots = 0;
  const events = copy.prepare<[], { id: string; snapshot_path: string | null; thumbnail_path: string | null }>(
    'SELECT id, snapshot_path, thumbnail_path FROM events WHERE snapshot_path IS NOT NULL OR thumbnail_path IS NOT NULL',
  );
  const dropSnapshot = copy.prepare('UPDATE events SET snapshot_path = NULL, thumbnail_path = NULL, snapshot_bytes = 0 WHERE id = ?');
  for (const e of events.all()) {
    let ok = true;
    for (const rel of [e.snapshot_path, e.thumbnail_path]) {
      if (!rel) continue;
      const abs = resolveBelow(root, rel);
      ok = ok && abs !== null && linkInto(abs, path.join(staging, rel));
    }
    if (ok) snapshots++;
    else dropSnapshot.run(e.id);
  }
  let segments = 0;
  if (!withRecordings) {
    copy.exec('DELETE FROM segments'); // no footage in the archive: no rows that would point at nothing
  } else {
    const rows = copy.prepare<[], { id: number; path: string }>('SELECT id, path FROM segments WHERE deleting = 0').all();
    const drop = copy.prepare('DELETE FROM segments WHERE id = ?');
    for (const s of rows) {
      const abs = resolveBelow(root, s.path);
      if (abs && linkInto(abs, path.join(staging, s.path))) segments++;
      else drop.run(s.id);
    }
    copy.exec('DELETE FROM segments WHERE deleting = 1');
  }
  return { snapshots, segments };
}

/** Staging folders older than this were left by a backup or restore that was killed: their hard links hold disk space. */
const STALE_STAGING_MS = 3_600_000;

/** Removes `.backup-*` and `.restore-*` folders a killed run left in the data folder. */
export function removeStaleStaging(root: string, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^\.(backup|restore)-/.test(entry.name)) continue;
    const dir = path.join(root, entry.name);
    if (now - statSync(dir).mtimeMs < STALE_STAGING_MS) continue; // perhaps another backup running now
    rmSync(dir, { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}

export async function backupDataFolder(options: BackupOptions): Promise<BackupSummary> {
  const paths = dataPaths(path.resolve(options.root));
  if (!existsSync(paths.database)) {
    throw new BackupError(`There is no NVR database in ${paths.root}: nothing to back up (is --data-dir right?).`);
  }
  removeStaleStaging(paths.root);
  const target = path.resolve(options.file);
  mkdirSync(path.dirname(target), { recursive: true });
  const staging = mkdtempSync(path.join(paths.root, '.backup-'));
  const partial = `${target}.partial`;
  try {
    const stagedDb = path.join(staging, path.basename(paths.database));
    const source = new Database(paths.database, { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      // Everything in one step after the first: a write by the service in between would restart the copy.
      await source.backup(stagedDb, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    const copy = new Database(stagedDb);
    let manifest: BackupManifest;
    try {
      copy.pragma('journal_mode = DELETE'); // one self-contained file in the archive
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`The database copy failed SQLite's integrity check (${String(check)}); nothing was written.`);
      const media = stageMediaFiles(copy, paths.root, staging, options.withRecordings);
      const count = (table: string) => (copy.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const config = CONFIG_FILES.filter((name) => linkInto(path.join(paths.root, name), path.join(staging, name)));
      manifest = {
        format: 1,
        app: 'ShopWatch NVR',
        appVersion: options.appVersion,
        createdAt: new Date().toISOString(),
        schemaVersion: copy.pragma('user_version', { simple: true }) as number,
        withRecordings: options.withRecordings,
        cameras: count('cameras'),
        events: count('events'),
        snapshots: media.snapshots,
        segments: media.segments,
        configFiles: config,
      };
    } finally {
      copy.close();
    }
    writeFileSync(path.join(staging, BACKUP_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    const entries = [BACKUP_MANIFEST, path.basename(paths.database), ...manifest.configFiles];
    for (const dir of ['snapshots', 'recordings']) if (existsSync(path.join(staging, dir))) entries.push(dir);
    writeFileSync(partial, '', { mode: 0o600 }); // the archive holds the key: readable only by this user
    await createTar({ gzip: true, file: partial, cwd: staging, portable: true }, entries);
    renameSync(partial, target);
    return { file: target, bytes: statSync(target).size, manifest };
  } finally {
    rmSync(partial, { force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}
