// The retention job: the only code that deletes events and their files. At start-up (recover) and periodically it
// plans with retention-plan.ts and deletes, per event: mark the row (tombstone, committed) → unlink its files → delete
// the row. A crash at any point leaves either a visible row with its files, or a tombstone that recover() finishes;
// never a visible row pointing at a missing file, never an orphan file after recover().
import { readdir, realpath, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../storage/database.ts';
import { pruneVisitorMinutes } from '../storage/visitor-repository.ts';
import type { Logger } from '../logging/logger.ts';
import { diskSpace } from './disk-space.ts';
import { listFiles } from '../util/list-files.ts';
import { planRetention, type RetentionCandidate } from './retention-plan.ts';
import type { SegmentRetentionJob, SegmentRetentionSummary } from './segment-retention-job.ts';
import { capFloor } from './segment-retention-plan.ts';

export interface RetentionOptions {
  db: Db;
  dataRoot: string;
  logger: Logger;
  floorBytes: () => number;
  retainDays: () => Map<string, number>;
  now?: () => number;
  /** Free/total bytes of the data folder's disk (tests substitute a small disk). */
  diskSpace?: (dir: string) => Promise<{ free: number; total: number }>;
  /** Recording segments: recovered at start-up and cleaned in every run before events (they hold the space). */
  segments?: SegmentRetentionJob;
  /** How often free space is checked against the floor between runs (a run starts at once under it). */
  floorCheckMs?: number;
  /** What can go first when free space is under the floor, before any footage or event (the clip cache). */
  caches?: ReadonlyArray<{ name: string; empty(): Promise<{ files: number; bytes: number }> }>;
}

export interface RetentionSummary {
  lastRunAt: number | null;
  deletedEvents: number;
  deletedBytes: number;
  lastError: string | null;
  segments?: SegmentRetentionSummary;
}

interface CandidateRow {
  id: string;
  camera_id: string;
  start_ms: number;
  end_ms: number | null;
  snapshot_bytes: number;
  keep_forever: number;
  reindexed: number;
}

/** Folders under the data root whose files belong to rows (and may be swept when no row refers to them). */
const MANAGED_FOLDERS = ['snapshots'];

export class RetentionJob {
  private readonly o: RetentionOptions;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<{ deletedEvents: number; deletedBytes: number }> | null = null;
  private totals: RetentionSummary = { lastRunAt: null, deletedEvents: 0, deletedBytes: 0, lastError: null };

  constructor(options: RetentionOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
  }

  /** The recording segments' job, when footage is cleaned with events. */
  get segments(): SegmentRetentionJob | null {
    return this.o.segments ?? null;
  }

  summary(): RetentionSummary {
    return this.o.segments ? { ...this.totals, segments: this.o.segments.summary() } : { ...this.totals };
  }

  /**
   * Start-up: finish deletions a crash interrupted, then remove files that no row refers to. Only files this database
   * wrote are deleted: `sweep: false` (the database is not the folder's own) sweeps nothing and finishes its tombstones
   * as rows only; files last written before `ownSince` (before it got the folder's identity) are never swept.
   */
  async recover(opts: { sweep?: boolean; ownSince?: number } = {}): Promise<void> {
    const foreign = opts.sweep === false; // its tombstones name files it never indexed here: only the rows go
    await this.o.segments?.recover({ keepFiles: foreign });
    const tombstones = this.o.db.prepare<[], { id: string }>('SELECT id FROM events WHERE deleting = 1').all();
    for (const t of tombstones) {
      if (foreign) this.o.db.prepare('DELETE FROM events WHERE id = ?').run(t.id);
      else await this.finishDeletion(t.id);
    }
    if (tombstones.length) this.o.logger.warn({ events: tombstones.length }, 'finished deletions interrupted by a crash');
    if (opts.sweep === false) return;
    const swept = await this.sweepOrphans(opts.ownSince ?? 0);
    if (swept.files) this.o.logger.warn(swept, 'removed files that no event referred to');
    const folders = await this.sweepEmptyFolders();
    if (folders) this.o.logger.info({ folders }, 'removed empty snapshot folders');
  }

  /**
   * Runs now, then every interval. Runs never overlap; errors are logged and kept in the summary, never thrown. The
   * interval is read again on every tick, so a changed setting applies without a restart. Between runs a cheap
   * free-space check (every floorCheckMs) starts a run at once when the floor is crossed.
   */
  start(interval: number | (() => number)): void {
    this.stop();
    const every = typeof interval === 'number' ? () => interval : interval;
    let lastRun = performance.now(); // a monotonic clock: the injected `now` is the retention rules' calendar
    void this.runOnce();
    this.timer = setInterval(
      () => {
        if (performance.now() - lastRun >= every()) {
          lastRun = performance.now();
          void this.runOnce();
        } else {
          void this.checkFloor();
        }
      },
      Math.min(this.o.floorCheckMs ?? 10_000, every()),
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Runs at once (the recorder reports a full disk); joins a run already under way. */
  runNow(): Promise<{ deletedEvents: number; deletedBytes: number }> {
    return this.runOnce();
  }

  private async checkFloor(): Promise<void> {
    if (this.running) return;
    // A pass that found nothing left to delete is not repeated every few seconds: once a minute is enough then.
    const seg = this.o.segments?.summary();
    if (seg?.lastError && seg.lastRunAt !== null && this.now() - seg.lastRunAt < 60_000) return;
    try {
      const disk = await (this.o.diskSpace ?? diskSpace)(this.o.segments?.diskDir() ?? this.o.dataRoot);
      const floor = capFloor(this.o.segments?.floorBytes() ?? this.o.floorBytes(), disk.total);
      if (disk.free < floor) {
        this.o.logger.warn({ freeBytes: disk.free, floorBytes: floor }, 'free space under the floor: cleaning up now');
        await this.runOnce();
      }
    } catch {
      // the next run reports disk problems
    }
  }

  runOnce(): Promise<{ deletedEvents: number; deletedBytes: number }> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Deletes one event now (the user asked), the same safe way. */
  async deleteEvent(id: string): Promise<void> {
    const bytes = this.eventBytes(id);
    this.mark(id);
    await this.finishDeletion(id);
    this.totals.deletedEvents++;
    this.totals.deletedBytes += bytes;
    this.o.logger.info({ eventId: id, bytes }, 'event deleted on request');
  }

  /** Under the floor (on the recordings' disk or the data folder's), the caches go before anything recorded. */
  private async emptyCachesWhenShort(): Promise<void> {
    if (!this.o.caches?.length) return;
    const dirs = new Set([this.o.segments?.diskDir() ?? this.o.dataRoot, this.o.dataRoot]);
    let short = false;
    for (const dir of dirs) {
      try {
        const disk = await (this.o.diskSpace ?? diskSpace)(dir);
        if (disk.free < capFloor(this.o.segments?.floorBytes() ?? this.o.floorBytes(), disk.total)) short = true;
      } catch {
        // the passes below report disk problems
      }
    }
    if (!short) return;
    for (const cache of this.o.caches) {
      try {
        const freed = await cache.empty();
        if (freed.files) this.o.logger.warn({ cache: cache.name, ...freed }, 'free space under the floor: emptied a cache first');
      } catch (err) {
        this.o.logger.warn({ cache: cache.name, err: err instanceof Error ? err.message : String(err) }, 'could not empty a cache');
      }
    }
  }

  private async run(): Promise<{ deletedEvents: number; deletedBytes: number }> {
    const result = { deletedEvents: 0, deletedBytes: 0 };
    await this.emptyCachesWhenShort();
    // Footage first: it holds the space, and an event's snapshots are small.
    await this.o.segments?.runOnce();
    try {
      const disk = await (this.o.diskSpace ?? diskSpace)(this.o.dataRoot);
      const rows = this.o.db
        .prepare<[], CandidateRow>(
          'SELECT id, camera_id, start_ms, end_ms, snapshot_bytes, keep_forever, reindexed FROM events WHERE deleting = 0',
        )
        .all();
      const events: RetentionCandidate[] = rows.map((r) => ({
        id: r.id,
        cameraId: r.camera_id,
        startMs: r.start_ms,
        endMs: r.end_ms,
        bytes: r.snapshot_bytes,
        keepForever: r.keep_forever === 1,
        reindexed: r.reindexed === 1,
      }));
      const retainDays = this.o.retainDays();
      const plan = planRetention({ events, now: this.now(), retainDays, freeBytes: disk.free, floorBytes: capFloor(this.o.floorBytes(), disk.total) });
      const byReason = { age: 0, space: 0 };
      for (const d of plan.deletions) {
        this.mark(d.id);
        await this.finishDeletion(d.id);
        byReason[d.reason]++;
        result.deletedEvents++;
        result.deletedBytes += d.bytes;
      }
      this.pruneActivity(retainDays);
      this.totals.lastRunAt = this.now();
      this.totals.deletedEvents += result.deletedEvents;
      this.totals.deletedBytes += result.deletedBytes;
      this.totals.lastError =
        plan.spaceShortBytes > 0
          ? `The disk that holds the data folder is almost full (${formatBytes(disk.free)} free) and deleting old events cannot free enough. Free some space on it or move the data folder to a bigger disk.`
          : null;
      if (plan.spaceShortBytes > 0) this.o.logger.error({ freeBytes: disk.free, shortBytes: plan.spaceShortBytes }, 'disk almost full');
      if (result.deletedEvents) this.o.logger.info({ ...result, byAge: byReason.age, bySpace: byReason.space }, 'retention deleted old events');
    } catch (err) {
      this.totals.lastError = `Cleaning up old events failed: ${err instanceof Error ? err.message : String(err)}`;
      this.o.logger.error({ err: this.totals.lastError }, 'retention run failed');
    }
    return result;
  }

  private mark(id: string): void {
    this.o.db.prepare('UPDATE events SET deleting = 1 WHERE id = ?').run(id);
  }

  private eventBytes(id: string): number {
    return this.o.db.prepare<[string], { b: number }>('SELECT snapshot_bytes AS b FROM events WHERE id = ?').get(id)?.b ?? 0;
  }

  /** Files first (a missing one is fine), then the row. */
  private async finishDeletion(id: string): Promise<void> {
    const row = this.o.db
      .prepare<[string], { snapshot_path: string | null; thumbnail_path: string | null }>(
        'SELECT snapshot_path, thumbnail_path FROM events WHERE id = ?',
      )
      .get(id);
    if (!row) return;
    for (const rel of [row.snapshot_path, row.thumbnail_path]) {
      if (!rel) continue;
      const abs = await this.inside(rel);
      if (!abs) {
        this.o.logger.error({ eventId: id }, 'refusing to delete a file outside the data folder');
        continue;
      }
      try {
        await unlink(abs);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      await this.removeEmptyParents(path.dirname(abs));
    }
    this.o.db.prepare('DELETE FROM events WHERE id = ?').run(id);
  }

  private pruneActivity(retainDays: Map<string, number>): void {
    const now = this.now();
    const cameras = this.o.db.prepare<[], { camera_id: string }>('SELECT DISTINCT camera_id FROM motion_activity').all();
    const del = this.o.db.prepare('DELETE FROM motion_activity WHERE camera_id = ? AND minute_ms < ?');
    for (const { camera_id } of cameras) {
      const days = retainDays.get(camera_id) ?? 30;
      if (days > 0) del.run(camera_id, now - days * 86_400_000);
      if (days > 0) pruneVisitorMinutes(this.o.db, camera_id, now - days * 86_400_000);
    }
  }

  /**
   * Files under the managed folders that no row refers to (a crash between writing a file and its row), last written
   * at or after `notBefore` (ms).
   */
  async sweepOrphans(notBefore = 0): Promise<{ files: number; bytes: number }> {
    const referenced = new Set<string>();
    const rows = this.o.db
      .prepare<[], { s: string | null; t: string | null }>('SELECT snapshot_path AS s, thumbnail_path AS t FROM events')
      .all();
    for (const r of rows) {
      if (r.s) referenced.add(path.resolve(this.o.dataRoot, r.s));
      if (r.t) referenced.add(path.resolve(this.o.dataRoot, r.t));
    }
    const swept = { files: 0, bytes: 0 };
    for (const folder of MANAGED_FOLDERS) {
      const root = path.join(this.o.dataRoot, folder);
      for (const file of await listFiles(root)) {
        if (referenced.has(file)) continue;
        try {
          const st = await stat(file);
          if (st.mtimeMs < notBefore) continue;
          swept.bytes += st.size;
          await unlink(file);
          swept.files++;
        } catch {
          // vanished meanwhile
        }
        await this.removeEmptyParents(path.dirname(file));
      }
    }
    return swept;
  }

  /**
   * The absolute path of a row's file when it lies inside the data folder, else null. The folder holding it is resolved
   * through symbolic links too, so a linked folder cannot lead the unlink elsewhere. A folder that no longer exists
   * gives the plain path (there is nothing left to delete there; unlink then reports ENOENT).
   */
  private async inside(rel: string): Promise<string | null> {
    const rootResolved = path.resolve(this.o.dataRoot);
    const abs = path.resolve(rootResolved, rel);
    if (!abs.startsWith(rootResolved + path.sep)) return null;
    let realRoot: string;
    let realDir: string;
    try {
      realRoot = await realpath(rootResolved);
      realDir = await realpath(path.dirname(abs));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return abs;
      throw err;
    }
    return realDir === realRoot || realDir.startsWith(realRoot + path.sep) ? abs : null;
  }

  /** Removes empty folders below the managed folders (day and camera folders a crash left behind). Returns how many. */
  async sweepEmptyFolders(): Promise<number> {
    let removed = 0;
    // Bottom-up: a folder goes once everything below it has gone. rmdir fails on a folder that still holds anything.
    const removeEmpty = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) if (e.isDirectory()) await removeEmpty(path.join(dir, e.name));
      try {
        await rmdir(dir);
        removed++;
      } catch {
        // not empty
      }
    };
    for (const folder of MANAGED_FOLDERS) {
      const root = path.join(this.o.dataRoot, folder);
      let entries;
      try {
        entries = await readdir(root, { withFileTypes: true });
      } catch {
        continue; // no snapshots yet
      }
      for (const e of entries) if (e.isDirectory()) await removeEmpty(path.join(root, e.name));
    }
    return removed;
  }

  /** Removes empty day/camera folders up to (not including) the managed folder. */
  private async removeEmptyParents(dir: string): Promise<void> {
    const stops = new Set(MANAGED_FOLDERS.map((f) => path.resolve(this.o.dataRoot, f)));
    stops.add(path.resolve(this.o.dataRoot));
    let current = path.resolve(dir);
    while (!stops.has(current) && current.startsWith(path.resolve(this.o.dataRoot) + path.sep)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or gone)
      }
      current = path.dirname(current);
    }
  }
}


function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.round(n / 1024 ** 2)} MB`;
}
