// The retention job with real files and a real SQLite file: by age, by free-space floor, recovery after a crash in
// the middle of a deletion, orphan files, and nothing outside the data folder ever touched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../main/core/storage/database.ts';
import { EventRepository } from '../../main/core/storage/event-repository.ts';
import { RetentionJob, type RetentionOptions } from '../../main/core/retention/retention-job.ts';
import { ClipCache } from '../../main/core/recording/clip-cache.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 12);
let root: string;
let db: Db;
let events: EventRepository;

beforeEach(() => {
  root = tempDataDir('nvr-retention-');
  db = openDatabase(path.join(root, 'nvr.sqlite'), { logger: silentLogger() });
  events = new EventRepository(db);
});
afterEach(() => {
  db.close();
});

/** An event with its two snapshot files on disk. */
function addEvent(id: string, cameraId: string, ageDays: number, bytes = 1000): { full: string; thumb: string } {
  const day = new Date(NOW - ageDays * DAY).toISOString().slice(0, 10);
  const rel = `snapshots/${day}/${cameraId}`;
  mkdirSync(path.join(root, rel), { recursive: true });
  const full = `${rel}/${id}.jpg`;
  const thumb = `${rel}/${id}.thumb.jpg`;
  writeFileSync(path.join(root, full), Buffer.alloc(bytes - 200));
  writeFileSync(path.join(root, thumb), Buffer.alloc(200));
  const start = NOW - ageDays * DAY;
  events.open({ id, cameraId, kind: 'motion', startMs: start, updatedMs: start, peakRatio: 0.1, boxes: [], frameWidth: 640, frameHeight: 480 });
  events.close(id, start + 10_000, { snapshotPath: full, thumbnailPath: thumb, snapshotBytes: bytes });
  return { full: path.join(root, full), thumb: path.join(root, thumb) };
}

function job(
  opts: {
    free?: number;
    floor?: number;
    days?: Map<string, number>;
    disk?: () => Promise<{ free: number; total: number }>;
    /** Called once per run (the floor checks between runs do not read the days). */
    onRun?: () => void;
  } & Pick<RetentionOptions, 'caches' | 'floorCheckMs'> = {},
) {
  return new RetentionJob({
    db,
    dataRoot: root,
    logger: silentLogger(),
    floorBytes: () => opts.floor ?? 0,
    retainDays: () => {
      opts.onRun?.();
      return opts.days ?? new Map();
    },
    now: () => NOW,
    diskSpace: opts.disk ?? (async () => ({ free: opts.free ?? 1e12, total: 2e12 })),
    ...(opts.caches ? { caches: opts.caches } : {}),
    ...(opts.floorCheckMs !== undefined ? { floorCheckMs: opts.floorCheckMs } : {}),
  });
}

describe('the retention job', () => {
  it('deletes events past their camera’s days, files first, and removes emptied day folders', async () => {
    const old = addEvent('old', 'front', 10);
    const kept = addEvent('kept', 'front', 2);
    const forever = addEvent('forever', 'front', 50);
    events.setKeepForever('forever', true);
    const other = addEvent('other', 'back', 10); // back keeps 30 days by default
    const r = job({ days: new Map([['front', 7]]) });
    expect(await r.runOnce()).toEqual({ deletedEvents: 1, deletedBytes: 1000 });
    expect(events.get('old')).toBeNull();
    expect(existsSync(old.full) || existsSync(old.thumb)).toBe(false);
    expect(existsSync(path.dirname(old.full))).toBe(false);
    for (const f of [kept, forever, other]) expect(existsSync(f.full) && existsSync(f.thumb)).toBe(true);
    expect(r.summary()).toMatchObject({ deletedEvents: 1, deletedBytes: 1000, lastError: null, lastRunAt: NOW });
  });

  it('keeps the free-space floor by deleting the oldest events first', async () => {
    addEvent('a', 'front', 5, 1000);
    addEvent('b', 'back', 4, 1000);
    addEvent('c', 'front', 3, 1000);
    const r = job({ free: 500, floor: 2000 });
    expect((await r.runOnce()).deletedEvents).toBe(2);
    expect(events.list({ limit: 10 }).events.map((e) => e.id)).toEqual(['c']);
  });

  it('says so in its summary when the disk is full for other reasons, deleting nothing', async () => {
    addEvent('a', 'front', 5, 1000);
    const r = job({ free: 10, floor: 1e9 });
    expect((await r.runOnce()).deletedEvents).toBe(0);
    expect(r.summary().lastError).toMatch(/almost full/);
    expect(events.get('a')).not.toBeNull();
  });

  it('never asks more than half the disk of the floor, as the footage pass does', async () => {
    addEvent('a', 'front', 5, 1000);
    addEvent('b', 'front', 4, 1000);
    addEvent('c', 'front', 3, 1000);
    // A floor setting larger than a small disk: capped at half of it (1,500 of 3,000 bytes), the oldest event goes.
    const r = job({ floor: 1e9, disk: async () => ({ free: 500, total: 3000 }) });
    expect((await r.runOnce()).deletedEvents).toBe(1);
    expect(events.get('a')).toBeNull();
    expect(r.summary().lastError).toBeNull();
  });

  it('empties the clip cache before deleting anything recorded when free space is under the floor, and only then', async () => {
    addEvent('a', 'front', 5, 2000);
    const clipsDir = path.join(root, 'cache', 'clips');
    mkdirSync(clipsDir, { recursive: true });
    for (const name of ['0123456789abcdef0123456789abcdef.mp4', 'fedcba9876543210fedcba9876543210.mp4']) writeFileSync(path.join(clipsDir, name), Buffer.alloc(300));
    const cache = new ClipCache({ dir: clipsDir });
    const order: string[] = [];
    let free = 1e12;
    const r = job({
      floor: 2000,
      disk: async () => ({ free, total: 2e12 }),
      caches: [{ name: 'clips', empty: async () => { order.push('cache'); return cache.empty(); } }],
    });
    // Plenty of space: the cache stays (clips are worth keeping while they are used).
    await r.runOnce();
    expect(order).toEqual([]);
    expect(readdirSync(clipsDir)).toHaveLength(2);
    // Under the floor: the cache goes first, then (the disk being still short here) the oldest event.
    free = 500;
    expect((await r.runOnce()).deletedEvents).toBe(1);
    expect(order).toEqual(['cache']);
    expect(readdirSync(clipsDir)).toEqual([]);
  });

  it('reads its interval on every tick, so a changed setting applies without a restart', async () => {
    let runs = 0;
    let intervalMs = 3_600_000;
    const r = job({ onRun: () => runs++, floorCheckMs: 10 });
    r.start(() => intervalMs);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs).toBe(1); // the run at start; the next is an hour away
    intervalMs = 20;
    await new Promise((resolve) => setTimeout(resolve, 200));
    r.stop();
    expect(runs).toBeGreaterThanOrEqual(3);
    const stopped = runs;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs).toBe(stopped);
  });

  it('finishes a deletion interrupted by a crash and removes orphan files at start-up', async () => {
    const half = addEvent('half', 'front', 1);
    const fine = addEvent('fine', 'front', 1);
    // A crash after the tombstone was committed and the full picture unlinked, before the thumbnail and the row.
    db.prepare("UPDATE events SET deleting = 1 WHERE id = 'half'").run();
    rmSync(half.full);
    // A crash after a snapshot file was written, before its row pointed at it; and a temp file.
    const orphan = path.join(path.dirname(fine.full), 'orphan.jpg');
    writeFileSync(orphan, 'x');
    writeFileSync(path.join(path.dirname(fine.full), '.tmp-123.jpg'), 'x');
    expect(events.get('half')).toBeNull(); // invisible while tombstoned

    await job().recover();
    expect(db.prepare("SELECT count(*) AS n FROM events WHERE id = 'half'").get()).toEqual({ n: 0 });
    expect(existsSync(half.thumb)).toBe(false);
    expect(existsSync(orphan)).toBe(false);
    expect(readdirSync(path.dirname(fine.full)).sort()).toEqual(['fine.jpg', 'fine.thumb.jpg']);
    // Every remaining row points at files that exist.
    for (const e of events.list({ limit: 100 }).events) {
      const p = events.getPaths(e.id)!;
      expect(existsSync(path.join(root, p.snapshotPath!))).toBe(true);
    }
  });

  it('deletes one event on request and never touches a path outside the data folder', async () => {
    const mine = addEvent('mine', 'front', 1);
    await job().deleteEvent('mine');
    expect(existsSync(mine.full)).toBe(false);
    expect(events.get('mine')).toBeNull();

    const outside = path.join(os.tmpdir(), `nvr-outside-${process.pid}.jpg`);
    writeFileSync(outside, 'precious');
    try {
      addEvent('evil', 'front', 1);
      db.prepare('UPDATE events SET snapshot_path = ? WHERE id = ?').run(path.relative(root, outside), 'evil');
      await job().deleteEvent('evil');
      expect(existsSync(outside)).toBe(true);
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it('removes empty day and camera folders left by a crash at start-up, keeping folders that hold files', async () => {
    const fine = addEvent('fine', 'front', 1);
    mkdirSync(path.join(root, 'snapshots', '2026-01-01', 'front'), { recursive: true });
    mkdirSync(path.join(root, 'snapshots', '2026-01-02'), { recursive: true });
    await job().recover();
    expect(readdirSync(path.join(root, 'snapshots'))).toEqual([path.basename(path.dirname(path.dirname(fine.full)))]);
    expect(existsSync(fine.full)).toBe(true);
  });

  it('refuses to unlink through a linked folder that leads outside the data folder', async () => {
    const outsideDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-outside-dir-'));
    try {
      writeFileSync(path.join(outsideDir, 'precious.jpg'), 'precious');
      mkdirSync(path.join(root, 'snapshots'), { recursive: true });
      symlinkSync(outsideDir, path.join(root, 'snapshots', 'linked'));
      addEvent('sly', 'front', 1);
      db.prepare('UPDATE events SET snapshot_path = ?, thumbnail_path = NULL WHERE id = ?').run('snapshots/linked/precious.jpg', 'sly');
      await job().deleteEvent('sly');
      expect(existsSync(path.join(outsideDir, 'precious.jpg'))).toBe(true);
      expect(events.get('sly')).toBeNull();
    } finally {
      rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  it('runs at start and on its interval, never two runs at once, and keeps errors in its summary', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const r = job({
      disk: async () => {
        calls++;
        await gate;
        return { free: 1e12, total: 2e12 };
      },
    });
    r.start(5);
    await new Promise((resolve) => setTimeout(resolve, 50)); // many intervals pass while the first run waits
    expect(calls).toBe(1);
    const pending = r.runOnce();
    release();
    expect(await pending).toEqual({ deletedEvents: 0, deletedBytes: 0 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    r.stop();
    expect(calls).toBeGreaterThan(1);
    const afterStop = calls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(afterStop);
    expect(r.summary().lastRunAt).toBe(NOW);

    const failing = job({
      disk: () => Promise.reject(new Error('EIO: the disk went away')),
    });
    await expect(failing.runOnce()).resolves.toEqual({ deletedEvents: 0, deletedBytes: 0 });
    expect(failing.summary().lastError).toMatch(/Cleaning up old events failed: EIO/);
  });
});
