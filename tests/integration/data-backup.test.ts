// Backup and restore of a data folder (main/core/backup) on real SQLite files and real .tar.gz archives: exactly the
// files the copied rows name travel (a row whose file is gone is dropped, so nothing points at nothing), recordings
// only when asked, the key and configuration along; a restore checks the archive before it changes anything and
// refuses to replace a database unless forced.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { create as createTar } from 'tar';
import { openDatabase, closeDatabase } from '../../main/core/storage/database.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { backupDataFolder, removeStaleStaging } from '../../main/core/backup/data-backup.ts';
import { restoreDataFolder } from '../../main/core/backup/data-restore.ts';

const dirs: string[] = [];
const temp = (name: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), `nvr-backup-${name}-`));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(root: string, rel: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
}

/** A data folder as the service leaves it: 1 camera, 3 events with snapshots (one snapshot file gone), 3 segments (one file gone). */
function dataFolder(): string {
  const root = temp('data');
  const db = openDatabase(path.join(root, 'nvr.sqlite'), { logger: silentLogger() });
  db.prepare("INSERT INTO cameras (id, name, main_url, password_enc, created_at) VALUES ('cam1', 'Till', 'rtsp://h/s', 'v1:sealed', 1)").run();
  for (const n of [1, 2, 3]) {
    const snap = `snapshots/2026-12-01/cam1/ev${n}.jpg`;
    const thumb = `snapshots/2026-12-01/cam1/ev${n}.thumb.jpg`;
    db.prepare("INSERT INTO events (id, camera_id, kind, start_ms, end_ms, updated_ms, snapshot_path, thumbnail_path, snapshot_bytes) VALUES (?, 'cam1', 'motion', ?, ?, ?, ?, ?, 10)").run(`ev${n}`, n * 1000, n * 1000 + 500, n * 1000 + 500, snap, thumb);
    if (n !== 2) {
      file(root, snap, `jpeg ${n}`);
      file(root, thumb, `thumb ${n}`);
    }
    const seg = `recordings/cam1/2026-12-01/00000${n}.mp4`;
    db.prepare("INSERT INTO segments (camera_id, start_ms, end_ms, duration_ms, size_bytes, path) VALUES ('cam1', ?, ?, 10000, 5, ?)").run(n * 10_000, n * 10_000 + 10_000, seg);
    if (n !== 3) file(root, seg, `mp4 ${n}`);
  }
  db.prepare("INSERT INTO settings (key, value_json) VALUES ('app', '{\"notifications\":{\"maxPerMinute\":4}}')").run();
  closeDatabase(db);
  file(root, 'secret.key', Buffer.alloc(32, 7));
  file(root, 'service-lan.json', '{"passwordHash":"scrypt$16384$8$1$salt$hash"}\n');
  file(root, 'service-token', 'never-in-a-backup\n');
  file(root, 'recordings/cam1/incoming/open.mp4', 'being written');
  return root;
}

const rows = (root: string, sql: string) => {
  const db = new Database(path.join(root, 'nvr.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
};

describe('data folder backup and restore', () => {
  it('carries the database, the files its rows name, the key and the LAN hash; drops rows whose file is gone', async () => {
    const root = dataFolder();
    const archive = path.join(temp('out'), 'b.tar.gz');
    const summary = await backupDataFolder({ root, file: archive, withRecordings: true, appVersion: '9.9.9' });
    expect(summary.manifest).toMatchObject({ appVersion: '9.9.9', cameras: 1, events: 3, snapshots: 2, segments: 2, withRecordings: true, configFiles: ['secret.key', 'service-lan.json'] });
    expect(existsSync(`${archive}.partial`)).toBe(false);

    const target = temp('restored');
    const restored = await restoreDataFolder({ file: archive, root: target, force: false });
    expect(restored).toMatchObject({ events: 3, replacedDatabase: false });
    expect(rows(target, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(rows(target, 'SELECT id, snapshot_path IS NOT NULL AS snap FROM events ORDER BY id')).toEqual([
      { id: 'ev1', snap: 1 },
      { id: 'ev2', snap: 0 },
      { id: 'ev3', snap: 1 },
    ]);
    expect(rows(target, 'SELECT path FROM segments ORDER BY path').map((r) => r.path)).toEqual(['recordings/cam1/2026-12-01/000001.mp4', 'recordings/cam1/2026-12-01/000002.mp4']);
    expect(readFileSync(path.join(target, 'recordings/cam1/2026-12-01/000002.mp4'), 'utf8')).toBe('mp4 2');
    expect(readFileSync(path.join(target, 'snapshots/2026-12-01/cam1/ev3.thumb.jpg'), 'utf8')).toBe('thumb 3');
    expect(readFileSync(path.join(target, 'secret.key'))).toEqual(Buffer.alloc(32, 7));
    expect(rows(target, "SELECT value_json FROM settings WHERE key = 'app'")[0]!.value_json).toContain('"maxPerMinute":4');
    for (const absent of ['service-token', 'recordings/cam1/incoming/open.mp4', 'nvr-backup.json']) expect(existsSync(path.join(target, absent)), absent).toBe(false);
    // The source is untouched: its rows still name the files that were missing.
    expect(rows(root, 'SELECT count(*) AS n FROM segments')).toEqual([{ n: 3 }]);
  });

  it('without --with-recordings keeps no segment rows (they would point at nothing)', async () => {
    const root = dataFolder();
    const archive = path.join(temp('out'), 'b.tar.gz');
    const summary = await backupDataFolder({ root, file: archive, withRecordings: false, appVersion: '1' });
    expect(summary.manifest).toMatchObject({ segments: 0, events: 3, withRecordings: false });
    const target = temp('restored');
    await restoreDataFolder({ file: archive, root: target, force: false });
    expect(rows(target, 'SELECT count(*) AS n FROM segments')).toEqual([{ n: 0 }]);
    expect(existsSync(path.join(target, 'recordings/cam1/2026-12-01'))).toBe(false);
  });

  it('refuses: no database to back up, an existing database without --force, files that are not backups', async () => {
    await expect(backupDataFolder({ root: temp('empty'), file: path.join(temp('o'), 'x.tar.gz'), withRecordings: false, appVersion: '1' })).rejects.toThrow(/There is no NVR database in .*: nothing to back up/);
    const root = dataFolder();
    const archive = path.join(temp('out'), 'b.tar.gz');
    await backupDataFolder({ root, file: archive, withRecordings: false, appVersion: '1' });
    const target = dataFolder();
    await expect(restoreDataFolder({ file: archive, root: target, force: false })).rejects.toThrow(/already has a database: restore into an empty folder \(--data-dir\), or add --force/);
    expect(rows(target, 'SELECT count(*) AS n FROM segments')).toEqual([{ n: 3 }]); // unchanged
    writeFileSync(path.join(target, 'nvr.sqlite-wal'), 'stale');
    const forced = await restoreDataFolder({ file: archive, root: target, force: true });
    expect(forced.replacedDatabase).toBe(true);
    expect(existsSync(path.join(target, 'nvr.sqlite-wal'))).toBe(false);
    expect(rows(target, 'SELECT count(*) AS n FROM segments')).toEqual([{ n: 0 }]);

    const junk = path.join(temp('junk'), 'junk.tar.gz');
    writeFileSync(junk, 'not gzip at all');
    await expect(restoreDataFolder({ file: junk, root: temp('t1'), force: false })).rejects.toThrow(/cannot be unpacked as an NVR backup/);
    const stranger = temp('stranger');
    file(stranger, 'notes.txt', 'hello');
    const other = path.join(temp('junk2'), 'other.tar.gz');
    await createTar({ gzip: true, file: other, cwd: stranger }, ['notes.txt']);
    const t2 = temp('t2');
    await expect(restoreDataFolder({ file: other, root: t2, force: false })).rejects.toThrow(/not an NVR backup \(it has no nvr-backup.json\)/);
    expect(existsSync(path.join(t2, 'notes.txt'))).toBe(false);
    await expect(restoreDataFolder({ file: path.join(t2, 'missing.tar.gz'), root: t2, force: false })).rejects.toThrow(/There is no backup file/);
  });

  it('removes staging folders a killed backup or restore left (an hour old), not a running one', async () => {
    const root = dataFolder();
    for (const name of ['.backup-old', '.restore-old', '.backup-new', 'recordings-old']) file(root, `${name}/x`, 'x');
    const hourAgo = (Date.now() - 2 * 3_600_000) / 1000;
    for (const name of ['.backup-old', '.restore-old', 'recordings-old']) utimesSync(path.join(root, name), hourAgo, hourAgo);
    expect(removeStaleStaging(root).sort()).toEqual(['.backup-old', '.restore-old']);
    expect(existsSync(path.join(root, '.backup-new'))).toBe(true);
    expect(existsSync(path.join(root, 'recordings-old'))).toBe(true);
    await backupDataFolder({ root, file: path.join(temp('out'), 'b.tar.gz'), withRecordings: false, appVersion: '1' });
    expect(existsSync(path.join(root, '.backup-new'))).toBe(true);
  });
});
