// Counting lines and loitering zones as the wizard edits them, pure (unit-tested under Node). A line is two points in
// normalised picture coordinates (what preload/settings-schema.ts countLineSchema stores); people crossing to the
// RIGHT-hand side of the arrow a → b, as seen on the screen (y down), go "in" (main/core/tracking/track-rules.ts
// decides the same way). The editor draws an arrow across the line's middle pointing to the "in" side.
// Functions that make text take the catalog to write it from (`i18n.m` on the page; English when left out).
import { normalisePoint, type Point, type Polygon } from './polygon-edit.ts';
import { wizard as english, type WizardMessages } from '../../../preload/i18n/wizard/en.ts';

export interface LineForm {
  name: string;
  a: Point;
  b: Point;
}

export interface LoiterZoneForm {
  name: string;
  polygon: Polygon;
  seconds: number;
}

/** The schema's limits. */
export const MAX_LINES = 8;
export const MAX_LOITER_ZONES = 16;
export const MIN_LINE_LENGTH = 0.02;
export const LOITER_SECONDS = { min: 5, max: 3600, default: 60 } as const;

export type LineResult = { ok: true; lines: LineForm[] } | { ok: false; message: string };

/** "Line 3": the first "<base> N" not yet taken (names are unique, case-insensitively). */
export function nextName(existing: readonly { name: string }[], base: string): string {
  const taken = new Set(existing.map((e) => e.name.toLowerCase()));
  for (let i = 1; i < 1000; i++) if (!taken.has(`${base} ${i}`.toLowerCase())) return `${base} ${i}`;
  return `${base} ${existing.length + 1}`;
}

/** Adds the line from a to b, or says why it cannot. */
export function addLine(lines: readonly LineForm[], a: Point, b: Point, m: WizardMessages = english): LineResult {
  if (lines.length >= MAX_LINES) return { ok: false, message: m.wizard_lines_max({ max: MAX_LINES }) };
  const pa = normalisePoint(a[0], a[1]);
  const pb = normalisePoint(b[0], b[1]);
  if (Math.hypot(pa[0] - pb[0], pa[1] - pb[1]) < MIN_LINE_LENGTH) {
    return { ok: false, message: m.wizard_line_too_short };
  }
  return { ok: true, lines: [...lines.map(copyLine), { name: nextName(lines, m.wizard_new_line), a: pa, b: pb }] };
}

/** Swaps which side is "in" (the same line drawn the other way round). */
export function reverseLine(lines: readonly LineForm[], index: number): LineForm[] {
  return lines.map((l, i) => (i === index ? { name: l.name, a: [...l.b] as Point, b: [...l.a] as Point } : copyLine(l)));
}

export function moveLineEnd(lines: readonly LineForm[], index: number, end: 'a' | 'b', to: Point): LineForm[] {
  return lines.map((l, i) => (i === index ? { ...copyLine(l), [end]: normalisePoint(to[0], to[1]) } : copyLine(l)));
}

export function renameItem<T extends { name: string }>(items: readonly T[], index: number, name: string): T[] {
  return items.map((item, i) => (i === index ? { ...item, name } : item));
}

export function removeItem<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/**
 * The arrow showing "in": from the line's middle towards its right-hand side, `length` long in units of the picture's
 * height, perpendicular on the screen (so the picture's aspect, width ÷ height, is taken into account). Normalised
 * coordinates, ready for an SVG in a 0..1 viewBox stretched over the picture.
 */
export function inArrow(line: { a: Point; b: Point }, aspect: number, length = 0.08): { from: Point; to: Point } {
  const asp = aspect > 0 && Number.isFinite(aspect) ? aspect : 1;
  const mid: Point = [(line.a[0] + line.b[0]) / 2, (line.a[1] + line.b[1]) / 2];
  // In screen units (x scaled by the aspect), the right-hand normal of d = (dx, dy) with y down is (-dy, dx).
  const dx = (line.b[0] - line.a[0]) * asp;
  const dy = line.b[1] - line.a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return { from: mid, to: mid };
  const nx = -dy / len;
  const ny = dx / len;
  return { from: mid, to: [mid[0] + (nx * length) / asp, mid[1] + ny * length] };
}

/** The arrowhead's two wing points at `tip`, pointing along from → to (normalised, aspect as in inArrow). */
export function arrowHead(from: Point, to: Point, aspect: number, size = 0.025): [Point, Point] {
  const asp = aspect > 0 && Number.isFinite(aspect) ? aspect : 1;
  const dx = (to[0] - from[0]) * asp;
  const dy = to[1] - from[1];
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const wing = (sign: number): Point => [to[0] + ((-ux * size + sign * -uy * size * 0.6) / asp), to[1] + (-uy * size + sign * ux * size * 0.6)];
  return [wing(1), wing(-1)];
}

/** Which side of the line a point is on: 'in' (right-hand side of a → b on the screen), 'out', or null on it. */
export function sideOf(line: { a: Point; b: Point }, p: Point): 'in' | 'out' | null {
  const d = (line.b[0] - line.a[0]) * (p[1] - line.a[1]) - (line.b[1] - line.a[1]) * (p[0] - line.a[0]);
  return d > 0 ? 'in' : d < 0 ? 'out' : null;
}

/** A loitering time as typed: whole seconds within the schema's limits, or a sentence saying what is allowed. */
export function parseLoiterSeconds(text: string, m: WizardMessages = english): { ok: true; seconds: number } | { ok: false; message: string } {
  const t = text.trim();
  const n = Number(t);
  if (t === '' || !/^\d+$/.test(t) || n < LOITER_SECONDS.min || n > LOITER_SECONDS.max) {
    return { ok: false, message: m.wizard_loiter_seconds({ min: LOITER_SECONDS.min, max: LOITER_SECONDS.max }) };
  }
  return { ok: true, seconds: n };
}

/** Adds a drawn polygon as a loitering zone with the default time and the next free name. */
export function addLoiterZone(zones: readonly LoiterZoneForm[], polygon: Polygon, m: WizardMessages = english): LoiterZoneForm[] {
  return [...zones.map(copyZone), { name: nextName(zones, m.wizard_new_zone), polygon: polygon.map(([x, y]) => [x, y] as Point), seconds: LOITER_SECONDS.default }];
}

/**
 * The zones after the polygon editor changed their shapes (it edits polygons only): one more shape is a new zone
 * (closeDraft appends), one fewer is the zone whose shape is gone (the editor leaves the other shapes as they were),
 * the same number keeps every name and time and takes the new shapes.
 */
export function syncLoiterZones(zones: readonly LoiterZoneForm[], polygons: readonly Polygon[], m: WizardMessages = english): LoiterZoneForm[] {
  if (polygons.length === zones.length + 1) {
    return addLoiterZone(zones.map((z, i) => ({ ...z, polygon: polygons[i]! })), polygons[polygons.length - 1]!, m);
  }
  if (polygons.length === zones.length - 1) {
    const same = (a: Polygon | undefined, b: Polygon) => !!a && a.length === b.length && a.every((p, k) => p[0] === b[k]![0] && p[1] === b[k]![1]);
    let gone = zones.findIndex((z, i) => !same(polygons[i], z.polygon));
    if (gone < 0) gone = zones.length - 1;
    return zones.filter((_, i) => i !== gone).map((z, i) => ({ ...z, polygon: polygons[i]! }));
  }
  if (polygons.length === zones.length) return zones.map((z, i) => ({ ...z, polygon: polygons[i]! }));
  // Anything else (never done by the editor): the shapes win, with names and times kept where they line up.
  return polygons.map((polygon, i) => ({ name: zones[i]?.name ?? nextName(zones, m.wizard_new_zone), polygon, seconds: zones[i]?.seconds ?? LOITER_SECONDS.default }));
}

/**
 * The first problem with the names, or null: every line and zone needs a name, unique within its list. `what` is the
 * kind of item in the catalog's language (m.wizard_noun_counting_line).
 */
export function namesProblem(items: readonly { name: string }[], what: string, m: WizardMessages = english): string | null {
  const seen = new Set<string>();
  for (const item of items) {
    const n = item.name.trim().toLowerCase();
    if (!n) return m.wizard_name_missing({ what });
    if (n.length > 40) return m.wizard_name_too_long({ what, max: 40 });
    if (seen.has(n)) return m.wizard_name_twice({ what, name: item.name.trim() });
    seen.add(n);
  }
  return null;
}

function copyLine(l: LineForm): LineForm {
  return { name: l.name, a: [...l.a] as Point, b: [...l.b] as Point };
}

function copyZone(z: LoiterZoneForm): LoiterZoneForm {
  return { name: z.name, polygon: z.polygon.map(([x, y]) => [x, y] as Point), seconds: z.seconds };
}
