// Polygon editing for motion masks and person zones, in normalised picture coordinates (0..1 on both axes, what
// preload/settings-schema.ts polygonSchema stores). Pure functions on plain arrays: every edit returns new arrays, so the
// component just assigns the result. No DOM here (unit-tested under Node). closeDraft's sentences come from the catalog
// it is given (`i18n.m` on the page; English when left out).
import { wizard as english, type WizardMessages } from '../../../preload/i18n/wizard/en.ts';

export type Point = [number, number];
export type Polygon = Point[];

/** The schema's limits: a polygon has 3..64 points; at most 16 polygons per list. */
export const MIN_POINTS = 3;
export const MAX_POINTS = 64;
export const MAX_POLYGONS = 16;

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
/** Four decimals: a tenth of a pixel on a 4K picture, and short JSON. */
const round = (v: number) => Math.round(v * 10_000) / 10_000;

export function normalisePoint(x: number, y: number): Point {
  return [round(clamp01(x)), round(clamp01(y))];
}

/** A pointer position inside the picture's box (client pixels) as a normalised point. */
export function pointFromClient(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): Point {
  if (box.width <= 0 || box.height <= 0) return [0, 0];
  return normalisePoint((clientX - box.left) / box.width, (clientY - box.top) / box.height);
}

/** The vertex nearest to p within `radius` (normalised units, measured in the picture's aspect), or null. */
export function nearestVertex(polygons: readonly Polygon[], p: Point, radius: number, aspect = 1): { polygon: number; vertex: number } | null {
  let best: { polygon: number; vertex: number } | null = null;
  let bestD = radius * radius;
  polygons.forEach((poly, pi) =>
    poly.forEach(([x, y], vi) => {
      const dx = (x - p[0]) * aspect;
      const dy = y - p[1];
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = { polygon: pi, vertex: vi };
      }
    }),
  );
  return best;
}

/** Adds a point to the polygon being drawn (ignored once it has the maximum). */
export function addDraftPoint(draft: readonly Point[], p: Point): Point[] {
  if (draft.length >= MAX_POINTS) return [...draft];
  return [...draft, normalisePoint(p[0], p[1])];
}

/**
 * Drops trailing points that repeat the one before (a double-click adds its point twice before it closes the shape).
 */
export function dropRepeatedTail(draft: readonly Point[], epsilon = 0.004): Point[] {
  const out = [...draft];
  while (out.length >= 2) {
    const a = out[out.length - 1]!;
    const b = out[out.length - 2]!;
    if (Math.abs(a[0] - b[0]) <= epsilon && Math.abs(a[1] - b[1]) <= epsilon) out.pop();
    else break;
  }
  return out;
}

/** Twice the signed area; 0 means all points on one line (not a usable area). */
export function doubleArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i]!;
    const [x2, y2] = poly[(i + 1) % poly.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s;
}

export type CloseResult = { ok: true; polygons: Polygon[] } | { ok: false; message: string };

/** Closes the draft into a polygon of the list, or says why it cannot. */
export function closeDraft(polygons: readonly Polygon[], draft: readonly Point[], m: WizardMessages = english): CloseResult {
  const pts = dropRepeatedTail(draft);
  if (pts.length < MIN_POINTS) return { ok: false, message: m.wizard_shape_min_points({ min: MIN_POINTS }) };
  if (Math.abs(doubleArea(pts)) < 1e-6) return { ok: false, message: m.wizard_shape_flat };
  if (polygons.length >= MAX_POLYGONS) return { ok: false, message: m.wizard_shape_max({ max: MAX_POLYGONS }) };
  return { ok: true, polygons: [...polygons.map((p) => [...p]), pts] };
}

export function moveVertex(polygons: readonly Polygon[], polygon: number, vertex: number, to: Point): Polygon[] {
  return polygons.map((poly, pi) => (pi === polygon ? poly.map((pt, vi) => (vi === vertex ? normalisePoint(to[0], to[1]) : pt)) : poly));
}

export function nudgeVertex(polygons: readonly Polygon[], polygon: number, vertex: number, dx: number, dy: number): Polygon[] {
  const pt = polygons[polygon]?.[vertex];
  if (!pt) return polygons.map((p) => [...p]);
  return moveVertex(polygons, polygon, vertex, [pt[0] + dx, pt[1] + dy]);
}

/** Removes one vertex; a polygon left with fewer than 3 points is removed whole. */
export function removeVertex(polygons: readonly Polygon[], polygon: number, vertex: number): Polygon[] {
  const out: Polygon[] = [];
  polygons.forEach((poly, pi) => {
    if (pi !== polygon) out.push(poly);
    else {
      const kept = poly.filter((_, vi) => vi !== vertex);
      if (kept.length >= MIN_POINTS) out.push(kept);
    }
  });
  return out;
}

export function removePolygon(polygons: readonly Polygon[], polygon: number): Polygon[] {
  return polygons.filter((_, pi) => pi !== polygon);
}

/** SVG points attribute for a polygon in a 0..1 viewBox. */
export function svgPoints(poly: readonly Point[]): string {
  return poly.map(([x, y]) => `${x},${y}`).join(' ');
}
