// YOLOX pre- and post-processing, pure and allocation-free on the per-frame path (see ../shared/models/README.md):
// - letterboxI420: a region of an I420 frame → the model input (1×3×H×W float32, NCHW, BGR, raw 0..255), scaled by
//   the canvas's r with bilinear luma and nearest chroma, pasted at the top-left of a canvas filled with 114;
// - canvasFor: the canvas a region is run on. The model as exported takes 416 × 416 only (squareCanvas: r = min(416/h,
//   416/w), as the model's README says); with its size freed (onnx-free-size.ts) it takes any multiple of 32, so a
//   region is run at the scale asked for on a canvas just big enough for it (cost is proportional to the pixels);
// - decodeYolox: the output rows (stride 8, 16, 32 grids of the canvas) → boxes in letterbox pixels, score = obj ×
//   class prob;
// - nms, iou, toSourceBox (letterbox pixels → frame pixels).
import { i420Size, type Box, type Detection } from './detection-types.ts';

export type { Box, Detection };

/** Side of the square model input as exported, in pixels; also the largest canvas side used with a freed size. */
export const INPUT_SIZE = 416;
/** A freed-size canvas's sides are multiples of this (the coarsest stride). */
export const CANVAS_STEP = 32;
/** Value of the canvas outside the pasted image (YOLOX's padding). */
export const PAD_VALUE = 114;
/** The output grids, in the order of the output rows. */
export const STRIDES: readonly number[] = [8, 16, 32];
/** Rows of the output tensor: 52² + 26² + 13² = 3549. */
export const OUTPUT_ROWS = STRIDES.reduce((n, s) => n + (INPUT_SIZE / s) ** 2, 0);
/** Floats of the input tensor: 3 × 416 × 416. */
export const INPUT_LENGTH = 3 * INPUT_SIZE * INPUT_SIZE;

/** The model input a region is pasted on: its size and the scale (canvas pixels per frame pixel). */
export interface Canvas {
  width: number;
  height: number;
  scale: number;
}

/** The exported model's canvas: 416 × 416, the region scaled to fit. */
export function squareCanvas(rw: number, rh: number): Canvas {
  return { width: INPUT_SIZE, height: INPUT_SIZE, scale: Math.min(INPUT_SIZE / rh, INPUT_SIZE / rw) };
}

/**
 * A freed-size model's canvas for a region of rw × rh frame pixels: at `scale` (at most what fits 416 × 416; without
 * one, the scale that fits), each side rounded up to a multiple of 32.
 */
export function canvasFor(rw: number, rh: number, scale?: number): Canvas {
  const fit = Math.min(INPUT_SIZE / rh, INPUT_SIZE / rw);
  const r = scale !== undefined && scale > 0 && Number.isFinite(scale) ? Math.min(scale, fit) : fit;
  const side = (len: number): number => clamp(Math.ceil((len * r) / CANVAS_STEP - 1e-6) * CANVAS_STEP, CANVAS_STEP, INPUT_SIZE);
  return { width: side(rw), height: side(rh), scale: r };
}

/** Rows of the model output for a canvas: one per cell of the stride-8, -16 and -32 grids. */
export function outputRows(canvas: { width: number; height: number }): number {
  return STRIDES.reduce((n, s) => n + Math.ceil(canvas.width / s) * Math.ceil(canvas.height / s), 0);
}

// Per-column sampling tables, reused by every call (no allocation per frame).
const colX0 = new Int32Array(INPUT_SIZE);
const colX1 = new Int32Array(INPUT_SIZE);
const colFx = new Float32Array(INPUT_SIZE);
const colC = new Int32Array(INPUT_SIZE);

// BT.601 limited range (16..235 luma, 16..240 chroma) to RGB.
const KY = 1.164383;
const KRV = 1.596027;
const KGU = 0.391762;
const KGV = 0.812968;
const KBU = 2.017232;

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * The integer rectangle of `region` inside a width × height frame (rounded, clipped, at least 1×1). The worker passes
 * regions through this once so that letterboxI420 and toSourceBox see the very same rectangle.
 */
export function clipRegion(region: Box, width: number, height: number): Box {
  const x = clamp(Math.round(region.x), 0, width - 1);
  const y = clamp(Math.round(region.y), 0, height - 1);
  const x2 = clamp(Math.round(region.x + region.w), x + 1, width);
  const y2 = clamp(Math.round(region.y + region.h), y + 1, height);
  return { x, y, w: x2 - x, h: y2 - y };
}

/**
 * Crops `region` from an I420 frame, converts it to BGR and writes the letterboxed model input into `out`
 * (3 × H × W floats, NCHW; the exported 416 × 416 when no canvas is given). Returns the scale r (letterbox pixels per
 * frame pixel).
 */
export function letterboxI420(src: Uint8Array, width: number, height: number, region: Box, out: Float32Array, canvas?: Canvas): { scale: number } {
  if (!(width > 0 && height > 0) || !Number.isInteger(width) || !Number.isInteger(height)) {
    throw new Error(`invalid frame size ${width}×${height}`);
  }
  if (src.length < i420Size(width, height)) {
    throw new Error(`an I420 frame of ${width}×${height} needs ${i420Size(width, height)} bytes, got ${src.length}`);
  }
  // Same arithmetic as clipRegion, inline so that nothing is allocated.
  const rx = clamp(Math.round(region.x), 0, width - 1);
  const ry = clamp(Math.round(region.y), 0, height - 1);
  const rw = clamp(Math.round(region.x + region.w), rx + 1, width) - rx;
  const rh = clamp(Math.round(region.y + region.h), ry + 1, height) - ry;

  const cw = canvas ? canvas.width : INPUT_SIZE;
  const chh = canvas ? canvas.height : INPUT_SIZE;
  if (!(cw > 0 && chh > 0 && cw <= INPUT_SIZE && chh <= INPUT_SIZE) || !Number.isInteger(cw) || !Number.isInteger(chh)) {
    throw new Error(`invalid canvas ${cw}×${chh}`);
  }
  const plane = cw * chh;
  if (out.length < 3 * plane) throw new Error(`the input buffer needs ${3 * plane} floats, has ${out.length}`);
  const r = canvas ? canvas.scale : Math.min(INPUT_SIZE / rh, INPUT_SIZE / rw);
  if (!(r > 0 && Number.isFinite(r))) throw new Error(`invalid scale ${r}`);
  const nw = clamp(Math.floor(rw * r), 1, cw);
  const nh = clamp(Math.floor(rh * r), 1, chh);

  const chromaW = (width + 1) >> 1;
  const chromaH = (height + 1) >> 1;
  const uOff = width * height;
  const vOff = uOff + chromaW * chromaH;
  const inv = 1 / r;

  for (let ox = 0; ox < nw; ox++) {
    // Pixel-centre mapping (as OpenCV's INTER_LINEAR), clamped to the region.
    const sx = clamp((ox + 0.5) * inv - 0.5, 0, rw - 1);
    const x0 = Math.floor(sx);
    colX0[ox] = rx + x0;
    colX1[ox] = rx + Math.min(x0 + 1, rw - 1);
    colFx[ox] = sx - x0;
    colC[ox] = (rx + Math.round(sx)) >> 1;
  }

  for (let oy = 0; oy < nh; oy++) {
    const sy = clamp((oy + 0.5) * inv - 0.5, 0, rh - 1);
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    const row0 = (ry + y0) * width;
    const row1 = (ry + Math.min(y0 + 1, rh - 1)) * width;
    const crow = ((ry + Math.round(sy)) >> 1) * chromaW;
    const uRow = uOff + crow;
    const vRow = vOff + crow;
    const o = oy * cw;
    for (let ox = 0; ox < nw; ox++) {
      const xa = colX0[ox]!;
      const xb = colX1[ox]!;
      const fx = colFx[ox]!;
      const a = src[row0 + xa]!;
      const b = src[row0 + xb]!;
      const c = src[row1 + xa]!;
      const d = src[row1 + xb]!;
      const top = a + (b - a) * fx;
      const bottom = c + (d - c) * fx;
      const luma = KY * (top + (bottom - top) * fy - 16);
      const cx = colC[ox]!;
      const u = src[uRow + cx]! - 128;
      const v = src[vRow + cx]! - 128;
      const i = o + ox;
      out[i] = clamp(luma + KBU * u, 0, 255);
      out[plane + i] = clamp(luma - KGU * u - KGV * v, 0, 255);
      out[2 * plane + i] = clamp(luma + KRV * v, 0, 255);
    }
    if (nw < cw) {
      out.fill(PAD_VALUE, o + nw, o + cw);
      out.fill(PAD_VALUE, plane + o + nw, plane + o + cw);
      out.fill(PAD_VALUE, 2 * plane + o + nw, 2 * plane + o + cw);
    }
  }
  if (nh < chh) {
    for (let p = 0; p < 3; p++) out.fill(PAD_VALUE, p * plane + nh * cw, (p + 1) * plane);
  }
  return { scale: r };
}

/**
 * Decodes the raw YOLOX output ([rows × (5 + classes)], rows = stride-8, -16, -32 grids of the canvas, row-major;
 * 3549 for the exported 416 × 416) into detections of one class, in letterbox pixels. Score = objectness × class
 * probability (both already sigmoided by the model); rows scoring below `scoreThreshold` are dropped. `out`, when
 * given, is cleared and filled (and returned).
 */
export function decodeYolox(
  output: Float32Array,
  scoreThreshold: number,
  classId = 0,
  out: Detection[] = [],
  canvas: { width: number; height: number } = { width: INPUT_SIZE, height: INPUT_SIZE },
): Detection[] {
  out.length = 0;
  const rows = outputRows(canvas);
  const cols = output.length / rows;
  if (!Number.isInteger(cols) || cols < 6) {
    throw new Error(`unexpected model output: ${output.length} floats is not ${rows} rows of 5 + classes`);
  }
  if (!Number.isInteger(classId) || classId < 0 || classId >= cols - 5) throw new Error(`class ${classId} is not in the model output`);
  const clsCol = 5 + classId;
  let base = 0;
  for (const stride of STRIDES) {
    const gridW = Math.ceil(canvas.width / stride);
    const gridH = Math.ceil(canvas.height / stride);
    for (let gy = 0; gy < gridH; gy++) {
      for (let gx = 0; gx < gridW; gx++, base += cols) {
        const obj = output[base + 4]!;
        if (obj < scoreThreshold) continue; // class prob ≤ 1, so the score cannot reach the threshold
        const score = obj * output[base + clsCol]!;
        if (score < scoreThreshold) continue;
        const cx = (output[base]! + gx) * stride;
        const cy = (output[base + 1]! + gy) * stride;
        const w = Math.exp(output[base + 2]!) * stride;
        const h = Math.exp(output[base + 3]!) * stride;
        out.push({ box: { x: cx - w / 2, y: cy - h / 2, w, h }, score });
      }
    }
  }
  return out;
}

/** Intersection over union of two boxes (0 when they do not overlap or are empty). */
export function iou(a: Box, b: Box): number {
  const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy non-maximum suppression: best first, a box overlapping a kept one by more than `threshold` IoU is dropped. */
export function nms(dets: readonly Detection[], threshold = 0.45): Detection[] {
  const sorted = dets.slice().sort((a, b) => b.score - a.score);
  const keep: Detection[] = [];
  outer: for (const d of sorted) {
    for (const k of keep) if (iou(k.box, d.box) > threshold) continue outer;
    keep.push(d);
  }
  return keep;
}

/**
 * Whether a box found on a crop reaches one of the crop's inner edges (an edge that is not the frame's): it is then a
 * part of someone cut off by the crop (a neighbour beside a followed person), not a person seen whole. Boxes are
 * clamped to the region (toSourceBox), so a cut one ends on its edge; `tolerance` is in frame pixels.
 */
export function cutByRegion(box: Box, region: Box, width: number, height: number, tolerance: number): boolean {
  const x2 = region.x + region.w;
  const y2 = region.y + region.h;
  return (
    (region.x > 0 && box.x <= region.x + tolerance) ||
    (region.y > 0 && box.y <= region.y + tolerance) ||
    (x2 < width && box.x + box.w >= x2 - tolerance) ||
    (y2 < height && box.y + box.h >= y2 - tolerance)
  );
}

/**
 * A detection's box in frame pixels: letterbox pixels divided by the scale, offset by the region, clipped to the
 * region. `region` must be the rectangle given to letterboxI420 (pass both through clipRegion).
 */
export function toSourceBox(det: Detection, scale: number, region: Box): Box {
  const rx = Math.round(region.x);
  const ry = Math.round(region.y);
  const rx2 = rx + Math.max(1, Math.round(region.x + region.w) - rx);
  const ry2 = ry + Math.max(1, Math.round(region.y + region.h) - ry);
  const x1 = clamp(det.box.x / scale + rx, rx, rx2);
  const y1 = clamp(det.box.y / scale + ry, ry, ry2);
  const x2 = clamp((det.box.x + det.box.w) / scale + rx, rx, rx2);
  const y2 = clamp((det.box.y + det.box.h) / scale + ry, ry, ry2);
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}
