// Pure motion detection on the luma (Y) plane of a frame, Frigate-like:
//   downscale (area average, integer factor, ~120 px high) → 3x3 box blur → difference against a running-average
//   background after removing the global brightness offset → threshold (masked cells never count) → lighting guard →
//   dilation → connected components → boxes in frame pixels, largest first.
// Something that arrives and stays still (a parked car, a moved chair) is absorbed into the background after
// `absorbSeconds`. Every buffer is allocated in the constructor (or on reconfigure); `analyze` allocates only the small
// result (its boxes).
import { countUnmasked, rasterisePolygons } from './polygon-mask.ts';
import type { Box, MotionConfig, MotionResult } from './motion-types.ts';

/** Working height the downscale aims at (the integer factor is rounded, so it lands between ~100 and ~150 px). */
export const WORKING_HEIGHT = 120;
/** At most this many boxes are reported (the largest ones). */
export const MAX_BOXES = 16;
/** Frames during which the background learns fast (alpha WARMUP_ALPHA) after the first frame or a recalibration. */
export const WARMUP_FRAMES = 10;
export const WARMUP_ALPHA = 0.2;
export const BACKGROUND_ALPHA = 0.02;
/** Changed cells learn this many times slower than quiet ones (a passer-by barely marks the background). */
const CHANGED_ALPHA_DIVISOR = 10;
/** Dilation rounds of the changed mask (each one a 3x3 max) before grouping cells into regions. */
const DILATE_ITERATIONS = 2;
/**
 * Gain compensation removes a global brightness offset up to this fraction of the threshold (auto-exposure, a cloud).
 * A larger jump is a lighting change (lights on, IR switch): it is left to the lighting guard.
 */
const GAIN_COMPENSATION_FRACTION = 0.5;

/** The integer downscale factor for a frame of this height. */
export function downscaleFactor(height: number): number {
  return Math.max(1, Math.round(height / WORKING_HEIGHT));
}

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
  private absorbFrames = 0;
  private unmasked = 0;
  private frames = 0;

  // All per-frame state, allocated once.
  private readonly rowAcc: Uint32Array;
  private readonly small: Float32Array;
  private readonly blurTmp: Float32Array;
  private readonly cur: Float32Array;
  private readonly background: Float32Array;
  private readonly mask: Uint8Array;
  private readonly changed: Uint8Array;
  private readonly dilated: Uint8Array;
  private readonly dilateTmp: Uint8Array;
  private readonly stillFrames: Uint16Array;
  private readonly labels: Uint8Array;
  private readonly stack: Int32Array;
  private readonly histogram: Int32Array;
  private readonly topX0 = new Int32Array(MAX_BOXES);
  private readonly topY0 = new Int32Array(MAX_BOXES);
  private readonly topX1 = new Int32Array(MAX_BOXES);
  private readonly topY1 = new Int32Array(MAX_BOXES);
  private readonly topArea = new Int32Array(MAX_BOXES);

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
    this.rowAcc = new Uint32Array(this.workWidth);
    this.small = new Float32Array(cells);
    this.blurTmp = new Float32Array(cells);
    this.cur = new Float32Array(cells);
    this.background = new Float32Array(cells);
    this.mask = new Uint8Array(cells);
    this.changed = new Uint8Array(cells);
    this.dilated = new Uint8Array(cells);
    this.dilateTmp = new Uint8Array(cells);
    this.stillFrames = new Uint16Array(cells);
    this.labels = new Uint8Array(cells);
    this.stack = new Int32Array(cells);
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
    this.absorbFrames = Math.min(65000, Math.max(1, Math.round(config.absorbSeconds * config.fps)));
    this.unmasked = countUnmasked(this.mask, cells);
    this.stillFrames.fill(0);
  }

  /** The configuration in use. */
  get currentConfig(): MotionConfig {
    return this.config;
  }

  /** Forgets the background: the next frame starts a new one. */
  reset(): void {
    this.frames = 0;
    this.stillFrames.fill(0);
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
    this.downscale(frame);
    this.blur();
    const cells = this.workWidth * this.workHeight;
    const cur = this.cur;
    const bg = this.background;

    if (this.frames === 0) {
      bg.set(cur);
      this.stillFrames.fill(0);
      this.frames = 1;
      return { time, ratio: 0, boxes: [], recalibrated: false };
    }
    this.frames++;
    if (this.unmasked === 0) {
      for (let i = 0; i < cells; i++) bg[i]! += BACKGROUND_ALPHA * (cur[i]! - bg[i]!);
      return { time, ratio: 0, boxes: [], recalibrated: false };
    }

    const offset = this.globalOffset();
    const alpha = this.frames <= WARMUP_FRAMES ? WARMUP_ALPHA : BACKGROUND_ALPHA;
    const changedAlpha = alpha / CHANGED_ALPHA_DIVISOR;
    const threshold = this.threshold;
    const absorbFrames = this.absorbFrames;
    const mask = this.mask;
    const changed = this.changed;
    const still = this.stillFrames;
    let changedCount = 0;
    let firstChanged = -1;
    let lastChanged = -1;

    for (let i = 0; i < cells; i++) {
      const c = cur[i]!;
      const b = bg[i]!;
      if (mask[i] !== 0) {
        changed[i] = 0;
        bg[i] = b + alpha * (c - b);
        continue;
      }
      let d = c - offset - b;
      if (d < 0) d = -d;
      if (d > threshold) {
        const n = still[i]! + 1;
        if (n > absorbFrames) {
          // Changed for longer than absorbSeconds: it has arrived and stays. Make it background now.
          bg[i] = c;
          still[i] = 0;
          changed[i] = 0;
        } else {
          still[i] = n;
          changed[i] = 1;
          changedCount++;
          if (firstChanged < 0) firstChanged = i;
          lastChanged = i;
          bg[i] = b + changedAlpha * (c - b);
        }
      } else {
        still[i] = 0;
        changed[i] = 0;
        bg[i] = b + alpha * (c - b);
      }
    }

    if (changedCount > this.config.lightingGuardRatio * this.unmasked) {
      // Lights switched, IR mode changed, the camera moved: start a new background from this frame.
      bg.set(cur);
      still.fill(0);
      this.frames = 1;
      return { time, ratio: 0, boxes: [], recalibrated: true };
    }
    if (changedCount === 0) return { time, ratio: 0, boxes: [], recalibrated: false };

    // Only the rows around the changed cells can hold regions: dilation and grouping work on that band alone.
    const ww = this.workWidth;
    const bandStart = Math.max(0, ((firstChanged / ww) | 0) - DILATE_ITERATIONS);
    const bandEnd = Math.min(this.workHeight - 1, ((lastChanged / ww) | 0) + DILATE_ITERATIONS);
    this.dilate(bandStart, bandEnd);
    const kept = this.components(bandStart, bandEnd);
    const f = this.factor;
    const boxes: Box[] = [];
    for (let k = 0; k < MAX_BOXES; k++) {
      if (this.topArea[k]! <= 0) break;
      const x0 = this.topX0[k]!;
      const y0 = this.topY0[k]!;
      boxes.push({ x: x0 * f, y: y0 * f, w: (this.topX1[k]! - x0 + 1) * f, h: (this.topY1[k]! - y0 + 1) * f });
    }
    return { time, ratio: kept / this.unmasked, boxes, recalibrated: false };
  }

  /** Area-average downscale of the Y plane into `small` (luma 0..255). */
  private downscale(y: Uint8Array): void {
    const f = this.factor;
    const ww = this.workWidth;
    const wh = this.workHeight;
    const stride = this.width;
    const acc = this.rowAcc;
    const small = this.small;
    const inv = 1 / (f * f);
    if (f === 1) {
      for (let i = 0, n = ww * wh; i < n; i++) small[i] = y[i]!;
      return;
    }
    if (f === 4 && y.byteOffset % 4 === 0 && stride % 4 === 0) {
      // Full 4x4 area average, four pixels per 32-bit load, summed in two 16-bit lanes (SWAR): the 4 rows of a cell are
      // added lane-wise (at most 4 x 510 per lane, no overflow) and the two lanes folded once per cell. A quarter of the
      // loads of the byte loop, one pass, no row accumulator. (The Uint32Array view is one small object per frame:
      // every frame arrives in a new ArrayBuffer object after its transfer, so there is nothing to keep.)
      const words = new Uint32Array(y.buffer, y.byteOffset, (stride * this.height) >> 2);
      const r1 = stride >> 2;
      const r2 = r1 * 2;
      const r3 = r1 * 3;
      const sixteenth = 1 / 16;
      for (let wy = 0; wy < wh; wy++) {
        let p = wy * 4 * r1;
        const row = wy * ww;
        for (let wx = 0; wx < ww; wx++, p++) {
          const a = words[p]!;
          const b = words[p + r1]!;
          const c = words[p + r2]!;
          const d = words[p + r3]!;
          const s =
            (a & 0x00ff00ff) +
            ((a >>> 8) & 0x00ff00ff) +
            (b & 0x00ff00ff) +
            ((b >>> 8) & 0x00ff00ff) +
            (c & 0x00ff00ff) +
            ((c >>> 8) & 0x00ff00ff) +
            (d & 0x00ff00ff) +
            ((d >>> 8) & 0x00ff00ff);
          small[row + wx] = ((s & 0xffff) + (s >>> 16)) * sixteenth;
        }
      }
      return;
    }
    for (let wy = 0; wy < wh; wy++) {
      acc.fill(0);
      for (let k = 0; k < f; k++) {
        let p = (wy * f + k) * stride;
        if (f === 4) {
          for (let wx = 0; wx < ww; wx++, p += 4) acc[wx]! += y[p]! + y[p + 1]! + y[p + 2]! + y[p + 3]!;
        } else if (f === 2) {
          for (let wx = 0; wx < ww; wx++, p += 2) acc[wx]! += y[p]! + y[p + 1]!;
        } else if (f === 3) {
          for (let wx = 0; wx < ww; wx++, p += 3) acc[wx]! += y[p]! + y[p + 1]! + y[p + 2]!;
        } else {
          for (let wx = 0; wx < ww; wx++) {
            let s = 0;
            for (let j = 0; j < f; j++) s += y[p++]!;
            acc[wx]! += s;
          }
        }
      }
      const row = wy * ww;
      for (let wx = 0; wx < ww; wx++) small[row + wx] = acc[wx]! * inv;
    }
  }

  /** Separable 3x3 box blur of `small` into `cur` (edges repeat the border cell). */
  private blur(): void {
    const ww = this.workWidth;
    const wh = this.workHeight;
    const src = this.small;
    const tmp = this.blurTmp;
    const dst = this.cur;
    const third = 1 / 3;
    for (let y = 0; y < wh; y++) {
      const r = y * ww;
      if (ww === 1) {
        tmp[r] = src[r]!;
        continue;
      }
      tmp[r] = (2 * src[r]! + src[r + 1]!) * third;
      for (let x = 1; x < ww - 1; x++) tmp[r + x] = (src[r + x - 1]! + src[r + x]! + src[r + x + 1]!) * third;
      tmp[r + ww - 1] = (src[r + ww - 2]! + 2 * src[r + ww - 1]!) * third;
    }
    for (let y = 0; y < wh; y++) {
      const r = y * ww;
      const up = y > 0 ? r - ww : r;
      const down = y < wh - 1 ? r + ww : r;
      for (let x = 0; x < ww; x++) dst[r + x] = (tmp[up + x]! + tmp[r + x]! + tmp[down + x]!) * third;
    }
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

  /**
   * Dilates `changed` into `dilated` by DILATE_ITERATIONS rounds of a separable 3x3 max, over rows y0..y1 (outside
   * them `changed` is all zero, and the band already includes the rows dilation can reach).
   */
  private dilate(y0: number, y1: number): void {
    const ww = this.workWidth;
    const wh = this.workHeight;
    const tmp = this.dilateTmp;
    const out = this.dilated;
    out.set(this.changed);
    for (let it = 0; it < DILATE_ITERATIONS; it++) {
      for (let y = y0; y <= y1; y++) {
        const r = y * ww;
        const last = r + ww - 1;
        tmp[r] = out[r]! | (ww > 1 ? out[r + 1]! : 0);
        for (let i = r + 1; i < last; i++) tmp[i] = out[i - 1]! | out[i]! | out[i + 1]!;
        if (ww > 1) tmp[last] = out[last - 1]! | out[last]!;
      }
      for (let y = y0; y <= y1; y++) {
        const r = y * ww;
        const up = y > 0 ? r - ww : -1;
        const down = y < wh - 1 ? r + ww : -1;
        for (let x = 0; x < ww; x++) {
          out[r + x] = tmp[r + x]! | (up >= 0 && y - 1 >= y0 ? tmp[up + x]! : 0) | (down >= 0 && y + 1 <= y1 ? tmp[down + x]! : 0);
        }
      }
    }
  }

  /**
   * Groups the dilated mask into 4-connected regions (iterative flood fill on a preallocated stack). A region's size
   * and box are those of its changed cells (dilation only joins them). Regions smaller than minAreaRatio are dropped;
   * the MAX_BOXES largest boxes are kept in top*. Returns the number of changed cells in the kept regions.
   */
  private components(bandStart: number, bandEnd: number): number {
    const ww = this.workWidth;
    const wh = this.workHeight;
    const dil = this.dilated;
    const changed = this.changed;
    const visited = this.labels;
    const stack = this.stack;
    const topArea = this.topArea;
    visited.fill(0);
    topArea.fill(0);
    let kept = 0;
    for (let seed = bandStart * ww, n = (bandEnd + 1) * ww; seed < n; seed++) {
      if (dil[seed] === 0 || visited[seed] !== 0) continue;
      let sp = 0;
      stack[sp++] = seed;
      visited[seed] = 1;
      let count = 0;
      let x0 = ww;
      let y0 = wh;
      let x1 = -1;
      let y1 = -1;
      while (sp > 0) {
        const p = stack[--sp]!;
        const y = (p / ww) | 0;
        const x = p - y * ww;
        if (changed[p] !== 0) {
          count++;
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
        if (x > 0 && dil[p - 1] !== 0 && visited[p - 1] === 0) {
          visited[p - 1] = 1;
          stack[sp++] = p - 1;
        }
        if (x < ww - 1 && dil[p + 1] !== 0 && visited[p + 1] === 0) {
          visited[p + 1] = 1;
          stack[sp++] = p + 1;
        }
        if (y > 0 && dil[p - ww] !== 0 && visited[p - ww] === 0) {
          visited[p - ww] = 1;
          stack[sp++] = p - ww;
        }
        if (y < wh - 1 && dil[p + ww] !== 0 && visited[p + ww] === 0) {
          visited[p + ww] = 1;
          stack[sp++] = p + ww;
        }
      }
      if (count === 0 || count < this.minCells) continue;
      kept += count;
      this.insertTop(x0, y0, x1, y1, (x1 - x0 + 1) * (y1 - y0 + 1));
    }
    return kept;
  }

  /** Keeps the MAX_BOXES largest boxes, sorted largest first (insertion into fixed arrays). */
  private insertTop(x0: number, y0: number, x1: number, y1: number, area: number): void {
    const topArea = this.topArea;
    if (area <= topArea[MAX_BOXES - 1]!) return;
    let k = MAX_BOXES - 1;
    while (k > 0 && topArea[k - 1]! < area) {
      topArea[k] = topArea[k - 1]!;
      this.topX0[k] = this.topX0[k - 1]!;
      this.topY0[k] = this.topY0[k - 1]!;
      this.topX1[k] = this.topX1[k - 1]!;
      this.topY1[k] = this.topY1[k - 1]!;
      k--;
    }
    topArea[k] = area;
    this.topX0[k] = x0;
    this.topY0[k] = y0;
    this.topX1[k] = x1;
    this.topY1[k] = y1;
  }
}
