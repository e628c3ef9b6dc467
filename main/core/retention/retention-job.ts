// Retention, put together: the only code that deletes. One scheduler (retention-scheduler.ts) runs the passes in order,
// caches → segments → events → snapshots → activity, all through one deleter (retention-deleter.ts: tombstone, files,
// rows), with every query in the storage repositories. A crash at any point leaves either a visible row with its
// files, or a tombstone that recover() finishes; never a visible row pointing at a missing file, never an orphan file
// after recover(). Only files this database indexed are deleted: a database that is not the folder's own finishes its
// tombstones as rows only and sweeps nothing.
import type { Db } from '../storage/database.ts';
import type { Logger } from '../logging/logger.ts';
import { ActivityRepository } from '../storage/activity-repository.ts';
import { pruneVisitorMinutes } from '../storage/visitor-repository.ts';
import { EventRetentionRepository } from '../storage/event-retention-repository.ts';
import { diskSpace } from './disk-space.ts';
import { ActivityPass } from './activity-pass.ts';
import { CachePass, type RetentionCache } from './cache-pass.ts';
import { EventPass, type EventRetentionSummary } from './event-pass.ts';
import { RetentionDeleter } from './retention-deleter.ts';
import { RetentionScheduler, type FloorWatch, type PassName, type RetentionPass } from './retention-scheduler.ts';
import type { SegmentRetentionJob, SegmentRetentionSummary } from './segment-retention-job.ts';
import { SnapshotPass } from './snapshot-pass.ts';

export interface RetentionOptions {
  db: Db;
  dataRoot: string;
  logger: Logger;
  floorBytes: () => number;
  retainDays: () => Map<string, number>;
  now?: () => number;
  /** Free/total bytes of the data folder's disk (tests substitute a small disk). */
  diskSpace?: (dir: string) => Promise<{ free: number; total: number }>;
  /** The segments pass: recovered at start-up and run in every run before events (footage holds the space). */
  segments?: SegmentRetentionJob;
  /** How often free space is checked against the floor between runs (a run starts at once under it). */
  floorCheckMs?: number;
  /** What can go first when free space is under the floor, before any footage or event (the clip cache). */
  caches?: ReadonlyArray<RetentionCache>;
  /** The one deleter (the segments pass is given the same one by buildRetention). */
  deleter?: RetentionDeleter;
}

export interface RetentionSummary extends EventRetentionSummary {
  segments?: SegmentRetentionSummary;
}

export class RetentionJob {
  private readonly scheduler: RetentionScheduler;
  private readonly events: EventPass;
  private readonly footage: SegmentRetentionJob | null;

  constructor(o: RetentionOptions) {
    const now = o.now ?? Date.now;
    const disk = o.diskSpace ?? diskSpace;
    const deleter = o.deleter ?? new RetentionDeleter({ dataRoot: o.dataRoot, logger: o.logger });
    const rows = new EventRetentionRepository(o.db);
    this.footage = o.segments ?? null;
    // The floor between runs and for the caches: the footage's (measured from the bitrate) on the footage's disk.
    const floor: FloorWatch = {
      dir: () => this.footage?.diskDir() ?? o.dataRoot,
      bytes: () => this.footage?.floorBytes() ?? o.floorBytes(),
      diskSpace: disk,
    };
    this.events = new EventPass({ rows, deleter, dataRoot: o.dataRoot, logger: o.logger, now, floorBytes: o.floorBytes, retainDays: o.retainDays, diskSpace: disk });
    const passes: RetentionPass[] = [
      new CachePass({ caches: o.caches ?? [], floor, dataRoot: o.dataRoot, logger: o.logger }),
      ...(this.footage ? [this.footage] : []),
      this.events,
      new SnapshotPass({ dataRoot: o.dataRoot, logger: o.logger, deleter, referencedFiles: () => rows.referencedFiles() }),
      new ActivityPass({
        activity: new ActivityRepository(o.db),
        visitors: { deleteBefore: (cameraId, beforeMs) => pruneVisitorMinutes(o.db, cameraId, beforeMs) },
        retainDays: o.retainDays,
        now,
      }),
    ];
    this.scheduler = new RetentionScheduler({ passes, floor, logger: o.logger, now, ...(o.floorCheckMs !== undefined ? { floorCheckMs: o.floorCheckMs } : {}) });
  }

  /** The recording segments' pass, when footage is cleaned with events (exports pin ranges on it). */
  get segments(): SegmentRetentionJob | null {
    return this.footage;
  }

  /** The passes in the order every run takes them. */
  order(): PassName[] {
    return this.scheduler.order();
  }

  summary(): RetentionSummary {
    const events = this.events.summary();
    return this.footage ? { ...events, segments: this.footage.summary() } : events;
  }

  /**
   * Start-up: finish deletions a crash interrupted, then remove files that no row refers to. `sweep: false` (the
   * database is not the folder's own) sweeps nothing and finishes its tombstones as rows only; files last written
   * before `ownSince` (before it got the folder's identity) are never swept.
   */
  recover(opts: { sweep?: boolean; ownSince?: number } = {}): Promise<void> {
    return this.scheduler.recover({ keepFiles: opts.sweep === false, ownSince: opts.ownSince ?? 0 });
  }

  /** Runs now, then every interval (read again on every tick); a free-space check between runs. */
  start(interval: number | (() => number)): void {
    this.scheduler.start(interval);
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** The engine stops: resolves once the pass under way has finished; nothing starts after it. */
  close(): Promise<void> {
    return this.scheduler.close();
  }

  /** Runs at once (the recorder reports a full disk); joins a run already under way. */
  runNow(): Promise<{ deletedEvents: number; deletedBytes: number }> {
    return this.runOnce();
  }

  async runOnce(): Promise<{ deletedEvents: number; deletedBytes: number }> {
    const events = (await this.scheduler.runOnce()).events;
    return { deletedEvents: events?.deleted ?? 0, deletedBytes: events?.bytes ?? 0 };
  }

  /** Deletes one event now (the owner asked), the same safe way. */
  deleteEvent(id: string): Promise<void> {
    return this.events.deleteEvent(id);
  }
}
