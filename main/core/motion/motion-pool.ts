// The motion worker pool: a few worker threads (cores − 1, at least one), each camera pinned to one worker where its
// background model lives. Frames are transferred to the worker and back. A worker that dies is restarted and its
// cameras configured again (they relearn the background); requests it had are rejected, never left hanging.
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import type { Logger } from '../logging/logger.ts';
import { workerScriptPath } from '../util/worker-path.ts';
import { SupervisedWorker, type RestartPolicy } from '../util/supervised-worker.ts';
import type { MotionConfig, MotionRequest, MotionResponse, MotionResult } from '../../../native-workers/motion/motion-types.ts';
import { FrameError } from '../util/frame-error.ts';
import { errorMessage } from '../../../preload/format.ts';

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

/** One worker and the cameras pinned to it. */
class Slot {
  readonly cameras = new Set<string>();
  /** Pending requests by `${cameraId}\u0000${seq}`. */
  readonly pending = new Map<string, Pending>();
  constructor(readonly supervisor: SupervisedWorker) {}

  /** The running worker; null from its exit until its replacement runs (requests are refused meanwhile). */
  get worker(): Worker | null {
    return this.supervisor.worker;
  }
}

interface CameraEntry {
  slot: number;
  width: number;
  height: number;
  config: MotionConfig;
}

const key = (cameraId: string, seq: number) => `${cameraId}\u0000${seq}`;

/**
 * A worker that dies after 2 s is replaced at once; one that dies sooner (a fast death) after 250 ms doubling to 30 s,
 * so a broken script does not spin; after ten fast deaths in a row the worker is given up (motion detection stops).
 */
// Never given up: an NVR left alone for months keeps trying (every 30 s at most) rather than stop analysing for good.
const RESTART_POLICY: RestartPolicy = { healthyAfterMs: 2000, firstMs: 250, maxMs: 30_000 };

export class MotionPool {
  private readonly logger: Logger;
  private readonly workerPath: string;
  private readonly slots: Slot[] = [];
  private readonly cameras = new Map<string, CameraEntry>();
  private closed = false;
  private counters = { analysed: 0, errors: 0 };
  /** Last configuration problem per camera (a sentence), for health. */
  readonly problems = new Map<string, string>();

  constructor(options: MotionPoolOptions) {
    this.logger = options.logger;
    this.workerPath = options.workerPath ?? workerScriptPath('motion-worker');
    const size = options.size ?? Math.max(1, Math.min(4, os.availableParallelism() - 1));
    for (let i = 0; i < size; i++) this.slots.push(this.startSlot(i));
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
    const worker = slot.worker;
    if (!worker) {
      const stopped = slot.supervisor.state === 'gave-up';
      return Promise.reject(new MotionError(stopped ? `motion detection stopped: ${slot.supervisor.reason}` : 'the motion worker is restarting', frame));
    }
    const k = key(cameraId, seq);
    if (slot.pending.has(k)) {
      return Promise.reject(new MotionError(`frame ${seq} of camera ${cameraId} is already being analysed`, frame));
    }
    return new Promise<MotionAnalysis>((resolve, reject) => {
      slot.pending.set(k, { resolve, reject });
      const msg: MotionRequest = { type: 'analyze', cameraId, seq, time, frame };
      try {
        worker.postMessage(msg, [frame]);
      } catch (err) {
        slot.pending.delete(k);
        this.counters.errors++;
        const reason = errorMessage(err);
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
    const restarts = this.slots.reduce((sum, slot) => sum + slot.supervisor.restarts, 0);
    return { workers: this.slots.length, cameras: this.cameras.size, ...this.counters, restarts };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        this.failPending(slot, 'motion pool closed');
        await slot.supervisor.close();
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
    slot.worker?.postMessage(msg);
  }

  private startSlot(index: number): Slot {
    const slot: Slot = new Slot(
      new SupervisedWorker({
        name: 'the motion worker',
        logger: this.logger,
        logFields: () => ({ worker: index, cameras: [...slot.cameras] }),
        policy: RESTART_POLICY,
        create: () => {
          const worker = new Worker(this.workerPath);
          worker.unref();
          return worker;
        },
        onStart: (worker, restarted) => {
          worker.on('message', (msg: MotionResponse) => this.onMessage(slot, msg));
          worker.on('error', (err) => this.logger.error({ worker: index, err: err.message }, 'motion worker crashed'));
          if (!restarted) return;
          // The replacement relearns each camera's background from its next frames.
          for (const cameraId of slot.cameras) {
            const c = this.cameras.get(cameraId);
            if (c) this.post(index, { type: 'configure', cameraId, width: c.width, height: c.height, config: c.config });
          }
        },
        onGone: () => {
          this.counters.errors += slot.pending.size;
          this.failPending(slot, 'the motion worker stopped');
        },
      }),
    );
    slot.supervisor.start();
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
