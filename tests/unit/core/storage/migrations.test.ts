// Migrations: from an empty database and from every earlier version, keeping the data already there.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { latestVersion, migrate, migrations, schemaVersion } from '../../../../main/core/storage/migrations.ts';
import { openDatabase } from '../../../../main/core/storage/database.ts';
import { EventRepository } from '../../../../main/core/storage/event-repository.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';

const dirs: string[] = [];
const tempFile = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'nvr-mig-'));
  dirs.push(d);
  return path.join(d, 'nvr.sqlite');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('build the latest schema from an empty database, in WAL mode', () => {
    const db = openDatabase(tempFile(), { logger: silentLogger() });
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['cameras', 'events', 'motion_activity', 'settings']));
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(indexes).toEqual(expect.arrayContaining(['events_by_camera_start', 'events_by_start']));
    db.close();
  });

  for (const start of migrations.map((m) => m.version).filter((v) => v < latestVersion)) {
    it(`upgrade a database at version ${start}, keeping its rows`, () => {
      const file = tempFile();
      const old = new Database(file);
      migrate(old, start);
      expect(schemaVersion(old)).toBe(start);
      old
        .prepare(
          `INSERT INTO events (id, camera_id, kind, start_ms, end_ms, updated_ms, peak_ratio, boxes_json, frame_width, frame_height)
           VALUES ('e1', 'c1', 'motion', 1000, 2000, 2000, 0.1, '[{"x":1,"y":2,"w":3,"h":4}]', 640, 480)`,
        )
        .run();
      old.prepare("INSERT INTO motion_activity VALUES ('c1', 60000, 300, 12, 0.2)").run();
      old.close();

      const db = openDatabase(file, { logger: silentLogger() });
      expect(schemaVersion(db)).toBe(latestVersion);
      const e = new EventRepository(db).get('e1');
      expect(e).toMatchObject({ id: 'e1', cameraId: 'c1', endMs: 2000, boxes: [{ x: 1, y: 2, w: 3, h: 4 }], keepForever: false });
      expect(db.prepare('SELECT frames FROM motion_activity').get()).toEqual({ frames: 300 });
      db.close();
    });
  }

  it('version 5 keeps old events (no track, no path) and stores loitering events with their track, path and zone', () => {
    const file = tempFile();
    const old = new Database(file);
    migrate(old, 4);
    old
      .prepare(
        `INSERT INTO events (id, camera_id, kind, start_ms, end_ms, updated_ms, keep_forever, snapshot_path)
         VALUES ('old', 'c1', 'person', 1000, 2000, 2000, 1, 'snapshots/x.jpg')`,
      )
      .run();
    expect(() =>
      old.prepare("INSERT INTO events (id, camera_id, kind, start_ms, updated_ms) VALUES ('l0', 'c1', 'loitering', 1, 1)").run(),
    ).toThrow(/CHECK constraint/);
    old.close();

    const db = openDatabase(file, { logger: silentLogger() });
    const repo = new EventRepository(db);
    expect(repo.get('old')).toMatchObject({ kind: 'person', keepForever: true, hasSnapshot: true, trackId: null, path: [], zone: null });
    repo.open({ id: 'l1', cameraId: 'c1', kind: 'loitering', startMs: 5000, updatedMs: 5000, peakRatio: 0, boxes: [], frameWidth: 640, frameHeight: 480, trackId: 7, zone: 'Till' });
    repo.update('l1', { path: [{ t: 5000.4, x: 10.2, y: 20, w: 30, h: 60 }] });
    expect(repo.get('l1')).toMatchObject({ kind: 'loitering', trackId: 7, zone: 'Till', path: [{ t: 5000, x: 10, y: 20, w: 30, h: 60 }] });
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).map((t) => t.name);
    expect(indexes).toEqual(expect.arrayContaining(['events_by_camera_start', 'events_by_start', 'events_open', 'events_deleting']));
    db.close();
  });

  it('refuse a database written by a newer version, with a message that says what to do', () => {
    const file = tempFile();
    const db = new Database(file);
    db.pragma(`user_version = ${latestVersion + 1}`);
    db.close();
    expect(() => openDatabase(file, { logger: silentLogger() })).toThrow(/newer version/);
  });

  it('refuse a file that is not a database, naming it', () => {
    const file = tempFile();
    writeFileSync(file, 'this is not sqlite'.repeat(100));
    expect(() => openDatabase(file, { logger: silentLogger() })).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*backup`));
  });
});
