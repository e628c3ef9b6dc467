// Draws the timeline on a canvas: an axis, and per camera a lane with its recorded spans, the motion heat strip per
// minute and the events as blocks coloured by kind; the "now" line. One pass over the data per draw, so thousands of
// events cost a few milliseconds (the DOM never holds one element per event).
import type { ActivityMinute, EventView } from '../../../preload/contract.ts';
import { axisTicks, timeToX } from './timeline-layout.ts';
import { rowBand, stackEvents, type Stacking } from './event-stack.ts';
import { tickLabel } from './axis-label.ts';

export interface Span {
  cameraId: string;
  startMs: number;
  endMs: number;
}

export interface TimelineData {
  lanes: Array<{ id: string; name: string }>;
  events: readonly EventView[];
  activity: readonly ActivityMinute[];
  spans: readonly Span[];
  start: number;
  end: number;
  now: number;
  /** Rows of overlapping visitors (stackEvents); computed here when not given. */
  stacking?: Stacking;
  /** The Intl locale of the axis labels (the page's intlTag()); the browser's when not given. */
  locale?: string;
  /** The moment the Review players show (a line across the lanes), if any. */
  playhead?: number | null;
  /** A range selected on the timeline (shaded over its cameras' lanes), if any. */
  selection?: { cameraIds: readonly string[]; from: number; to: number } | null;
}

export interface TimelineColors {
  text: string;
  muted: string;
  grid: string;
  lane: string;
  motion: string;
  person: string;
  loitering: string;
  heat: string;
  recorded: string;
  now: string;
}

export const AXIS_H = 24;
export const LANE_H = 46;
export const LABEL_W = 132;
/** Where event blocks sit inside a lane (below the heat strip, above the recorded bar). */
export const BLOCK_TOP = 13;
export const BLOCK_H = LANE_H - 24;

export function timelineHeight(lanes: number): number {
  return AXIS_H + Math.max(1, lanes) * LANE_H + 4;
}

export function drawTimeline(ctx: CanvasRenderingContext2D, data: TimelineData, width: number, height: number, colors: TimelineColors): void {
  const { lanes, start, end, now } = data;
  const plotW = Math.max(1, width - LABEL_W);
  const x = (t: number) => LABEL_W + timeToX(t, start, end, plotW);
  ctx.clearRect(0, 0, width, height);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';

  // Axis and grid.
  ctx.fillStyle = colors.muted;
  ctx.strokeStyle = colors.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of axisTicks(start, end, plotW)) {
    const tx = Math.round(x(t)) + 0.5;
    ctx.moveTo(tx, AXIS_H - 4);
    ctx.lineTo(tx, height);
    ctx.fillText(tickLabel(t, end - start, data.locale), tx + 3, AXIS_H / 2);
  }
  ctx.stroke();

  const laneIndex = new Map<string, number>();
  lanes.forEach((lane, i) => laneIndex.set(lane.id, i));
  const laneTop = (i: number) => AXIS_H + i * LANE_H;

  // Lane backgrounds and names.
  for (let i = 0; i < lanes.length; i++) {
    const top = laneTop(i);
    ctx.fillStyle = colors.lane;
    ctx.fillRect(LABEL_W, top + 2, plotW, LANE_H - 4);
    ctx.fillStyle = colors.text;
    const name = (lanes[i] as { name: string }).name;
    ctx.fillText(name.length > 17 ? name.slice(0, 16) + '…' : name, 6, top + LANE_H / 2);
  }

  // Recorded spans: a thin bar along the lane's bottom.
  ctx.fillStyle = colors.recorded;
  for (const s of data.spans) {
    const i = laneIndex.get(s.cameraId);
    if (i === undefined || s.endMs < start || s.startMs > end) continue;
    const x0 = Math.max(LABEL_W, x(s.startMs));
    const x1 = Math.min(width, x(s.endMs));
    ctx.fillRect(x0, laneTop(i) + LANE_H - 7, Math.max(1, x1 - x0), 3);
  }

  // Motion heat per minute: a strip along the lane's top, stronger with more moving frames.
  const minuteW = Math.max(1, (60_000 / (end - start)) * plotW);
  ctx.fillStyle = colors.heat;
  for (const m of data.activity) {
    const i = laneIndex.get(m.cameraId);
    if (i === undefined || m.minuteMs + 60_000 < start || m.minuteMs > end || m.motionFrames === 0) continue;
    const share = m.frames > 0 ? m.motionFrames / m.frames : 0;
    ctx.globalAlpha = Math.min(1, 0.15 + share * 0.85);
    ctx.fillRect(x(m.minuteMs), laneTop(i) + 4, minuteW, 6);
  }
  ctx.globalAlpha = 1;

  // Events: motion first, then one block per visitor (people and loitering), overlapping visitors on stacked rows.
  const stacking = data.stacking ?? stackEvents(data.events, now);
  for (const kind of ['motion', 'person', 'loitering'] as const) {
    ctx.fillStyle = kind === 'person' ? colors.person : kind === 'loitering' ? colors.loitering : colors.motion;
    for (const e of data.events) {
      if (e.kind !== kind) continue;
      const i = laneIndex.get(e.cameraId);
      const eEnd = e.endMs ?? now;
      if (i === undefined || eEnd < start || e.startMs > end) continue;
      const x0 = Math.max(LABEL_W, x(e.startMs));
      const x1 = Math.min(width, x(eEnd));
      const band = kind === 'motion' ? { y: laneTop(i) + BLOCK_TOP, h: BLOCK_H } : rowBand(stacking.row.get(e.id) ?? 0, stacking.rows.get(e.cameraId) ?? 1, laneTop(i) + BLOCK_TOP, BLOCK_H);
      ctx.fillRect(x0, band.y, Math.max(2, x1 - x0), band.h);
    }
  }

  drawSelection(ctx, data, x, laneIndex, colors);
  drawPlayhead(ctx, data, x, height, colors);

  // Now.
  if (now >= start && now <= end) {
    const nx = Math.round(x(now)) + 0.5;
    ctx.strokeStyle = colors.now;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(nx, AXIS_H - 6);
    ctx.lineTo(nx, height);
    ctx.stroke();
  }
}

type Lanes = ReadonlyMap<string, number>;

function drawSelection(ctx: CanvasRenderingContext2D, data: TimelineData, x: (t: number) => number, lanes: Lanes, colors: TimelineColors): void {
  const sel = data.selection;
  if (!sel || sel.to < data.start || sel.from > data.end) return;
  const x0 = Math.max(LABEL_W, x(sel.from));
  const x1 = Math.max(x0 + 1, x(Math.min(sel.to, data.end)));
  ctx.fillStyle = colors.now;
  ctx.strokeStyle = colors.now;
  ctx.lineWidth = 1;
  for (const id of sel.cameraIds) {
    const i = lanes.get(id);
    if (i === undefined) continue;
    const top = AXIS_H + i * LANE_H + 1;
    ctx.globalAlpha = 0.22;
    ctx.fillRect(x0, top, x1 - x0, LANE_H - 2);
    ctx.globalAlpha = 1;
    ctx.strokeRect(Math.round(x0) + 0.5, top + 0.5, Math.round(x1 - x0), LANE_H - 3);
  }
}

function drawPlayhead(ctx: CanvasRenderingContext2D, data: TimelineData, x: (t: number) => number, height: number, colors: TimelineColors): void {
  const t = data.playhead;
  if (t === null || t === undefined || t < data.start || t > data.end) return;
  const px = Math.round(x(t)) + 0.5;
  ctx.strokeStyle = colors.text;
  ctx.fillStyle = colors.text;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(px, AXIS_H - 2);
  ctx.lineTo(px, height);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(px - 5, AXIS_H - 8);
  ctx.lineTo(px + 5, AXIS_H - 8);
  ctx.lineTo(px, AXIS_H - 1);
  ctx.closePath();
  ctx.fill();
}
