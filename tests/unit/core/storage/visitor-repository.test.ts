// Visitor counts per camera per minute against a real SQLite file: `add` is an upsert that sums, buckets of a minute
// and of an hour, a full disk (SQLite's own SQLITE_FULL) holds the counts in the write guard and loses none, and the
// retention job prunes them with the motion activity minutes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../../../main/core/storage/database.ts';
import { VisitorRepository } from '../../../../main/core/storage/visitor-repository.ts';
import { EventRepository } from '../../../../main/core/storage/event-repository.ts';
import { ActivityRepository } from '../../../../main/core/storage/activity-repository.ts';
import { SegmentRepository } from '../../../../main/core/storage/segment-repository.ts';
import { WriteGuard } from '../../../../main/core/storage/write-guard.ts';
import { RetentionJob } from '../../../../main/core/retention/retention-job.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { parseRequestInput } from '../../../../preload/contract.ts';
import { visitorsText } from '../../../../main/cli/visitors.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1, 9); // 09:00 UTC

let dir: string;
let db: Db;
let repo: VisitorRepository;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-visitors-'));
  db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
  repo = new VisitorRepository(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = () => db.prepare('SELECT camera_id AS c, minute_ms AS m, visitors AS v, ins AS i, outs AS o FROM visitor_minutes ORDER BY m, c').all();

describe('VisitorRepository', () => {
  it('adds to the counts of a minute written twice (an upsert), a time inside the minute filed under its start', () => {
    repo.add('door', { minuteMs: T0, visitors: 2, ins: 2, outs: 1 });
    repo.add('door', { minuteMs: T0 + 30_000, visitors: 1, ins: 1, outs: 3 });
    repo.add('till', { minuteMs: T0, visitors: 4, ins: 0, outs: 0 });
    expect(rows()).toEqual([
      { c: 'door', m: T0, v: 3, i: 3, o: 4 },
      { c: 'till', m: T0, v: 4, i: 0, o: 0 },
    ]);
  });

  it('buckets by minute and by hour, per camera, over the range asked (an hour bucket that starts before `from` included)', () => {
    repo.add('door', { minuteMs: T0 + 5 * MIN, visitors: 1, ins: 1, outs: 0 });
    repo.add('door', { minuteMs: T0 + 59 * MIN, visitors: 2, ins: 2, outs: 1 });
    repo.add('door', { minuteMs: T0 + HOUR + 10 * MIN, visitors: 5, ins: 5, outs: 4 });
    repo.add('till', { minuteMs: T0 + 20 * MIN, visitors: 3, ins: 0, outs: 0 });
    repo.add('door', { minuteMs: T0 + 3 * HOUR, visitors: 9, ins: 9, outs: 9 }); // after the range

    expect(repo.buckets(null, T0 + 30 * MIN, T0 + 2 * HOUR, 'hour')).toEqual([
      { cameraId: 'door', startMs: T0, visitors: 3, ins: 3, outs: 1 },
      { cameraId: 'till', startMs: T0, visitors: 3, ins: 0, outs: 0 },
      { cameraId: 'door', startMs: T0 + HOUR, visitors: 5, ins: 5, outs: 4 },
    ]);
    expect(repo.buckets(['door'], T0, T0 + HOUR - 1, 'minute')).toEqual([
      { cameraId: 'door', startMs: T0 + 5 * MIN, visitors: 1, ins: 1, outs: 0 },
      { cameraId: 'door', startMs: T0 + 59 * MIN, visitors: 2, ins: 2, outs: 1 },
    ]);
    expect(repo.buckets([], T0, T0 + DAY, 'hour')).toEqual([]);
  });

  it('the request is validated like the others: a range that ends before it starts gets a sentence', () => {
    expect(parseRequestInput('visitors.list', { from: T0, to: T0 + DAY })).toEqual({ from: T0, to: T0 + DAY, bucket: 'hour' });
    expect(() => parseRequestInput('visitors.list', { from: T0, to: T0 - 1, bucket: 'minute' })).toThrow(/must end after it starts/);
    expect(() => parseRequestInput('visitors.list', { from: T0, to: T0 + 1, bucket: 'week' })).toThrow(/Invalid input for visitors.list: bucket/);
  });

  it('a full disk holds the counts in the write guard (the same minute summed), and writes them all once space is back', () => {
    db.prepare(`INSERT INTO cameras (id, name, main_url, created_at) VALUES ('door', 'Door', 'rtsp://x/y', 1)`).run();
    const events = new EventRepository(db);
    const guard = new WriteGuard({ events, activity: new ActivityRepository(db), segments: new SegmentRepository(db), visitors: repo, logger: silentLogger() });
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`); // SQLite itself refuses every write that needs a page
    for (let i = 0; i < 300; i++) {
      guard.eventStore.open({ id: `e${i}`, cameraId: 'door', kind: 'person', startMs: i, updatedMs: i, peakRatio: 0, boxes: [], frameWidth: 320, frameHeight: 180 });
    }
    expect(guard.heldCount).toBeGreaterThan(0);
    expect(() => {
      guard.visitorSink.add('door', { minuteMs: T0, visitors: 1, ins: 1, outs: 0 });
      guard.visitorSink.add('door', { minuteMs: T0, visitors: 2, ins: 2, outs: 1 });
      guard.visitorSink.add('door', { minuteMs: T0 + MIN, visitors: 1, ins: 0, outs: 1 });
    }).not.toThrow();
    db.pragma('max_page_count = 1073741823');
    guard.drain();
    expect(guard.heldCount).toBe(0);
    expect(guard.lostCount).toBe(0);
    expect(rows()).toEqual([
      { c: 'door', m: T0, v: 3, i: 3, o: 1 },
      { c: 'door', m: T0 + MIN, v: 1, i: 0, o: 1 },
    ]);
  });

  it('retention prunes visitor minutes past the camera’s days, with its motion activity minutes', async () => {
    const now = T0 + 40 * DAY;
    const activity = new ActivityRepository(db);
    for (const cam of ['door', 'till']) {
      for (const age of [35, 10, 1]) {
        activity.add(cam, now - age * DAY, 100, 10, 0.1);
        repo.add(cam, { minuteMs: now - age * DAY, visitors: age, ins: age, outs: 0 });
      }
    }
    const job = new RetentionJob({
      db,
      dataRoot: dir,
      logger: silentLogger(),
      floorBytes: () => 0,
      retainDays: () => new Map([['door', 7]]), // till keeps the default 30 days
      now: () => now,
      diskSpace: async () => ({ free: 1e12, total: 2e12 }),
    });
    await job.runOnce();
    const left = (cam: string) => repo.buckets([cam], 0, now, 'minute').map((b) => b.visitors);
    expect(left('door')).toEqual([1]);
    expect(left('till')).toEqual([10, 1]);
  });

  it('`nvr visitors` prints one line per camera and bucket, with the total', () => {
    const text = visitorsText(
      [
        { cameraId: 'door', startMs: T0, visitors: 12, ins: 12, outs: 9 },
        { cameraId: 'gone', startMs: T0 + HOUR, visitors: 1, ins: 0, outs: 0 },
      ],
      new Map([['door', 'Front door']]),
    );
    expect(text.split('\n')).toEqual(['2026-12-01 09:00  Front door  12 people (12 in, 9 out)', '2026-12-01 10:00  gone        1 person (0 in, 0 out)', '13 people in all (times in UTC)']);
    expect(visitorsText([], new Map())).toBe('No visitors counted in this time.');
  });
});
