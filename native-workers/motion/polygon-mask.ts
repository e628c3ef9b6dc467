// Pure: rasterises mask polygons (normalised 0..1 frame coordinates) onto a grid of cells, for instance the motion
// detector's working resolution. A cell is masked when its centre lies inside a polygon (even-odd rule per polygon;
// several polygons are united). Runs when a camera is configured, never per frame.
import type { Polygon } from './motion-types.ts';

export interface RasteriseOptions {
  /**
   * Fraction of the frame's width (height) that the grid covers, from the left (top) edge. The motion detector's grid
   * drops the last few frame columns that do not fill a whole cell, so its grid covers slightly less than 1.
   */
  extentX?: number;
  extentY?: number;
}

/** Checks one polygon and returns a sentence saying what is wrong with it, or null when it can be used. */
export function polygonProblem(polygon: Polygon, index: number): string | null {
  if (polygon.length < 3) {
    return `Mask ${index + 1} has ${polygon.length} point${polygon.length === 1 ? '' : 's'}; a mask needs at least 3 points to cover an area.`;
  }
  for (const point of polygon) {
    const [x, y] = point;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      return `Mask ${index + 1} has a point that is not a number; draw the mask again.`;
    }
  }
  return null;
}

/**
 * Rasterises `polygons` onto a `cols` × `rows` grid: 1 = masked (never counts as motion), 0 = analysed.
 * Writes into `out` when given (it must hold cols × rows cells) and returns it.
 */
export function rasterisePolygons(
  polygons: readonly Polygon[],
  cols: number,
  rows: number,
  out?: Uint8Array,
  options: RasteriseOptions = {},
): Uint8Array {
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols <= 0 || rows <= 0) {
    throw new Error(`cannot rasterise a mask onto a ${cols}x${rows} grid`);
  }
  const mask = out ?? new Uint8Array(cols * rows);
  if (mask.length < cols * rows) throw new Error(`the mask buffer holds ${mask.length} cells, ${cols * rows} are needed`);
  mask.fill(0, 0, cols * rows);
  const extentX = options.extentX ?? 1;
  const extentY = options.extentY ?? 1;
  const crossings: number[] = [];

  polygons.forEach((polygon, index) => {
    const problem = polygonProblem(polygon, index);
    if (problem) throw new Error(problem);
    const n = polygon.length;
    for (let r = 0; r < rows; r++) {
      const yc = ((r + 0.5) / rows) * extentY;
      crossings.length = 0;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const [xi, yi] = polygon[i]!;
        const [xj, yj] = polygon[j]!;
        // Half-open rule: a vertex exactly on the scanline is counted once.
        if (yi > yc !== yj > yc) crossings.push(xi + ((yc - yi) * (xj - xi)) / (yj - yi));
      }
      if (crossings.length < 2) continue;
      crossings.sort((a, b) => a - b);
      const rowStart = r * cols;
      for (let k = 0; k + 1 < crossings.length; k += 2) {
        // Cells whose centre x, (c + 0.5) / cols * extentX, lies in [x0, x1).
        const c0 = Math.max(0, Math.ceil((crossings[k]! * cols) / extentX - 0.5));
        const c1 = Math.min(cols, Math.ceil((crossings[k + 1]! * cols) / extentX - 0.5));
        for (let c = c0; c < c1; c++) mask[rowStart + c] = 1;
      }
    }
  });
  return mask;
}

/** Number of cells left unmasked (0 in the mask). */
export function countUnmasked(mask: Uint8Array, cells: number = mask.length): number {
  let n = 0;
  for (let i = 0; i < cells; i++) if (mask[i] === 0) n++;
  return n;
}
