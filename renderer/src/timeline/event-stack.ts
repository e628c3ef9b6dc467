// Overlapping events in one lane, stacked so each stays readable: every visitor is one person event, and visitors
// overlap (two people in the shop at once). Greedy interval packing, pure: events sorted by start take the first row
// whose last event ended (plus a few pixels' worth of time) before they start; past `maxRows` they share the last row.
import type { EventView } from '../../../preload/contract.ts';

export interface Stacking {
  /** Row of each event id (0 = top). */
  row: Map<string, number>;
  /** Rows used per camera (at least 1). */
  rows: Map<string, number>;
}

/**
 * Rows for the events, per camera. Motion events stay on row 0 of their own layer (drawn under people); person and
 * loitering events are stacked. `gapMs` keeps blocks that nearly touch on separate rows.
 */
export function stackEvents(events: readonly EventView[], now: number, maxRows = 4, gapMs = 0): Stacking {
  const row = new Map<string, number>();
  const rows = new Map<string, number>();
  const tracked = events.filter((e) => e.kind !== 'motion').slice().sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
  const rowEnds = new Map<string, number[]>();
  for (const e of tracked) {
    const ends = rowEnds.get(e.cameraId) ?? [];
    rowEnds.set(e.cameraId, ends);
    let r = ends.findIndex((end) => end + gapMs < e.startMs);
    if (r < 0) r = ends.length < maxRows ? ends.length : maxRows - 1;
    ends[r] = Math.max(ends[r] ?? -Infinity, e.endMs ?? now);
    row.set(e.id, r);
  }
  for (const [cam, ends] of rowEnds) rows.set(cam, Math.max(1, ends.length));
  for (const e of events) {
    if (e.kind === 'motion') row.set(e.id, 0);
    if (!rows.has(e.cameraId)) rows.set(e.cameraId, 1);
  }
  return { row, rows };
}

/** The top and height of a block on `row` of `rows` inside a band from `top`, `height` high. */
export function rowBand(row: number, rows: number, top: number, height: number): { y: number; h: number } {
  const n = Math.max(1, rows);
  const h = height / n;
  return { y: top + Math.min(row, n - 1) * h, h: Math.max(2, h - (n > 1 ? 1 : 0)) };
}

/** Which row a y inside the band is on. */
export function rowAt(y: number, rows: number, top: number, height: number): number {
  const n = Math.max(1, rows);
  return Math.min(n - 1, Math.max(0, Math.floor(((y - top) / height) * n)));
}
