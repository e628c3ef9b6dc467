// Where a video's picture really is inside its element with `object-fit: contain` (letterboxed or pillarboxed), and
// analysis-frame boxes mapped onto it. Pure: the live overlay and the event snapshot use it.
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The displayed picture of a `mediaW × mediaH` source inside a `boxW × boxH` element, object-fit: contain. */
export function containRect(boxW: number, boxH: number, mediaW: number, mediaH: number): Rect {
  if (boxW <= 0 || boxH <= 0 || mediaW <= 0 || mediaH <= 0) return { x: 0, y: 0, w: Math.max(0, boxW), h: Math.max(0, boxH) };
  const scale = Math.min(boxW / mediaW, boxH / mediaH);
  const w = mediaW * scale;
  const h = mediaH * scale;
  return { x: (boxW - w) / 2, y: (boxH - h) / 2, w, h };
}

/**
 * A box in pixels of a `frameW × frameH` analysis frame, placed on the displayed picture. The analysis frame is a
 * downscale of the same picture, so only the scale differs; the result is clamped to the picture.
 */
export function mapBox(box: Rect, frameW: number, frameH: number, picture: Rect, out: Rect = { x: 0, y: 0, w: 0, h: 0 }): Rect {
  const sx = frameW > 0 ? picture.w / frameW : 0;
  const sy = frameH > 0 ? picture.h / frameH : 0;
  const x0 = Math.max(0, Math.min(picture.w, box.x * sx));
  const y0 = Math.max(0, Math.min(picture.h, box.y * sy));
  const x1 = Math.max(0, Math.min(picture.w, (box.x + box.w) * sx));
  const y1 = Math.max(0, Math.min(picture.h, (box.y + box.h) * sy));
  out.x = picture.x + x0;
  out.y = picture.y + y0;
  out.w = x1 - x0;
  out.h = y1 - y0;
  return out;
}

/** Opacity of an overlay drawn `ageMs` ago: full for `holdMs`, then fading to nothing over `fadeMs`. */
export function fadeAlpha(ageMs: number, holdMs: number, fadeMs: number): number {
  if (ageMs <= holdMs) return 1;
  if (ageMs >= holdMs + fadeMs) return 0;
  return 1 - (ageMs - holdMs) / fadeMs;
}
