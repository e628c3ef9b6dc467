import { describe, it, expect } from 'vitest';
import {
  cutByRegion,
  INPUT_LENGTH,
  INPUT_SIZE,
  OUTPUT_ROWS,
  PAD_VALUE,
  canvasFor,
  clipRegion,
  outputRows,
  squareCanvas,
  decodeYolox,
  iou,
  letterboxI420,
  nms,
  toSourceBox,
  type Box,
  type Detection,
} from '../../../../native-workers/detection/yolox.ts';
import { i420Size } from '../../../../native-workers/detection/detection-types.ts';

const COLS = 85;
const PLANE = INPUT_SIZE * INPUT_SIZE;

/** Writes one output row: [px, py, pw, ph, obj, cls0, cls1, ...]. */
function setRow(out: Float32Array, row: number, p: [number, number, number, number], obj: number, cls: Record<number, number>): void {
  const base = row * COLS;
  out[base] = p[0];
  out[base + 1] = p[1];
  out[base + 2] = p[2];
  out[base + 3] = p[3];
  out[base + 4] = obj;
  for (const [c, v] of Object.entries(cls)) out[base + 5 + Number(c)] = v;
}

function expectBox(actual: Box, expected: Box, digits = 4): void {
  expect(actual.x).toBeCloseTo(expected.x, digits);
  expect(actual.y).toBeCloseTo(expected.y, digits);
  expect(actual.w).toBeCloseTo(expected.w, digits);
  expect(actual.h).toBeCloseTo(expected.h, digits);
}

/** An output tensor with one known cell on each stride and a cell of another class. */
function handBuiltOutput(): Float32Array {
  const out = new Float32Array(OUTPUT_ROWS * COLS);
  // stride 8, cell (gx 10, gy 5): row 5·52 + 10 = 270 → cx (0.5+10)·8 = 84, cy (0.25+5)·8 = 42, w 2·8 = 16, h 4·8 = 32
  setRow(out, 270, [0.5, 0.25, Math.log(2), Math.log(4)], 0.9, { 0: 0.8 });
  // stride 16, cell (gx 3, gy 20): row 2704 + 20·26 + 3 = 3227 → cx 48, cy 320, w 16, h 3·16 = 48
  setRow(out, 3227, [0, 0, 0, Math.log(3)], 0.6, { 0: 0.5 });
  // stride 32, cell (gx 12, gy 12): row 2704 + 676 + 12·13 + 12 = 3548 → cx 416, cy 416, w 160, h 192
  setRow(out, 3548, [1, 1, Math.log(5), Math.log(6)], 1, { 0: 0.95 });
  // stride 8, cell (gx 0, gy 0): sure of an object, but it is class 1 (0.9 × 0.1 = 0.09 as a person)
  setRow(out, 0, [0.5, 0.5, 0, 0], 0.9, { 0: 0.1, 1: 0.9 });
  return out;
}

describe('decodeYolox', () => {
  it('decodes a known cell on each stride to hand-computed boxes with score = obj × cls', () => {
    const dets = decodeYolox(handBuiltOutput(), 0.25);
    expect(dets).toHaveLength(3);
    const [s8, s16, s32] = dets;
    expectBox(s8!.box, { x: 76, y: 26, w: 16, h: 32 });
    expect(s8!.score).toBeCloseTo(0.72, 6);
    expectBox(s16!.box, { x: 40, y: 296, w: 16, h: 48 });
    expect(s16!.score).toBeCloseTo(0.3, 6);
    expectBox(s32!.box, { x: 336, y: 320, w: 160, h: 192 });
    expect(s32!.score).toBeCloseTo(0.95, 6);
  });

  it('drops rows below the threshold, and only keeps the asked class', () => {
    const out = handBuiltOutput();
    expect(decodeYolox(out, 0.5).map((d) => d.score.toFixed(2))).toEqual(['0.72', '0.95']);
    const cls1 = decodeYolox(out, 0.5, 1);
    expect(cls1).toHaveLength(1);
    expectBox(cls1[0]!.box, { x: 0, y: 0, w: 8, h: 8 });
    expect(cls1[0]!.score).toBeCloseTo(0.81, 6);
  });

  it('reuses the array it is given', () => {
    const reuse: Detection[] = [{ box: { x: 1, y: 1, w: 1, h: 1 }, score: 1 }];
    const got = decodeYolox(handBuiltOutput(), 0.9, 0, reuse);
    expect(got).toBe(reuse);
    expect(got).toHaveLength(1);
    expect(got[0]!.score).toBeCloseTo(0.95, 6);
  });

  it('refuses an output of the wrong shape', () => {
    expect(() => decodeYolox(new Float32Array(100), 0.5)).toThrow(/unexpected model output/);
    expect(() => decodeYolox(new Float32Array(OUTPUT_ROWS * COLS), 0.5, 80)).toThrow(/class 80/);
  });
});

describe('iou and nms', () => {
  it('computes intersection over union', () => {
    expect(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: 10, h: 10 })).toBe(1);
    expect(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 0, w: 10, h: 10 })).toBeCloseTo(50 / 150, 9);
    expect(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 10, y: 0, w: 10, h: 10 })).toBe(0);
    expect(iou({ x: 0, y: 0, w: 0, h: 0 }, { x: 0, y: 0, w: 0, h: 0 })).toBe(0);
  });

  it('keeps the best of overlapping boxes and boxes that overlap little, best first', () => {
    const a = { box: { x: 0, y: 0, w: 10, h: 10 }, score: 0.6 };
    const b = { box: { x: 1, y: 0, w: 10, h: 10 }, score: 0.9 }; // IoU with a = 90/110 ≈ 0.82 → a dropped
    const c = { box: { x: 7, y: 0, w: 10, h: 10 }, score: 0.5 }; // IoU with b = 40/160 = 0.25 → kept
    const d = { box: { x: 100, y: 100, w: 5, h: 5 }, score: 0.7 };
    expect(nms([a, b, c, d])).toEqual([b, d, c]);
    // A stricter threshold drops c too.
    expect(nms([a, b, c, d], 0.2)).toEqual([b, d]);
    expect(nms([])).toEqual([]);
  });
});

/** An I420 frame filled with one colour. */
function solidFrame(width: number, height: number, y: number, u: number, v: number): Uint8Array {
  const f = new Uint8Array(i420Size(width, height));
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  f.fill(y, 0, width * height);
  f.fill(u, width * height, width * height + cw * ch);
  f.fill(v, width * height + cw * ch);
  return f;
}

/** Bounding box of the canvas pixels of plane 0 brighter than 200. */
function brightBox(input: Float32Array): Box {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let y = 0; y < INPUT_SIZE; y++) {
    for (let x = 0; x < INPUT_SIZE; x++) {
      if (input[y * INPUT_SIZE + x]! > 200) {
        x1 = Math.min(x1, x);
        y1 = Math.min(y1, y);
        x2 = Math.max(x2, x + 1);
        y2 = Math.max(y2, y + 1);
      }
    }
  }
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

describe('letterboxI420 and toSourceBox', () => {
  it('converts BT.601 limited range to BGR planes', () => {
    const input = new Float32Array(INPUT_LENGTH);
    // Mid grey: Y 126 → 1.164383 × 110 ≈ 128.08 in every channel.
    letterboxI420(solidFrame(64, 48, 126, 128, 128), 64, 48, { x: 0, y: 0, w: 64, h: 48 }, input);
    expect(input[0]).toBeCloseTo(128.08, 1);
    expect(input[PLANE]).toBeCloseTo(128.08, 1);
    expect(input[2 * PLANE]).toBeCloseTo(128.08, 1);
    // Pure red (Y 81, U 90, V 240): B plane ≈ 0, G ≈ 0, R ≈ 254.
    letterboxI420(solidFrame(64, 48, 81, 90, 240), 64, 48, { x: 0, y: 0, w: 64, h: 48 }, input);
    expect(input[100]).toBeLessThan(2);
    expect(input[PLANE + 100]).toBeLessThan(2);
    expect(input[2 * PLANE + 100]).toBeGreaterThan(250);
  });

  it('scales a region by min(416/h, 416/w), pastes it top-left on a 114 canvas and maps boxes back', () => {
    const width = 200;
    const height = 100;
    const frame = solidFrame(width, height, 16, 128, 128);
    // A white rectangle at frame pixels x 60..80, y 30..40.
    for (let y = 30; y < 40; y++) frame.fill(235, y * width + 60, y * width + 80);
    const region = clipRegion({ x: 40, y: 20, w: 100, h: 50 }, width, height);
    expect(region).toEqual({ x: 40, y: 20, w: 100, h: 50 });

    const input = new Float32Array(INPUT_LENGTH).fill(-1);
    const { scale } = letterboxI420(frame, width, height, region, input);
    expect(scale).toBeCloseTo(4.16, 9); // min(416/50, 416/100)
    // The pasted image is 416 × 208; below it, the canvas is 114 in all three planes.
    for (const p of [0, 1, 2]) {
      expect(input[p * PLANE + 207 * INPUT_SIZE + 10]).toBeCloseTo(0, 0);
      expect(input[p * PLANE + 208 * INPUT_SIZE + 10]).toBe(PAD_VALUE);
      expect(input[p * PLANE + 415 * INPUT_SIZE + 415]).toBe(PAD_VALUE);
    }
    expect(input.includes(-1)).toBe(false);
    // The rectangle lands at (60-40)·4.16 = 83.2 .. 166.4 and (30-20)·4.16 = 41.6 .. 83.2 (±1 px of interpolation).
    const bright = brightBox(input);
    expect(Math.abs(bright.x - 83.2)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(bright.y - 41.6)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(bright.x + bright.w - 166.4)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(bright.y + bright.h - 83.2)).toBeLessThanOrEqual(1.5);
    // Round trip: the letterbox box maps back to the rectangle in frame pixels.
    const back = toSourceBox({ box: bright, score: 1 }, scale, region);
    expect(Math.abs(back.x - 60)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(back.y - 30)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(back.w - 20)).toBeLessThanOrEqual(0.75);
    expect(Math.abs(back.h - 10)).toBeLessThanOrEqual(0.75);
    // The exact inverse of the geometry.
    expectBox(toSourceBox({ box: { x: 83.2, y: 41.6, w: 83.2, h: 41.6 }, score: 1 }, scale, region), { x: 60, y: 30, w: 20, h: 10 }, 6);
  });

  it('pads the right side of a tall region and clips mapped boxes to the region', () => {
    const width = 120;
    const height = 90;
    const frame = solidFrame(width, height, 235, 128, 128);
    const region = { x: 10, y: 0, w: 40, h: 80 };
    const input = new Float32Array(INPUT_LENGTH);
    const { scale } = letterboxI420(frame, width, height, region, input);
    expect(scale).toBeCloseTo(5.2, 9); // min(416/80, 416/40)
    expect(input[100 * INPUT_SIZE + 207]).toBeGreaterThan(250); // inside the 208 × 416 image
    expect(input[100 * INPUT_SIZE + 208]).toBe(PAD_VALUE);
    const clipped = toSourceBox({ box: { x: -20, y: 400, w: 500, h: 100 }, score: 1 }, scale, region);
    expect(clipped.x).toBe(10);
    expect(clipped.x + clipped.w).toBe(50);
    expect(clipped.y + clipped.h).toBe(80);
  });

  it('clips a region that reaches outside the frame, and refuses a short buffer', () => {
    expect(clipRegion({ x: -30, y: 70, w: 100, h: 100 }, 120, 90)).toEqual({ x: 0, y: 70, w: 70, h: 20 });
    const input = new Float32Array(INPUT_LENGTH);
    expect(() => letterboxI420(new Uint8Array(10), 120, 90, { x: 0, y: 0, w: 120, h: 90 }, input)).toThrow(/needs 16200 bytes/);
    expect(() => letterboxI420(solidFrame(8, 8, 16, 128, 128), 8, 8, { x: 0, y: 0, w: 8, h: 8 }, new Float32Array(10))).toThrow(/floats/);
  });

  it('handles odd frame sizes (chroma planes of ⌈w/2⌉ × ⌈h/2⌉)', () => {
    const frame = solidFrame(33, 21, 81, 90, 240);
    const input = new Float32Array(INPUT_LENGTH);
    const { scale } = letterboxI420(frame, 33, 21, { x: 0, y: 0, w: 33, h: 21 }, input);
    expect(scale).toBeCloseTo(416 / 33, 9);
    const last = Math.floor(21 * scale) - 1;
    expect(input[2 * PLANE + last * INPUT_SIZE + 415]).toBeGreaterThan(250);
  });
});

describe('canvases of their own size (a model with its size freed)', () => {
  it('gives a region a canvas of whole 32 px steps at the scale asked for, never past 416', () => {
    // A 73 × 98 crop at 1.3: 94.9 × 127.4 → 96 × 128.
    expect(canvasFor(73, 98, 1.3)).toEqual({ width: 96, height: 128, scale: 1.3 });
    // Without a scale, or one too big for 416: the scale that fits (640 × 480 → 416 × 312, on 416 × 320).
    expect(canvasFor(640, 480)).toEqual({ width: 416, height: 320, scale: 0.65 });
    expect(canvasFor(640, 480, 2)).toEqual({ width: 416, height: 320, scale: 0.65 });
    // Exact multiples stay as they are; a tiny crop still gets one step.
    expect(canvasFor(64, 96, 1)).toEqual({ width: 64, height: 96, scale: 1 });
    expect(canvasFor(5, 5, 1)).toMatchObject({ width: 32, height: 32 });
    // The exported model's canvas: always 416 × 416.
    expect(squareCanvas(640, 480)).toEqual({ width: 416, height: 416, scale: 0.65 });
  });

  it('counts the output rows of the three grids of a canvas', () => {
    expect(outputRows({ width: 416, height: 416 })).toBe(OUTPUT_ROWS);
    expect(outputRows({ width: 96, height: 128 })).toBe(12 * 16 + 6 * 8 + 3 * 4);
  });

  it('letterboxes onto a small rectangular canvas, padding only what the scaled region leaves', () => {
    const width = 200;
    const height = 100;
    const frame = solidFrame(width, height, 16, 128, 128);
    for (let y = 30; y < 40; y++) frame.fill(235, y * width + 60, y * width + 80);
    const region = { x: 40, y: 20, w: 60, h: 40 };
    const canvas = canvasFor(region.w, region.h, 1.5); // 90 × 60 → 96 × 64
    expect(canvas).toEqual({ width: 96, height: 64, scale: 1.5 });
    const plane = 96 * 64;
    const input = new Float32Array(3 * plane + 10).fill(-1);
    const { scale } = letterboxI420(frame, width, height, region, input, canvas);
    expect(scale).toBe(1.5);
    expect(input.subarray(0, 3 * plane).includes(-1)).toBe(false);
    expect(input[3 * plane]).toBe(-1); // nothing written past the canvas
    for (const p of [0, 1, 2]) {
      expect(input[p * plane + 10 * 96 + 89]).toBeCloseTo(0, 0); // inside the 90 × 60 image
      expect(input[p * plane + 10 * 96 + 90]).toBe(PAD_VALUE); // right of it
      expect(input[p * plane + 60 * 96 + 10]).toBe(PAD_VALUE); // below it
    }
    // The white rectangle: (60-40)·1.5 = 30 .. 60, (30-20)·1.5 = 15 .. 30, mapped back to the frame.
    const bright = { x: 1e9, y: 1e9, x2: -1, y2: -1 };
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 96; x++) {
        if (input[y * 96 + x]! > 200) {
          bright.x = Math.min(bright.x, x);
          bright.y = Math.min(bright.y, y);
          bright.x2 = Math.max(bright.x2, x + 1);
          bright.y2 = Math.max(bright.y2, y + 1);
        }
      }
    }
    expect(Math.abs(bright.x - 30)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(bright.x2 - 60)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(bright.y - 15)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(bright.y2 - 30)).toBeLessThanOrEqual(1.5);
    expectBox(toSourceBox({ box: { x: 30, y: 15, w: 30, h: 15 }, score: 1 }, scale, region), { x: 60, y: 30, w: 20, h: 10 }, 6);
    expect(() => letterboxI420(frame, width, height, region, new Float32Array(100), canvas)).toThrow(/floats/);
    expect(() => letterboxI420(frame, width, height, region, input, { width: 500, height: 64, scale: 1 })).toThrow(/canvas/);
  });

  it('decodes the grids of a rectangular canvas', () => {
    const canvas = { width: 96, height: 128 };
    const out = new Float32Array(outputRows(canvas) * COLS);
    // stride 8 grid is 12 × 16: cell (gx 3, gy 10) is row 10·12 + 3 = 123 → cx (0.5+3)·8 = 28, cy (0.5+10)·8 = 84.
    setRow(out, 123, [0.5, 0.5, Math.log(2), Math.log(4)], 0.9, { 0: 0.9 });
    // stride 32 grid is 3 × 4, after 192 + 48 rows: cell (gx 2, gy 3) is row 240 + 11 = 251 → cx 64, cy 96.
    setRow(out, 251, [0, 0, 0, 0], 0.8, { 0: 0.75 });
    const dets = decodeYolox(out, 0.5, 0, [], canvas);
    expect(dets).toHaveLength(2);
    expectBox(dets[0]!.box, { x: 28 - 8, y: 84 - 16, w: 16, h: 32 });
    expectBox(dets[1]!.box, { x: 64 - 16, y: 96 - 16, w: 32, h: 32 });
    expect(() => decodeYolox(new Float32Array(OUTPUT_ROWS * COLS), 0.5, 0, [], canvas)).toThrow(/unexpected model output/);
  });
});

describe('cutByRegion', () => {
  const region = { x: 100, y: 50, w: 100, h: 150 };
  it('tells a box that reaches an inner edge of the crop (someone cut off by it) from one seen whole', () => {
    expect(cutByRegion({ x: 130, y: 80, w: 40, h: 100 }, region, 640, 480, 2)).toBe(false);
    // Cut on the left, the top, the right, the bottom (within the tolerance).
    expect(cutByRegion({ x: 101, y: 80, w: 30, h: 100 }, region, 640, 480, 2)).toBe(true);
    expect(cutByRegion({ x: 130, y: 50, w: 40, h: 60 }, region, 640, 480, 2)).toBe(true);
    expect(cutByRegion({ x: 170, y: 80, w: 29, h: 100 }, region, 640, 480, 2)).toBe(true);
    expect(cutByRegion({ x: 130, y: 120, w: 40, h: 80 }, region, 640, 480, 2)).toBe(true);
    // Just beyond the tolerance: whole.
    expect(cutByRegion({ x: 103, y: 53, w: 94, h: 144 }, region, 640, 480, 2)).toBe(false);
  });

  it("never counts the frame's own edges: a person walking in at the side of the picture is kept", () => {
    const atCorner = { x: 0, y: 0, w: 100, h: 150 };
    expect(cutByRegion({ x: 0, y: 0, w: 40, h: 100 }, atCorner, 640, 480, 2)).toBe(false);
    const whole = { x: 0, y: 0, w: 640, h: 480 };
    expect(cutByRegion({ x: 600, y: 380, w: 40, h: 100 }, whole, 640, 480, 2)).toBe(false);
    // The crop's right edge is inside the frame: cut there.
    expect(cutByRegion({ x: 60, y: 0, w: 40, h: 100 }, atCorner, 640, 480, 2)).toBe(true);
  });
});
