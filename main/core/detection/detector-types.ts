// What the person detector (person-detector.ts) takes and gives: its options, a detection's outcome, its counters, the
// error that hands a frame back, and how many workers and threads it uses when the settings say "automatic".
import os from 'node:os';
import type { Box } from '../../../preload/contract.ts';
import type { Logger } from '../logging/logger.ts';
import { FrameError } from '../util/frame-error.ts';
import type { AcceleratorInfo } from '../../../native-workers/detection/detection-types.ts';

export interface PersonDetectorOptions {
  modelPath: string;
  /** ONNX Runtime threads per worker; 0 = automatic (the cores shared among the workers). */
  threads: number;
  /** Worker threads, each with its own session; default: 2 on machines with 2 or more cores, else 1. */
  workers?: number;
  logger: Logger;
  /** The bundled worker script; workerScriptPath('detection-worker') by default. */
  workerPath?: string;
  /** A request the worker has not answered after this long is taken as a hung worker (restarted). */
  requestTimeoutMs?: number;
  /** Loading the model must finish within this long. */
  loadTimeoutMs?: number;
  /** True when the file is the app's own copy (its resources): then it must be the shipped model, byte for byte. */
  shippedModel?: boolean;
  /** 'auto' (default: DirectML on Windows, CoreML on macOS where the build has them, else the CPU), 'cpu', or a provider. */
  accelerator?: string;
}

export interface DetectedPerson {
  box: Box;
  score: number;
}

export interface DetectOutcome {
  persons: DetectedPerson[];
  frame: ArrayBuffer;
  /** The model's time for this request, ms (the worker's measure). */
  inferenceMs: number;
  /** Canvas pixels the model ran on for this request (a model run costs about in proportion). */
  pixels: number;
}

export interface DetectorCounters {
  inferences: number;
  skippedFrames: number;
  queueDepth: number;
  /** Median model time of the last 100 requests, ms; null before the first. */
  inferenceMsMedian: number | null;
  /** Which execution provider runs the model (the first worker's answer), and why not the one asked for. */
  accelerator: AcceleratorInfo | null;
  /** The model runs each region on a canvas of its own size (false: 416 × 416 for every region); null before ready. */
  freeSize: boolean | null;
}

/** Why a detect() call did not produce persons. `frame` is the caller's buffer when it came back. */
/** `skipped`: a newer frame of the same camera took this one's place in the queue (not a failure). */
export class DetectionError extends FrameError {
  readonly cameraId: string;
  constructor(message: string, opts: { cameraId: string; skipped?: boolean; frame?: ArrayBuffer | null }) {
    super(message, opts.frame, { skipped: opts.skipped ?? false });
    this.name = 'DetectionError';
    this.cameraId = opts.cameraId;
  }
}

export function autoWorkers(workers: number | undefined): number {
  if (workers !== undefined && Number.isFinite(workers) && workers >= 1) return Math.floor(workers);
  return os.availableParallelism() >= 2 ? 2 : 1;
}

export function autoThreads(threads: number, workers = 1): number {
  if (Number.isFinite(threads) && threads >= 1) return Math.floor(threads);
  return Math.max(1, Math.floor(Math.min(4, os.availableParallelism()) / workers));
}
