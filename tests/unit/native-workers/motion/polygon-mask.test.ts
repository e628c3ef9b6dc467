// Mask polygons (normalised frame coordinates) rasterised onto the motion detector's working grid.
import { describe, expect, it } from 'vitest';
import { countUnmasked, polygonProblem, rasterisePolygons } from '../../../../native-workers/motion/polygon-mask.ts';
import type { Polygon } from '../../../../native-workers/motion/motion-types.ts';

/** The grid as rows of '#' (masked) and '.' (analysed), easy to read in a failure. */
function picture(mask: Uint8Array, cols: number, rows: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) line += mask[r * cols + c] ? '#' : '.';
    out.push(line);
  }
  return out;
}

describe('rasterisePolygons', () => {
  it('masks exactly the cells whose centre lies inside a rectangle', () => {
    const rect: Polygon = [
      [0.25, 0.25],
      [0.75, 0.25],
      [0.75, 0.75],
      [0.25, 0.75],
    ];
    const mask = rasterisePolygons([rect], 8, 4);
    expect(picture(mask, 8, 4)).toEqual(['........', '..####..', '..####..', '........']);
    expect(countUnmasked(mask)).toBe(32 - 8);
  });

  it('fills a triangle by its cell centres (a centre on the edge is outside)', () => {
    const tri: Polygon = [
      [0, 0],
      [0, 1],
      [1, 1],
    ];
    expect(picture(rasterisePolygons([tri], 4, 4), 4, 4)).toEqual(['....', '#...', '##..', '###.']);
  });

  it('unites several polygons, and a polygon covering the whole frame masks every cell', () => {
    const left: Polygon = [
      [0, 0],
      [0.25, 0],
      [0.25, 1],
      [0, 1],
    ];
    const right: Polygon = [
      [0.75, 0],
      [1, 0],
      [1, 1],
      [0.75, 1],
    ];
    expect(picture(rasterisePolygons([left, right], 8, 2), 8, 2)).toEqual(['##....##', '##....##']);
    const all: Polygon = [
      [-0.1, -0.1],
      [1.1, -0.1],
      [1.1, 1.1],
      [-0.1, 1.1],
    ];
    expect(countUnmasked(rasterisePolygons([all], 160, 120))).toBe(0);
  });

  it('handles a concave polygon (a U shape) with the even-odd rule', () => {
    const u: Polygon = [
      [0, 0],
      [0.25, 0],
      [0.25, 0.5],
      [0.75, 0.5],
      [0.75, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    expect(picture(rasterisePolygons([u], 4, 4), 4, 4)).toEqual(['#..#', '#..#', '####', '####']);
  });

  it('maps normalised frame coordinates onto a grid that covers only part of the frame (extent)', () => {
    // A 642-px-wide frame downscaled by 4 gives 160 cells covering 640 px: extentX = 640 / 642.
    const half: Polygon = [
      [0.5, 0],
      [1, 0],
      [1, 1],
      [0.5, 1],
    ];
    const mask = rasterisePolygons([half], 160, 1, undefined, { extentX: 640 / 642 });
    // Frame x = 321 px is the boundary: cell c covers centre (c + 0.5) * 4 px; the first masked cell is c = 80.
    expect(mask.indexOf(1)).toBe(80);
    expect(countUnmasked(mask)).toBe(80);
  });

  it('writes into a given buffer and clears what an earlier mask left there', () => {
    const buf = new Uint8Array(16).fill(1);
    const out = rasterisePolygons([], 4, 4, buf);
    expect(out).toBe(buf);
    expect(countUnmasked(out)).toBe(16);
  });

  it('refuses a mask with fewer than 3 points with a sentence the owner can act on', () => {
    const line: Polygon = [
      [0, 0],
      [1, 1],
    ];
    expect(polygonProblem(line, 0)).toMatch(/Mask 1 has 2 points; a mask needs at least 3 points/);
    expect(() => rasterisePolygons([line], 4, 4)).toThrow(/at least 3 points/);
    expect(polygonProblem([[0, 0], [1, Number.NaN], [1, 1]], 2)).toMatch(/Mask 3 has a point that is not a number/);
    expect(() => rasterisePolygons([], 0, 4)).toThrow(/0x4 grid/);
  });
});
