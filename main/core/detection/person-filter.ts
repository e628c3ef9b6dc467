// Which detected persons count for a camera (pure): score at least the camera's threshold, big enough, and, when the
// camera has zones, standing in one of them. "Standing in" is judged by the feet (the bottom-centre of the box), as
// in Frigate: a person walking past a zone's edge with their head inside does not count.
import type { Box } from '../../../preload/contract.ts';
import type { DetectionSettings } from '../../../preload/settings-schema.ts';
import type { PersonSighting } from '../events/event-tracker.ts';

type Point = readonly [number, number];

export function filterPersons(
  persons: readonly { box: Box; score: number }[],
  width: number,
  height: number,
  settings: DetectionSettings,
): PersonSighting[] {
  const minArea = settings.minPersonAreaRatio * width * height;
  const zones = settings.zones;
  const out: PersonSighting[] = [];
  for (const p of persons) {
    if (!(p.score >= settings.scoreThreshold)) continue;
    if (p.box.w * p.box.h < minArea) continue;
    if (zones.length > 0) {
      const fx = (p.box.x + p.box.w / 2) / width;
      const fy = (p.box.y + p.box.h) / height;
      if (!zones.some((zone) => insidePolygon(fx, fy, zone))) continue;
    }
    out.push({ score: p.score, box: { x: p.box.x, y: p.box.y, w: p.box.w, h: p.box.h } });
  }
  return out;
}

/** Point in polygon (even-odd rule); a point on an edge counts as inside (feet on the frame's bottom edge). */
export function insidePolygon(x: number, y: number, polygon: readonly Point[]): boolean {
  const n = polygon.length;
  if (n < 3) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (onSegment(x, y, xi, yi, xj, yj)) return true;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  const eps = 1e-9;
  const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  if (Math.abs(cross) > eps) return false;
  return px >= Math.min(ax, bx) - eps && px <= Math.max(ax, bx) + eps && py >= Math.min(ay, by) - eps && py <= Math.max(ay, by) + eps;
}
