// One worker thread kept alive: when it exits (a crash, a native fault, an owner that ended it because it hung) a
// replacement is started, at once after a healthy life, with a growing delay (preload/backoff.ts) after deaths of
// workers that never became healthy, so a script that cannot even start does not spin; after too many such deaths in
// a row it gives up and says why. The owner (the motion pool, the person detector) keeps what the worker was doing:
// it attaches its listeners to every new worker (onStart) and fails what the dead one held (onGone).
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/logger.ts';
import { backoffDelay } from '../../../preload/backoff.ts';

export type SupervisedState = 'idle' | 'running' | 'restarting' | 'gave-up' | 'closed';

export interface RestartPolicy {
  /** Delay before replacing a worker that died after being healthy (default 0: at once). */
  afterHealthyMs?: number;
  /** Delay before replacing a worker that died before it was healthy; doubles with each such death in a row. */
  firstMs: number;
  maxMs: number;
  /** A worker that lived this long is healthy (default: only markHealthy() makes it so). */
  healthyAfterMs?: number;
  /** After this many deaths in a row of workers that never became healthy, no more restarts (default: never). */
  giveUpAfter?: number;
}

export interface WorkerGone {
  /** Why it went, a sentence (the owner's note, or its exit code). */
  reason: string;
  code: number;
  /** When the replacement starts; null when none will (gave up, or closed). */
  restartInMs: number | null;
}

export interface SupervisedWorkerOptions<Started> {
  /** What the worker is, for sentences and logs: 'the detection worker'. */
  name: string;
  logger: Logger;
  /** Extra fields on the supervisor's log lines (the worker's index, its cameras), asked when a line is written. */
  logFields?: () => Record<string, unknown>;
  create: () => Worker;
  policy: RestartPolicy;
  /** Every new worker (the first and each replacement), before anything is sent to it: attach listeners, set it up. */
  onStart: (worker: Worker, restarted: boolean) => Started;
  /** The worker is gone: fail what it held. Calling giveUp() here prevents the restart. */
  onGone: (gone: WorkerGone) => void;
  now?: () => number;
}

export class SupervisedWorker<Started = void> {
  private current: Worker | null = null;
  private stateName: SupervisedState = 'idle';
  private startedAt = 0;
  private healthy = false;
  /** Deaths in a row of workers that never became healthy. */
  private unhealthyDeaths = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Why the current worker is going (set by its owner before it ends). */
  private note: string | null = null;
  private lastGone: string | null = null;
  private restartCount = 0;
  private readonly now: () => number;

  constructor(private readonly options: SupervisedWorkerOptions<Started>) {
    this.now = options.now ?? Date.now;
  }

  /** Starts the first worker; returns what onStart returned for it. */
  start(): Started {
    if (this.stateName !== 'idle') throw new Error(`${this.options.name} was already started`);
    return this.spawn(false);
  }

  /** The running worker; null while it is being replaced, after giving up and after close(). */
  get worker(): Worker | null {
    return this.current;
  }

  get state(): SupervisedState {
    return this.stateName;
  }

  /** Replacements started so far. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Why the last worker went (null while the first one runs). */
  get reason(): string | null {
    return this.lastGone;
  }

  /** The current worker proved itself (it answered): its death will not count towards giving up. */
  markHealthy(): void {
    this.healthy = true;
  }

  /** Notes why the current worker is about to go; reported with its exit (the latest note wins). */
  noteFailure(reason: string): void {
    if (this.current) this.note = reason;
  }

  /** Ends the current worker (it hung, or cannot do its job); it is replaced by the policy. */
  end(reason: string): void {
    const worker = this.current;
    if (!worker) return;
    this.note = reason;
    void worker.terminate();
  }

  /** No more restarts (from onGone: a worker that never came up; or an owner that knows it is hopeless). */
  giveUp(reason: string): void {
    if (this.stateName === 'closed') return;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.stateName = 'gave-up';
    this.lastGone = reason;
  }

  /** Stops the worker for good; onGone is not called for it. */
  async close(): Promise<void> {
    this.stateName = 'closed';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const worker = this.current;
    this.current = null;
    await worker?.terminate();
  }

  private spawn(restarted: boolean): Started {
    const worker = this.options.create();
    this.current = worker;
    this.stateName = 'running';
    this.startedAt = this.now();
    this.healthy = false;
    this.note = null;
    const started = this.options.onStart(worker, restarted);
    worker.on('exit', (code) => this.onExit(worker, code));
    return started;
  }

  private onExit(worker: Worker, code: number): void {
    if (worker !== this.current || this.stateName === 'closed') return;
    this.current = null;
    const policy = this.options.policy;
    const lived = this.now() - this.startedAt;
    const healthy = this.healthy || (policy.healthyAfterMs !== undefined && lived >= policy.healthyAfterMs);
    const reason = this.note ?? `${this.options.name} stopped unexpectedly (exit code ${code})`;
    this.lastGone = reason;
    this.unhealthyDeaths = healthy ? 0 : this.unhealthyDeaths + 1;
    const givingUp = policy.giveUpAfter !== undefined && this.unhealthyDeaths >= policy.giveUpAfter;
    const delay = healthy ? (policy.afterHealthyMs ?? 0) : backoffDelay(this.unhealthyDeaths - 1, { firstMs: policy.firstMs, maxMs: policy.maxMs });
    this.stateName = givingUp ? 'gave-up' : 'restarting';
    if (givingUp) this.lastGone = this.gaveUpSentence(reason);
    this.options.onGone({ reason: this.lastGone, code, restartInMs: givingUp ? null : delay });
    // onGone may have given up or closed.
    if (this.stateName !== 'restarting') {
      if (this.stateName === 'gave-up') this.options.logger.error({ ...this.options.logFields?.(), code, reason: this.lastGone }, `${this.options.name} stopped for good`);
      return;
    }
    this.options.logger.warn({ ...this.options.logFields?.(), code, reason, restartInMs: delay }, `${this.options.name} stopped: restarting it`);
    const restart = () => {
      this.restartTimer = null;
      if (this.stateName !== 'restarting') return;
      this.restartCount++;
      this.spawn(true);
    };
    if (delay === 0) {
      restart();
      return;
    }
    this.restartTimer = setTimeout(restart, delay);
    this.restartTimer.unref();
  }

  private gaveUpSentence(reason: string): string {
    return `${this.options.name} stopped ${this.unhealthyDeaths} times in a row soon after starting and is no longer restarted. The last time: ${reason}. Restart ShopWatch NVR; if it happens again, report it.`;
  }
}
