// Optimal one-to-one assignment of rows (tracks) to columns (detections) with a cost limit (pure).
//
// A pair costing more than `limit` is never made; a row or column may stay unassigned. The total minimised is the
// sum of the chosen pairs' costs plus `limit / 2` for every row and every column left alone (the extension lapjv's
// `cost_limit` uses in ByteTrack), so a pair is made only when it is worth it and the result is optimal.
//
// Speed: the feasible pairs split the problem into independent groups (people far apart never compete for the same
// detection); each group is solved on its own, trivially when it has one row or one column, else by the Hungarian
// method (Kuhn–Munkres with potentials, O(k³) on the group's extended k × k matrix). Buffers are kept and grown, so a
// tracker calling this every frame allocates nothing once warmed up.

export class Assignment {
  /** rowToCol[i] = the column given to row i, or -1 (entries 0 … rows-1 of the last solve are meaningful). */
  rowToCol = new Int32Array(16);
  /** colToRow[j] = the row given column j, or -1. */
  colToRow = new Int32Array(16);

  private parent = new Int32Array(32);
  private groupRows = new Int32Array(16);
  private groupCols = new Int32Array(16);
  private seen = new Uint8Array(32);
  // Hungarian scratch, for a k × k matrix (1-based potentials as in the classic formulation).
  private a = new Float64Array(64);
  private u = new Float64Array(9);
  private v = new Float64Array(9);
  private minv = new Float64Array(9);
  private p = new Int32Array(9);
  private way = new Int32Array(9);
  private used = new Uint8Array(9);

  /**
   * Solves for `cost` (row-major, rows × cols). Entries above `limit` (or not finite) are forbidden.
   * Returns the number of pairs made; read them from rowToCol / colToRow.
   */
  solve(cost: ArrayLike<number>, rows: number, cols: number, limit: number): number {
    this.reserve(rows, cols);
    const rowToCol = this.rowToCol;
    const colToRow = this.colToRow;
    rowToCol.fill(-1, 0, rows);
    colToRow.fill(-1, 0, cols);
    if (rows === 0 || cols === 0) return 0;

    // Groups: union–find over rows (0 … rows-1) and columns (rows … rows+cols-1) joined by feasible pairs.
    const parent = this.parent;
    for (let i = 0; i < rows + cols; i++) parent[i] = i;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        if (feasible(cost[i * cols + j]!, limit)) union(parent, i, rows + j);
      }
    }
    const seen = this.seen;
    seen.fill(0, 0, rows + cols);
    let pairs = 0;
    for (let start = 0; start < rows; start++) {
      const root = find(parent, start);
      if (seen[root]) continue;
      seen[root] = 1;
      let nr = 0;
      let nc = 0;
      for (let i = start; i < rows; i++) if (find(parent, i) === root) this.groupRows[nr++] = i;
      for (let j = 0; j < cols; j++) if (find(parent, rows + j) === root) this.groupCols[nc++] = j;
      if (nc === 0) continue; // a row with no feasible column
      pairs += this.solveGroup(cost, cols, limit, nr, nc);
    }
    return pairs;
  }

  private solveGroup(cost: ArrayLike<number>, cols: number, limit: number, nr: number, nc: number): number {
    const gr = this.groupRows;
    const gc = this.groupCols;
    if (nr === 1 || nc === 1) {
      // One row: its cheapest column; one column: its cheapest row (every pair in a group of this shape is feasible
      // or absent, and one pair at most can be made).
      let bi = -1;
      let bj = -1;
      let best = Infinity;
      for (let r = 0; r < nr; r++) {
        for (let c = 0; c < nc; c++) {
          const value = cost[gr[r]! * cols + gc[c]!]!;
          if (feasible(value, limit) && value < best) {
            best = value;
            bi = gr[r]!;
            bj = gc[c]!;
          }
        }
      }
      if (bi < 0) return 0;
      this.rowToCol[bi] = bj;
      this.colToRow[bj] = bi;
      return 1;
    }
    // Extended square matrix: [[C, L/2], [L/2, 0]] of side k = nr + nc; forbidden pairs cost more than leaving both.
    const k = nr + nc;
    this.reserveHungarian(k);
    const a = this.a;
    const half = limit / 2;
    const forbidden = 2 * limit + 1;
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) {
        let value: number;
        if (r < nr && c < nc) {
          const raw = cost[gr[r]! * cols + gc[c]!]!;
          value = feasible(raw, limit) ? raw : forbidden;
        } else if (r < nr || c < nc) value = half;
        else value = 0;
        a[r * k + c] = value;
      }
    }
    this.hungarian(k);
    let made = 0;
    const p = this.p;
    for (let c = 1; c <= nc; c++) {
      const r = p[c]! - 1;
      if (r < 0 || r >= nr) continue;
      const row = gr[r]!;
      const col = gc[c - 1]!;
      if (!feasible(cost[row * cols + col]!, limit)) continue;
      this.rowToCol[row] = col;
      this.colToRow[col] = row;
      made++;
    }
    return made;
  }

  /** Kuhn–Munkres on the k × k matrix in `a`; leaves p[col] = row (1-based, 0 = none). */
  private hungarian(k: number): void {
    const { a, u, v, minv, p, way, used } = this;
    u.fill(0, 0, k + 1);
    v.fill(0, 0, k + 1);
    p.fill(0, 0, k + 1);
    way.fill(0, 0, k + 1);
    for (let i = 1; i <= k; i++) {
      p[0] = i;
      let j0 = 0;
      minv.fill(Infinity, 0, k + 1);
      used.fill(0, 0, k + 1);
      do {
        used[j0] = 1;
        const i0 = p[j0]!;
        let delta = Infinity;
        let j1 = 0;
        for (let j = 1; j <= k; j++) {
          if (used[j]) continue;
          const cur = a[(i0 - 1) * k + (j - 1)]! - u[i0]! - v[j]!;
          if (cur < minv[j]!) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j]! < delta) {
            delta = minv[j]!;
            j1 = j;
          }
        }
        for (let j = 0; j <= k; j++) {
          if (used[j]) {
            u[p[j]!]! += delta;
            v[j]! -= delta;
          } else minv[j]! -= delta;
        }
        j0 = j1;
      } while (p[j0] !== 0);
      do {
        const j1 = way[j0]!;
        p[j0] = p[j1]!;
        j0 = j1;
      } while (j0 !== 0);
    }
  }

  private reserve(rows: number, cols: number): void {
    if (this.rowToCol.length < rows) this.rowToCol = new Int32Array(rows * 2);
    if (this.colToRow.length < cols) this.colToRow = new Int32Array(cols * 2);
    if (this.groupRows.length < rows) this.groupRows = new Int32Array(rows * 2);
    if (this.groupCols.length < cols) this.groupCols = new Int32Array(cols * 2);
    if (this.parent.length < rows + cols) {
      this.parent = new Int32Array((rows + cols) * 2);
      this.seen = new Uint8Array((rows + cols) * 2);
    }
  }

  private reserveHungarian(k: number): void {
    if (this.a.length < k * k) this.a = new Float64Array(k * k * 2);
    if (this.u.length < k + 1) {
      const n = 2 * k + 1;
      this.u = new Float64Array(n);
      this.v = new Float64Array(n);
      this.minv = new Float64Array(n);
      this.p = new Int32Array(n);
      this.way = new Int32Array(n);
      this.used = new Uint8Array(n);
    }
  }
}

function feasible(value: number, limit: number): boolean {
  return value <= limit && Number.isFinite(value);
}

function find(parent: Int32Array, i: number): number {
  let r = i;
  while (parent[r] !== r) r = parent[r]!;
  // Path compression.
  while (parent[i] !== r) {
    const next = parent[i]!;
    parent[i] = r;
    i = next;
  }
  return r;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra !== rb) parent[rb] = ra;
}
