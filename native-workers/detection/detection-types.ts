// Types shared by the detection worker and the main thread. Plain data only: they cross postMessage.

/** A box in frame pixels: top-left corner, width, height. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A region of the frame to look at, in frame pixels, and the scale to run it at (model pixels per frame pixel; at
 * most what fits 416 × 416). Without a scale, or with a model that takes 416 × 416 only, it is letterboxed to fit.
 */
export interface DetectionRegionAsk extends Box {
  scale?: number;
}

/** One detected object: its box and its score (objectness × class probability, 0..1). */
export interface Detection {
  box: Box;
  score: number;
}

/** What the worker is started with (workerData). */
export interface DetectionWorkerData {
  modelPath: string;
  /** ONNX Runtime intra-op threads (≥ 1). */
  threads: number;
  /** 'auto' (the platform's accelerator when the build has it, else the CPU), 'cpu', or a provider's name. */
  accelerator?: string;
}

/** Which execution provider runs the model, and why it is not the one asked for (yolox-session.ts). */
export interface AcceleratorInfo {
  requested: string;
  running: string;
  note: string | null;
}

/** main → detection worker */
export type DetectionRequest = {
  type: 'detect';
  id: number;
  /** An I420 (yuv420p) frame of width × height, transferred; it comes back in the response. */
  frame: ArrayBuffer;
  width: number;
  height: number;
  /** Regions of the frame to look at, in frame pixels (each is run on a canvas of its own: yolox.ts canvasFor). */
  regions: DetectionRegionAsk[];
  scoreThreshold: number;
};

/** detection worker → main */
export type DetectionResponse =
  | {
      type: 'ready';
      inputName: string;
      outputName: string;
      accelerator: AcceleratorInfo;
      /** The model takes any canvas (its size freed), not only 416 × 416. */
      freeSize: boolean;
    }
  | { type: 'load-error'; message: string }
  | {
      type: 'result';
      id: number;
      /** Persons of all regions, in frame pixels, after non-maximum suppression, best first. */
      persons: Detection[];
      /** The request's frame, transferred back so the caller can reuse it. */
      frame: ArrayBuffer;
      /** Time spent in the model (all regions), ms. */
      inferenceMs: number;
      /** Canvas pixels the model ran on (all regions): what a pass costs. */
      pixels: number;
      /** Time of the whole request in the worker (pre-processing, model, post-processing), ms. */
      totalMs: number;
    }
  | { type: 'error'; id: number; message: string; frame: ArrayBuffer | null };

/** Size in bytes of an I420 frame (chroma planes are ⌈w/2⌉ × ⌈h/2⌉, as ffmpeg writes yuv420p). */
export function i420Size(width: number, height: number): number {
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}
