import { describe, it, expect } from 'vitest';
import { MAX_REGIONS, regionsForMotion } from '../../../../main/core/detection/detection-regions.ts';
import type { Box } from '../../../../preload/contract.ts';

function inside(r: Box, width: number, height: number): boolean {
  return r.x >= 0 && r.y >= 0 && r.x + r.w <= width && r.y + r.h <= height && r.w > 0 && r.h > 0;
}

function covers(r: Box, b: Box): boolean {
  return r.x <= b.x && r.y <= b.y && r.x + r.w >= b.x + b.w && r.y + r.h >= b.y + b.h;
}

describe('regionsForMotion', () => {
  it('gives the full frame when asked, or when there is no motion box', () => {
    const full = [{ x: 0, y: 0, w: 640, h: 480 }];
    expect(regionsForMotion([{ x: 10, y: 10, w: 20, h: 20 }], 640, 480, { fullFrame: true })).toEqual(full);
    expect(regionsForMotion([], 640, 480, { fullFrame: false })).toEqual(full);
    expect(regionsForMotion([{ x: 10, y: 10, w: 0, h: 20 }], 640, 480, { fullFrame: false })).toEqual(full);
  });

  it('puts a 320 px square around a small box, centred on it', () => {
    const regions = regionsForMotion([{ x: 300, y: 200, w: 40, h: 80 }], 1280, 720, { fullFrame: false });
    expect(regions).toEqual([{ x: 160, y: 80, w: 320, h: 320 }]);
  });

  it('moves a square near a corner inside the frame instead of cutting it', () => {
    const regions = regionsForMotion([{ x: 1240, y: 690, w: 30, h: 20 }], 1280, 720, { fullFrame: false });
    expect(regions).toEqual([{ x: 960, y: 400, w: 320, h: 320 }]);
  });

  it('makes the square about 1.2× a big box, clipped to the frame', () => {
    const [r] = regionsForMotion([{ x: 600, y: 200, w: 200, h: 400 }], 1920, 1080, { fullFrame: false });
    expect(r).toEqual({ x: 460, y: 160, w: 480, h: 480 });
    // Taller than the frame allows: the side is the frame's height.
    const [t] = regionsForMotion([{ x: 600, y: 40, w: 100, h: 400 }], 1920, 480, { fullFrame: false });
    expect(t).toEqual({ x: 410, y: 0, w: 480, h: 480 });
  });

  it('uses the short side of a small frame as the smallest square', () => {
    const [r] = regionsForMotion([{ x: 20, y: 20, w: 10, h: 10 }], 320, 180, { fullFrame: false });
    expect(r).toEqual({ x: 0, y: 0, w: 180, h: 180 });
  });

  it('merges overlapping squares into one region', () => {
    const regions = regionsForMotion(
      [
        { x: 300, y: 300, w: 40, h: 40 },
        { x: 420, y: 330, w: 40, h: 40 },
      ],
      1920,
      1080,
      { fullFrame: false },
    );
    expect(regions).toHaveLength(1);
    expect(regions[0]).toEqual({ x: 160, y: 160, w: 440, h: 350 });
  });

  it(`keeps at most ${MAX_REGIONS} regions, inside the frame, covering every motion box`, () => {
    const boxes: Box[] = [
      { x: 50, y: 50, w: 30, h: 30 },
      { x: 1800, y: 50, w: 30, h: 30 },
      { x: 50, y: 1000, w: 30, h: 30 },
      { x: 1800, y: 1000, w: 30, h: 30 },
      { x: 950, y: 520, w: 30, h: 30 },
    ];
    const regions = regionsForMotion(boxes, 3840, 2160, { fullFrame: false });
    expect(regions.length).toBeLessThanOrEqual(MAX_REGIONS);
    expect(regions.length).toBeGreaterThan(1);
    for (const r of regions) expect(inside(r, 3840, 2160)).toBe(true);
    for (const b of boxes) expect(regions.some((r) => covers(r, b))).toBe(true);
    // No two regions overlap.
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i]!;
        const b = regions[j]!;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap).toBe(false);
      }
    }
  });

  it('falls back to the full frame when the regions would cover most of it', () => {
    const regions = regionsForMotion(
      [
        { x: 10, y: 10, w: 30, h: 30 },
        { x: 380, y: 300, w: 30, h: 30 },
      ],
      640,
      480,
      { fullFrame: false },
    );
    expect(regions).toEqual([{ x: 0, y: 0, w: 640, h: 480 }]);
  });
});
