import { describe, it, expect } from 'vitest';
import { i420ToRgb, i420Size } from '../../../../main/core/snapshots/i420-to-rgb.ts';

/** A uniform I420 frame. */
function solid(width: number, height: number, y: number, u: number, v: number): Uint8Array {
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const f = new Uint8Array(i420Size(width, height));
  f.fill(y, 0, width * height);
  f.fill(u, width * height, width * height + cw * ch);
  f.fill(v, width * height + cw * ch);
  return f;
}

function pixels(rgb: Uint8Array): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < rgb.length; i += 3) out.push([rgb[i] as number, rgb[i + 1] as number, rgb[i + 2] as number]);
  return out;
}

describe('i420ToRgb (BT.601 limited range)', () => {
  it('black, white and grey', () => {
    expect(pixels(i420ToRgb(solid(2, 2, 16, 128, 128), 2, 2))).toEqual(Array(4).fill([0, 0, 0]));
    expect(pixels(i420ToRgb(solid(2, 2, 235, 128, 128), 2, 2))).toEqual(Array(4).fill([255, 255, 255]));
    expect(pixels(i420ToRgb(solid(2, 2, 126, 128, 128), 2, 2))).toEqual(Array(4).fill([128, 128, 128]));
  });

  it('clamps values outside the studio range', () => {
    expect(pixels(i420ToRgb(solid(2, 2, 0, 128, 128), 2, 2))[0]).toEqual([0, 0, 0]);
    expect(pixels(i420ToRgb(solid(2, 2, 255, 128, 128), 2, 2))[0]).toEqual([255, 255, 255]);
  });

  it('red, green and blue', () => {
    // BT.601 limited-range codes of the primaries.
    expect(pixels(i420ToRgb(solid(2, 2, 81, 90, 240), 2, 2))[0]).toEqual([255, 0, 0]);
    const green = pixels(i420ToRgb(solid(2, 2, 145, 54, 34), 2, 2))[0] as number[];
    expect(green[0]).toBeLessThanOrEqual(1);
    expect(green[1]).toBeGreaterThanOrEqual(254);
    expect(green[2]).toBeLessThanOrEqual(1);
    const blue = pixels(i420ToRgb(solid(2, 2, 41, 240, 110), 2, 2))[0] as number[];
    expect(blue[0]).toBeLessThanOrEqual(1);
    expect(blue[1]).toBeLessThanOrEqual(1);
    expect(blue[2]).toBeGreaterThanOrEqual(254);
  });

  it('a red I420 pixel block in a grey frame stays where it is (chroma at half resolution)', () => {
    // 4×2 grey frame; the left 2×2 block (one chroma sample) is red.
    const f = solid(4, 2, 126, 128, 128);
    f[0] = 81;
    f[1] = 81;
    f[4] = 81;
    f[5] = 81;
    f[8] = 90; // U of the left block
    f[10] = 240; // V of the left block
    const px = pixels(i420ToRgb(f, 4, 2));
    expect(px[0]).toEqual([255, 0, 0]);
    expect(px[1]).toEqual([255, 0, 0]);
    expect(px[4]).toEqual([255, 0, 0]);
    expect(px[5]).toEqual([255, 0, 0]);
    expect(px[2]).toEqual([128, 128, 128]);
    expect(px[7]).toEqual([128, 128, 128]);
  });

  it('handles odd sizes (chroma rounded up)', () => {
    const f = solid(3, 3, 235, 128, 128);
    expect(f.length).toBe(9 + 2 * 4);
    expect(pixels(i420ToRgb(f, 3, 3))).toEqual(Array(9).fill([255, 255, 255]));
  });

  it('writes into a given buffer without allocating another', () => {
    const out = new Uint8Array(2 * 2 * 3);
    const result = i420ToRgb(solid(2, 2, 235, 128, 128), 2, 2, out);
    expect(result).toBe(out);
    expect([...out]).toEqual(Array(12).fill(255));
  });

  it('rejects a short frame or a short output buffer', () => {
    expect(() => i420ToRgb(new Uint8Array(5), 2, 2)).toThrow(/needs 6 bytes, got 5/);
    expect(() => i420ToRgb(solid(2, 2, 16, 128, 128), 2, 2, new Uint8Array(3))).toThrow(/RGB buffer needs 12 bytes/);
    expect(() => i420ToRgb(new Uint8Array(6), 0, 2)).toThrow(/invalid frame size/);
  });

  it('gives, on any picture, what the formula gives pixel by pixel (even and odd sizes, offsets into a larger buffer)', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 16807) % 2147483647) & 0xff);
    const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
    for (const [w, h] of [[8, 6], [7, 5], [1, 1], [33, 17]] as const) {
      const f = new Uint8Array(i420Size(w, h)).map(random);
      const cw = (w + 1) >> 1;
      const expected: number[] = [];
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const c = 298 * (f[y * w + x]! - 16) + 128;
          const ci = (y >> 1) * cw + (x >> 1);
          const d = f[w * h + ci]! - 128;
          const e = f[w * h + cw * ((h + 1) >> 1) + ci]! - 128;
          expected.push(clamp((c + 409 * e) >> 8), clamp((c - 100 * d - 208 * e) >> 8), clamp((c + 516 * d) >> 8));
        }
      }
      expect([...i420ToRgb(f, w, h)]).toEqual(expected);
      // Into a view that does not start at its buffer's first byte, with bytes after it left alone.
      const backing = new Uint8Array(w * h * 3 + 8).fill(7);
      const view = backing.subarray(4, 4 + w * h * 3);
      i420ToRgb(f, w, h, view);
      expect([...view]).toEqual(expected);
      expect([...backing.subarray(0, 4), ...backing.subarray(4 + w * h * 3)]).toEqual(Array(8).fill(7));
    }
  });
});
