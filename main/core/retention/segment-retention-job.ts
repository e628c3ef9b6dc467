// The segments pass: reads the index as columns, plans with segment-retention-plan.ts (pure), and deletes through the
// deleter in batches: tombstone the rows (committed) → unlink the files → delete the rows. A crash in between leaves
// tombstones that recover() finishes at the next start; playback never sees a tombstoned row. Files are unlinked only
// inside the recordings folder, resolved through links. Runs never overlap. Counts by reason are kept for health.
import { existsSync } from 'node:fs';
import { readdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../storage/database.ts';
import type { Logger } from '../logging/logger.ts';
import { SegmentRepository } from '../storage/segment-repository.ts';
import { EventRetentionRepository } from '../storage/event-retention-repository.ts';
import { dayFolderName } from '../config/data-dir.ts';
import { diskSpace } from './disk-space.ts';
import type { RecordingRetentionStatus } from '../../../preload/contract.ts';
import { DEFAULT_CAMERA_POLICY } from './camera-policy.ts';
import { RetentionDeleter } from './retention-deleter.ts';
import type { PassOutcome, RecoverContext, RetentionPass } from './retention-scheduler.ts';
import { footageDiskShort, keepForeverOverQuota, passFailed } from './retention-sentences.ts';
import {
  planSegmentRetention,
  REASON_AGE,
  REASON_QUOTA,
  REASON_SPACE,
  type CameraPolicy,
  type EventWindow,
  type PinWindow,
  type SegmentColumns,
} from './segment-retention-plan.ts';

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
  /** The one deleter retention shares (one is made when not given). */
  deleter?: RetentionDeleter;
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

export class SegmentRetentionJob implements RetentionPass {
  readonly name = 'segments';
  private readonly o: SegmentRetentionOptions;
  private readonly now: () => number;
  private readonly recordingsRoot: string;
  private readonly segments: SegmentRepository;
  private readonly events: EventRetentionRepository;
  private readonly deleter: RetentionDeleter;
  private readonly pins = new Set<{ cameraId: string; startMs: number; endMs: number }>();
  private running: Promise<SegmentPassResult> | null = null;
  private readonly totals: SegmentRetentionSummary = {
    lastRunAt: null, deletedSegments: 0, deletedBytes: 0, byAge: 0, byQuota: 0, bySpace: 0, floorBytes: 0, bitrateBytesPerSec: 0, lastError: null,
  };

  constructor(o: SegmentRetentionOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
    this.recordingsRoot = path.resolve(o.dataRoot, 'recordings');
    this.segments = new SegmentRepository(o.db);
    this.events = new EventRetentionRepository(o.db);
    this.deleter = o.deleter ?? new RetentionDeleter({ dataRoot: o.dataRoot, logger: o.logger });
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
  async recover(opts: Partial<RecoverContext> = {}): Promise<number> {
    const rows = this.segments.deleting().map((r) => ({ id: r.id, files: [r.path] }));
    if (rows.length === 0) return 0;
    await this.deleter.delete(this.segments, rows, { ...this.target(), tombstoned: true, keepFiles: opts.keepFiles ?? false });
    this.o.logger.warn({ segments: rows.length }, 'finished segment deletions interrupted by a crash');
    return rows.length;
  }

  runOnce(): Promise<SegmentPassResult> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The scheduler's pass: a run, and whether it left the disk short (or failed). */
  async runPass(): Promise<PassOutcome> {
    const r = await this.runOnce();
    const deleted = r.deleted.age + r.deleted.quota + r.deleted.space;
    return { deleted, bytes: r.deletedBytes, unresolved: this.totals.lastError !== null };
  }

  /** Reads the index and plans; no deletion (benchmarks, and the first half of a pass). */
  async plan(): Promise<{ ids: Float64Array; plan: ReturnType<typeof planSegmentRetention>; planMs: number }> {
    const t0 = performance.now();
    const disk = await (this.o.diskSpace ?? diskSpace)(this.diskDir());
    const { ids, seg, cameraIndex, cameras } = this.readColumns(this.o.policies());
    const events: EventWindow[] = [];
    for (const r of this.events.windows()) {
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

  /** The live index as typed columns, cameras numbered in the order they first appear. No await: rows cannot change. */
  private readColumns(policies: Map<string, CameraPolicy>) {
    const cameraIndex = new Map<string, number>();
    const cameras: CameraPolicy[] = [];
    const indexOf = (id: string): number => {
      let i = cameraIndex.get(id);
      if (i === undefined) {
        i = cameras.length;
        cameraIndex.set(id, i);
        cameras.push(policies.get(id) ?? DEFAULT_CAMERA_POLICY); // a removed camera's footage follows the defaults
      }
      return i;
    };
    const count = this.segments.liveCount();
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
    for (const r of this.segments.retentionColumns()) {
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
    return { ids, seg, cameraIndex, cameras };
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
      const touchedDays = new Set<string>();
      for (let b = 0; b < doomed.length; b += BATCH) {
        const batch: Array<{ id: number; files: string[]; size: number; reason: number }> = [];
        for (let k = b; k < Math.min(doomed.length, b + BATCH); k++) {
          const f = this.segments.fileOf(doomed[k]!);
          if (f) batch.push({ id: doomed[k]!, files: [f.path], size: f.sizeBytes, reason: reasonOf[k]! });
        }
        for (const dir of await this.deleter.delete(this.segments, batch, this.target())) touchedDays.add(dir);
        for (const d of batch) {
          if (d.reason === REASON_AGE) result.deleted.age++;
          else if (d.reason === REASON_QUOTA) result.deleted.quota++;
          else if (d.reason === REASON_SPACE) result.deleted.space++;
          result.deletedBytes += d.size;
        }
      }
      await this.removeEmptyDayFolders(touchedDays);
      this.count(result);
      this.totals.lastError =
        plan.spaceShortBytes > 0 ? footageDiskShort(plan.spaceShortBytes, plan.floorBytes) : plan.quotaOverBytes > 0 ? keepForeverOverQuota(plan.quotaOverBytes) : null;
      const n = result.deleted.age + result.deleted.quota + result.deleted.space;
      if (n) this.o.logger.info({ segments: n, bytes: result.deletedBytes, byAge: result.deleted.age, byQuota: result.deleted.quota, bySpace: result.deleted.space, planMs: Math.round(planMs) }, 'retention deleted recording segments');
      if (plan.spaceShortBytes > 0) this.o.logger.error({ shortBytes: plan.spaceShortBytes, floorBytes: plan.floorBytes }, 'disk almost full and no footage left to delete');
    } catch (err) {
      this.totals.lastError = passFailed('recordings', err);
      this.o.logger.error({ err: this.totals.lastError }, 'segment retention pass failed');
    }
    return result;
  }

  private count(result: SegmentPassResult): void {
    this.totals.lastRunAt = this.now();
    this.totals.deletedSegments += result.deleted.age + result.deleted.quota + result.deleted.space;
    this.totals.deletedBytes += result.deletedBytes;
    this.totals.byAge += result.deleted.age;
    this.totals.byQuota += result.deleted.quota;
    this.totals.bySpace += result.deleted.space;
  }

  /** A segment's file lies inside the recordings folder. */
  private target() {
    return { folder: this.recordingsRoot, what: 'segment' };
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
