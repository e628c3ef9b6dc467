// Repositories against a real SQLite file: cameras (defaults, merges, no password), events (open/update/close, filters,
// paging, dangling events), activity (upserts add), app settings (merge and validation).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDatabase, type Db } from '../../../../main/core/storage/database.ts';
import { CameraRepository } from '../../../../main/core/storage/camera-repository.ts';
import { EventRepository } from '../../../../main/core/storage/event-repository.ts';
import { ActivityRepository } from '../../../../main/core/storage/activity-repository.ts';
import { SettingsRepository } from '../../../../main/core/storage/settings-repository.ts';
import { cameraInputSchema } from '../../../../preload/settings-schema.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = tempDataDir('nvr-repo-');
  db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
});
afterEach(() => {
  db.close();
});

function insertCamera(repo: CameraRepository, id: string, createdAt: number, passwordEnc: string | null = null) {
  const parsed = cameraInputSchema.parse({ name: `Camera ${id}`, mainUrl: 'rtsp://10.0.0.5/stream' });
  const { password: _p, username: _u, mainUrl: _m, subUrl: _s, ...rest } = parsed;
  repo.insert({ ...rest, id, mainUrl: 'rtsp://10.0.0.5/stream', subUrl: null, username: 'admin', passwordEnc, createdAt });
}

describe('CameraRepository', () => {
  it('stores a camera with every default filled and without its password', () => {
    const repo = new CameraRepository(db);
    insertCamera(repo, 'c1', 1, 'v1:sealed');
    const c = repo.get('c1')!;
    expect(c).toMatchObject({ id: 'c1', name: 'Camera c1', username: 'admin', hasPassword: true, enabled: true, demo: false });
    expect(c.motion.threshold).toBe(25);
    expect(c.events.quietGapSeconds).toBe(10);
    expect(c.notifications.schedule.mode).toBe('always');
    expect(JSON.stringify(c)).not.toContain('sealed');
    expect(repo.getSecret('c1')).toBe('v1:sealed');
  });

  it('lists by creation, updates fields and settings groups, removes', () => {
    const repo = new CameraRepository(db);
    insertCamera(repo, 'b', 2);
    insertCamera(repo, 'a', 1);
    expect(repo.list().map((c) => c.id)).toEqual(['a', 'b']);
    const before = repo.get('a')!;
    repo.update('a', { name: 'Till', enabled: false, motion: { ...before.motion, threshold: 40 }, passwordEnc: 'v1:x' });
    const after = repo.get('a')!;
    expect(after).toMatchObject({ name: 'Till', enabled: false, hasPassword: true });
    expect(after.motion).toEqual({ ...before.motion, threshold: 40 });
    expect(after.events).toEqual(before.events);
    repo.update('a', { passwordEnc: null });
    expect(repo.get('a')!.hasPassword).toBe(false);
    repo.remove('a');
    expect(repo.get('a')).toBeNull();
    expect(repo.list().map((c) => c.id)).toEqual(['b']);
  });

  it('fills a setting added later, and survives a damaged settings value', () => {
    const repo = new CameraRepository(db);
    insertCamera(repo, 'c', 1);
    db.prepare(`UPDATE cameras SET settings_json = '{"motion":{"threshold":30},"events":"garbage"}' WHERE id = 'c'`).run();
    const c = repo.get('c')!;
    expect(c.motion.threshold).toBe(30);
    expect(c.motion.minAreaRatio).toBe(0.0008);
    expect(c.events.quietGapSeconds).toBe(10);
  });
});

describe('EventRepository', () => {
  const open = (repo: EventRepository, id: string, cameraId: string, startMs: number) =>
    repo.open({ id, cameraId, kind: 'motion', startMs, updatedMs: startMs, peakRatio: 0.01, boxes: [{ x: 1.4, y: 2, w: 30, h: 40 }], frameWidth: 640, frameHeight: 480 });

  it('writes an event when it opens, updates it and closes it', () => {
    const repo = new EventRepository(db);
    open(repo, 'e1', 'c1', 1000);
    expect(repo.get('e1')).toMatchObject({ endMs: null, kind: 'motion', boxes: [{ x: 1, y: 2, w: 30, h: 40 }], hasSnapshot: false });
    repo.update('e1', { kind: 'person', topScore: 0.8, personBox: { x: 5, y: 6, w: 7, h: 8 }, snapshotPath: 'snapshots/d/c1/e1.jpg', thumbnailPath: 'snapshots/d/c1/e1.thumb.jpg', snapshotBytes: 10 });
    repo.close('e1', 5000, { peakRatio: 0.3, updatedMs: 5000 });
    expect(repo.get('e1')).toMatchObject({ kind: 'person', topScore: 0.8, personBox: { x: 5, y: 6, w: 7, h: 8 }, endMs: 5000, peakRatio: 0.3, hasSnapshot: true });
    expect(repo.getPaths('e1')).toEqual({ snapshotPath: 'snapshots/d/c1/e1.jpg', thumbnailPath: 'snapshots/d/c1/e1.thumb.jpg' });
  });

  it('filters by camera, kind and overlapping time range, newest first', () => {
    const repo = new EventRepository(db);
    open(repo, 'a', 'c1', 1000);
    repo.close('a', 2000);
    open(repo, 'b', 'c2', 3000);
    repo.close('b', 4000);
    open(repo, 'c', 'c1', 5000); // still open
    repo.update('c', { kind: 'person' });
    const ids = (q: Parameters<EventRepository['list']>[0]) => repo.list(q).events.map((e) => e.id);
    expect(ids({ limit: 10 })).toEqual(['c', 'b', 'a']);
    expect(ids({ cameraIds: ['c1'], limit: 10 })).toEqual(['c', 'a']);
    expect(ids({ kinds: ['person'], limit: 10 })).toEqual(['c']);
    expect(ids({ from: 1500, to: 3500, limit: 10 })).toEqual(['b', 'a']);
    expect(ids({ from: 10_000, limit: 10 })).toEqual(['c']); // open events last until now
    expect(ids({ cameraIds: [], limit: 10 })).toEqual([]);
  });

  it('pages with a cursor, stable when events start in the same millisecond', () => {
    const repo = new EventRepository(db);
    for (let i = 0; i < 25; i++) open(repo, `e${String(i).padStart(2, '0')}`, 'c1', 1000 + Math.floor(i / 5));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = repo.list({ limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.events.map((e) => e.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.length).toBe(25);
    expect(new Set(seen).size).toBe(25);
    expect(() => repo.list({ limit: 5, cursor: 'not a cursor!' })).toThrow(/cursor/);
  });

  it('closes events left open by a crash at their last update, and hides tombstoned rows', () => {
    const repo = new EventRepository(db);
    open(repo, 'x', 'c1', 1000);
    repo.update('x', { updatedMs: 4000 });
    open(repo, 'y', 'c1', 2000);
    expect(repo.closeDangling()).toBe(2);
    expect(repo.get('x')!.endMs).toBe(4000);
    expect(repo.get('y')!.endMs).toBe(2000);
    db.prepare("UPDATE events SET deleting = 1 WHERE id = 'x'").run();
    expect(repo.get('x')).toBeNull();
    expect(repo.list({ limit: 10 }).events.map((e) => e.id)).toEqual(['y']);
  });

  it('marks and unmarks keep-forever', () => {
    const repo = new EventRepository(db);
    open(repo, 'k', 'c1', 1000);
    repo.setKeepForever('k', true);
    expect(repo.get('k')!.keepForever).toBe(true);
    repo.setKeepForever('k', false);
    expect(repo.get('k')!.keepForever).toBe(false);
  });
});

describe('ActivityRepository', () => {
  it('adds up a minute written twice and reads a range', () => {
    const repo = new ActivityRepository(db);
    repo.add('c1', 60_000, 100, 5, 0.1);
    repo.add('c1', 60_000, 200, 7, 0.05);
    repo.add('c2', 120_000, 300, 0, 0);
    expect(repo.range(['c1'], 0, 200_000)).toEqual([{ cameraId: 'c1', minuteMs: 60_000, frames: 300, motionFrames: 12, maxRatio: 0.1 }]);
    expect(repo.range(null, 100_000, 200_000).map((m) => m.cameraId)).toEqual(['c1', 'c2']);
  });
});

describe('SettingsRepository', () => {
  it('gives defaults, merges nested groups and refuses invalid values with a readable message', () => {
    const repo = new SettingsRepository(db);
    expect(repo.get().storage.freeSpaceFloorBytes).toBe(2 * 1024 ** 3);
    const next = repo.update({ notifications: { armed: false } });
    expect(next.notifications).toEqual({ armed: false, maxPerMinute: 6 });
    expect(new SettingsRepository(db).get().notifications.armed).toBe(false);
    expect(() => repo.update({ notifications: { maxPerMinute: -3 } })).toThrow(/notifications.maxPerMinute/);
    expect(repo.get().notifications.maxPerMinute).toBe(6);
  });
});
