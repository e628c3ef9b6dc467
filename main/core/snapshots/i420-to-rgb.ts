// I420 (planar Y, then U and V at half resolution) to packed RGB, BT.601 limited range ("studio swing": Y 16..235,
// chroma 16..240), integer arithmetic, clamped to 0..255. Pure; writes into `out` when given (no allocation).

/** Bytes of an I420 frame of this size (chroma planes round odd sizes up). */
export function i420Size(width: number, height: number): number {
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  return width * height + 2 * cw * ch;
}

export function i420ToRgb(src: Uint8Array, width: number, height: number, out?: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`invalid frame size ${width}×${height}`);
  }
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const ySize = width * height;
  const needed = ySize + 2 * cw * ch;
  if (src.length < needed) throw new RangeError(`an I420 frame of ${width}×${height} needs ${needed} bytes, got ${src.length}`);
  const rgbSize = ySize * 3;
  const dst = out ?? new Uint8Array(rgbSize);
  if (dst.length < rgbSize) throw new RangeError(`the RGB buffer needs ${rgbSize} bytes, got ${dst.length}`);
  const uBase = ySize;
  const vBase = ySize + cw * ch;

  let o = 0;
  for (let y = 0; y < height; y++) {
    const yRow = y * width;
    const cRow = (y >> 1) * cw;
    for (let x = 0; x < width; x++) {
      const c = 298 * ((src[yRow + x] as number) - 16) + 128;
      const ci = cRow + (x >> 1);
      const d = (src[uBase + ci] as number) - 128;
      const e = (src[vBase + ci] as number) - 128;
      let r = (c + 409 * e) >> 8;
      let g = (c - 100 * d - 208 * e) >> 8;
      let b = (c + 516 * d) >> 8;
      r = r < 0 ? 0 : r > 255 ? 255 : r;
      g = g < 0 ? 0 : g > 255 ? 255 : g;
      b = b < 0 ? 0 : b > 255 ? 255 : b;
      dst[o] = r;
      dst[o + 1] = g;
      dst[o + 2] = b;
      o += 3;
    }
  }
  return dst;
}
