// Migration 4 (data folder identity, re-indexed footage) from a database of version 3 with data in it: every row is
// kept, as the database's own footage (reindexed = 0), and the meta table starts empty (the first start adopts it).
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { latestVersion, migrate, schemaVersion } from '../../../../main/core/storage/migrations.ts';
import { openDatabase } from '../../../../main/core/storage/database.ts';
import { SegmentRepository } from '../../../../main/core/storage/segment-repository.ts';
import { EventRepository } from '../../../../main/core/storage/event-repository.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 4: folder identity', () => {
  it('upgrades a version 3 database keeping its segments and events as its own', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-mig4-'));
    dirs.push(dir);
    const file = path.join(dir, 'nvr.sqlite');
    const old = new Database(file);
    migrate(old, 3);
    old.prepare("INSERT INTO segments (camera_id, start_ms, end_ms, duration_ms, size_bytes, path) VALUES ('c1', 1000, 11000, 10000, 5000, 'recordings/c1/2026-11-30/120000.mp4')").run();
    old.prepare("INSERT INTO events (id, camera_id, kind, start_ms, end_ms, updated_ms, snapshot_path) VALUES ('e1', 'c1', 'person', 2000, 3000, 3000, 'snapshots/2026-11-30/c1/e1.jpg')").run();
    old.close();

    const db = openDatabase(file, { logger: silentLogger() });
    expect(schemaVersion(db)).toBe(latestVersion); // 4 when written; later migrations (5: tracked objects) follow it
    expect(db.prepare('SELECT camera_id, path, size_bytes, reindexed FROM segments').all()).toEqual([
      { camera_id: 'c1', path: 'recordings/c1/2026-11-30/120000.mp4', size_bytes: 5000, reindexed: 0 },
    ]);
    expect(db.prepare('SELECT id, reindexed FROM events').all()).toEqual([{ id: 'e1', reindexed: 0 }]);
    expect(new EventRepository(db).get('e1')).toMatchObject({ id: 'e1', kind: 'person', endMs: 3000 });
    expect(db.prepare('SELECT count(*) AS n FROM meta').get()).toEqual({ n: 0 });
    // New rows: the recorder's are its own, recovery may mark re-indexed ones.
    const segments = new SegmentRepository(db);
    segments.insert({ cameraId: 'c1', startMs: 20_000, endMs: 30_000, sizeBytes: 1, path: 'recordings/c1/2026-11-30/120020.mp4' });
    segments.insert({ cameraId: 'c9', startMs: 40_000, endMs: 50_000, sizeBytes: 1, path: 'recordings/c9/2026-11-30/120040.mp4', reindexed: true });
    expect(db.prepare('SELECT camera_id, reindexed FROM segments ORDER BY start_ms').all()).toEqual([
      { camera_id: 'c1', reindexed: 0 },
      { camera_id: 'c1', reindexed: 0 },
      { camera_id: 'c9', reindexed: 1 },
    ]);
    db.close();
  });
});
