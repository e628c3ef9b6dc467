// A tracked person's path over the event's snapshot, pure: the bottom centre of each box (where the feet are, as the
// rules on tracks judge lines and zones), in pixels of the event's frameWidth × frameHeight, scaled to the displayed
// picture. Old events (before tracking) have no path: nothing is drawn.
import type { TrackPathPoint } from '../../../preload/contract.ts';
import type { Rect } from './letterbox.ts';

export interface PathGeometry {
  /** SVG points attribute ("x,y x,y …") in the picture's own pixels (offset by the picture's place in the box). */
  points: string;
  start: { x: number; y: number };
  end: { x: number; y: number };
}

/** The feet of each box of the path, scaled from frameW × frameH onto `picture`; null when there is nothing to draw. */
export function pathGeometry(path: readonly TrackPathPoint[], frameW: number, frameH: number, picture: Rect): PathGeometry | null {
  if (path.length === 0 || frameW <= 0 || frameH <= 0) return null;
  const sx = picture.w / frameW;
  const sy = picture.h / frameH;
  const pts = path.map((p) => ({ x: round(picture.x + (p.x + p.w / 2) * sx), y: round(picture.y + (p.y + p.h) * sy) }));
  return { points: pts.map((p) => `${p.x},${p.y}`).join(' '), start: pts[0]!, end: pts[pts.length - 1]! };
}

const round = (v: number) => Math.round(v * 10) / 10;
