// The optimal assignment with a cost limit, against brute force on random matrices and on the cases the tracker meets.
import { describe, expect, it } from 'vitest';
import { Assignment } from '../../../../main/core/tracking/assignment.ts';
import { rng } from '../../../fixtures/seeded-random.ts';

/** Brute force: the least total of pair costs plus limit/2 per row or column left alone (the documented objective). */
function bruteForce(cost: number[], rows: number, cols: number, limit: number): number {
  let best = Infinity;
  const usedCols = new Array<boolean>(cols).fill(false);
  const walk = (r: number, total: number, pairs: number): void => {
    if (r === rows) {
      const alone = rows - pairs + (cols - pairs);
      best = Math.min(best, total + (alone * limit) / 2);
      return;
    }
    walk(r + 1, total, pairs);
    for (let c = 0; c < cols; c++) {
      const v = cost[r * cols + c]!;
      if (usedCols[c] || !(v <= limit)) continue;
      usedCols[c] = true;
      walk(r + 1, total + v, pairs + 1);
      usedCols[c] = false;
    }
  };
  walk(0, 0, 0);
  return best;
}

function objective(a: Assignment, cost: number[], rows: number, cols: number, limit: number): number {
  let total = 0;
  let pairs = 0;
  const cols2 = new Set<number>();
  for (let r = 0; r < rows; r++) {
    const c = a.rowToCol[r]!;
    if (c < 0) continue;
    expect(cost[r * cols + c]!).toBeLessThanOrEqual(limit);
    expect(a.colToRow[c]).toBe(r);
    expect(cols2.has(c)).toBe(false);
    cols2.add(c);
    total += cost[r * cols + c]!;
    pairs++;
  }
  return total + ((rows - pairs + cols - pairs) * limit) / 2;
}

/** A small deterministic pseudo-random generator, so a failure can be replayed. */
describe('Assignment', () => {
  it('gives each row its own cheapest column when there is no competition', () => {
    const a = new Assignment();
    const cost = [0.1, 0.9, 0.8, 0.2];
    expect(a.solve(cost, 2, 2, 1)).toBe(2);
    expect([a.rowToCol[0], a.rowToCol[1]]).toEqual([0, 1]);
  });

  it('chooses the best total, not the greedy first pick', () => {
    // Greedy takes (0,0)=0.1 and leaves row 1 with 0.95; optimal is (0,1)+(1,0) = 0.2 + 0.3.
    const a = new Assignment();
    const cost = [0.1, 0.2, 0.3, 0.95];
    expect(a.solve(cost, 2, 2, 1)).toBe(2);
    expect([a.rowToCol[0], a.rowToCol[1]]).toEqual([1, 0]);
  });

  it('never makes a pair above the limit, and leaves rows and columns alone', () => {
    const a = new Assignment();
    const cost = [5, Infinity, 0.4, 7];
    expect(a.solve(cost, 2, 2, 1)).toBe(1);
    expect([a.rowToCol[0], a.rowToCol[1]]).toEqual([-1, 0]);
    expect([a.colToRow[0], a.colToRow[1]]).toEqual([1, -1]);
    expect(a.solve([], 0, 3, 1)).toBe(0);
    expect(a.solve([], 3, 0, 1)).toBe(0);
    expect(Array.from(a.rowToCol.subarray(0, 3))).toEqual([-1, -1, -1]);
  });

  it('matches brute force on 400 random rectangular problems with gated entries', () => {
    const a = new Assignment();
    const rand = rng(13);
    for (let trial = 0; trial < 400; trial++) {
      const rows = 1 + Math.floor(rand() * 6);
      const cols = 1 + Math.floor(rand() * 6);
      const limit = 0.9;
      const cost = Array.from({ length: rows * cols }, () => (rand() < 0.35 ? Infinity : rand() * 1.2));
      a.solve(cost, rows, cols, limit);
      expect(objective(a, cost, rows, cols, limit)).toBeCloseTo(bruteForce(cost, rows, cols, limit), 9);
    }
  });

  it('solves 20 × 20 with independent groups and grows its buffers', () => {
    const a = new Assignment();
    const n = 20;
    const cost = new Array<number>(n * n).fill(Infinity);
    // Pairs of tracks competing for pairs of detections, everything else far apart.
    for (let g = 0; g < n; g += 2) {
      cost[g * n + g] = 0.3;
      cost[g * n + g + 1] = 0.1;
      cost[(g + 1) * n + g] = 0.1;
      cost[(g + 1) * n + g + 1] = 0.3;
    }
    expect(a.solve(cost, n, n, 0.9)).toBe(n);
    for (let g = 0; g < n; g += 2) {
      expect(a.rowToCol[g]).toBe(g + 1);
      expect(a.rowToCol[g + 1]).toBe(g);
    }
  });
});
