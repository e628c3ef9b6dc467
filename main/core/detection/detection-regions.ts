// Where to look for persons in a frame with motion (pure). Like Frigate: a square around each moving area, at least
// as big as the model likes to see (320 px, or the frame's short side when smaller) and 1.2× the motion box, moved
// inside the frame; overlapping squares are merged; at most 3 regions. The full frame when asked or when there are
// no motion boxes (the camera pipeline asks for it every few passes so that still persons are not missed).
import type { Box } from '../../../preload/contract.ts';

export interface RegionOptions {
  fullFrame: boolean;
}

/** Regions at most this many; more are merged. */
export const MAX_REGIONS = 3;
/** Smallest region side (px) when the frame allows it. */
export const MIN_REGION_SIDE = 320;
/** A region is this much bigger than its motion box (context around a person helps the model). */
export const REGION_MARGIN = 1.2;
/** When the regions would cover more than this fraction of the frame, the full frame is cheaper and as good. */
const FULL_FRAME_COVER = 0.8;

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function regionsForMotion(boxes: readonly Box[], width: number, height: number, opts: RegionOptions): Box[] {
  const full: Box = { x: 0, y: 0, w: width, h: height };
  const usable = boxes.filter((b) => b.w > 0 && b.h > 0 && Number.isFinite(b.x + b.y + b.w + b.h));
  if (opts.fullFrame || usable.length === 0 || width <= 0 || height <= 0) return [full];

  const minSide = Math.min(MIN_REGION_SIDE, width, height);
  let rects: Rect[] = usable.map((b) => square(b, minSide, width, height));
  rects = mergeOverlapping(rects);
  while (rects.length > MAX_REGIONS) {
    rects = mergeCheapestPair(rects);
    rects = mergeOverlapping(rects);
  }
  const covered = rects.reduce((sum, r) => sum + area(r), 0);
  if (covered >= FULL_FRAME_COVER * width * height) return [full];
  return rects
    .sort((a, b) => area(b) - area(a))
    .map((r) => ({ x: r.x1, y: r.y1, w: r.x2 - r.x1, h: r.y2 - r.y1 }));
}

/** A square around the box's centre, enlarged and moved (not cut) to fit inside the frame, in whole pixels. */
function square(b: Box, minSide: number, width: number, height: number): Rect {
  const side = Math.max(minSide, REGION_MARGIN * Math.max(b.w, b.h));
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  const [x1, x2] = fit(cx, side, width);
  const [y1, y2] = fit(cy, side, height);
  return { x1, y1, x2, y2 };
}

/** An interval of length `side` centred at `c`, shifted inside [0, limit] (or all of it when it does not fit). */
function fit(c: number, side: number, limit: number): [number, number] {
  const s = Math.min(Math.round(side), limit);
  const start = Math.min(Math.max(0, Math.round(c - s / 2)), limit - s);
  return [start, start + s];
}

function area(r: Rect): number {
  return (r.x2 - r.x1) * (r.y2 - r.y1);
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

function union(a: Rect, b: Rect): Rect {
  return { x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1), x2: Math.max(a.x2, b.x2), y2: Math.max(a.y2, b.y2) };
}

/** Merges overlapping rectangles into their bounding rectangle until none overlap. */
function mergeOverlapping(rects: Rect[]): Rect[] {
  const out = rects.slice();
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        if (overlaps(out[i]!, out[j]!)) {
          out[i] = union(out[i]!, out[j]!);
          out.splice(j, 1);
          merged = true;
          break;
        }
      }
    }
  }
  return out;
}

/** Merges the two rectangles whose union adds the least area. */
function mergeCheapestPair(rects: Rect[]): Rect[] {
  let bi = 0;
  let bj = 1;
  let best = Infinity;
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i]!;
      const b = rects[j]!;
      const cost = area(union(a, b)) - area(a) - area(b);
      if (cost < best) {
        best = cost;
        bi = i;
        bj = j;
      }
    }
  }
  const out = rects.slice();
  out[bi] = union(rects[bi]!, rects[bj]!);
  out.splice(bj, 1);
  return out;
}
