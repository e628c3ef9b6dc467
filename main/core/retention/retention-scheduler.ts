// The one retention scheduler: runs its passes in their order (caches, segments, events, snapshots, activity) at
// start-up (recover), then now and on every interval, and at once when free space falls under the floor. Runs never
// overlap (a caller during a run joins it); a pass never throws (its errors live in its own summary; one that throws
// anyway is counted unresolved and the run goes on). close() lets the pass under way finish and starts none after it.
// The interval is read again on every tick, so a changed setting applies without a restart.
import type { Logger } from '../logging/logger.ts';
import { capFloor } from './segment-retention-plan.ts';
import { errorMessage } from '../../../preload/format.ts';

export type PassName = 'caches' | 'segments' | 'events' | 'snapshots' | 'activity';

/** The order passes run in: what frees most space without losing anything recorded first, rows' files before rows. */
export const PASS_ORDER: readonly PassName[] = ['caches', 'segments', 'events', 'snapshots', 'activity'];

/** How start-up recovery treats the folder. */
export interface RecoverContext {
  /** The database is not the folder's own: its tombstones' files are not deleted, and nothing is swept. */
  keepFiles: boolean;
  /** Files last written before this time (ms) were not written by this database: never swept. */
  ownSince: number;
}

export interface PassOutcome {
  /** Rows (or files) deleted. */
  deleted: number;
  bytes: number;
  /** The pass could not do its job (an error, or nothing left to delete while short of space). */
  unresolved: boolean;
}

/** One run: what its passes read once, so that every pass of a run sees the same settings. */
export class RunScope {
  private readonly values = new Map<string, unknown>();

  /** `read()` at the first call of the run, the same value after. */
  once<T>(key: string, read: () => T): T {
    if (!this.values.has(key)) this.values.set(key, read());
    return this.values.get(key) as T;
  }
}

export interface RetentionPass {
  readonly name: PassName;
  /** Start-up: finish what a crash interrupted. */
  recover?(ctx: RecoverContext): Promise<unknown>;
  /** One pass of a run. Never throws. */
  runPass?(scope: RunScope): Promise<PassOutcome>;
}

/** The free-space floor the scheduler watches between runs. */
export interface FloorWatch {
  /** The folder whose disk holds the footage. */
  dir(): string;
  bytes(): number;
  diskSpace(dir: string): Promise<{ free: number; total: number }>;
}

export type RunOutcomes = Partial<Record<PassName, PassOutcome>>;

export interface RetentionSchedulerOptions {
  passes: readonly RetentionPass[];
  floor: FloorWatch;
  logger: Logger;
  now: () => number;
  /** How often free space is checked against the floor between runs (a run starts at once under it). */
  floorCheckMs?: number;
}

/** A run that left something unresolved is not repeated by the floor check more than once a minute. */
const UNRESOLVED_RETRY_MS = 60_000;

export class RetentionScheduler {
  private readonly passes: RetentionPass[];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RunOutcomes> | null = null;
  private unresolvedAt: number | null = null;
  /** close() was called: the database is about to close, no pass starts any more. */
  private closed = false;

  constructor(private readonly o: RetentionSchedulerOptions) {
    const rank = (p: RetentionPass) => PASS_ORDER.indexOf(p.name);
    this.passes = [...o.passes].sort((a, b) => rank(a) - rank(b));
  }

  /** The passes' names in the order they run. */
  order(): PassName[] {
    return this.passes.map((p) => p.name);
  }

  /** Start-up: every pass finishes what a crash interrupted, in order. */
  async recover(ctx: RecoverContext): Promise<void> {
    for (const pass of this.passes) await pass.recover?.(ctx);
  }

  /** Runs now, then every interval; between runs, a cheap free-space check every floorCheckMs. */
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

  /**
   * The engine stops: no run starts and no pass of the run under way starts any more; resolves when the pass that is
   * running has finished, so the database can be closed under nobody (a pass reading a closed database once made an
   * unhandled rejection at shutdown).
   */
  async close(): Promise<void> {
    this.stop();
    this.closed = true;
    await this.running;
  }

  /** Runs every pass in order; joins a run already under way. */
  runOnce(): Promise<RunOutcomes> {
    if (this.closed) return Promise.resolve({});
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<RunOutcomes> {
    const outcomes: RunOutcomes = {};
    let unresolved = false;
    const scope = new RunScope();
    for (const pass of this.passes) {
      if (this.closed) break;
      if (!pass.runPass) continue;
      let outcome: PassOutcome;
      try {
        outcome = await pass.runPass(scope);
      } catch (err) {
        // A pass is not to throw; if one does, the run goes on and the next run tries it again.
        this.o.logger.error({ pass: pass.name, err: errorMessage(err) }, 'a retention pass failed');
        outcome = { deleted: 0, bytes: 0, unresolved: true };
      }
      outcomes[pass.name] = outcome;
      if (outcome.unresolved) unresolved = true;
    }
    this.unresolvedAt = unresolved ? this.o.now() : null;
    return outcomes;
  }

  private async checkFloor(): Promise<void> {
    if (this.running) return;
    // A run that found nothing left to delete is not repeated every few seconds: once a minute is enough then.
    if (this.unresolvedAt !== null && this.o.now() - this.unresolvedAt < UNRESOLVED_RETRY_MS) return;
    try {
      const disk = await this.o.floor.diskSpace(this.o.floor.dir());
      const floor = capFloor(this.o.floor.bytes(), disk.total);
      if (disk.free < floor) {
        this.o.logger.warn({ freeBytes: disk.free, floorBytes: floor }, 'free space under the floor: cleaning up now');
        await this.runOnce();
      }
    } catch {
      // the next run reports disk problems
    }
  }
}
