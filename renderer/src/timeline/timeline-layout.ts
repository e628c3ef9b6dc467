// The timeline's arithmetic, pure: spans, time ↔ x, axis ticks, which list rows are visible, merging live events.
import type { EventView } from '../../../preload/contract.ts';

// The spans the Review screen offers (their names are review_span_… messages).
export const spans = [
  { key: '1h', ms: 3_600_000 },
  { key: '6h', ms: 6 * 3_600_000 },
  { key: '24h', ms: 24 * 3_600_000 },
  { key: '7d', ms: 7 * 24 * 3_600_000 },
] as const;
export type SpanKey = (typeof spans)[number]['key'];

export function spanMs(key: SpanKey): number {
  return spans.find((s) => s.key === key)?.ms ?? 3_600_000;
}

export function timeToX(t: number, start: number, end: number, width: number): number {
  return ((t - start) / (end - start)) * width;
}

export function xToTime(x: number, start: number, end: number, width: number): number {
  return start + (x / Math.max(1, width)) * (end - start);
}

const TICK_STEPS = [60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000, 3_600_000, 2 * 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000];

/** Tick times (local-time aligned) so labels are at least `minPx` apart. */
export function axisTicks(start: number, end: number, width: number, minPx = 80): number[] {
  const perPx = (end - start) / Math.max(1, width);
  const step = TICK_STEPS.find((s) => s / perPx >= minPx) ?? 24 * 3_600_000;
  const offset = new Date(start).getTimezoneOffset() * 60_000;
  const first = Math.ceil((start - offset) / step) * step + offset;
  const out: number[] = [];
  for (let t = first; t <= end; t += step) out.push(t);
  return out;
}

/** Rows of a virtual list to render: the visible ones plus `overscan` either side. */
export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 6): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/** Inserts or replaces an event in a list sorted newest first (returns a new array only when it changed). */
export function upsertSorted(list: EventView[], view: EventView): EventView[] {
  const i = list.findIndex((e) => e.id === view.id);
  if (i >= 0) {
    const next = list.slice();
    next[i] = view;
    return next;
  }
  let at = 0;
  while (at < list.length && (list[at] as EventView).startMs > view.startMs) at++;
  const next = list.slice();
  next.splice(at, 0, view);
  return next;
}

/**
 * The event under x (± slop px) in a lane, newest wins, a visitor before motion. `events` newest first. With `row`
 * (the stacked row under the pointer and each event's row), a visitor counts only on its own row.
 */
export function hitEvent(
  events: readonly EventView[],
  cameraId: string,
  x: number,
  start: number,
  end: number,
  width: number,
  now: number,
  slop = 3,
  row?: { at: number; of: ReadonlyMap<string, number> },
): EventView | null {
  const t0 = xToTime(x - slop, start, end, width);
  const t1 = xToTime(x + slop, start, end, width);
  let best: EventView | null = null;
  for (const e of events) {
    if (e.cameraId !== cameraId) continue;
    const eEnd = e.endMs ?? now;
    if (e.startMs <= t1 && eEnd >= t0) {
      if (e.kind !== 'motion' && row && (row.of.get(e.id) ?? 0) !== row.at) continue;
      if (!best || e.kind !== 'motion') best = e;
      if (best.kind !== 'motion') break;
    }
  }
  return best;
}
