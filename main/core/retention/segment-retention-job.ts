// The retention job for recording segments: reads the index as columns, plans with segment-retention-plan.ts, and
// deletes: tombstone the rows (committed) → unlink the files → delete the rows, in batches. A crash in between leaves
// tombstones that recover() finishes at the next start; playback never sees a tombstoned row. Files are unlinked only
// inside the recordings folder, resolved through links. Runs never overlap. Counts by reason are kept for health.
import { existsSync } from 'node:fs';
import { readdir, realpath, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/database.ts';
import type { Logger } from '../logging/logger.ts';
import { dayFolderName } from '../config/data-dir.ts';
import { diskSpace } from './disk-space.ts';
import type { RecordingRetentionStatus } from '../../../preload/contract.ts';
import {
  FALLBACK_POLICY,
  planSegmentRetention,
  REASON_AGE,
  REASON_QUOTA,
  REASON_SPACE,
  type CameraPolicy,
  type EventWindow,
  type PinWindow,
  type SegmentColumns,
} from './segment-retention-plan.ts';
import { isInside } from '../util/path-inside.ts';
import { formatBytes } from '../../../preload/format.ts';

export interface SegmentRetentionOptions {
  db: Db;
  dataRoot: string;
  logger: Logger;
  /** Per camera id: its recording mode, rolls, continuous days and event retain days. */
  policies: () => Map<string, CameraPolicy>;
  quotaBytes: () => number;
  floorSettingBytes: () => number;
  now?: () => number;
  diskSpace?: (dir: string) => Promise<{ free: number; total: number }>;
  bufferMs?: number;
}

export interface SegmentPassResult {
  deleted: { age: number; quota: number; space: number };
  deletedBytes: number;
  floorBytes: number;
  spaceShortBytes: number;
  /** Time spent reading and planning, ms (the deletions come after). */
  planMs: number;
}

/** What the segment passes have done so far (shown in health). */
export type SegmentRetentionSummary = RecordingRetentionStatus;

const BATCH = 500;

export class SegmentRetentionJob {
  private readonly o: SegmentRetentionOptions;
  private readonly now: () => number;
  private readonly recordingsRoot: string;
  private readonly pins = new Set<{ cameraId: string; startMs: number; endMs: number }>();
  private running: Promise<SegmentPassResult> | null = null;
  private readonly totals: SegmentRetentionSummary = {
    lastRunAt: null, deletedSegments: 0, deletedBytes: 0, byAge: 0, byQuota: 0, bySpace: 0, floorBytes: 0, bitrateBytesPerSec: 0, lastError: null,
  };
  private readonly selectAll: Statement<[], [number, string, number, number, number, number]>;
  private readonly selectEvents: Statement<[], [string, number, number | null, number]>;
  private readonly pathStmt: Statement<[number], { path: string; size_bytes: number }>;
  private readonly markStmt: Statement<[number], void>;
  private readonly deleteStmt: Statement<[number], void>;
  private readonly tombstones: Statement<[], { id: number; path: string }>;
  private readonly countStmt: Statement<[], { n: number }>;

  constructor(o: SegmentRetentionOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
    this.recordingsRoot = path.resolve(o.dataRoot, 'recordings');
    this.selectAll = o.db
      .prepare<[], [number, string, number, number, number, number]>(
        'SELECT id, camera_id, start_ms, end_ms, size_bytes, reindexed FROM segments WHERE deleting = 0 ORDER BY start_ms',
      )
      .raw(true);
    this.selectEvents = o.db
      .prepare<[], [string, number, number | null, number]>('SELECT camera_id, start_ms, end_ms, keep_forever FROM events WHERE deleting = 0')
      .raw(true);
    this.pathStmt = o.db.prepare('SELECT path, size_bytes FROM segments WHERE id = ?');
    this.markStmt = o.db.prepare('UPDATE segments SET deleting = 1 WHERE id = ?');
    this.deleteStmt = o.db.prepare('DELETE FROM segments WHERE id = ?');
    this.tombstones = o.db.prepare('SELECT id, path FROM segments WHERE deleting = 1');
    this.countStmt = o.db.prepare('SELECT count(*) AS n FROM segments WHERE deleting = 0');
  }

  summary(): SegmentRetentionSummary {
    return { ...this.totals };
  }

  /** The folder whose disk holds the footage (the recordings folder, which may be a disk of its own). */
  diskDir(): string {
    return existsSync(this.recordingsRoot) ? this.recordingsRoot : this.o.dataRoot;
  }

  /** The free-space floor of the last pass (the setting until a pass has measured the bitrate). */
  floorBytes(): number {
    return Math.max(this.totals.floorBytes, this.o.floorSettingBytes());
  }

  /** Holds a camera's range against deletion while an export or clip build reads it; call the result to release. */
  pin(cameraId: string, startMs: number, endMs: number): () => void {
    const p = { cameraId, startMs, endMs };
    this.pins.add(p);
    return () => void this.pins.delete(p);
  }

  /**
   * Start-up: finishes deletions a crash interrupted (files, then rows). `keepFiles`: the database is not the folder's
   * own, so its tombstones name files it never indexed here: only the rows go.
   */
  async recover(opts: { keepFiles?: boolean } = {}): Promise<number> {
    const rows = this.tombstones.all();
    if (rows.length === 0) return 0;
    const dirs = new Map<string, boolean>();
    if (!opts.keepFiles) for (const r of rows) await this.unlinkSegment(r.path, dirs);
    this.removeRows(rows.map((r) => r.id));
    this.o.logger.warn({ segments: rows.length }, 'finished segment deletions interrupted by a crash');
    return rows.length;
  }

  runOnce(): Promise<SegmentPassResult> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Reads the index and plans; no deletion (benchmarks, and the first half of a pass). */
  async plan(): Promise<{ ids: Float64Array; plan: ReturnType<typeof planSegmentRetention>; planMs: number }> {
    const t0 = performance.now();
    const disk = await (this.o.diskSpace ?? diskSpace)(this.diskDir());
    const policies = this.o.policies();
    const cameraIndex = new Map<string, number>();
    const cameras: CameraPolicy[] = [];
    const indexOf = (id: string): number => {
      let i = cameraIndex.get(id);
      if (i === undefined) {
        i = cameras.length;
        cameraIndex.set(id, i);
        cameras.push(policies.get(id) ?? FALLBACK_POLICY); // a removed camera's footage follows the defaults
      }
      return i;
    };
    // No await from here to the plan: the rows cannot change between the count and the read.
    const count = this.countStmt.get()!.n;
    const seg: SegmentColumns = {
      count,
      camera: new Uint16Array(count),
      startMs: new Float64Array(count),
      endMs: new Float64Array(count),
      sizeBytes: new Float64Array(count),
      reindexed: new Uint8Array(count),
    };
    const ids = new Float64Array(count);
    let i = 0;
    let lastCamera = '';
    let lastIndex = -1;
    for (const r of this.selectAll.iterate()) {
      if (i >= count) break; // rows added since the count: next pass
      ids[i] = r[0];
      if (r[1] !== lastCamera) {
        lastCamera = r[1];
        lastIndex = indexOf(r[1]);
      }
      seg.camera[i] = lastIndex;
      seg.startMs[i] = r[2];
      seg.endMs[i] = r[3];
      seg.sizeBytes[i] = r[4];
      seg.reindexed![i] = r[5];
      i++;
    }
    seg.count = i;
    const events: EventWindow[] = [];
    for (const r of this.selectEvents.iterate()) {
      const c = cameraIndex.get(r[0]);
      if (c !== undefined) events.push({ camera: c, startMs: r[1], endMs: r[2], keepForever: r[3] === 1 });
    }
    const pins: PinWindow[] = [];
    for (const p of this.pins) {
      const c = cameraIndex.get(p.cameraId);
      if (c !== undefined) pins.push({ camera: c, startMs: p.startMs, endMs: p.endMs });
    }
    const plan = planSegmentRetention({
      segments: seg,
      cameras,
      events,
      pins,
      now: this.now(),
      quotaBytes: this.o.quotaBytes(),
      freeBytes: disk.free,
      totalDiskBytes: disk.total,
      floorSettingBytes: this.o.floorSettingBytes(),
      ...(this.o.bufferMs !== undefined ? { bufferMs: this.o.bufferMs } : {}),
    });
    return { ids, plan, planMs: performance.now() - t0 };
  }

  private async run(): Promise<SegmentPassResult> {
    const result: SegmentPassResult = { deleted: { age: 0, quota: 0, space: 0 }, deletedBytes: 0, floorBytes: 0, spaceShortBytes: 0, planMs: 0 };
    try {
      const { ids, plan, planMs } = await this.plan();
      result.planMs = planMs;
      result.floorBytes = plan.floorBytes;
      result.spaceShortBytes = plan.spaceShortBytes;
      this.totals.floorBytes = plan.floorBytes;
      this.totals.bitrateBytesPerSec = plan.bitrateBytesPerSec;
      const doomed: number[] = [];
      const reasonOf: number[] = [];
      for (let i = 0; i < plan.reasons.length; i++) {
        if (plan.reasons[i] !== 0) {
          doomed.push(ids[i]!);
          reasonOf.push(plan.reasons[i]!);
        }
      }
      const dirs = new Map<string, boolean>();
      const touchedDays = new Set<string>();
      for (let b = 0; b < doomed.length; b += BATCH) {
        const batch = doomed.slice(b, b + BATCH);
        const files: Array<{ path: string; size: number } | null> = batch.map((id) => {
          const r = this.pathStmt.get(id);
          return r ? { path: r.path, size: r.size_bytes } : null;
        });
        this.o.db.transaction(() => {
          for (const id of batch) this.markStmt.run(id);
        })();
        for (let k = 0; k < batch.length; k++) {
          const f = files[k];
          if (!f) continue;
          await this.unlinkSegment(f.path, dirs);
          touchedDays.add(path.dirname(path.resolve(this.o.dataRoot, f.path)));
          const reason = reasonOf[b + k];
          if (reason === REASON_AGE) result.deleted.age++;
          else if (reason === REASON_QUOTA) result.deleted.quota++;
          else if (reason === REASON_SPACE) result.deleted.space++;
          result.deletedBytes += f.size;
        }
        this.removeRows(batch);
      }
      await this.removeEmptyDayFolders(touchedDays);
      const n = result.deleted.age + result.deleted.quota + result.deleted.space;
      this.totals.lastRunAt = this.now();
      this.totals.deletedSegments += n;
      this.totals.deletedBytes += result.deletedBytes;
      this.totals.byAge += result.deleted.age;
      this.totals.byQuota += result.deleted.quota;
      this.totals.bySpace += result.deleted.space;
      this.totals.lastError =
        plan.spaceShortBytes > 0
          ? `The disk that holds the recordings is almost full (${formatBytes(plan.spaceShortBytes)} short of the ${formatBytes(plan.floorBytes)} kept free) and deleting old footage cannot free enough: something else fills the disk, or footage marked keep-forever does. Free some space or move the data folder to a bigger disk.`
          : plan.quotaOverBytes > 0
            ? `Footage marked keep-forever alone takes more than the recordings quota (${formatBytes(plan.quotaOverBytes)} over); raise the quota or un-mark events you no longer need.`
            : null;
      if (n) this.o.logger.info({ segments: n, bytes: result.deletedBytes, byAge: result.deleted.age, byQuota: result.deleted.quota, bySpace: result.deleted.space, planMs: Math.round(planMs) }, 'retention deleted recording segments');
      if (plan.spaceShortBytes > 0) this.o.logger.error({ shortBytes: plan.spaceShortBytes, floorBytes: plan.floorBytes }, 'disk almost full and no footage left to delete');
    } catch (err) {
      this.totals.lastError = `Cleaning up old recordings failed: ${err instanceof Error ? err.message : String(err)}`;
      this.o.logger.error({ err: this.totals.lastError }, 'segment retention pass failed');
    }
    return result;
  }

  private removeRows(ids: readonly number[]): void {
    this.o.db.transaction(() => {
      for (const id of ids) this.deleteStmt.run(id);
    })();
  }

  /** Unlinks a segment's file when it lies inside the recordings folder (through links too); a missing file is fine. */
  private async unlinkSegment(rel: string, dirs: Map<string, boolean>): Promise<void> {
    const abs = path.resolve(this.o.dataRoot, rel);
    if (!isInside(this.recordingsRoot, abs)) {
      this.o.logger.error({ path: rel.slice(0, 200) }, 'refusing to delete a segment outside the recordings folder');
      return;
    }
    const dir = path.dirname(abs);
    let ok = dirs.get(dir);
    if (ok === undefined) {
      try {
        const [realRoot, realDir] = await Promise.all([realpath(this.recordingsRoot), realpath(dir)]);
        ok = isInside(realRoot, realDir);
      } catch (err) {
        ok = (err as NodeJS.ErrnoException).code === 'ENOENT'; // folder gone: nothing left to delete there
      }
      dirs.set(dir, ok);
    }
    if (!ok) {
      this.o.logger.error({ path: rel.slice(0, 200) }, 'refusing to delete a segment through a linked folder');
      return;
    }
    try {
      await unlink(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /** Removes emptied day folders (recordings/<camera>/<YYYY-MM-DD>), never today's or yesterday's (still written to). */
  private async removeEmptyDayFolders(dirs: Set<string>): Promise<void> {
    const now = this.now();
    const recent = new Set([dayFolderName(now), dayFolderName(now - 86_400_000)]);
    for (const dir of dirs) {
      const name = path.basename(dir);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(name) || recent.has(name)) continue;
      if (path.dirname(path.dirname(dir)) !== this.recordingsRoot) continue;
      try {
        if ((await readdir(dir)).length === 0) await rmdir(dir);
      } catch {
        // not empty, or gone
      }
    }
  }
}
