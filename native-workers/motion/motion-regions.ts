// Grouping of the cells that differ from the background into regions, pure and allocation-free after construction:
// dilation (a 5x5 max, the same as two rounds of 3x3) joins nearby cells, then connected-component labelling on runs
// (one union-find node per horizontal run of dilated cells, not per cell, so a large region costs little more than a
// small one). A region is moving when enough of its cells changed recently ("changing now", FG_MOVING); only moving
// regions are reported. The cells of a region that has stopped changing can then be re-learned by the background
// (healStill): what was absorbed and what was vacated heal alike.

/** Per-cell state, written by the background pass: 0 = background, FG = differs from it, FG | MOVING = and changing. */
export const FG = 1;
export const MOVING = 2;
/** At most this many boxes are reported (the largest ones). */
export const MAX_BOXES = 16;
/** Dilation reach in cells on each side (2 = two rounds of a 3x3 max). */
export const DILATE_REACH = 2;

export class MotionRegions {
  private readonly ww: number;
  private readonly wh: number;
  /** Per column: the last row whose horizontal max is set (label). */
  private readonly lastRow: Int32Array;
  // Runs of dilated cells: row, first and last column, union-find parent (always a run of a lower index, or itself).
  private readonly runRow: Int32Array;
  private readonly runStart: Int32Array;
  private readonly runEnd: Int32Array;
  private readonly parent: Int32Array;
  // Per root run: counts and the box of the region's FG cells; moving flag.
  private readonly fgCount: Int32Array;
  private readonly movingCount: Int32Array;
  private readonly bx0: Int32Array;
  private readonly by0: Int32Array;
  private readonly bx1: Int32Array;
  private readonly by1: Int32Array;
  private readonly moving: Uint8Array;
  private runs = 0;
  readonly topX0 = new Int32Array(MAX_BOXES);
  readonly topY0 = new Int32Array(MAX_BOXES);
  readonly topX1 = new Int32Array(MAX_BOXES);
  readonly topY1 = new Int32Array(MAX_BOXES);
  readonly topArea = new Int32Array(MAX_BOXES);

  constructor(workWidth: number, workHeight: number) {
    this.ww = workWidth;
    this.wh = workHeight;
    this.lastRow = new Int32Array(workWidth);
    const maxRuns = workHeight * (((workWidth + 1) >> 1) + 1);
    this.runRow = new Int32Array(maxRuns);
    this.runStart = new Int32Array(maxRuns);
    this.runEnd = new Int32Array(maxRuns);
    this.parent = new Int32Array(maxRuns);
    this.fgCount = new Int32Array(maxRuns);
    this.movingCount = new Int32Array(maxRuns);
    this.bx0 = new Int32Array(maxRuns);
    this.by0 = new Int32Array(maxRuns);
    this.bx1 = new Int32Array(maxRuns);
    this.by1 = new Int32Array(maxRuns);
    this.moving = new Uint8Array(maxRuns);
  }

  /**
   * Groups the FG cells of rows y0..y1 (no FG cell lies outside them; `rowHasFg[y]` is nonzero for the rows that hold
   * one) into regions. A region counts when it has at
   * least `minCells` FG cells and at least `minMoving` of them are MOVING; the MAX_BOXES largest boxes (in cells) are
   * kept in top*. Returns the number of FG cells in the regions that count.
   */
  group(state: Uint8Array, rowHasFg: Uint8Array, y0: number, y1: number, minCells: number, minMoving: number): number {
    const b0 = Math.max(0, y0 - DILATE_REACH);
    const b1 = Math.min(this.wh - 1, y1 + DILATE_REACH);
    this.label(state, rowHasFg, y0, y1, b0, b1);
    this.measure(state);
    this.topArea.fill(0);
    let kept = 0;
    for (let r = 0; r < this.runs; r++) {
      if (this.parent[r] !== r) continue;
      const fg = this.fgCount[r]!;
      const isMoving = this.movingCount[r]! >= minMoving && fg > 0;
      this.moving[r] = isMoving ? 1 : 0;
      if (!isMoving || fg < minCells) continue;
      kept += fg;
      const x0 = this.bx0[r]!;
      const yy0 = this.by0[r]!;
      const x1 = this.bx1[r]!;
      const yy1 = this.by1[r]!;
      this.insertTop(x0, yy0, x1, yy1, (x1 - x0 + 1) * (yy1 - yy0 + 1));
    }
    return kept;
  }

  /**
   * After group(): every FG cell of a region that is not moving becomes background at once (its value now, less the
   * global offset), and its state 0 (should it differ again next frame, it starts anew).
   */
  healStill(state: Uint8Array, background: Float32Array, cur: Float32Array, offset: number): void {
    const ww = this.ww;
    for (let r = 0; r < this.runs; r++) {
      if (this.moving[this.parent[r]!] !== 0) continue;
      const row = this.runRow[r]! * ww;
      for (let i = row + this.runStart[r]!, end = row + this.runEnd[r]!; i <= end; i++) {
        if (state[i] === 0) continue;
        background[i] = cur[i]! - offset;
        state[i] = 0;
      }
    }
  }

  /**
   * Dilation (5x5 max) and run finding in one pass over rows b0..b1, with no dilated picture: for every column, the
   * last row (up to DILATE_REACH rows ahead) whose horizontal 5-wide max is set, found by a "last set column" scan of
   * that row; a cell is dilated when that row is at most DILATE_REACH rows above it. Each run of dilated cells is
   * joined (union-find) with the runs of the row above that it touches (4-connectivity). Rows without FG cells
   * (`rowHasFg`) are never scanned; rows outside y0..y1 have none.
   */
  private label(state: Uint8Array, rowHasFg: Uint8Array, y0: number, y1: number, b0: number, b1: number): void {
    const ww = this.ww;
    const reach = DILATE_REACH;
    const lastRow = this.lastRow;
    const parent = this.parent;
    const rs = this.runStart;
    const re = this.runEnd;
    lastRow.fill(-reach - 2);
    let n = 0;
    let prevFirst = 0;
    let prevEnd = 0;
    let lastFgRow = -reach - 2;
    for (let y = b0 - reach; y <= b1; y++) {
      const ahead = y + reach;
      if (ahead >= y0 && ahead <= y1 && rowHasFg[ahead] !== 0) {
        lastFgRow = ahead;
        const r = ahead * ww;
        let last = -reach - 1;
        const lead = Math.min(reach, ww - 1);
        for (let j = 0; j < lead; j++) if (state[r + j] !== 0) last = j;
        for (let x = 0; x < ww; x++) {
          const j = x + reach;
          if (j < ww && state[r + j] !== 0) last = j;
          if (last >= x - reach) lastRow[x] = ahead;
        }
      }
      if (y < b0) continue;
      const from = y - reach;
      const first = n;
      if (lastFgRow >= from) {
        let j = prevFirst;
        let x = 0;
        while (x < ww) {
          if (lastRow[x]! < from) {
            x++;
            continue;
          }
          const s = x;
          while (x < ww && lastRow[x]! >= from) x++;
          const e = x - 1;
          this.runRow[n] = y;
          rs[n] = s;
          re[n] = e;
          parent[n] = n;
          while (j < prevEnd && re[j]! < s) j++;
          for (let k = j; k < prevEnd && rs[k]! <= e; k++) this.union(n, k);
          n++;
        }
      }
      prevFirst = first;
      prevEnd = n;
    }
    this.runs = n;
    // Parents always point to a lower index, so one forward pass leaves every run pointing at its root.
    for (let i = 0; i < n; i++) parent[i] = parent[parent[i]!]!;
  }

  private find(a: number): number {
    const parent = this.parent;
    let root = a;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[a] !== root) {
      const next = parent[a]!;
      parent[a] = root;
      a = next;
    }
    return root;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
  }

  /** Counts each region's FG and MOVING cells and the box of its FG cells (dilation only joins them). */
  private measure(state: Uint8Array): void {
    const ww = this.ww;
    for (let r = 0; r < this.runs; r++) {
      const root = this.parent[r]!;
      if (root === r) {
        this.fgCount[r] = 0;
        this.movingCount[r] = 0;
        this.bx0[r] = ww;
        this.by0[r] = this.wh;
        this.bx1[r] = -1;
        this.by1[r] = -1;
      }
      const y = this.runRow[r]!;
      const row = y * ww;
      let fg = 0;
      let mv = 0;
      let x0 = -1;
      let x1 = -1;
      for (let x = this.runStart[r]!, e = this.runEnd[r]!; x <= e; x++) {
        const v = state[row + x]!;
        if (v === 0) continue;
        fg++;
        mv += v >> 1;
        if (x0 < 0) x0 = x;
        x1 = x;
      }
      if (fg === 0) continue;
      this.fgCount[root]! += fg;
      this.movingCount[root]! += mv;
      if (x0 < this.bx0[root]!) this.bx0[root] = x0;
      if (x1 > this.bx1[root]!) this.bx1[root] = x1;
      if (y < this.by0[root]!) this.by0[root] = y;
      if (y > this.by1[root]!) this.by1[root] = y;
    }
  }

  /** Keeps the MAX_BOXES largest boxes, sorted largest first (insertion into fixed arrays). */
  private insertTop(x0: number, y0: number, x1: number, y1: number, area: number): void {
    const topArea = this.topArea;
    if (area <= topArea[MAX_BOXES - 1]!) return;
    let k = MAX_BOXES - 1;
    while (k > 0 && topArea[k - 1]! < area) {
      topArea[k] = topArea[k - 1]!;
      this.topX0[k] = this.topX0[k - 1]!;
      this.topY0[k] = this.topY0[k - 1]!;
      this.topX1[k] = this.topX1[k - 1]!;
      this.topY1[k] = this.topY1[k - 1]!;
      k--;
    }
    topArea[k] = area;
    this.topX0[k] = x0;
    this.topY0[k] = y0;
    this.topX1[k] = x1;
    this.topY1[k] = y1;
  }
}
