import { describe, it, expect } from 'vitest';
import {
  MAX_MODEL_PX,
  MAX_REGIONS,
  MIN_CANVAS_PX,
  MOTION_CONTEXT,
  PERSON_CONTEXT,
  SCALE,
  planRegions,
  wholeFrame,
  type PlannedRegion,
  type RegionAsk,
} from '../../../../main/core/detection/detection-regions.ts';
import { canvasFor } from '../../../../native-workers/detection/yolox.ts';
import type { Box } from '../../../../preload/contract.ts';

const opts = { fullFrame: false, minModelPx: 40 };

function inside(r: Box, width: number, height: number): boolean {
  return r.x >= 0 && r.y >= 0 && r.x + r.w <= width && r.y + r.h <= height && r.w > 0 && r.h > 0;
}

function covers(r: Box, b: Box): boolean {
  return r.x <= b.x && r.y <= b.y && r.x + r.w >= b.x + b.w && r.y + r.h >= b.y + b.h;
}

/** The canvas the worker will run a planned region on (the same helper it uses). */
function canvasOf(r: PlannedRegion): { width: number; height: number } {
  return canvasFor(r.w, r.h, r.scale);
}

function one(ask: RegionAsk, width = 1280, height = 720): PlannedRegion {
  const plan = planRegions([ask], width, height, opts);
  expect(plan.fullFrame).toBe(false);
  expect(plan.regions).toHaveLength(1);
  return plan.regions[0]!;
}

describe('planRegions', () => {
  it('gives the whole frame, letterboxed to fit 416, when asked or when there is no usable box', () => {
    const whole = wholeFrame(640, 480);
    // 640 × 480 at 0.65 is 416 × 312, run on a 416 × 320 canvas (not 416 × 416).
    expect(whole).toEqual({ regions: [{ x: 0, y: 0, w: 640, h: 480, scale: 0.65, cost: 416 * 320 }], fullFrame: true });
    expect(planRegions([{ box: { x: 10, y: 10, w: 20, h: 20 }, kind: 'motion' }], 640, 480, { ...opts, fullFrame: true })).toEqual(whole);
    expect(planRegions([], 640, 480, opts)).toEqual(whole);
    expect(planRegions([{ box: { x: 10, y: 10, w: 0, h: 20 }, kind: 'motion' }], 640, 480, opts)).toEqual(whole);
  });

  it('checks a followed person at their own size, on a crop of their box with context, centred on it', () => {
    const box = { x: 300, y: 200, w: 40, h: 100 };
    const r = one({ box, kind: 'followed' });
    expect(r.scale).toBe(SCALE.followed);
    expect(r.scale).toBe(1);
    expect(covers(r, box)).toBe(true);
    // 1.25 × 100 + 16 px tall; 1.5 × 40 + 16 = 76 px wide is widened to the least canvas side.
    expect(r.h).toBe(Math.round(box.h * PERSON_CONTEXT.h + PERSON_CONTEXT.px));
    expect(r.w).toBe(MIN_CANVAS_PX);
    expect(Math.abs(r.x + r.w / 2 - (box.x + box.w / 2))).toBeLessThanOrEqual(1);
    expect(Math.abs(r.y + r.h / 2 - (box.y + box.h / 2))).toBeLessThanOrEqual(1);
    // The cost is the pixels of the canvas the worker will run it on: 76 × 141 on 96 × 160.
    expect(r.cost).toBe(canvasOf(r).width * canvasOf(r).height);
    expect(r).toMatchObject({ w: 96, h: 141, cost: 96 * 160 }); // 15 360 pixels where a 416 × 416 run is 173 056
  });

  it(`gives a small person at least ${MIN_CANVAS_PX} model pixels of picture on each side, inside the frame`, () => {
    const small = { x: 300, y: 200, w: 14, h: 36 };
    for (const kind of ['followed', 'tentative', 'motion'] as const) {
      const r = one({ box: small, kind });
      expect(covers(r, small)).toBe(true);
      expect(r.w * r.scale).toBeGreaterThanOrEqual(MIN_CANVAS_PX - 1);
      expect(r.h * r.scale).toBeGreaterThanOrEqual(MIN_CANVAS_PX - 1);
      expect(r.cost).toBe(canvasOf(r).width * canvasOf(r).height);
    }
    // Near a corner of a small frame: moved inside it, never past it.
    const corner = one({ box: { x: 2, y: 2, w: 10, h: 20 }, kind: 'motion' }, 80, 60);
    expect(inside(corner, 80, 60)).toBe(true);
    expect(corner).toMatchObject({ x: 0, y: 0, w: Math.round(MIN_CANVAS_PX / SCALE.motion), h: 60 });
  });

  it('shows something new 1.3× (a tentative track, motion), and a big person at most MAX_MODEL_PX tall', () => {
    const box = { x: 300, y: 200, w: 40, h: 100 };
    for (const kind of ['tentative', 'motion'] as const) {
      const r = one({ box, kind });
      expect(r.scale).toBe(SCALE[kind]);
      expect(r.scale).toBe(1.3);
      expect(covers(r, box)).toBe(true);
    }
    // Motion gets more context than a person's box: it may be only the moving part of someone.
    const motion = one({ box, kind: 'motion' });
    expect(motion).toMatchObject({ w: Math.round(box.w * MOTION_CONTEXT.w + MOTION_CONTEXT.px), h: Math.round(box.h * MOTION_CONTEXT.h + MOTION_CONTEXT.px) });
    const tentative = one({ box, kind: 'tentative' });
    expect(motion.w * motion.h).toBeGreaterThan(tentative.w * tentative.h);
    // 1.3× costs more than a check at their own size.
    expect(tentative.cost).toBeGreaterThan(one({ box, kind: 'followed' }).cost);
    // A person close to the camera (400 px tall) is shown MAX_MODEL_PX tall, whatever the kind.
    const near = { x: 500, y: 100, w: 160, h: 400 };
    for (const kind of ['followed', 'tentative', 'motion'] as const) {
      const r = one({ box: near, kind });
      expect(r.scale).toBeCloseTo(MAX_MODEL_PX / 400, 6);
      expect(covers(r, near)).toBe(true);
      expect(canvasOf(r).height).toBeLessThanOrEqual(416);
    }
  });

  it('moves a crop near a corner inside the frame instead of cutting it', () => {
    const box = { x: 1250, y: 690, w: 30, h: 30 };
    const r = one({ box, kind: 'motion' });
    expect(inside(r, 1280, 720)).toBe(true);
    expect(covers(r, box)).toBe(true);
    expect(r.x + r.w).toBe(1280);
    expect(r.y + r.h).toBe(720);
  });

  it('keeps a crop inside a frame smaller than its context (the canvas pads the rest)', () => {
    const r = one({ box: { x: 10, y: 10, w: 100, h: 150 }, kind: 'motion' }, 160, 160);
    expect(inside(r, 160, 160)).toBe(true);
    expect(r.h).toBe(160);
    const c = canvasOf(r);
    expect(c.height).toBeLessThanOrEqual(416);
    expect(c.height).toBeGreaterThanOrEqual(160 * r.scale);
  });

  it('merges overlapping crops when one costs no more than the two, and keeps apart ones apart', () => {
    const people = (...boxes: Box[]) => planRegions(boxes.map((box) => ({ box, kind: 'followed' as const })), 1280, 720, opts);
    // Two people side by side: one crop for both.
    const pair = people({ x: 300, y: 200, w: 40, h: 100 }, { x: 330, y: 205, w: 40, h: 100 });
    expect(pair.regions).toHaveLength(1);
    expect(covers(pair.regions[0]!, { x: 300, y: 200, w: 70, h: 105 })).toBe(true);
    // Far apart: two crops, each as cheap as alone.
    const apart = people({ x: 100, y: 200, w: 40, h: 100 }, { x: 900, y: 200, w: 40, h: 100 });
    expect(apart.regions).toHaveLength(2);
    for (const r of apart.regions) expect(r.cost).toBe(96 * 160);
    // Crops overlapping at a corner only: the union would cost more than the two, so they stay two.
    const corner = people({ x: 100, y: 100, w: 40, h: 100 }, { x: 160, y: 210, w: 40, h: 100 });
    expect(corner.regions).toHaveLength(2);
  });

  it('runs a merged crop at the larger of its scales: a newcomer beside a followed person is still shown 1.3×', () => {
    const plan = planRegions(
      [
        { box: { x: 300, y: 200, w: 40, h: 100 }, kind: 'followed' },
        { box: { x: 325, y: 200, w: 40, h: 100 }, kind: 'motion' },
      ],
      1280,
      720,
      opts,
    );
    expect(plan.regions).toHaveLength(1);
    expect(plan.regions[0]!.scale).toBe(1.3);
    expect(covers(plan.regions[0]!, { x: 300, y: 200, w: 65, h: 100 })).toBe(true);
  });

  it(`keeps at most ${MAX_REGIONS} regions, inside the frame, covering every box asked for`, () => {
    const boxes: Box[] = [];
    for (let i = 0; i < 10; i++) boxes.push({ x: 100 + i * 350, y: 100 + (i % 3) * 600, w: 30, h: 70 });
    const plan = planRegions(
      boxes.map((box) => ({ box, kind: 'followed' as const })),
      3840,
      2160,
      opts,
    );
    expect(plan.fullFrame).toBe(false);
    expect(plan.regions.length).toBeLessThanOrEqual(MAX_REGIONS);
    expect(plan.regions.length).toBeGreaterThan(1);
    for (const r of plan.regions) expect(inside(r, 3840, 2160)).toBe(true);
    for (const b of boxes) expect(plan.regions.some((r) => covers(r, b))).toBe(true);
    // Dearest first.
    const costs = plan.regions.map((r) => r.cost);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
  });

  it('runs the whole frame when crops would cost as much and everyone stays big enough in it', () => {
    // Four big motion areas on a 640 × 480 frame: the crops cost more than the 416 × 320 whole frame.
    const big: RegionAsk[] = [
      { box: { x: 10, y: 10, w: 150, h: 200 }, kind: 'motion' },
      { box: { x: 450, y: 10, w: 150, h: 200 }, kind: 'motion' },
      { box: { x: 10, y: 260, w: 150, h: 200 }, kind: 'motion' },
      { box: { x: 450, y: 260, w: 150, h: 200 }, kind: 'motion' },
    ];
    expect(planRegions(big, 640, 480, opts)).toEqual(wholeFrame(640, 480));
    // The same with a minimum the whole frame cannot give (200 px × 0.65 = 130 px tall): crops.
    expect(planRegions(big, 640, 480, { fullFrame: false, minModelPx: 140 }).fullFrame).toBe(false);
  });
});
