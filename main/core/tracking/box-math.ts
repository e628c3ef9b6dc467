// Small pure helpers on boxes (x, y, w, h in frame pixels) shared by the tracker, the scheduler and the rules.
import type { Box } from '../../../native-workers/motion/motion-types.ts';

/** A box with a positive size and finite coordinates (what a motion box, a prediction or a detection must be to use). */
export function usableBox(b: Box): boolean {
  return b.w > 0 && b.h > 0 && Number.isFinite(b.x + b.y + b.w + b.h);
}

export function area(b: Box): number {
  return Math.max(0, b.w) * Math.max(0, b.h);
}

/** Area of the intersection of two boxes. */
export function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Intersection over union, 0 … 1. */
export function iou(a: Box, b: Box): number {
  const i = intersection(a, b);
  if (i === 0) return 0;
  return i / (area(a) + area(b) - i);
}

export function centreX(b: Box): number {
  return b.x + b.w / 2;
}

export function centreY(b: Box): number {
  return b.y + b.h / 2;
}

/** True when the point lies inside the box (edges included). */
export function containsPoint(b: Box, x: number, y: number): boolean {
  return x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
}

/** The box grown by `factor` around its centre (1.2 = 20 % bigger each way). */
export function grow(b: Box, factor: number, out: Box): Box {
  const w = b.w * factor;
  const h = b.h * factor;
  out.x = b.x + b.w / 2 - w / 2;
  out.y = b.y + b.h / 2 - h / 2;
  out.w = w;
  out.h = h;
  return out;
}

export function copyBox(from: Box, to: Box): Box {
  to.x = from.x;
  to.y = from.y;
  to.w = from.w;
  to.h = from.h;
  return to;
}
