// Where to run the person detector in a frame, and at what scale (pure).
//
// A model run costs in proportion to the pixels of its canvas (0.13–0.17 ms per thousand here: 22–30 ms for 416 ×
// 416, 1.4 ms for the least crop's 96 × 96), and the detector runs each region on a canvas just big enough for it (yolox.ts
// canvasFor). So each box asked for becomes its own crop: the box with some context around it (`PERSON_CONTEXT` for a
// person's box, more for motion, whose box may be a part of a person), moved inside the frame, at a scale that
// depends on what is asked: a followed person is checked at their own size, something new is shown 1.3× (at most
// `MAX_MODEL_PX` tall in the model). The figures below say why these values.
// Overlapping crops are merged when their union costs no more than the two; at most MAX_REGIONS remain. When the
// crops would cost as much as the whole frame, and every box asked for is still `minModelPx` tall there, the whole
// frame is run instead (also when asked: the periodic full-frame pass that finds still persons).
//
// The figures: tests/bench/detection-crops.bench.ts asks for persons again with their box shifted and resized by up
// to 30 % (a tracker's prediction error), on two kinds of picture: 30 frames of courtyard.mp4 (people seen from above,
// often in groups) and the indoor photo coco-000000000139.jpg (a 138 px person and a 36 px one, 40 shifts each).
// Found again (IoU ≥ 0.5) at the tracker's low threshold 0.2 / at 0.5, with the crops as planned here:
//   followed, own size:       courtyard (60 px and more) 0.98 / 0.96, indoor big 0.97 / 0.68, indoor small 0.90 / 0.47
//   tentative, 1.3×:          courtyard 0.99 / 0.97, indoor big 0.93 / 0.80, indoor small 1.00 / 0.97
//   motion, 1.3×, wider:      courtyard 0.99 / 0.97, indoor big 1.00 / 1.00, indoor small 1.00 / 0.88
// A followed person only has to be found again at 0.2 (weak boxes continue a confirmed track), where their own size
// is as good and cheapest; something new has to reach the camera's threshold (0.5) to start a track, where 1.3× is
// safer indoors. (The courtyard's persons under 60 px are not a fair measure there: their reference boxes come from
// the whole frame at half size and are loose.)
import type { Box } from '../../../preload/contract.ts';
import { INPUT_SIZE, canvasFor } from '../../../native-workers/detection/yolox.ts';
import { usableBox } from '../tracking/box-math.ts';

/**
 * What a box asked for is: a followed (confirmed) person's box, a tentative track's (not yet confirmed: it needs
 * confident hits), or a motion box (something new, which may be only the moving part of someone).
 */
export type RegionAskKind = 'followed' | 'tentative' | 'motion';

export interface RegionAsk {
  box: Box;
  kind: RegionAskKind;
}

/** A region to run: frame pixels, the scale to run it at (model px per frame px) and its cost (canvas pixels). */
export interface PlannedRegion extends Box {
  scale: number;
  cost: number;
}

export interface RegionOptions {
  /** Run the whole frame (the periodic pass). */
  fullFrame: boolean;
  /** The whole frame replaces dearer crops only when every box asked for would be at least this tall in it. */
  minModelPx: number;
}

export interface RegionPlan {
  regions: PlannedRegion[];
  fullFrame: boolean;
}

/** Regions at most this many; more are merged. */
export const MAX_REGIONS = 6;
/** Model px per frame px: a followed person is checked at their own size, something new is shown larger. */
export const SCALE = { followed: 1, tentative: 1.3, motion: 1.3 } as const satisfies Record<RegionAskKind, number>;
/** A box asked for is never shown taller than this in the model (a person close to the camera is shown smaller). */
export const MAX_MODEL_PX = 200;
/**
 * A crop is at least this many model pixels on each side: three cells of the model's coarsest (32 px) grid. On the
 * indoor photo the 36 px person was found again at 0.5 on 0.97 of tentative crops with it and on none without (a 39 ×
 * 61 crop on a 64 × 96 canvas); the courtyard's persons of 60 px and more were found as often (crops 25 % dearer).
 */
export const MIN_CANVAS_PX = 96;
/** Context around a person's box: × width, × height, + px on each axis. */
export const PERSON_CONTEXT = { w: 1.5, h: 1.25, px: 16 } as const;
/** Context around a motion box (someone's moving legs or arm: the rest of them is around it). */
export const MOTION_CONTEXT = { w: 1.8, h: 1.5, px: 24 } as const;

interface Crop {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  scale: number;
  /** Height of the smallest box asked for in it (frame px). */
  smallest: number;
}

export function planRegions(asks: readonly RegionAsk[], width: number, height: number, opts: RegionOptions): RegionPlan {
  const usable = asks.filter((a) => usableBox(a.box));
  if (opts.fullFrame || usable.length === 0 || !(width > 0 && height > 0)) return wholeFrame(width, height);

  let crops = usable.map((a) => cropFor(a, width, height));
  crops = mergeWhileCheaper(crops);
  while (crops.length > MAX_REGIONS) crops = mergeCheapestPair(crops);

  const whole = wholeFrame(width, height);
  const total = crops.reduce((sum, c) => sum + cost(c), 0);
  const fullScale = whole.regions[0]!.scale;
  const smallest = Math.min(...crops.map((c) => c.smallest));
  if (total >= whole.regions[0]!.cost && smallest * fullScale >= opts.minModelPx) return whole;
  return {
    regions: crops
      .sort((a, b) => cost(b) - cost(a))
      .map((c) => ({ x: c.x1, y: c.y1, w: c.x2 - c.x1, h: c.y2 - c.y1, scale: c.scale, cost: cost(c) })),
    fullFrame: false,
  };
}

/** The whole frame, letterboxed to fit 416 × 416 (416 × 320 for a 4:3 picture). */
export function wholeFrame(width: number, height: number): RegionPlan {
  const canvas = canvasFor(Math.max(1, width), Math.max(1, height));
  return { regions: [{ x: 0, y: 0, w: width, h: height, scale: canvas.scale, cost: canvas.width * canvas.height }], fullFrame: true };
}

/** The crop for one box: the box with its context, in whole pixels, moved (not cut) inside the frame. */
function cropFor(ask: RegionAsk, width: number, height: number): Crop {
  const b = ask.box;
  const ctx = ask.kind === 'motion' ? MOTION_CONTEXT : PERSON_CONTEXT;
  const wanted = Math.min(SCALE[ask.kind], MAX_MODEL_PX / Math.max(1, b.h));
  // A small person gets more of the picture around them: at least MIN_CANVAS_PX on each side in the model.
  const least = MIN_CANVAS_PX / wanted;
  const w = Math.min(width, Math.max(least, b.w * ctx.w + ctx.px));
  const h = Math.min(height, Math.max(least, b.h * ctx.h + ctx.px));
  // The crop must also fit the 416 × 416 canvas at its scale.
  const scale = Math.min(wanted, INPUT_SIZE / w, INPUT_SIZE / h);
  const [x1, x2] = fit(b.x + b.w / 2, w, width);
  const [y1, y2] = fit(b.y + b.h / 2, h, height);
  return { x1, y1, x2, y2, scale, smallest: b.h };
}

/** An interval of length `len` centred at `c`, shifted inside [0, limit] (or all of it when it does not fit). */
function fit(c: number, len: number, limit: number): [number, number] {
  const s = Math.max(1, Math.min(Math.round(len), limit));
  const start = Math.min(Math.max(0, Math.round(c - s / 2)), limit - s);
  return [start, start + s];
}

/** What the detector will pay for a crop: its canvas's pixels (the scale is lowered to fit 416 × 416 if needed). */
function cost(c: Crop): number {
  const canvas = canvasFor(c.x2 - c.x1, c.y2 - c.y1, c.scale);
  return canvas.width * canvas.height;
}

function union(a: Crop, b: Crop): Crop {
  return {
    x1: Math.min(a.x1, b.x1),
    y1: Math.min(a.y1, b.y1),
    x2: Math.max(a.x2, b.x2),
    y2: Math.max(a.y2, b.y2),
    // The larger scale wins: nobody is seen smaller than alone.
    scale: Math.max(a.scale, b.scale),
    smallest: Math.min(a.smallest, b.smallest),
  };
}

function overlaps(a: Crop, b: Crop): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

/** Merges overlapping crops whose union costs no more than the two (at their scale), until none is left to merge. */
function mergeWhileCheaper(crops: Crop[]): Crop[] {
  const out = crops.slice();
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        if (!overlaps(a, b)) continue;
        const u = union(a, b);
        // Not when the union would have to be shrunk to fit the 416 canvas: its people would be seen smaller.
        if (cost(u) > cost(a) + cost(b) || canvasFor(u.x2 - u.x1, u.y2 - u.y1, u.scale).scale < u.scale * 0.999) continue;
        out[i] = u;
        out.splice(j, 1);
        merged = true;
        break;
      }
    }
  }
  return out;
}

/** Merges the two crops whose union adds the least cost. */
function mergeCheapestPair(crops: Crop[]): Crop[] {
  let bi = 0;
  let bj = 1;
  let best = Infinity;
  for (let i = 0; i < crops.length; i++) {
    for (let j = i + 1; j < crops.length; j++) {
      const extra = cost(union(crops[i]!, crops[j]!)) - cost(crops[i]!) - cost(crops[j]!);
      if (extra < best) {
        best = extra;
        bi = i;
        bj = j;
      }
    }
  }
  const out = crops.slice();
  out[bi] = union(crops[bi]!, crops[bj]!);
  out.splice(bj, 1);
  return out;
}
