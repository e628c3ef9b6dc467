// The first two steps of motion analysis, pure and allocation-free: an integer-factor area-average downscale of a
// frame's Y plane to the working resolution, then a separable 3x3 box blur. Both write into arrays the caller owns.

/** Working height the downscale aims at (the integer factor is rounded, so it lands between ~100 and ~150 px). */
export const WORKING_HEIGHT = 120;

/** The integer downscale factor for a frame of this height. */
export function downscaleFactor(height: number): number {
  return Math.max(1, Math.round(height / WORKING_HEIGHT));
}

/** Geometry of one downscale: frame size, factor, working size, and a row accumulator of workWidth entries. */
export interface DownscaleGeometry {
  width: number;
  height: number;
  factor: number;
  workWidth: number;
  workHeight: number;
  rowAcc: Uint32Array;
}

/** Area-average downscale of the Y plane `y` into `small` (luma 0..255, workWidth × workHeight). */
export function downscaleLuma(g: DownscaleGeometry, y: Uint8Array, small: Float32Array): void {
  const f = g.factor;
  const ww = g.workWidth;
  const wh = g.workHeight;
  const stride = g.width;
  if (f === 1) {
    for (let i = 0, n = ww * wh; i < n; i++) small[i] = y[i]!;
    return;
  }
  if (f === 4 && y.byteOffset % 4 === 0 && stride % 4 === 0) {
    downscaleBy4Words(y, stride, g.height, ww, wh, small);
    return;
  }
  const acc = g.rowAcc;
  const inv = 1 / (f * f);
  for (let wy = 0; wy < wh; wy++) {
    acc.fill(0);
    for (let k = 0; k < f; k++) {
      let p = (wy * f + k) * stride;
      if (f === 4) {
        for (let wx = 0; wx < ww; wx++, p += 4) acc[wx]! += y[p]! + y[p + 1]! + y[p + 2]! + y[p + 3]!;
      } else if (f === 2) {
        for (let wx = 0; wx < ww; wx++, p += 2) acc[wx]! += y[p]! + y[p + 1]!;
      } else if (f === 3) {
        for (let wx = 0; wx < ww; wx++, p += 3) acc[wx]! += y[p]! + y[p + 1]! + y[p + 2]!;
      } else {
        for (let wx = 0; wx < ww; wx++) {
          let s = 0;
          for (let j = 0; j < f; j++) s += y[p++]!;
          acc[wx]! += s;
        }
      }
    }
    const row = wy * ww;
    for (let wx = 0; wx < ww; wx++) small[row + wx] = acc[wx]! * inv;
  }
}

/**
 * Full 4x4 area average, four pixels per 32-bit load, summed in two 16-bit lanes (SWAR): the 4 rows of a cell are
 * added lane-wise (at most 4 x 510 per lane, no overflow) and the two lanes folded once per cell. A quarter of the
 * loads of the byte loop, one pass, no row accumulator. (The Uint32Array view is one small object per frame: every
 * frame arrives in a new ArrayBuffer object after its transfer, so there is nothing to keep.)
 */
function downscaleBy4Words(y: Uint8Array, stride: number, height: number, ww: number, wh: number, small: Float32Array): void {
  const words = new Uint32Array(y.buffer, y.byteOffset, (stride * height) >> 2);
  const r1 = stride >> 2;
  const r2 = r1 * 2;
  const r3 = r1 * 3;
  const sixteenth = 1 / 16;
  for (let wy = 0; wy < wh; wy++) {
    let p = wy * 4 * r1;
    const row = wy * ww;
    for (let wx = 0; wx < ww; wx++, p++) {
      const a = words[p]!;
      const b = words[p + r1]!;
      const c = words[p + r2]!;
      const d = words[p + r3]!;
      const s =
        (a & 0x00ff00ff) +
        ((a >>> 8) & 0x00ff00ff) +
        (b & 0x00ff00ff) +
        ((b >>> 8) & 0x00ff00ff) +
        (c & 0x00ff00ff) +
        ((c >>> 8) & 0x00ff00ff) +
        (d & 0x00ff00ff) +
        ((d >>> 8) & 0x00ff00ff);
      small[row + wx] = ((s & 0xffff) + (s >>> 16)) * sixteenth;
    }
  }
}

/** Separable 3x3 box blur of `src` into `dst` through `tmp` (all ww × wh; edges repeat the border cell). */
export function boxBlur3(src: Float32Array, tmp: Float32Array, dst: Float32Array, ww: number, wh: number): void {
  const third = 1 / 3;
  for (let y = 0; y < wh; y++) {
    const r = y * ww;
    if (ww === 1) {
      tmp[r] = src[r]!;
      continue;
    }
    tmp[r] = (2 * src[r]! + src[r + 1]!) * third;
    for (let x = 1; x < ww - 1; x++) tmp[r + x] = (src[r + x - 1]! + src[r + x]! + src[r + x + 1]!) * third;
    tmp[r + ww - 1] = (src[r + ww - 2]! + 2 * src[r + ww - 1]!) * third;
  }
  for (let y = 0; y < wh; y++) {
    const r = y * ww;
    const up = y > 0 ? r - ww : r;
    const down = y < wh - 1 ? r + ww : r;
    for (let x = 0; x < ww; x++) dst[r + x] = (tmp[up + x]! + tmp[r + x]! + tmp[down + x]!) * third;
  }
}
