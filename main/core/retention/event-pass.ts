// The events pass: plans with retention-plan.ts (by each camera's days, then the free-space floor, oldest first) and
// deletes through the deleter, snapshot files before rows; also one event on request, the same safe way. At start-up
// it finishes the tombstones a crash left (only their rows, when the database is not the folder's own).
import path from 'node:path';
import type { Logger } from '../logging/logger.ts';
import type { EventRetentionRepository } from '../storage/event-retention-repository.ts';
import { planRetention } from './retention-plan.ts';
import type { DoomedRow, RetentionDeleter } from './retention-deleter.ts';
import { RunScope, type PassOutcome, type RecoverContext, type RetentionPass } from './retention-scheduler.ts';
import { capFloor } from './segment-retention-plan.ts';
import { removeEmptyParents } from './snapshot-pass.ts';
import { eventsDiskShort, passFailed } from './retention-sentences.ts';

export interface EventPassOptions {
  rows: EventRetentionRepository;
  deleter: RetentionDeleter;
  dataRoot: string;
  logger: Logger;
  now: () => number;
  floorBytes: () => number;
  /** Days per camera; cameras not listed keep the schema's default (DEFAULT_RETAIN_DAYS). */
  retainDays: () => ReadonlyMap<string, number>;
  /** Free/total bytes of the data folder's disk. */
  diskSpace: (dir: string) => Promise<{ free: number; total: number }>;
}

/** What the events pass has done so far (shown in health). */
export interface EventRetentionSummary {
  lastRunAt: number | null;
  deletedEvents: number;
  deletedBytes: number;
  lastError: string | null;
}

const BATCH = 500;

export class EventPass implements RetentionPass {
  readonly name = 'events';
  private readonly totals: EventRetentionSummary = { lastRunAt: null, deletedEvents: 0, deletedBytes: 0, lastError: null };

  constructor(private readonly o: EventPassOptions) {}

  summary(): EventRetentionSummary {
    return { ...this.totals };
  }

  async recover(ctx: RecoverContext): Promise<void> {
    const tombstones = this.o.rows.tombstoned();
    if (!tombstones.length) return;
    const dirs = await this.o.deleter.delete(this.o.rows, tombstones, { ...this.target(), tombstoned: true, keepFiles: ctx.keepFiles });
    await this.tidy(dirs);
    this.o.logger.warn({ events: tombstones.length }, 'finished deletions interrupted by a crash');
  }

  async runPass(scope: RunScope = new RunScope()): Promise<PassOutcome> {
    const outcome: PassOutcome = { deleted: 0, bytes: 0, unresolved: false };
    try {
      const disk = await this.o.diskSpace(this.o.dataRoot);
      const plan = planRetention({
        events: this.o.rows.candidates(),
        now: this.o.now(),
        retainDays: scope.once('retainDays', this.o.retainDays),
        freeBytes: disk.free,
        floorBytes: capFloor(this.o.floorBytes(), disk.total),
      });
      const byReason = { age: 0, space: 0 };
      for (let b = 0; b < plan.deletions.length; b += BATCH) {
        const batch = plan.deletions.slice(b, b + BATCH);
        const doomed: Array<DoomedRow<string>> = batch.map((d) => ({ id: d.id, files: this.o.rows.files(d.id) ?? [] }));
        await this.tidy(await this.o.deleter.delete(this.o.rows, doomed, this.target()));
        for (const d of batch) {
          byReason[d.reason]++;
          outcome.deleted++;
          outcome.bytes += d.bytes;
        }
      }
      this.totals.lastRunAt = this.o.now();
      this.totals.deletedEvents += outcome.deleted;
      this.totals.deletedBytes += outcome.bytes;
      this.totals.lastError = plan.spaceShortBytes > 0 ? eventsDiskShort(disk.free) : null;
      outcome.unresolved = plan.spaceShortBytes > 0;
      if (plan.spaceShortBytes > 0) this.o.logger.error({ freeBytes: disk.free, shortBytes: plan.spaceShortBytes }, 'disk almost full');
      if (outcome.deleted) {
        this.o.logger.info({ deletedEvents: outcome.deleted, deletedBytes: outcome.bytes, byAge: byReason.age, bySpace: byReason.space }, 'retention deleted old events');
      }
    } catch (err) {
      this.totals.lastError = passFailed('events', err);
      this.o.logger.error({ err: this.totals.lastError }, 'retention run failed');
      outcome.unresolved = true;
    }
    return outcome;
  }

  /** Deletes one event now (the owner asked). */
  async deleteEvent(id: string): Promise<void> {
    const bytes = this.o.rows.bytes(id);
    await this.tidy(await this.o.deleter.delete(this.o.rows, [{ id, files: this.o.rows.files(id) ?? [] }], this.target()));
    this.totals.deletedEvents++;
    this.totals.deletedBytes += bytes;
    this.o.logger.info({ eventId: id, bytes }, 'event deleted on request');
  }

  /** An event's files lie inside the data folder (its snapshots). */
  private target() {
    return { folder: path.resolve(this.o.dataRoot), what: 'snapshot' };
  }

  private async tidy(dirs: Set<string>): Promise<void> {
    for (const dir of dirs) await removeEmptyParents(this.o.dataRoot, dir);
  }
}
