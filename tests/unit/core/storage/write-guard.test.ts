// The write guard against a real SQLite file made full for real (PRAGMA max_page_count: SQLite itself answers
// SQLITE_FULL): writes are held instead of thrown, readers see held events, and once space returns every held write
// lands once, in order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDatabase, type Db } from '../../../../main/core/storage/database.ts';
import { EventRepository } from '../../../../main/core/storage/event-repository.ts';
import { ActivityRepository } from '../../../../main/core/storage/activity-repository.ts';
import { SegmentRepository } from '../../../../main/core/storage/segment-repository.ts';
import { WriteGuard } from '../../../../main/core/storage/write-guard.ts';
import { isDiskFullError } from '../../../../main/core/storage/disk-full.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';

let dir: string;
let db: Db;
let fulls: number;
let guard: WriteGuard;
let events: EventRepository;

function fillDatabase(): void {
  // The file may not grow by a single page: every write that needs a new page fails with SQLITE_FULL.
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
}
function makeRoom(): void {
  db.pragma('max_page_count = 1073741823');
}
function open(id: string, startMs: number) {
  guard.eventStore.open({ id, cameraId: 'cam', kind: 'motion', startMs, updatedMs: startMs, peakRatio: 0.1, boxes: [], frameWidth: 320, frameHeight: 180 });
}

beforeEach(() => {
  dir = tempDataDir('nvr-guard-');
  db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
  db.prepare(`INSERT INTO cameras (id, name, main_url, created_at) VALUES ('cam', 'Till', 'rtsp://x/y', 1)`).run();
  events = new EventRepository(db);
  fulls = 0;
  guard = new WriteGuard({
    events,
    activity: new ActivityRepository(db),
    segments: new SegmentRepository(db),
    logger: silentLogger(),
    onFull: () => fulls++,
  });
});
afterEach(() => {
  db.close();
});

describe('WriteGuard', () => {
  it('SQLite’s own full-disk error is recognised', () => {
    fillDatabase();
    let caught: unknown = null;
    try {
      for (let i = 0; i < 500; i++) events.open({ id: `e${i}`, cameraId: 'cam', kind: 'motion', startMs: i, updatedMs: i, peakRatio: 0, boxes: [], frameWidth: 0, frameHeight: 0 });
    } catch (err) {
      caught = err;
    }
    expect((caught as { code?: string }).code).toBe('SQLITE_FULL');
    expect(isDiskFullError(caught)).toBe(true);
    expect(isDiskFullError(Object.assign(new Error('no space left on device, write'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFullError(new Error('UNIQUE constraint failed'))).toBe(false);
  });

  it('on a full database events are held (readers see them), then written once, in order, when space returns', () => {
    open('before', 1000);
    fillDatabase();
    // Enough rows to need new pages: the first ones may still fit in the last page.
    for (let i = 0; i < 200; i++) open(`ev${String(i).padStart(3, '0')}`, 2000 + i);
    expect(guard.heldCount).toBeGreaterThan(0);
    expect(fulls).toBe(1);
    const held = guard.heldCount;
    const last = 'ev199';
    guard.eventStore.update(last, { peakRatio: 0.5, updatedMs: 2500 });
    guard.eventStore.close(last, 3000, { peakRatio: 0.6 });
    guard.eventStore.update('before', { peakRatio: 0.9 }); // an event opened before: held behind the others (order)
    expect(guard.heldCount).toBe(held + 1); // the close merged into the held open of ev199
    const view = guard.eventStore.get(last)!;
    expect(view).toMatchObject({ id: last, endMs: 3000, peakRatio: 0.6, updatedMs: 2500, hasSnapshot: false });
    expect(guard.eventStore.get('before')!.peakRatio).toBe(0.9);
    expect(events.get(last)).toBeNull();

    expect(guard.drain()).toBe(0); // still full: nothing written, nothing lost
    expect(guard.heldCount).toBe(held + 1);
    makeRoom();
    expect(guard.drain()).toBe(held + 1);
    expect(guard.heldCount).toBe(0);
    expect(guard.lostCount).toBe(0);
    const rows = db.prepare('SELECT id, start_ms, end_ms, peak_ratio FROM events ORDER BY start_ms').all() as Array<{ id: string; end_ms: number | null; peak_ratio: number }>;
    expect(rows).toHaveLength(201);
    expect(new Set(rows.map((r) => r.id)).size).toBe(201);
    expect(rows.find((r) => r.id === last)).toMatchObject({ end_ms: 3000, peak_ratio: 0.6 });
    expect(rows.find((r) => r.id === 'before')).toMatchObject({ peak_ratio: 0.9 });
    // New writes go straight in again.
    open('after', 9000);
    expect(guard.heldCount).toBe(0);
    expect(events.get('after')).not.toBeNull();
  });

  it('suspended (the data folder is away): every write is held, none tried, files wait; resume writes them in order', () => {
    open('before', 1000);
    guard.suspend();
    expect(guard.writable).toBe(false);
    open('during', 2000);
    guard.eventStore.update('before', { peakRatio: 0.7 });
    guard.eventStore.close('during', 2500, { peakRatio: 0.4 });
    expect(guard.heldCount).toBe(2);
    expect(fulls).toBe(0); // not a full disk
    expect(events.get('during')).toBeNull();
    expect(guard.eventStore.get('during')).toMatchObject({ endMs: 2500, peakRatio: 0.4 });
    expect(guard.drain()).toBe(0); // the disk watch's timer drains: nothing while suspended
    expect(guard.resume()).toBe(2);
    expect(guard.writable).toBe(true);
    expect(events.get('during')).toMatchObject({ endMs: 2500, peakRatio: 0.4 });
    expect(events.get('before')!.peakRatio).toBe(0.7);
    expect(guard.lostCount).toBe(0);
  });

  it('activity minutes and segment rows are held too; the same minute is summed', () => {
    fillDatabase();
    for (let i = 0; i < 300; i++) open(`fill${i}`, i); // make sure the disk is refusing
    expect(guard.heldCount).toBeGreaterThan(0);
    guard.activitySink.add('cam', 60_000, 10, 4, 0.2);
    guard.activitySink.add('cam', 60_000, 5, 1, 0.5);
    guard.segmentIndex.insert({ cameraId: 'cam', startMs: 0, endMs: 10_000, sizeBytes: 1000, path: 'recordings/cam/a.mp4' });
    makeRoom();
    guard.drain();
    expect(db.prepare('SELECT frames, motion_frames AS m, max_ratio AS r FROM motion_activity').get()).toEqual({ frames: 15, m: 5, r: 0.5 });
    expect(db.prepare('SELECT count(*) AS n FROM segments').get()).toEqual({ n: 1 });
  });
});
