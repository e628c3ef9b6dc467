// The motion worker pool: a few worker threads (cores − 1, at least one), each camera pinned to one worker where its
// background model lives. Frames are transferred to the worker and back. A worker that dies is restarted and its
// cameras configured again (they relearn the background); requests it had are rejected, never left hanging.
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import type { Logger } from '../logging/logger.ts';
import { workerScriptPath } from '../util/worker-path.ts';
import type { MotionConfig, MotionRequest, MotionResponse, MotionResult } from '../../../native-workers/motion/motion-types.ts';
import { FrameError } from '../util/frame-error.ts';

export interface MotionPoolOptions {
  logger: Logger;
  size?: number;
  workerPath?: string;
}

export interface MotionAnalysis {
  result: MotionResult;
  frame: ArrayBuffer;
  analysisMs: number;
}

/** A failed analysis; `frame` is the buffer when it came back (give it back to the capture pool). */
/** A motion request that failed; `frame` is the caller's buffer when it came back (see util/frame-error.ts). */
export class MotionError extends FrameError {
  constructor(message: string, frame: ArrayBuffer | null) {
    super(message, frame);
    this.name = 'MotionError';
  }
}

interface Pending {
  resolve: (a: MotionAnalysis) => void;
  reject: (e: MotionError) => void;
}

interface Slot {
  worker: Worker;
  /** False from the worker's exit until its replacement is spawned (requests are refused meanwhile). */
  alive: boolean;
  /** When it was spawned (Date.now()), to tell a worker that cannot even start from one that crashed once. */
  startedAt: number;
  /** Deaths in a row, each within FAST_DEATH_MS of the start: restarts back off so a broken script does not spin. */
  fastDeaths: number;
  cameras: Set<string>;
  /** Pending requests by `${cameraId}\u0000${seq}`. */
  pending: Map<string, Pending>;
}

interface CameraEntry {
  slot: number;
  width: number;
  height: number;
  config: MotionConfig;
}

const key = (cameraId: string, seq: number) => `${cameraId}\u0000${seq}`;

/** A worker that dies sooner than this after its start counts as a fast death (restarts then back off). */
const FAST_DEATH_MS = 2000;
const RESTART_BASE_MS = 250;
const RESTART_MAX_MS = 30_000;

export class MotionPool {
  private readonly logger: Logger;
  private readonly workerPath: string;
  private readonly slots: Slot[] = [];
  private readonly cameras = new Map<string, CameraEntry>();
  private closed = false;
  private counters = { analysed: 0, errors: 0, restarts: 0 };
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  /** Last configuration problem per camera (a sentence), for health. */
  readonly problems = new Map<string, string>();

  constructor(options: MotionPoolOptions) {
    this.logger = options.logger;
    this.workerPath = options.workerPath ?? workerScriptPath('motion-worker');
    const size = options.size ?? Math.max(1, Math.min(4, os.availableParallelism() - 1));
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i, new Set(), 0));
  }

  configure(cameraId: string, width: number, height: number, config: MotionConfig): void {
    if (this.closed) return;
    let entry = this.cameras.get(cameraId);
    if (!entry) {
      entry = { slot: this.leastLoaded(), width, height, config };
      this.cameras.set(cameraId, entry);
      this.slots[entry.slot]!.cameras.add(cameraId);
    } else {
      entry.width = width;
      entry.height = height;
      entry.config = config;
    }
    this.post(entry.slot, { type: 'configure', cameraId, width, height, config });
  }

  analyze(cameraId: string, seq: number, time: number, frame: ArrayBuffer): Promise<MotionAnalysis> {
    const entry = this.cameras.get(cameraId);
    if (this.closed || !entry) return Promise.reject(new MotionError(this.closed ? 'motion pool closed' : 'camera not configured', frame));
    if (frame.byteLength === 0) return Promise.reject(new MotionError('the frame buffer is empty (already transferred?)', null));
    const slot = this.slots[entry.slot]!;
    if (!slot.alive) return Promise.reject(new MotionError('the motion worker is restarting', frame));
    const k = key(cameraId, seq);
    if (slot.pending.has(k)) {
      return Promise.reject(new MotionError(`frame ${seq} of camera ${cameraId} is already being analysed`, frame));
    }
    return new Promise<MotionAnalysis>((resolve, reject) => {
      slot.pending.set(k, { resolve, reject });
      const msg: MotionRequest = { type: 'analyze', cameraId, seq, time, frame };
      try {
        slot.worker.postMessage(msg, [frame]);
      } catch (err) {
        slot.pending.delete(k);
        this.counters.errors++;
        const reason = err instanceof Error ? err.message : String(err);
        reject(new MotionError(`the frame could not be sent to the motion worker: ${reason}`, frame.byteLength ? frame : null));
      }
    });
  }

  remove(cameraId: string): void {
    const entry = this.cameras.get(cameraId);
    if (!entry) return;
    this.cameras.delete(cameraId);
    this.problems.delete(cameraId);
    const slot = this.slots[entry.slot]!;
    slot.cameras.delete(cameraId);
    if (!this.closed) this.post(entry.slot, { type: 'remove', cameraId });
  }

  stats(): { workers: number; cameras: number; analysed: number; errors: number; restarts: number } {
    return { workers: this.slots.length, cameras: this.cameras.size, ...this.counters };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.restartTimers) clearTimeout(t);
    this.restartTimers.clear();
    await Promise.all(
      this.slots.map(async (slot) => {
        this.failPending(slot, 'motion pool closed');
        slot.worker.removeAllListeners('exit');
        await slot.worker.terminate();
      }),
    );
  }

  private leastLoaded(): number {
    let best = 0;
    for (let i = 1; i < this.slots.length; i++) if (this.slots[i]!.cameras.size < this.slots[best]!.cameras.size) best = i;
    return best;
  }

  private post(index: number, msg: MotionRequest): void {
    const slot = this.slots[index]!;
    // While a worker is down the message has nowhere to go; its replacement is configured from `cameras`.
    if (slot.alive) slot.worker.postMessage(msg);
  }

  private spawn(index: number, cameras: Set<string>, fastDeaths: number): Slot {
    const worker = new Worker(this.workerPath);
    worker.unref();
    const slot: Slot = { worker, alive: true, startedAt: Date.now(), fastDeaths, cameras, pending: new Map() };
    worker.on('message', (msg: MotionResponse) => this.onMessage(slot, msg));
    worker.on('error', (err) => {
      this.logger.error({ worker: index, err: err.message }, 'motion worker crashed');
    });
    worker.on('exit', (code) => {
      slot.alive = false;
      if (this.closed) return;
      this.counters.errors += slot.pending.size;
      this.failPending(slot, 'the motion worker stopped');
      const fast = Date.now() - slot.startedAt < FAST_DEATH_MS;
      const fastDeaths = fast ? slot.fastDeaths + 1 : 0;
      const delayMs = fast ? Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** (fastDeaths - 1)) : 0;
      this.logger.warn({ worker: index, code, cameras: [...slot.cameras], restartInMs: delayMs }, 'motion worker stopped: restarting it');
      const restart = () => {
        if (this.closed) return;
        this.counters.restarts++;
        const fresh = this.spawn(index, slot.cameras, fastDeaths);
        this.slots[index] = fresh;
        for (const cameraId of fresh.cameras) {
          const c = this.cameras.get(cameraId);
          if (c) this.post(index, { type: 'configure', cameraId, width: c.width, height: c.height, config: c.config });
        }
      };
      if (delayMs === 0) {
        restart();
        return;
      }
      const timer = setTimeout(() => {
        this.restartTimers.delete(timer);
        restart();
      }, delayMs);
      timer.unref();
      this.restartTimers.add(timer);
    });
    return slot;
  }

  private onMessage(slot: Slot, msg: MotionResponse): void {
    if (msg.type === 'error' && msg.seq === null) {
      // A configuration the worker refused: the camera keeps its previous settings there.
      this.problems.set(msg.cameraId, msg.message);
      this.logger.warn({ cameraId: msg.cameraId, err: msg.message }, 'motion settings refused');
      return;
    }
    const k = key(msg.cameraId, msg.seq ?? -1);
    const pending = slot.pending.get(k);
    if (!pending) return;
    slot.pending.delete(k);
    if (msg.type === 'result') {
      this.counters.analysed++;
      pending.resolve({ result: msg.result, frame: msg.frame, analysisMs: msg.analysisMs });
    } else {
      this.counters.errors++;
      pending.reject(new MotionError(msg.message, msg.frame));
    }
  }

  private failPending(slot: Slot, message: string): void {
    for (const p of slot.pending.values()) p.reject(new MotionError(message, null));
    slot.pending.clear();
  }
}
