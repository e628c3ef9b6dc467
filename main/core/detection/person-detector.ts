// Person detection for all cameras: one worker thread (native-workers/detection) holding the ONNX model, one inference
// at a time, and ONE bounded queue in front of it with at most one waiting request per camera. When a camera sends a
// new frame while its previous one is still waiting, the older one is given back unprocessed (rejected with
// `skipped: true` and its frame): the newest frame wins, the queue never grows beyond the number of cameras.
// Frames travel to the worker and back (transferred, never copied); every rejection carries the frame when it is
// still ours, so the caller can return it to its pool. A worker that crashes or stops answering is restarted.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import os from 'node:os';
import type { Logger } from '../logging/logger.ts';
import type { Box } from '../../../preload/contract.ts';
import { workerScriptPath } from '../util/worker-path.ts';
import {
  i420Size,
  type DetectionRequest,
  type DetectionResponse,
  type DetectionWorkerData,
} from '../../../native-workers/detection/detection-types.ts';

export interface PersonDetectorOptions {
  modelPath: string;
  /** ONNX Runtime threads; 0 = automatic (min(2, cores)). */
  threads: number;
  logger: Logger;
  /** The bundled worker script; workerScriptPath('detection-worker') by default. */
  workerPath?: string;
  /** A request the worker has not answered after this long is taken as a hung worker (restarted). */
  requestTimeoutMs?: number;
  /** Loading the model must finish within this long. */
  loadTimeoutMs?: number;
}

export interface DetectedPerson {
  box: Box;
  score: number;
}

export interface DetectOutcome {
  persons: DetectedPerson[];
  frame: ArrayBuffer;
}

export interface DetectorCounters {
  inferences: number;
  skippedFrames: number;
  queueDepth: number;
  /** Median model time of the last 100 requests, ms; null before the first. */
  inferenceMsMedian: number | null;
}

/** Why a detect() call did not produce persons. `frame` is the caller's buffer when it came back. */
export class DetectionError extends Error {
  readonly cameraId: string;
  /** True when a newer frame of the same camera took this one's place in the queue (not a failure). */
  readonly skipped: boolean;
  readonly frame: ArrayBuffer | undefined;
  constructor(message: string, opts: { cameraId: string; skipped?: boolean; frame?: ArrayBuffer | null }) {
    super(message);
    this.name = 'DetectionError';
    this.cameraId = opts.cameraId;
    this.skipped = opts.skipped ?? false;
    this.frame = opts.frame ?? undefined;
  }
}

interface Job {
  id: number;
  cameraId: string;
  frame: ArrayBuffer;
  width: number;
  height: number;
  regions: Box[];
  scoreThreshold: number;
  resolve: (out: DetectOutcome) => void;
  reject: (err: DetectionError) => void;
}

const TIMING_WINDOW = 100;
const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;
const CLOSE_GRACE_MS = 2_000;

export function autoThreads(threads: number): number {
  if (Number.isFinite(threads) && threads >= 1) return Math.floor(threads);
  return Math.max(1, Math.min(2, os.availableParallelism()));
}

export class PersonDetector {
  private readonly modelPath: string;
  private readonly threads: number;
  private readonly workerPath: string;
  private readonly logger: Logger;
  private readonly requestTimeoutMs: number;
  private readonly loadTimeoutMs: number;

  private worker: Worker | null = null;
  private ready = false;
  /** True once a worker has loaded the model (restarts only make sense after that). */
  private started = false;
  private closed = false;
  private inFlight: Job | null = null;
  private inFlightTimer: NodeJS.Timeout | null = null;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartDelayMs = RESTART_MIN_MS;
  private goneReason: string | null = null;
  private idleWaiter: (() => void) | null = null;

  private inferenceCount = 0;
  private skippedCount = 0;
  private restartCount = 0;
  private readonly timings = new Float64Array(TIMING_WINDOW);
  private readonly timingScratch = new Float64Array(TIMING_WINDOW);
  private timingCount = 0;
  private timingNext = 0;

  private constructor(options: PersonDetectorOptions, threads: number, workerPath: string) {
    this.modelPath = options.modelPath;
    this.threads = threads;
    this.workerPath = workerPath;
    this.logger = options.logger;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 20_000;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 60_000;
  }

  /** Starts the worker and loads the model; rejects with a sentence saying why when the model cannot be used. */
  static async create(options: PersonDetectorOptions): Promise<PersonDetector> {
    if (!existsSync(options.modelPath)) {
      throw new Error(`the model file ${options.modelPath} does not exist. Choose the model file again in Settings; motion detection still works.`);
    }
    const workerPath = options.workerPath ?? workerScriptPath('detection-worker');
    const detector = new PersonDetector(options, autoThreads(options.threads), workerPath);
    try {
      await detector.spawn();
    } catch (err) {
      detector.closed = true;
      await detector.worker?.terminate();
      throw new Error(
        `the model file ${options.modelPath} could not be loaded (${err instanceof Error ? err.message : String(err)}). ` +
          'Replace it with a good copy of yolox_nano.onnx or choose another model file in Settings; motion detection still works.',
        { cause: err },
      );
    }
    detector.logger.info({ threads: detector.threads, modelPath: detector.modelPath }, 'person detector ready');
    return detector;
  }

  /**
   * Looks for persons in the given regions of an I420 frame (transferred: the caller must not touch `frame` until it
   * comes back, in the result or in the rejection's `frame`).
   */
  detect(
    cameraId: string,
    frame: ArrayBuffer,
    width: number,
    height: number,
    regions: Box[],
    scoreThreshold: number,
  ): Promise<DetectOutcome> {
    return new Promise<DetectOutcome>((resolve, reject) => {
      if (this.closed) {
        reject(new DetectionError('person detection is stopped', { cameraId, frame }));
        return;
      }
      if (!this.worker) {
        reject(new DetectionError(`person detection is restarting (${this.goneReason ?? 'the worker stopped'})`, { cameraId, frame }));
        return;
      }
      const need = i420Size(width, height);
      if (!(width > 0 && height > 0) || frame.byteLength < need) {
        reject(
          new DetectionError(`the frame has ${frame.byteLength} bytes, an I420 frame of ${width}×${height} needs ${need}`, {
            cameraId,
            frame,
          }),
        );
        return;
      }
      const job: Job = {
        id: this.nextId++,
        cameraId,
        frame,
        width,
        height,
        regions: regions.length > 0 ? regions : [{ x: 0, y: 0, w: width, h: height }],
        scoreThreshold,
        resolve,
        reject,
      };
      const waiting = this.queue.findIndex((j) => j.cameraId === cameraId);
      if (waiting >= 0) {
        // Newest wins, and keeps the older one's place in the line.
        const old = this.queue[waiting]!;
        this.queue[waiting] = job;
        this.skippedCount++;
        old.reject(new DetectionError('skipped: a newer frame of this camera replaced it', { cameraId, skipped: true, frame: old.frame }));
      } else {
        this.queue.push(job);
      }
      this.pump();
    });
  }

  counters(): DetectorCounters {
    return {
      inferences: this.inferenceCount,
      skippedFrames: this.skippedCount,
      queueDepth: this.queue.length,
      inferenceMsMedian: this.medianMs(),
    };
  }

  /** How many times the worker was restarted after a crash or a hang. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Gives back the waiting frames, lets the running inference finish (briefly) and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.rejectQueued('person detection is stopping');
    if (this.inFlight) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_GRACE_MS);
        this.idleWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const worker = this.worker;
    if (worker) await worker.terminate();
    this.failInFlight('person detection is stopping');
  }

  // ---- worker ----------------------------------------------------------------------------------------------------

  /** Starts a worker; resolves when its model is loaded, rejects when it cannot load it. */
  private spawn(): Promise<void> {
    const workerData: DetectionWorkerData = { modelPath: this.modelPath, threads: this.threads };
    const worker = new Worker(this.workerPath, { workerData });
    this.worker = worker;
    this.ready = false;
    this.goneReason = null;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (err: Error | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(loadTimer);
        if (err) reject(err);
        else resolve();
      };
      const loadTimer = setTimeout(() => {
        settle(new Error(`loading it took more than ${Math.round(this.loadTimeoutMs / 1000)} s`));
        this.goneReason = 'loading the model took too long';
        void worker.terminate();
      }, this.loadTimeoutMs);

      worker.on('message', (msg: DetectionResponse) => {
        if (worker !== this.worker) return;
        switch (msg.type) {
          case 'ready':
            this.ready = true;
            this.started = true;
            settle(null);
            this.pump();
            break;
          case 'load-error':
            this.goneReason = `the model could not be loaded: ${msg.message}`;
            settle(new Error(msg.message));
            void worker.terminate();
            break;
          case 'result':
          case 'error':
            this.onAnswer(msg);
            break;
        }
      });
      worker.on('error', (err) => {
        if (worker !== this.worker) return;
        this.goneReason = `the detection worker failed: ${err.message}`;
        settle(err);
      });
      worker.on('exit', (code) => {
        settle(new Error(this.goneReason ?? `the detection worker stopped while loading the model (exit code ${code})`));
        this.onWorkerGone(worker, code);
      });
    });
  }

  private onAnswer(msg: DetectionResponse & { type: 'result' | 'error' }): void {
    const job = this.inFlight;
    if (!job || job.id !== msg.id) {
      this.logger.warn({ id: msg.id }, 'detection answer for an unknown request');
      return;
    }
    this.inFlight = null;
    if (this.inFlightTimer) clearTimeout(this.inFlightTimer);
    this.inFlightTimer = null;
    if (msg.type === 'result') {
      this.inferenceCount++;
      this.recordTiming(msg.inferenceMs);
      this.restartDelayMs = RESTART_MIN_MS;
      job.resolve({ persons: msg.persons, frame: msg.frame });
    } else {
      job.reject(new DetectionError(`person detection failed: ${msg.message}`, { cameraId: job.cameraId, frame: msg.frame }));
    }
    this.notifyIdle();
    this.pump();
  }

  private pump(): void {
    if (!this.ready || !this.worker || this.inFlight || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.inFlight = job;
    const req: DetectionRequest = {
      type: 'detect',
      id: job.id,
      frame: job.frame,
      width: job.width,
      height: job.height,
      regions: job.regions,
      scoreThreshold: job.scoreThreshold,
    };
    const worker = this.worker;
    this.inFlightTimer = setTimeout(() => {
      if (this.inFlight !== job || worker !== this.worker) return;
      this.logger.error({ cameraId: job.cameraId, timeoutMs: this.requestTimeoutMs }, 'detection worker stopped answering; restarting it');
      this.goneReason = `the detection worker did not answer within ${Math.round(this.requestTimeoutMs / 1000)} s`;
      void worker.terminate();
    }, this.requestTimeoutMs);
    try {
      worker.postMessage(req, [job.frame]);
    } catch (err) {
      // Not sent (e.g. the buffer was already detached): the frame, if still ours, goes back.
      this.inFlight = null;
      if (this.inFlightTimer) clearTimeout(this.inFlightTimer);
      this.inFlightTimer = null;
      const frame = job.frame.byteLength > 0 ? job.frame : null;
      job.reject(new DetectionError(`person detection failed: ${err instanceof Error ? err.message : String(err)}`, { cameraId: job.cameraId, frame }));
      this.pump();
    }
  }

  private onWorkerGone(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    this.worker = null;
    this.ready = false;
    if (this.closed) {
      this.failInFlight('person detection is stopping');
      this.rejectQueued('person detection is stopping');
      return;
    }
    const reason = this.goneReason ?? `the detection worker stopped unexpectedly (exit code ${code})`;
    this.goneReason = reason;
    this.logger.error({ reason, restartInMs: this.restartDelayMs }, 'person detection worker stopped; restarting it');
    this.failInFlight(`person detection was interrupted: ${reason}`);
    this.rejectQueued(`person detection was interrupted: ${reason}`);
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(RESTART_MAX_MS, this.restartDelayMs * 2);
    if (!this.started) return; // never came up: create() reports why, nothing to restart
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.closed) return;
      this.restartCount++;
      this.spawn().then(
        () => this.logger.info({ restarts: this.restartCount }, 'person detection worker restarted'),
        (err: unknown) => this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'person detection worker could not restart'),
      );
    }, delay);
    this.restartTimer.unref();
  }

  private failInFlight(message: string): void {
    const job = this.inFlight;
    if (!job) return;
    this.inFlight = null;
    if (this.inFlightTimer) clearTimeout(this.inFlightTimer);
    this.inFlightTimer = null;
    // The frame was transferred to the worker and is lost with it.
    const frame = job.frame.byteLength > 0 ? job.frame : null;
    job.reject(new DetectionError(message, { cameraId: job.cameraId, frame }));
    this.notifyIdle();
  }

  private rejectQueued(message: string): void {
    const jobs = this.queue.splice(0, this.queue.length);
    for (const job of jobs) job.reject(new DetectionError(message, { cameraId: job.cameraId, frame: job.frame }));
  }

  private notifyIdle(): void {
    const waiter = this.idleWaiter;
    this.idleWaiter = null;
    waiter?.();
  }

  private recordTiming(ms: number): void {
    this.timings[this.timingNext] = ms;
    this.timingNext = (this.timingNext + 1) % TIMING_WINDOW;
    if (this.timingCount < TIMING_WINDOW) this.timingCount++;
  }

  private medianMs(): number | null {
    const n = this.timingCount;
    if (n === 0) return null;
    const s = this.timingScratch;
    s.set(this.timings);
    const view = s.subarray(0, n).sort();
    const mid = n >> 1;
    return n % 2 === 1 ? view[mid]! : (view[mid - 1]! + view[mid]!) / 2;
  }
}
