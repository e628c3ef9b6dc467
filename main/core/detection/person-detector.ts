// Person detection for all cameras: a few worker threads (native-workers/detection), each holding the ONNX model and
// running one inference at a time, fed from ONE bounded queue with at most one waiting request per camera, and at most
// one inference in flight per camera. When a camera sends a new frame while its previous one is still waiting, the
// older one is given back unprocessed (rejected with `skipped: true` and its frame): the newest frame wins, the queue
// never grows beyond the number of cameras. Frames travel to a worker and back (transferred, never copied); every
// rejection carries the frame when it is still ours, so the caller can return it to its pool. A worker that crashes
// or stops answering is restarted; the others carry on meanwhile.
// Why several workers: on these machines two ONNX threads in one session are hardly faster than one, while two
// single-thread sessions side by side do twice the work, which is what a burst (several cameras at once) needs.
// Over 350 lines for a reason: the queue, the slots and the worker answers are one state machine (a job is in exactly
// one of: waiting, in flight on a slot, answered); split, its invariants would be spread over files.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/logger.ts';
import { workerScriptPath } from '../util/worker-path.ts';
import { SupervisedWorker, type RestartPolicy, type WorkerGone } from '../util/supervised-worker.ts';
import { checkModel } from './model-check.ts';
import { LatestSlot } from '../util/latest-slot.ts';
import {
  i420Size,
  type DetectionRequest,
  type DetectionResponse,
  type DetectionWorkerData,
  type AcceleratorInfo,
  type DetectionRegionAsk,
} from '../../../native-workers/detection/detection-types.ts';
import { errorMessage } from '../../../preload/format.ts';
import { RunningMedian } from '../util/running-median.ts';
import { autoThreads, autoWorkers, DetectionError, type DetectedPerson, type DetectOutcome, type DetectorCounters, type PersonDetectorOptions } from './detector-types.ts';

export { autoThreads, autoWorkers, DetectionError, type DetectedPerson, type DetectOutcome, type DetectorCounters, type PersonDetectorOptions };

interface Job {
  id: number;
  cameraId: string;
  frame: ArrayBuffer;
  width: number;
  height: number;
  regions: DetectionRegionAsk[];
  scoreThreshold: number;
  resolve: (out: DetectOutcome) => void;
  reject: (err: DetectionError) => void;
}

const TIMING_WINDOW = 100;
/**
 * A crashed or hung worker is replaced after 500 ms, doubling to 30 s while it dies without answering a request. Never
 * given up: an NVR left alone for months keeps trying (every 30 s at most) rather than stop detecting for good.
 */
const RESTART_POLICY: RestartPolicy = { afterHealthyMs: 500, firstMs: 500, maxMs: 30_000 };
const CLOSE_GRACE_MS = 2_000;

/** One worker thread and what it is doing. */
interface Slot {
  index: number;
  /** Restarts the worker when it dies. */
  supervisor: SupervisedWorker<Promise<void>>;
  /** The running worker (null while it is replaced). */
  worker: Worker | null;
  ready: boolean;
  /** True once this slot's worker has loaded the model (restarts only make sense after that). */
  started: boolean;
  inFlight: Job | null;
  inFlightTimer: NodeJS.Timeout | null;
  goneReason: string | null;
}

export class PersonDetector {
  private readonly modelPath: string;
  private readonly threads: number;
  private readonly workerPath: string;
  private readonly logger: Logger;
  private readonly requestTimeoutMs: number;
  private readonly loadTimeoutMs: number;
  private readonly acceleratorRequest: string;
  private acceleratorInfo: AcceleratorInfo | null = null;
  private freeSize: boolean | null = null;

  private readonly slots: Slot[] = [];
  private closed = false;
  /** One waiting request per camera (newest wins); the map's order is the line (a replaced one keeps its place). */
  private readonly waiting = new Map<string, LatestSlot<Job>>();
  private nextId = 1;
  private idleWaiter: (() => void) | null = null;

  private inferenceCount = 0;
  private skippedCount = 0;
  private readonly timings = new RunningMedian(TIMING_WINDOW);

  private constructor(options: PersonDetectorOptions, workers: number, threads: number, workerPath: string) {
    this.modelPath = options.modelPath;
    this.threads = threads;
    this.workerPath = workerPath;
    this.logger = options.logger;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 20_000;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 60_000;
    this.acceleratorRequest = options.accelerator ?? 'auto';
    for (let index = 0; index < workers; index++) this.slots.push(this.makeSlot(index));
  }

  /** Starts the workers and loads the model; rejects with a sentence saying why when the model cannot be used. */
  static async create(options: PersonDetectorOptions): Promise<PersonDetector> {
    // Checked before any worker loads it: a damaged file can abort the process from native code (model-check.ts).
    const verdict = await checkModel(options.modelPath, { shipped: options.shippedModel ?? false });
    if (!verdict.ok) throw new Error(verdict.reason);
    const workerPath = options.workerPath ?? workerScriptPath('detection-worker');
    const workers = autoWorkers(options.workers);
    const detector = new PersonDetector(options, workers, autoThreads(options.threads, workers), workerPath);
    // Every worker's load is let finish before any is terminated: terminating a worker while onnxruntime is still
    // loading a model in it aborts the whole process.
    const loads = await Promise.allSettled(detector.slots.map((slot) => slot.supervisor.start()));
    const failed = loads.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      const err: unknown = failed.reason;
      detector.closed = true;
      await Promise.all(detector.slots.map((slot) => slot.supervisor.close()));
      throw new Error(
        `the model file ${options.modelPath} could not be loaded (${errorMessage(err)}). ` +
          'Replace it with a good copy of yolox_nano.onnx or choose another model file in Settings; motion detection still works.',
        { cause: err },
      );
    }
    const acc = detector.acceleratorInfo;
    detector.logger.info({ workers, threads: detector.threads, modelPath: detector.modelPath, accelerator: acc?.running }, 'person detector ready');
    if (acc?.note) detector.logger.warn({ requested: acc.requested }, acc.note);
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
    regions: DetectionRegionAsk[],
    scoreThreshold: number,
  ): Promise<DetectOutcome> {
    return new Promise<DetectOutcome>((resolve, reject) => {
      if (this.closed) {
        reject(new DetectionError('person detection is stopped', { cameraId, frame }));
        return;
      }
      if (!this.slots.some((slot) => slot.worker)) {
        const why = this.slots.find((slot) => slot.goneReason)?.goneReason ?? 'the worker stopped';
        reject(new DetectionError(`person detection is restarting (${why})`, { cameraId, frame }));
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
      let slot = this.waiting.get(cameraId);
      if (!slot) this.waiting.set(cameraId, (slot = new LatestSlot<Job>()));
      const old = slot.offer(job);
      if (old) {
        this.skippedCount++;
        old.reject(new DetectionError('skipped: a newer frame of this camera replaced it', { cameraId, skipped: true, frame: old.frame }));
      }
      this.pump();
    });
  }

  counters(): DetectorCounters {
    return {
      inferences: this.inferenceCount,
      skippedFrames: this.skippedCount,
      queueDepth: this.waiting.size,
      inferenceMsMedian: this.timings.median(),
      accelerator: this.acceleratorInfo,
      freeSize: this.freeSize,
    };
  }

  /** How many times a worker was restarted after a crash or a hang. */
  get restarts(): number {
    return this.slots.reduce((sum, slot) => sum + slot.supervisor.restarts, 0);
  }

  /** Worker threads (each with its own model session). */
  get workers(): number {
    return this.slots.length;
  }

  /** Gives back the waiting frames, lets the running inferences finish (briefly) and stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectQueued('person detection is stopping');
    if (this.slots.some((slot) => slot.inFlight)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_GRACE_MS);
        this.idleWaiter = () => {
          if (this.slots.some((slot) => slot.inFlight)) return;
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await Promise.all(this.slots.map((slot) => slot.supervisor.close()));
    for (const slot of this.slots) this.failInFlight(slot, 'person detection is stopping');
  }

  // ---- workers ---------------------------------------------------------------------------------------------------

  private makeSlot(index: number): Slot {
    const slot: Slot = {
      index,
      supervisor: new SupervisedWorker({
        name: 'the detection worker',
        logger: this.logger,
        logFields: () => ({ worker: index }),
        policy: RESTART_POLICY,
        create: () => {
          const workerData: DetectionWorkerData = { modelPath: this.modelPath, threads: this.threads, accelerator: this.acceleratorRequest };
          return new Worker(this.workerPath, { workerData });
        },
        onStart: (worker, restarted) => {
          const loaded = this.attach(slot, worker);
          if (restarted) {
            loaded.then(
              () => this.logger.info({ worker: index, restarts: this.restarts }, 'person detection worker restarted'),
              (err: unknown) => this.logger.error({ worker: index, err: errorMessage(err) }, 'person detection worker could not restart'),
            );
          }
          return loaded;
        },
        onGone: (gone) => this.onWorkerGone(slot, gone),
      }),
      worker: null,
      ready: false,
      started: false,
      inFlight: null,
      inFlightTimer: null,
      goneReason: null,
    };
    return slot;
  }

  /** A slot's new worker; resolves when its model is loaded, rejects when it cannot load it. */
  private attach(slot: Slot, worker: Worker): Promise<void> {
    slot.worker = worker;
    slot.ready = false;
    slot.goneReason = null;
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
        slot.supervisor.end('loading the model took too long');
      }, this.loadTimeoutMs);

      worker.on('message', (msg: DetectionResponse) => {
        if (worker !== slot.worker) return;
        switch (msg.type) {
          case 'ready':
            if (!this.acceleratorInfo || slot.index === 0) {
              this.acceleratorInfo = msg.accelerator;
              this.freeSize = msg.freeSize;
            }
            slot.ready = true;
            slot.started = true;
            settle(null);
            this.pump();
            break;
          case 'load-error':
            settle(new Error(msg.message));
            slot.supervisor.end(`the model could not be loaded: ${msg.message}`);
            break;
          case 'result':
          case 'error':
            this.onAnswer(slot, msg);
            break;
        }
      });
      worker.on('error', (err) => {
        if (worker !== slot.worker) return;
        slot.supervisor.noteFailure(`the detection worker failed: ${err.message}`);
        settle(err);
      });
      worker.on('exit', (code) => settle(new Error(`the detection worker stopped while loading the model (exit code ${code})`)));
    });
  }

  private onAnswer(slot: Slot, msg: DetectionResponse & { type: 'result' | 'error' }): void {
    const job = slot.inFlight;
    if (!job || job.id !== msg.id) {
      this.logger.warn({ id: msg.id }, 'detection answer for an unknown request');
      return;
    }
    slot.inFlight = null;
    if (slot.inFlightTimer) clearTimeout(slot.inFlightTimer);
    slot.inFlightTimer = null;
    if (msg.type === 'result') {
      this.inferenceCount++;
      this.timings.add(msg.inferenceMs);
      slot.supervisor.markHealthy();
      job.resolve({ persons: msg.persons, frame: msg.frame, inferenceMs: msg.inferenceMs, pixels: msg.pixels });
    } else {
      job.reject(new DetectionError(`person detection failed: ${msg.message}`, { cameraId: job.cameraId, frame: msg.frame }));
    }
    this.notifyIdle();
    this.pump();
  }

  /** Gives every idle worker the oldest waiting job whose camera has nothing in flight. */
  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (!slot.ready || !slot.worker || slot.inFlight) continue;
      const job = this.nextJob();
      if (!job) return;
      this.send(slot, slot.worker, job);
    }
  }

  /** The oldest waiting request whose camera has nothing in flight (taken out of the line). */
  private nextJob(): Job | null {
    for (const [cameraId, waiting] of this.waiting) {
      if (this.slots.some((s) => s.inFlight?.cameraId === cameraId)) continue;
      this.waiting.delete(cameraId);
      return waiting.take();
    }
    return null;
  }

  private send(slot: Slot, worker: Worker, job: Job): void {
    slot.inFlight = job;
    const req: DetectionRequest = {
      type: 'detect',
      id: job.id,
      frame: job.frame,
      width: job.width,
      height: job.height,
      regions: job.regions,
      scoreThreshold: job.scoreThreshold,
    };
    slot.inFlightTimer = setTimeout(() => {
      if (slot.inFlight !== job || worker !== slot.worker) return;
      this.logger.error({ cameraId: job.cameraId, worker: slot.index, timeoutMs: this.requestTimeoutMs }, 'detection worker stopped answering; restarting it');
      slot.supervisor.end(`the detection worker did not answer within ${Math.round(this.requestTimeoutMs / 1000)} s`);
    }, this.requestTimeoutMs);
    try {
      worker.postMessage(req, [job.frame]);
    } catch (err) {
      // Not sent (e.g. the buffer was already detached): the frame, if still ours, goes back.
      slot.inFlight = null;
      if (slot.inFlightTimer) clearTimeout(slot.inFlightTimer);
      slot.inFlightTimer = null;
      const frame = job.frame.byteLength > 0 ? job.frame : null;
      job.reject(new DetectionError(`person detection failed: ${errorMessage(err)}`, { cameraId: job.cameraId, frame }));
    }
  }

  private onWorkerGone(slot: Slot, gone: WorkerGone): void {
    slot.worker = null;
    slot.ready = false;
    if (this.closed) {
      slot.supervisor.giveUp('person detection is stopping');
      this.failInFlight(slot, 'person detection is stopping');
      return;
    }
    slot.goneReason = gone.reason;
    this.failInFlight(slot, `person detection was interrupted: ${gone.reason}`);
    // With no worker left, what waits would wait for the restart: it goes back now (with its frames).
    if (!this.slots.some((s) => s.worker)) this.rejectQueued(`person detection was interrupted: ${gone.reason}`);
    else this.pump();
    if (!slot.started) slot.supervisor.giveUp(gone.reason); // never came up: create() reports why, nothing to restart
  }

  private failInFlight(slot: Slot, message: string): void {
    const job = slot.inFlight;
    if (!job) return;
    slot.inFlight = null;
    if (slot.inFlightTimer) clearTimeout(slot.inFlightTimer);
    slot.inFlightTimer = null;
    // The frame was transferred to the worker and is lost with it.
    const frame = job.frame.byteLength > 0 ? job.frame : null;
    job.reject(new DetectionError(message, { cameraId: job.cameraId, frame }));
    this.notifyIdle();
  }

  private rejectQueued(message: string): void {
    const jobs = [...this.waiting.values()].flatMap((w) => w.take() ?? []);
    this.waiting.clear();
    for (const job of jobs) job.reject(new DetectionError(message, { cameraId: job.cameraId, frame: job.frame }));
  }

  private notifyIdle(): void {
    this.idleWaiter?.();
  }
}
