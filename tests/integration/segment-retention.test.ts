// Retention of recording segments against real segment files (courtyard.mp4 cut by ffmpeg), a real SQLite file and
// real file systems: by days with an injected clock, events-mode pruning, the quota, a crash between tombstone and
// file, and the free-space floor on a real small tmpfs where recording never fills the disk.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statfsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase, type Db } from '../../main/core/storage/database.ts';
import { EventRepository } from '../../main/core/storage/event-repository.ts';
import { SegmentRepository } from '../../main/core/storage/segment-repository.ts';
import { SegmentRetentionJob } from '../../main/core/retention/segment-retention-job.ts';
import { RetentionJob } from '../../main/core/retention/retention-job.ts';
import type { CameraPolicy } from '../../main/core/retention/segment-retention-plan.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { listFiles } from '../../main/core/util/list-files.ts';
import { addSegment, makeCourtyardSegments } from '../fixtures/recording-segments.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 12);
let source: ReturnType<typeof makeCourtyardSegments>;
let root: string;
let db: Db;
let segments: SegmentRepository;
let events: EventRepository;

beforeAll(() => {
  source = makeCourtyardSegments();
});
afterAll(() => source.cleanup());
beforeEach(() => {
  root = tempDataDir('nvr-segret-');
  db = openDatabase(path.join(root, 'nvr.sqlite'), { logger: silentLogger() });
  segments = new SegmentRepository(db);
  events = new EventRepository(db);
});
afterEach(() => {
  db.close();
});

const policy = (p: Partial<CameraPolicy> = {}): CameraPolicy => ({ mode: 'continuous', preRollMs: 5000, postRollMs: 5000, continuousDays: 7, eventRetainDays: 30, ...p });

function job(o: { policies?: Map<string, CameraPolicy>; now?: () => number; quota?: number; free?: number; floor?: number } = {}) {
  return new SegmentRetentionJob({
    db,
    dataRoot: root,
    logger: silentLogger(),
    policies: () => o.policies ?? new Map([['front', policy()]]),
    quotaBytes: () => o.quota ?? 0,
    floorSettingBytes: () => o.floor ?? 0,
    now: o.now ?? (() => NOW),
    diskSpace: async () => ({ free: o.free ?? 1e12, total: 2e12 }),
  });
}

function addEvent(id: string, cameraId: string, startMs: number, endMs: number, keepForever = false): void {
  events.open({ id, cameraId, kind: 'motion', startMs, updatedMs: startMs, peakRatio: 0.1, boxes: [], frameWidth: 640, frameHeight: 480 });
  events.close(id, endMs, { snapshotPath: null, thumbnailPath: null, snapshotBytes: 0 });
  if (keepForever) events.setKeepForever(id, true);
}

/** Adds `count` contiguous 10 s segments of a camera from `startMs`; returns their absolute paths. */
function addRun(cameraId: string, startMs: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addSegment(root, segments, cameraId, startMs + i * 10_000, source.files[i % source.files.length]!).abs);
}

const indexed = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM segments').get()!.n;

/** Every indexed file exists and every file under recordings/ is indexed. */
async function expectIndexMatchesDisk(): Promise<void> {
  const rows = db.prepare<[], { path: string }>('SELECT path FROM segments').all().map((r) => path.join(root, r.path)).sort();
  const files = (await listFiles(path.join(root, 'recordings'))).sort();
  expect(files).toEqual(rows);
}

describe('segment retention by days', () => {
  it('continuous: deletes footage older than continuousDays unless an event ± rolls keeps it for the event’s days', async () => {
    const old = NOW - 8 * DAY;
    const oldFiles = addRun('front', old, 4);
    const recent = addRun('front', NOW - DAY, 2);
    addEvent('e1', 'front', old + 12_000, old + 14_000); // window [7 s, 19 s): segments 0 and 1
    const j = job();
    const r = await j.runOnce();
    expect(r.deleted).toEqual({ age: 2, quota: 0, space: 0 });
    expect(oldFiles.map(existsSync)).toEqual([true, true, false, false]);
    expect(recent.every(existsSync)).toBe(true);
    await expectIndexMatchesDisk();
    // 23 days on, the event's own 30 days have passed too (and the recent footage is past its 7 days).
    const later = job({ now: () => NOW + 23 * DAY });
    expect((await later.runOnce()).deleted.age).toBe(4);
    expect([...oldFiles, ...recent].some(existsSync)).toBe(false);
    expect(j.summary()).toMatchObject({ deletedSegments: 2, byAge: 2 });
    await expectIndexMatchesDisk();
  });

  it('keep-forever footage survives every rule: days, quota, and a floor it could satisfy', async () => {
    const old = NOW - 400 * DAY;
    const files = addRun('front', old, 5);
    addEvent('kept', 'front', old + 22_000, old + 23_000, true); // window [17 s, 28 s): segments 1 and 2
    const r = await job({ quota: 1, free: 0, floor: 1e6 }).runOnce();
    expect(files.map(existsSync)).toEqual([false, true, true, false, false]);
    expect(r.deleted.age).toBe(3);
    await expectIndexMatchesDisk();
  });
});

describe('events-mode pruning', () => {
  it('keeps segments inside events ± rolls, deletes the others after the buffer', async () => {
    // 20 minutes of footage ending 15 minutes ago, then the last 5 minutes (inside the buffer).
    const start = NOW - 35 * 60_000;
    const files = addRun('front', start, 120);
    const fresh = addRun('front', NOW - 5 * 60_000, 20);
    addEvent('a', 'front', start + 300_000, start + 330_000); // window [295, 335) s: segments 29..33
    addEvent('b', 'front', start + 900_000, start + 901_000); // window [895, 906) s: segments 89, 90
    const r = await job({ policies: new Map([['front', policy({ mode: 'events' })]]) }).runOnce();
    const kept = files.flatMap((f, i) => (existsSync(f) ? [i] : []));
    expect(kept).toEqual([29, 30, 31, 32, 33, 89, 90]);
    expect(fresh.every(existsSync)).toBe(true);
    expect(r.deleted.age).toBe(113);
    await expectIndexMatchesDisk();
    // Day folders emptied of old footage stay while they may still be written to (today's).
    expect(readdirSync(path.join(root, 'recordings', 'front')).length).toBeGreaterThan(0);
  });
});

describe('quota and crash recovery', () => {
  it('deletes the oldest first until all recordings fit the quota', async () => {
    const files = addRun('front', NOW - 3600_000, 5);
    const sizes = db.prepare<[], { s: number }>('SELECT size_bytes AS s FROM segments ORDER BY start_ms').all().map((r) => r.s);
    const quota = sizes[3]! + sizes[4]! + 1;
    const r = await job({ quota }).runOnce();
    expect(r.deleted).toEqual({ age: 0, quota: 3, space: 0 });
    expect(files.map(existsSync)).toEqual([false, false, false, true, true]);
    await expectIndexMatchesDisk();
  });

  it('finishes a deletion a crash interrupted (tombstone set, file still there)', async () => {
    const files = addRun('front', NOW - 60_000, 2);
    const first = db.prepare<[], { id: number }>('SELECT id FROM segments ORDER BY start_ms LIMIT 1').get()!.id;
    segments.markDeleting([first]);
    expect(await job().recover()).toBe(1);
    expect(files.map(existsSync)).toEqual([false, true]);
    expect(indexed()).toBe(1);
    await expectIndexMatchesDisk();
  });

  it('never deletes a file outside the recordings folder, whatever a row says', async () => {
    const outside = path.join(root, 'precious.mp4');
    await copyFile(source.files[0]!, outside);
    segments.insert({ cameraId: 'front', startMs: NOW - 30 * DAY, endMs: NOW - 30 * DAY + 10_000, sizeBytes: 1, path: 'precious.mp4' });
    segments.insert({ cameraId: 'front', startMs: NOW - 30 * DAY, endMs: NOW - 30 * DAY + 10_000, sizeBytes: 1, path: 'recordings/../precious.mp4' });
    await job().runOnce();
    expect(existsSync(outside)).toBe(true);
  });
});

const isRoot = process.getuid?.() === 0;

describe.runIf(isRoot)('the free-space floor on a real small disk (tmpfs)', () => {
  let mountPoint: string;
  beforeEach(() => {
    mountPoint = tempDataDir('nvr-tmpfs-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint]);
  });
  afterEach(() => {
    execFileSync('umount', [mountPoint]);
  });

  it('recording 80 MB into a 48 MB disk never fills it; keep-forever footage survives; index and disk agree', async () => {
    const dataRoot = path.join(mountPoint, 'data');
    mkdirSync(dataRoot);
    const tdb = openDatabase(path.join(dataRoot, 'nvr.sqlite'), { logger: silentLogger() });
    try {
      const repo = new SegmentRepository(tdb);
      const evs = new EventRepository(tdb);
      const t0 = Date.now() - 3 * 3600_000;
      const segJob = new SegmentRetentionJob({
        db: tdb,
        dataRoot,
        logger: silentLogger(),
        policies: () => new Map([['front', policy()]]),
        quotaBytes: () => 0,
        floorSettingBytes: () => 8 * 1024 ** 2,
      });
      const job = new RetentionJob({ db: tdb, dataRoot, logger: silentLogger(), floorBytes: () => 0, retainDays: () => new Map(), segments: segJob, floorCheckMs: 50 });
      await job.recover();
      job.start(3600_000);
      // A keep-forever event over the first two segments.
      evs.open({ id: 'kept', cameraId: 'front', kind: 'person', startMs: t0 + 6000, updatedMs: t0, peakRatio: 0.2, boxes: [], frameWidth: 640, frameHeight: 480 });
      evs.close('kept', t0 + 14_000, { snapshotPath: null, thumbnailPath: null, snapshotBytes: 0 });
      evs.setKeepForever('kept', true);
      const keptFiles: string[] = [];
      let failures = 0;
      let minFree = Infinity;
      for (let i = 0; i < 60; i++) {
        try {
          const s = addSegment(dataRoot, repo, 'front', t0 + i * 10_000, source.files[i % source.files.length]!);
          if (i < 2) keptFiles.push(s.abs);
        } catch (err) {
          failures++;
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') void job.runNow(); // as the recorder does on a full disk
        }
        const st = statfsSync(mountPoint);
        minFree = Math.min(minFree, st.bavail * st.bsize);
        await new Promise((r) => setTimeout(r, 60));
      }
      await job.runNow();
      job.stop();
      expect(failures).toBe(0);
      expect(minFree).toBeGreaterThan(4 * 1024 ** 2);
      expect(keptFiles.every(existsSync)).toBe(true);
      const summary = job.summary().segments!;
      expect(summary.bySpace).toBeGreaterThan(10);
      expect(summary.floorBytes).toBe(24 * 1024 ** 2); // one hour at the measured bitrate, capped at half the disk
      const rows = tdb.prepare<[], { path: string }>('SELECT path FROM segments').all().map((r) => path.join(dataRoot, r.path)).sort();
      expect((await listFiles(path.join(dataRoot, 'recordings'))).sort()).toEqual(rows);
    } finally {
      tdb.close();
    }
  }, 60_000);
});
