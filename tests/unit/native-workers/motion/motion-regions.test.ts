// Region grouping of the motion detector (motion-regions.ts) against a plain reference: a 5x5 dilation cell by cell,
// a breadth-first flood fill with 4-connectivity, boxes and counts of the FG cells, on random masks of every density.
// Then healing: only the regions that are not moving give their cells to the background.
import { describe, expect, it } from 'vitest';
import { FG, MAX_BOXES, MotionRegions, MOVING } from '../../../../native-workers/motion/motion-regions.ts';
import { rng } from '../../../fixtures/seeded-random.ts';

interface RefRegion {
  fg: number;
  moving: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The reference: dilate by 2 (Chebyshev) within rows b0..b1, flood fill, count. */
function reference(state: Uint8Array, ww: number, wh: number, y0: number, y1: number): RefRegion[] {
  const b0 = Math.max(0, y0 - 2);
  const b1 = Math.min(wh - 1, y1 + 2);
  const dil = new Uint8Array(ww * wh);
  for (let y = b0; y <= b1; y++) {
    for (let x = 0; x < ww; x++) {
      let v = 0;
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= b0 && yy <= b1 && xx >= 0 && xx < ww && state[yy * ww + xx] !== 0) v = 1;
        }
      }
      dil[y * ww + x] = v;
    }
  }
  const seen = new Uint8Array(ww * wh);
  const out: RefRegion[] = [];
  for (let p = 0; p < ww * wh; p++) {
    if (!dil[p] || seen[p]) continue;
    const region: RefRegion = { fg: 0, moving: 0, x0: ww, y0: wh, x1: -1, y1: -1 };
    const queue = [p];
    seen[p] = 1;
    while (queue.length) {
      const q = queue.pop()!;
      const x = q % ww;
      const y = (q / ww) | 0;
      if (state[q]) {
        region.fg++;
        if (state[q]! & MOVING) region.moving++;
        region.x0 = Math.min(region.x0, x);
        region.x1 = Math.max(region.x1, x);
        region.y0 = Math.min(region.y0, y);
        region.y1 = Math.max(region.y1, y);
      }
      const next = [x > 0 ? q - 1 : -1, x < ww - 1 ? q + 1 : -1, y > 0 ? q - ww : -1, y < wh - 1 ? q + ww : -1];
      for (const n of next) {
        if (n >= 0 && dil[n] && !seen[n]) {
          seen[n] = 1;
          queue.push(n);
        }
      }
    }
    if (region.fg > 0) out.push(region);
  }
  return out;
}

/** Random blobs of FG cells (some of them MOVING) within rows y0..y1. */
function randomState(rand: () => number, ww: number, wh: number, y0: number, y1: number, blobs: number): Uint8Array {
  const state = new Uint8Array(ww * wh);
  for (let b = 0; b < blobs; b++) {
    const cx = Math.floor(rand() * ww);
    const cy = y0 + Math.floor(rand() * (y1 - y0 + 1));
    const r = 1 + Math.floor(rand() * 6);
    const moving = rand() < 0.5;
    for (let y = Math.max(y0, cy - r); y <= Math.min(y1, cy + r); y++) {
      for (let x = Math.max(0, cx - r); x <= Math.min(ww - 1, cx + r); x++) {
        if (rand() < 0.6) state[y * ww + x] = moving && rand() < 0.7 ? FG | MOVING : FG;
      }
    }
  }
  // Make sure rows y0 and y1 hold a cell each (the caller passes the rows of the first and last FG cell).
  state[y0 * ww + Math.floor(rand() * ww)] = FG;
  state[y1 * ww + Math.floor(rand() * ww)] = FG;
  return state;
}

/** Which rows hold an FG cell (the detector works this out in its pass over the cells). */
function rowsWithFg(state: Uint8Array, ww: number, wh: number): Uint8Array {
  const rows = new Uint8Array(wh);
  for (let y = 0; y < wh; y++) for (let x = 0; x < ww; x++) if (state[y * ww + x]) rows[y] = 1;
  return rows;
}

describe('MotionRegions', () => {
  it('finds the same regions, boxes and counts as a cell-by-cell flood fill, on random masks', () => {
    const rand = rng(7);
    for (let trial = 0; trial < 60; trial++) {
      const ww = 7 + Math.floor(rand() * 60);
      const wh = 5 + Math.floor(rand() * 40);
      const y0 = Math.floor(rand() * wh);
      const y1 = y0 + Math.floor(rand() * (wh - y0));
      const state = randomState(rand, ww, wh, y0, y1, 1 + Math.floor(rand() * 12));
      const minCells = Math.floor(rand() * 20);
      const minMoving = 1 + Math.floor(rand() * 5);
      const regions = new MotionRegions(ww, wh);
      const kept = regions.group(state, rowsWithFg(state, ww, wh), y0, y1, minCells, minMoving);
      const counted = reference(state, ww, wh, y0, y1).filter((r) => r.moving >= minMoving && r.fg >= minCells);
      expect(kept, `trial ${trial}`).toBe(counted.reduce((s, r) => s + r.fg, 0));
      const want = counted
        .map((r) => ({ area: (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1), box: [r.x0, r.y0, r.x1, r.y1] }))
        .sort((a, b) => b.area - a.area)
        .slice(0, MAX_BOXES);
      const got: { area: number; box: number[] }[] = [];
      for (let k = 0; k < MAX_BOXES && regions.topArea[k]! > 0; k++) {
        got.push({ area: regions.topArea[k]!, box: [regions.topX0[k]!, regions.topY0[k]!, regions.topX1[k]!, regions.topY1[k]!] });
      }
      // Ties in area may come in either order: compare areas in order, boxes as sets.
      expect(got.map((g) => g.area)).toEqual(want.map((w) => w.area));
      const key = (b: number[]) => b.join(',');
      const cut = want.length ? want[want.length - 1]!.area : 0;
      const strict = (list: { area: number; box: number[] }[]) => list.filter((g) => g.area > cut).map((g) => key(g.box)).sort();
      expect(strict(got)).toEqual(strict(want));
    }
  });

  it('heals only the cells of regions that are not moving', () => {
    const ww = 40;
    const wh = 20;
    const state = new Uint8Array(ww * wh);
    // A still region on the left (no MOVING cell), a moving one on the right, far apart.
    for (let y = 5; y < 10; y++) for (let x = 2; x < 8; x++) state[y * ww + x] = FG;
    for (let y = 5; y < 10; y++) for (let x = 25; x < 32; x++) state[y * ww + x] = x === 28 ? FG | MOVING : FG;
    const regions = new MotionRegions(ww, wh);
    const kept = regions.group(state, rowsWithFg(state, ww, wh), 5, 9, 4, 2);
    expect(kept).toBe(35);
    expect([regions.topX0[0], regions.topY0[0], regions.topX1[0], regions.topY1[0]]).toEqual([25, 5, 31, 9]);
    expect(regions.topArea[1]).toBe(0);
    const bg = new Float32Array(ww * wh).fill(10);
    const cur = new Float32Array(ww * wh).fill(200);
    regions.healStill(state, bg, cur, 5);
    for (let y = 0; y < wh; y++) {
      for (let x = 0; x < ww; x++) {
        const i = y * ww + x;
        const healed = y >= 5 && y < 10 && x >= 2 && x < 8;
        expect(bg[i], `${x},${y}`).toBe(healed ? 195 : 10);
        const inMoving = y >= 5 && y < 10 && x >= 25 && x < 32;
        expect(state[i]).toBe(inMoving ? (x === 28 ? FG | MOVING : FG) : 0);
      }
    }
  });
});
