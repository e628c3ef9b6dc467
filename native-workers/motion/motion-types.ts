// Types shared by the motion worker and the main thread. Plain data only: they cross postMessage.

/** A point of a polygon in normalised frame coordinates: 0..1 from the left/top edge. */
export type Point = readonly [x: number, y: number];
/** A polygon (at least 3 points) in normalised frame coordinates. */
export type Polygon = readonly Point[];

/** A box in analysis-frame pixels (the frame the worker was given). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MotionConfig {
  /** Luma difference (0..255, after blur) above which a pixel counts as changed. Lower = more sensitive. */
  threshold: number;
  /** Smallest moving region that counts, as a fraction of the frame area (0.0005 = 0.05 %). */
  minAreaRatio: number;
  /** Areas whose pixels never count (a busy road, a clock, a tree). */
  masks: Polygon[];
  /** When more than this fraction of the frame changes at once (lights, IR switch), recalibrate instead of firing. */
  lightingGuardRatio: number;
  /** Something that arrives and stays still this long (a parked car, a moved chair) becomes background. */
  absorbSeconds: number;
  /** Analysed frames per second, so that time constants can be expressed in seconds. */
  fps: number;
}

export interface MotionResult {
  /** Frame arrival time, epoch ms (copied from the request). */
  time: number;
  /** Fraction (0..1) of the unmasked frame that is moving now. */
  ratio: number;
  /** Moving regions, in analysis-frame pixels, largest first. */
  boxes: Box[];
  /** True when the lighting guard replaced the background with this frame (no motion reported). */
  recalibrated: boolean;
}

/** main → motion worker */
export type MotionRequest =
  | { type: 'configure'; cameraId: string; width: number; height: number; config: MotionConfig }
  | { type: 'analyze'; cameraId: string; seq: number; time: number; frame: ArrayBuffer }
  | { type: 'remove'; cameraId: string };

/** motion worker → main. The frame buffer always comes back (transferred) so the main thread can reuse it. */
export type MotionResponse =
  | { type: 'result'; cameraId: string; seq: number; result: MotionResult; frame: ArrayBuffer; analysisMs: number }
  | { type: 'error'; cameraId: string; seq: number | null; message: string; frame: ArrayBuffer | null };
