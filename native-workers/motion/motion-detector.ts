// Pure motion detection on the luma (Y) plane of a frame, Frigate-like but healing:
//   downscale (area average, integer factor, ~120 px high) → 3x3 box blur → two differences per cell, both after
//   removing the global brightness offset (gain compensation): against a running-average background ("different from
//   the background") and against the previous analysed frame ("changing now") → lighting guard → regions of the cells
//   that differ from the background (motion-regions.ts) → only regions that are changing now, or were within the last
//   HOLD_SECONDS, are motion → boxes in frame pixels, largest first.
// A region that differs from the background but has stopped changing is re-learned at once, whatever it is: a visitor
// who stands still (the tracker keeps them, not motion), a parked car, or the spot a visitor or a removed object left
// (the ghost a plain running average reports until it has slowly learned the spot again). Anything that stays
// different from the background for absorbSeconds, even while changing, becomes background too.
// Every buffer is allocated in the constructor (or on reconfigure); `analyze` allocates only its result (the boxes).
import { countUnmasked, rasterisePolygons } from './polygon-mask.ts';
import { boxBlur3, downscaleFactor, downscaleLuma, type DownscaleGeometry } from './luma-downscale.ts';
import { FG, MAX_BOXES, MotionRegions, MOVING } from './motion-regions.ts';
import type { Box, MotionConfig, MotionResult } from './motion-types.ts';

export { downscaleFactor, WORKING_HEIGHT } from './luma-downscale.ts';
export { MAX_BOXES } from './motion-regions.ts';
/** Frames during which the background learns fast (alpha WARMUP_ALPHA) after the first frame or a recalibration. */
export const WARMUP_FRAMES = 10;
export const WARMUP_ALPHA = 0.2;
export const BACKGROUND_ALPHA = 0.02;
/**
 * A region stays motion this long after its last change (at least one analysed frame), so a slow walker who pauses
 * between steps is not cut into pieces; once it has been still this long it is re-learned as background.
 */
export const HOLD_SECONDS = 0.6;
/** Changed cells learn this many times slower than quiet ones (a passer-by barely marks the background). */
const CHANGED_ALPHA_DIVISOR = 10;
/**
 * Gain compensation removes a global brightness offset up to this fraction of the threshold (auto-exposure, a cloud).
 * A larger jump is a lighting change (lights on, IR switch): it is left to the lighting guard.
 */
const GAIN_COMPENSATION_FRACTION = 0.5;
/** "Never changed while different from the background", as a frame number. */
const NEVER = -0x40000000;

/** Checks a configuration and returns a sentence a shop owner can act on, or null when it is usable. */
export function motionConfigProblem(config: MotionConfig): string | null {
  if (!Number.isFinite(config.threshold) || config.threshold <= 0 || config.threshold >= 255) {
    return `The motion threshold must be between 1 and 254 (it is ${config.threshold}); 25 suits most cameras.`;
  }
  if (!Number.isFinite(config.minAreaRatio) || config.minAreaRatio < 0 || config.minAreaRatio >= 1) {
    return `The smallest motion area must be a fraction of the picture between 0 and 1 (it is ${config.minAreaRatio}).`;
  }
  if (!Number.isFinite(config.lightingGuardRatio) || config.lightingGuardRatio <= 0 || config.lightingGuardRatio > 1) {
    return `The lighting guard must be a fraction of the picture between 0 and 1 (it is ${config.lightingGuardRatio}).`;
  }
  if (!Number.isFinite(config.absorbSeconds) || config.absorbSeconds <= 0) {
    return `The time after which still objects become background must be more than 0 seconds (it is ${config.absorbSeconds}).`;
  }
  if (!Number.isFinite(config.fps) || config.fps <= 0) {
    return `The analysis frame rate must be more than 0 frames a second (it is ${config.fps}).`;
  }
  return null;
}

export class MotionDetector {
  readonly width: number;
  readonly height: number;
  /** Downscale factor: one working cell is factor × factor frame pixels. */
  readonly factor: number;
  /** Working (analysis) resolution. */
  readonly workWidth: number;
  readonly workHeight: number;

  private config: MotionConfig;
  private threshold = 0;
  private minCells = 0;
  private minMoving = 1;
  private absorbFrames = 0;
  private holdFrames = 1;
  private unmasked = 0;
  private frames = 0;

  // All per-frame state, allocated once.
  private readonly geometry: DownscaleGeometry;
  private readonly small: Float32Array;
  private readonly blurTmp: Float32Array;
  /** The blurred frame; `cur` and `prev` swap after every frame. */
  private cur: Float32Array;
  /**
   * The previous analysed frame, blurred: a cell is changing now when it moves more than the threshold from one frame
   * to the next, after the change of the global offset (`lastOffset`). (Comparing with older frames would catch
   * walkers slower than 2 px a frame, but also the slow exposure drift of a real camera on a vacated spot: tried on
   * bottle-detection.mp4, it kept motion going 1.2 s and more after the hand had left, once across a whole gap.)
   */
  private prev: Float32Array;
  private lastOffset = 0;
  private readonly background: Float32Array;
  private readonly mask: Uint8Array;
  /**
   * FG / FG|MOVING per cell (motion-regions.ts), 0 for background. While a cell stays FG, `fgSince` and `changedAt`
   * below hold the frame numbers it became different from the background and last changed (NEVER: it drifted across
   * the threshold without changing); a cell that is background needs neither, so they are written only for FG cells.
   */
  private readonly state: Uint8Array;
  private readonly fgSince: Int32Array;
  private readonly changedAt: Int32Array;
  /** Nonzero for the rows that hold a cell different from the background (this frame). */
  private readonly rowHasFg: Uint8Array;
  private readonly regions: MotionRegions;
  private readonly histogram: Int32Array;

  constructor(width: number, height: number, config: MotionConfig) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 2 || height < 2) {
      throw new Error(`a motion detector needs a frame size of at least 2x2 pixels, not ${width}x${height}`);
    }
    this.width = width;
    this.height = height;
    this.factor = downscaleFactor(height);
    this.workWidth = Math.floor(width / this.factor);
    this.workHeight = Math.floor(height / this.factor);
    const cells = this.workWidth * this.workHeight;
    this.geometry = {
      width,
      height,
      factor: this.factor,
      workWidth: this.workWidth,
      workHeight: this.workHeight,
      rowAcc: new Uint32Array(this.workWidth),
    };
    this.small = new Float32Array(cells);
    this.blurTmp = new Float32Array(cells);
    this.cur = new Float32Array(cells);
    this.prev = new Float32Array(cells);
    this.background = new Float32Array(cells);
    this.mask = new Uint8Array(cells);
    this.state = new Uint8Array(cells);
    this.fgSince = new Int32Array(cells);
    this.changedAt = new Int32Array(cells);
    this.rowHasFg = new Uint8Array(this.workHeight);
    this.regions = new MotionRegions(this.workWidth, this.workHeight);
    this.histogram = new Int32Array(511);
    this.config = config;
    this.reconfigure(config);
  }

  /** Bytes the frame must hold at least: the Y plane (an I420 frame is larger; only its Y plane is read). */
  get lumaBytes(): number {
    return this.width * this.height;
  }

  /** Applies a new configuration (masks, threshold …). The background is kept. Throws a readable Error when invalid. */
  reconfigure(config: MotionConfig): void {
    const problem = motionConfigProblem(config);
    if (problem) throw new Error(problem);
    const cells = this.workWidth * this.workHeight;
    rasterisePolygons(config.masks, this.workWidth, this.workHeight, this.mask, {
      extentX: (this.workWidth * this.factor) / this.width,
      extentY: (this.workHeight * this.factor) / this.height,
    });
    this.config = config;
    this.threshold = config.threshold;
    this.minCells = config.minAreaRatio * cells;
    // A region must have a few cells changing now to be motion: one flickering cell does not keep a ghost alive.
    this.minMoving = Math.max(2, Math.ceil(this.minCells / 4));
    this.absorbFrames = Math.min(65000, Math.max(1, Math.round(config.absorbSeconds * config.fps)));
    this.holdFrames = Math.max(1, Math.round(HOLD_SECONDS * config.fps));
    this.unmasked = countUnmasked(this.mask, cells);
    this.state.fill(0);
  }

  /** The configuration in use. */
  get currentConfig(): MotionConfig {
    return this.config;
  }

  /** Forgets the background: the next frame starts a new one. */
  reset(): void {
    this.frames = 0;
    this.state.fill(0);
  }

  /**
   * Analyses one frame. `frame` is an I420 frame (or a grey frame): its first width × height bytes are the Y plane.
   * `time` is copied into the result.
   */
  analyze(frame: Uint8Array, time: number): MotionResult {
    if (frame.length < this.width * this.height) {
      throw new Error(
        `the frame holds ${frame.length} bytes, but a ${this.width}x${this.height} picture needs at least ${this.width * this.height}`,
      );
    }
    downscaleLuma(this.geometry, frame, this.small);
    boxBlur3(this.small, this.blurTmp, this.cur, this.workWidth, this.workHeight);
    try {
      return this.compare(time);
    } finally {
      const t = this.prev;
      this.prev = this.cur;
      this.cur = t;
    }
  }

  /** Compares the blurred frame in `cur` with the background and with the previous frame; reports what moves. */
  private compare(time: number): MotionResult {
    const cells = this.workWidth * this.workHeight;
    const cur = this.cur;
    const bg = this.background;
    if (this.frames === 0) {
      this.restart();
      return { time, ratio: 0, boxes: [], recalibrated: false };
    }
    this.frames++;
    if (this.unmasked === 0) {
      for (let i = 0; i < cells; i++) bg[i]! += BACKGROUND_ALPHA * (cur[i]! - bg[i]!);
      return { time, ratio: 0, boxes: [], recalibrated: false };
    }
    const offset = this.globalOffset();
    const fg = this.updateCells(offset, offset - this.lastOffset);
    this.lastOffset = offset;
    if (fg.count > this.config.lightingGuardRatio * this.unmasked) {
      // Lights switched, IR mode changed, the camera moved: start a new background from this frame.
      this.restart();
      return { time, ratio: 0, boxes: [], recalibrated: true };
    }
    if (fg.count === 0) return { time, ratio: 0, boxes: [], recalibrated: false };

    const ww = this.workWidth;
    const regions = this.regions;
    const kept = regions.group(this.state, this.rowHasFg, (fg.first / ww) | 0, (fg.last / ww) | 0, this.minCells, this.minMoving);
    regions.healStill(this.state, bg, cur, offset);
    const f = this.factor;
    const boxes: Box[] = [];
    for (let k = 0; k < MAX_BOXES; k++) {
      if (regions.topArea[k]! <= 0) break;
      const x0 = regions.topX0[k]!;
      const y0 = regions.topY0[k]!;
      boxes.push({ x: x0 * f, y: y0 * f, w: (regions.topX1[k]! - x0 + 1) * f, h: (regions.topY1[k]! - y0 + 1) * f });
    }
    return { time, ratio: kept / this.unmasked, boxes, recalibrated: false };
  }

  /** A new background from the frame in `cur` (first frame, lighting change). */
  private restart(): void {
    this.background.set(this.cur);
    this.state.fill(0);
    this.lastOffset = 0;
    this.frames = 1;
  }

  private readonly fgSpan = { count: 0, first: -1, last: -1 };

  /**
   * One pass over the cells: "different from the background", "changing now" against the previous frame, the
   * background's update (slow where different, instant once different for absorbSeconds), and the state per cell.
   * Returns how many cells differ from the background and the first and last of them.
   */
  private updateCells(offset: number, frameOffset: number): { count: number; first: number; last: number } {
    const cur = this.cur;
    const prev = this.prev;
    const bg = this.background;
    const mask = this.mask;
    const state = this.state;
    const fgSince = this.fgSince;
    const changedAt = this.changedAt;
    const frame = this.frames;
    const alpha = frame <= WARMUP_FRAMES ? WARMUP_ALPHA : BACKGROUND_ALPHA;
    const changedAlpha = alpha / CHANGED_ALPHA_DIVISOR;
    const threshold = this.threshold;
    const absorbFrames = this.absorbFrames;
    const hold = this.holdFrames;
    const rowHasFg = this.rowHasFg;
    const ww = this.workWidth;
    let count = 0;
    let first = -1;
    let last = -1;
    for (let y = 0, wh = this.workHeight; y < wh; y++) {
      const rowCount = count;
      for (let i = y * ww, end = i + ww; i < end; i++) {
        const c = cur[i]!;
        const b = bg[i]!;
        let d = c - offset - b;
        if (d < 0) d = -d;
        if (d <= threshold || mask[i] !== 0) {
          state[i] = 0;
          bg[i] = b + alpha * (c - b);
          continue;
        }
        let e = c - frameOffset - prev[i]!;
        if (e < 0) e = -e;
        let since: number;
        let changed: number;
        if (state[i] === 0) {
          // Newly different from the background: changing now only if it changed since the previous frame.
          since = fgSince[i] = frame;
          changed = changedAt[i] = e > threshold ? frame : NEVER;
        } else {
          since = fgSince[i]!;
          changed = e > threshold ? (changedAt[i] = frame) : changedAt[i]!;
        }
        if (frame - since >= absorbFrames) {
          // Different for absorbSeconds, even if it still flickers: it has arrived and stays.
          bg[i] = c - offset;
          state[i] = 0;
          continue;
        }
        state[i] = frame - changed <= hold ? FG | MOVING : FG;
        count++;
        if (first < 0) first = i;
        last = i;
        bg[i] = b + changedAlpha * (c - b);
      }
      rowHasFg[y] = count > rowCount ? 1 : 0;
    }
    const span = this.fgSpan;
    span.count = count;
    span.first = first;
    span.last = last;
    return span;
  }

  /**
   * The global brightness offset of the frame against the background over unmasked cells: the median of the
   * differences (robust to the moving objects themselves), or 0 when it is too large to be gain (lighting change).
   */
  private globalOffset(): number {
    const hist = this.histogram;
    hist.fill(0);
    const cur = this.cur;
    const bg = this.background;
    const mask = this.mask;
    // Every other cell is plenty for a median over ~10,000 cells, and halves the cost of this pass.
    let sampled = 0;
    for (let i = 0, n = cur.length; i < n; i += 2) {
      if (mask[i] !== 0) continue;
      hist[((cur[i]! - bg[i]! + 255.5) | 0)]!++;
      sampled++;
    }
    const half = sampled / 2;
    let seen = 0;
    let median = 0;
    for (let k = 0; k < 511; k++) {
      seen += hist[k]!;
      if (seen >= half) {
        median = k - 255;
        break;
      }
    }
    return Math.abs(median) <= this.threshold * GAIN_COMPENSATION_FRACTION ? median : 0;
  }
}
