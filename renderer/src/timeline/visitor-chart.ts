// "People per hour" for the visible day, pure: minute counts (visitors.list with bucket 'minute') summed into the
// 24 LOCAL hours of a day (a minute bucket is the same wherever the time zone is, an hour bucket is not), then laid
// out as the bars of a small SVG chart. The day of a DST change has 23 or 25 hours; its hours are the real ones.
import type { VisitorBucket } from '../../../preload/contract.ts';
// (English from its own area only, for callers that pass no catalog: the page always passes i18n.m)
import { review as en, type ReviewMessages as Catalog } from '../../../preload/i18n/review/en.ts';

export interface HourCount {
  /** Start of the hour, epoch ms. */
  startMs: number;
  /** The local hour of day (0..23) it starts at. */
  hour: number;
  visitors: number;
  ins: number;
  outs: number;
}

/** Local midnight of the day that holds `t`. */
export function dayStart(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The local midnight after the day that starts at `start` (23, 24 or 25 hours later). */
export function nextDayStart(start: number): number {
  const d = new Date(start);
  d.setDate(d.getDate() + 1);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Every local hour of the day from `start` with its counts; `cameraIds` null sums every camera. */
export function hourlyCounts(buckets: readonly VisitorBucket[], start: number, cameraIds: readonly string[] | null = null): HourCount[] {
  const end = nextDayStart(start);
  const hours: HourCount[] = [];
  for (let t = start; t < end; t += 3_600_000) hours.push({ startMs: t, hour: new Date(t).getHours(), visitors: 0, ins: 0, outs: 0 });
  const only = cameraIds ? new Set(cameraIds) : null;
  for (const b of buckets) {
    if (only && !only.has(b.cameraId)) continue;
    if (b.startMs < start || b.startMs >= end) continue;
    const h = hours[Math.floor((b.startMs - start) / 3_600_000)];
    if (!h) continue;
    h.visitors += b.visitors;
    h.ins += b.ins;
    h.outs += b.outs;
  }
  return hours;
}

export interface Bar extends HourCount {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ChartLayout {
  bars: Bar[];
  /** The value of the top of the scale (a round number ≥ the largest count; at least 1). */
  max: number;
  total: number;
  /** The plot's box inside the width × height, below which hour labels go. */
  plot: { x: number; y: number; w: number; h: number };
}

/** A round top for the scale: 1, 2, 5, 10, 20, 50… at or above `n`. */
export function niceMax(n: number): number {
  if (!(n > 1)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/** Bars for the hours in a width × height chart, leaving `pad` around the plot and `labelH` for the hour labels. */
export function layoutBars(hours: readonly HourCount[], width: number, height: number, pad = { left: 28, right: 6, top: 8 }, labelH = 16): ChartLayout {
  const plot = { x: pad.left, y: pad.top, w: Math.max(1, width - pad.left - pad.right), h: Math.max(1, height - pad.top - labelH) };
  const max = niceMax(Math.max(0, ...hours.map((h) => h.visitors)));
  const slot = plot.w / Math.max(1, hours.length);
  const gap = Math.min(3, slot * 0.2);
  const bars = hours.map((h, i) => {
    const bh = (h.visitors / max) * plot.h;
    return { ...h, x: plot.x + i * slot + gap / 2, y: plot.y + plot.h - bh, w: Math.max(1, slot - gap), h: bh };
  });
  return { bars, max, total: hours.reduce((s, h) => s + h.visitors, 0), plot };
}

/** "14:00–15:00: 12 people (12 in, 9 out)", in the words of the catalog given (the page passes i18n.m). */
export function barLabel(h: HourCount, m: Catalog = en): string {
  const hh = (n: number) => `${String(n % 24).padStart(2, '0')}:00`;
  const inOut = h.ins || h.outs ? ` ${m.review_hour_in_out({ ins: h.ins, outs: h.outs })}` : '';
  return `${m.review_hour_people({ from: hh(h.hour), to: hh(h.hour + 1), count: h.visitors })}${inOut}`;
}
