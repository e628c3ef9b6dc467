// The timeline's range maths, pure: the one place that turns the view's times (fractional after a drag: a pixel is
// many milliseconds) into the whole milliseconds every request carries, the time under a pointer, a dragged range
// selection across lanes, and a view moved so a moment is in it.
import { xToTime } from './timeline-layout.ts';

/** A range of whole milliseconds, from ≤ to, as the contract wants (epochMs is an integer). */
export interface WholeRange {
  from: number;
  to: number;
}

/** Whole milliseconds for a request over [start, end]: every time sent over the contract goes through here. */
export function requestRange(start: number, end: number): WholeRange {
  const from = Math.max(0, Math.round(Math.min(start, end)));
  const to = Math.max(from, Math.round(Math.max(start, end)));
  return { from, to };
}

/** The wall time under x px of the plot (0 = the plot's left edge), whole ms, kept inside [start, end]. */
export function timeAtX(x: number, start: number, end: number, plotW: number): number {
  const t = xToTime(Math.min(Math.max(0, x), plotW), start, end, plotW);
  return Math.round(t);
}

/** The lane under y px of the canvas (below the axis), or -1 above or below the lanes. */
export function laneAtY(y: number, axisH: number, laneH: number, lanes: number): number {
  const i = Math.floor((y - axisH) / laneH);
  return i >= 0 && i < lanes ? i : -1;
}

export interface RangeSelection {
  cameraIds: string[];
  from: number;
  to: number;
}

/**
 * A range dragged from (x0, lane0) to (x1, lane1): the cameras of every lane between, in lane order, and the times
 * between, whole ms, earlier first whichever way the drag went. Null when shorter than `minMs`.
 */
export function selectRange(
  lanes: ReadonlyArray<{ id: string }>,
  x0: number,
  lane0: number,
  x1: number,
  lane1: number,
  view: { start: number; end: number; plotW: number },
  minMs = 1000,
): RangeSelection | null {
  const a = timeAtX(x0, view.start, view.end, view.plotW);
  const b = timeAtX(x1, view.start, view.end, view.plotW);
  const { from, to } = requestRange(a, b);
  if (to - from < minMs) return null;
  const clampLane = (i: number) => Math.min(lanes.length - 1, Math.max(0, i));
  const lo = clampLane(Math.min(lane0, lane1));
  const hi = clampLane(Math.max(lane0, lane1));
  const cameraIds = lanes.slice(lo, hi + 1).map((l) => l.id);
  return cameraIds.length ? { cameraIds, from, to } : null;
}

/** The right edge that shows `t` in a view `spanMs` wide: unchanged when it is in view, else `t` at two thirds. */
export function endShowing(t: number, end: number, spanMs: number, now: number): number {
  if (t >= end - spanMs && t <= end) return end;
  return Math.min(now, Math.round(t + spanMs / 3));
}
