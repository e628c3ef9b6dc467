// The motion algorithm on synthetic I420 frames: what moves is found where it is; what does not (noise, a global
// brightness change, a masked area, something that arrived and stayed) is not. And it heals: what has stopped changing
// (a visitor standing still, the spot a visitor or a removed object left) stops being motion within a few frames.
import { describe, expect, it } from 'vitest';
import { HOLD_SECONDS, MotionDetector, motionConfigProblem } from '../../../../native-workers/motion/motion-detector.ts';
import type { MotionConfig, MotionResult } from '../../../../native-workers/motion/motion-types.ts';
import { rng } from '../../../fixtures/seeded-random.ts';

const W = 640;
const H = 480;
const FPS = 5;
const config = (over: Partial<MotionConfig> = {}): MotionConfig => ({
  threshold: 25,
  minAreaRatio: 0.0008,
  masks: [],
  lightingGuardRatio: 0.6,
  absorbSeconds: 10,
  fps: FPS,
  ...over,
});

/** A deterministic pseudo-random generator (tests must not flake). */
/** Gaussian-ish noise: the sum of uniforms, scaled to sigma. */
function noise(rand: () => number, sigma: number): number {
  let t = 0;
  for (let i = 0; i < 4; i++) t += rand();
  return (t - 2) * sigma * Math.sqrt(3);
}

class Scene {
  readonly frame = new Uint8Array((W * H * 3) / 2);
  constructor(
    private readonly base = 90,
    private readonly texture = true,
  ) {}
  /** Background with some texture, optional noise and brightness offset, and squares of luma 220. */
  draw(opts: { squares?: { x: number; y: number; size: number }[]; sigma?: number; offset?: number; seed?: number } = {}): Uint8Array {
    const rand = rng(opts.seed ?? 1);
    const f = this.frame;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let v = this.base + (opts.offset ?? 0);
        if (this.texture) v += ((x >> 5) + (y >> 5)) % 2 === 0 ? 20 : -20;
        if (opts.sigma) v += noise(rand, opts.sigma);
        f[y * W + x] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
    for (const s of opts.squares ?? []) {
      for (let y = s.y; y < s.y + s.size; y++) for (let x = s.x; x < s.x + s.size; x++) f[y * W + x] = 220;
    }
    f.fill(128, W * H);
    return f;
  }
}

function feed(d: MotionDetector, frames: number, make: (i: number) => Uint8Array, t0 = 0): MotionResult[] {
  const out: MotionResult[] = [];
  for (let i = 0; i < frames; i++) out.push(d.analyze(make(i), t0 + (i * 1000) / FPS));
  return out;
}

describe('MotionDetector', () => {
  it('finds a moving square with a box around it, in frame pixels', () => {
    const scene = new Scene();
    const d = new MotionDetector(W, H, config());
    feed(d, 15, () => scene.draw());
    const results = feed(d, 10, (i) => scene.draw({ squares: [{ x: 100 + i * 12, y: 200, size: 60 }] }), 3000);
    const last = results[results.length - 1]!;
    expect(last.boxes.length).toBeGreaterThanOrEqual(1);
    const box = last.boxes[0]!;
    const sx = 100 + 9 * 12;
    // The box covers the square (dilation and downscaling widen it a little), and not much more.
    expect(box.x).toBeLessThanOrEqual(sx + 2);
    expect(box.y).toBeLessThanOrEqual(202);
    expect(box.x + box.w).toBeGreaterThanOrEqual(sx + 58);
    expect(box.y + box.h).toBeGreaterThanOrEqual(258);
    expect(box.w).toBeLessThan(60 + 12 + 40);
    expect(box.h).toBeLessThan(60 + 40);
    expect(last.ratio).toBeGreaterThan(0.005);
    expect(last.ratio).toBeLessThan(0.1);
    expect(last.recalibrated).toBe(false);
  });

  it('ignores sensor noise below the threshold', () => {
    const scene = new Scene();
    const d = new MotionDetector(W, H, config());
    const results = feed(d, 40, (i) => scene.draw({ sigma: 4, seed: i + 1 }));
    for (const r of results.slice(1)) {
      expect(r.boxes).toEqual([]);
      expect(r.ratio).toBe(0);
    }
  });

  it('gives no motion for a small global brightness change (gain compensation)', () => {
    const scene = new Scene();
    const d = new MotionDetector(W, H, config());
    feed(d, 15, () => scene.draw());
    const results = feed(d, 5, () => scene.draw({ offset: 10 }), 3000);
    for (const r of results) expect(r.boxes).toEqual([]);
  });

  it('recalibrates instead of firing when the lights go on (a big jump over the whole frame)', () => {
    const scene = new Scene();
    const d = new MotionDetector(W, H, config());
    feed(d, 15, () => scene.draw());
    const jump = d.analyze(scene.draw({ offset: 60 }), 3000);
    expect(jump.boxes).toEqual([]);
    expect(jump.recalibrated).toBe(true);
    const after = feed(d, 5, () => scene.draw({ offset: 60 }), 3200);
    for (const r of after) expect(r.boxes).toEqual([]);
    // And it still sees motion afterwards.
    const moving = feed(d, 6, (i) => scene.draw({ offset: 60, squares: [{ x: 300 + i * 15, y: 100, size: 50 }] }), 5000);
    expect(moving[moving.length - 1]!.boxes.length).toBeGreaterThan(0);
  });

  it('never counts a masked area', () => {
    const scene = new Scene();
    // The square moves inside the left half; the mask covers the left half.
    const mask = [[0, 0], [0.5, 0], [0.5, 1], [0, 1]] as const;
    const d = new MotionDetector(W, H, config({ masks: [mask] }));
    feed(d, 15, () => scene.draw());
    const results = feed(d, 10, (i) => scene.draw({ squares: [{ x: 40 + i * 10, y: 200, size: 60 }] }), 3000);
    for (const r of results) expect(r.boxes).toEqual([]);
    // The same motion on the right half is seen.
    const right = feed(d, 10, (i) => scene.draw({ squares: [{ x: 400 + i * 10, y: 200, size: 60 }] }), 6000);
    expect(right[right.length - 1]!.boxes.length).toBeGreaterThan(0);
    expect(right[right.length - 1]!.boxes[0]!.x).toBeGreaterThanOrEqual(W / 2 - 20);
  });

  it('ignores something smaller than the minimum area', () => {
    const scene = new Scene();
    const d = new MotionDetector(W, H, config({ minAreaRatio: 0.02 }));
    feed(d, 15, () => scene.draw());
    const results = feed(d, 8, (i) => scene.draw({ squares: [{ x: 100 + i * 10, y: 100, size: 30 }] }), 3000);
    for (const r of results) expect(r.boxes).toEqual([]);
  });

  it('absorbs an object that arrives and stays still (a parked car) after absorbSeconds', () => {
    const scene = new Scene();
    const absorbSeconds = 4;
    const d = new MotionDetector(W, H, config({ absorbSeconds }));
    feed(d, 15, () => scene.draw());
    // Drives in…
    const arriving = feed(d, 5, (i) => scene.draw({ squares: [{ x: 100 + i * 20, y: 150, size: 120 }] }), 3000);
    expect(arriving[arriving.length - 1]!.boxes.length).toBeGreaterThan(0);
    // …and stays at x = 180.
    const parked = feed(d, (absorbSeconds + 6) * FPS, () => scene.draw({ squares: [{ x: 180, y: 150, size: 120 }] }), 4000);
    expect(parked[0]!.boxes.length).toBeGreaterThan(0); // still "motion" right after it stops
    const tail = parked.slice(-FPS * 2);
    for (const r of tail) expect(r.boxes).toEqual([]);
    // Something else moving is still found.
    const other = feed(d, 6, (i) => scene.draw({ squares: [{ x: 180, y: 150, size: 120 }, { x: 450, y: 300 + i * 8, size: 50 }] }), 20_000);
    expect(other[other.length - 1]!.boxes.length).toBeGreaterThan(0);
  });

  it('explains an unusable configuration in words', () => {
    expect(motionConfigProblem(config())).toBeNull();
    expect(motionConfigProblem(config({ threshold: 0 }))).toMatch(/threshold/);
    expect(motionConfigProblem(config({ fps: 0 }))).toMatch(/frame rate/);
  });

  it('gives the same results from the 32-bit fast path (aligned frame) as from the byte loop (unaligned frame)', () => {
    const scene = new Scene();
    const fast = new MotionDetector(W, H, config());
    const slow = new MotionDetector(W, H, config());
    // The same bytes, once at offset 0 and once at offset 1 of a larger buffer (no 32-bit view possible there).
    const shifted = new Uint8Array(new ArrayBuffer((W * H * 3) / 2 + 4), 1, (W * H * 3) / 2);
    for (let i = 0; i < 20; i++) {
      const f = scene.draw({ squares: i >= 12 ? [{ x: 50 + i * 15, y: 120, size: 50 }] : [], sigma: 3, seed: i + 1 });
      shifted.set(f);
      const a = fast.analyze(f, i * 200);
      const b = slow.analyze(shifted, i * 200);
      expect(a.boxes).toEqual(b.boxes);
      expect(a.ratio).toBeCloseTo(b.ratio, 9);
      expect(a.recalibrated).toBe(b.recalibrated);
      if (i >= 14) expect(a.boxes.length).toBeGreaterThan(0);
    }
  });

  it('works on frame sizes that do not divide evenly', () => {
    const w = 642;
    const h = 362;
    const d = new MotionDetector(w, h, config());
    const f = new Uint8Array(Math.ceil((w * h * 3) / 2)).fill(100);
    expect(d.analyze(f, 0).boxes).toEqual([]);
    for (let y = 100; y < 160; y++) for (let x = 600; x < 642; x++) f[y * w + x] = 230;
    const r = feed(d, 4, () => f, 200);
    expect(r[r.length - 1]!.boxes[0]!.x + r[r.length - 1]!.boxes[0]!.w).toBeLessThanOrEqual(w);
  });

  describe('healing', () => {
    /** Frames of motion after the last change: the hold (0.4 s, 2 frames at 5 fps). */
    const HOLD = Math.round(HOLD_SECONDS * FPS);
    const moving = (r: MotionResult): boolean => r.boxes.length > 0;
    /** Index of the first result from which every later one is still (no motion), or -1 when the last one moves. */
    const stillFrom = (rs: MotionResult[]): number => {
      let k = rs.length;
      while (k > 0 && !moving(rs[k - 1]!)) k--;
      return k === rs.length ? -1 : k;
    };

    it('lets a visitor who stood still for 20 s leave without a ghost: motion stops within 5 frames of their leaving', () => {
      const scene = new Scene();
      const d = new MotionDetector(W, H, config());
      feed(d, 15, (i) => scene.draw({ sigma: 3, seed: i + 1 }));
      // Walks in from the left over 6 frames, then stands at x = 250 for 20 s (100 frames at 5 fps), then is gone.
      const walkIn = feed(d, 6, (i) => scene.draw({ squares: [{ x: 100 + i * 30, y: 180, size: 100 }], sigma: 3, seed: 100 + i }), 3000);
      for (const r of walkIn.slice(1)) expect(moving(r)).toBe(true);
      const standing = feed(d, 20 * FPS, (i) => scene.draw({ squares: [{ x: 250, y: 180, size: 100 }], sigma: 3, seed: 200 + i }), 4200);
      // Standing still is not motion (the tracker keeps a person who stands): it stops after the hold, for good.
      expect(moving(standing[0]!)).toBe(true);
      expect(stillFrom(standing)).toBeGreaterThan(0);
      expect(stillFrom(standing)).toBeLessThanOrEqual(HOLD + 1);
      const left = feed(d, 10 * FPS, (i) => scene.draw({ sigma: 3, seed: 400 + i }), 24_200);
      // Leaving is a real change, seen at once; the vacated spot then heals: no motion from the 5th frame on.
      expect(moving(left[0]!)).toBe(true);
      expect(left[0]!.boxes[0]!.x).toBeLessThanOrEqual(252);
      expect(stillFrom(left)).toBeGreaterThan(0);
      expect(stillFrom(left)).toBeLessThanOrEqual(5);
      // The healed background is the empty scene again: the same visitor walking through the same spot is seen.
      const again = feed(d, 8, (i) => scene.draw({ squares: [{ x: 120 + i * 25, y: 180, size: 100 }], sigma: 3, seed: 500 + i }), 34_200);
      for (const r of again.slice(1)) expect(moving(r)).toBe(true);
      expect(again[7]!.boxes[0]!.w).toBeLessThan(100 + 25 + 40);
    });

    it('heals the spot an object was taken from (it was background): motion only while it is being taken', () => {
      const scene = new Scene();
      const bottle = { x: 300, y: 150, size: 80 };
      const d = new MotionDetector(W, H, config());
      // The object has been there all along: it is part of the background.
      const before = feed(d, 30, (i) => scene.draw({ squares: [bottle], sigma: 3, seed: i + 1 }));
      for (const r of before) expect(moving(r)).toBe(false);
      // A hand (a smaller square) comes down to it over 5 frames, then hand and object leave together upwards.
      const hand = (i: number) => ({ x: 320, y: 20 + i * 26, size: 40 });
      const reach = feed(d, 5, (i) => scene.draw({ squares: [bottle, hand(i)], sigma: 3, seed: 100 + i }), 6000);
      for (const r of reach.slice(1)) expect(moving(r)).toBe(true);
      const away = feed(d, 4, (i) => scene.draw({ squares: [{ ...bottle, y: 110 - i * 40 }, hand(4 - i * 2)], sigma: 3, seed: 200 + i }), 7000);
      for (const r of away) expect(moving(r)).toBe(true);
      const after = feed(d, 15 * FPS, (i) => scene.draw({ sigma: 3, seed: 300 + i }), 7800);
      expect(stillFrom(after)).toBeGreaterThanOrEqual(0);
      expect(stillFrom(after)).toBeLessThanOrEqual(5);
    });

    it('keeps a slow walker in one unbroken stretch of motion', () => {
      const scene = new Scene();
      const d = new MotionDetector(W, H, config());
      feed(d, 15, (i) => scene.draw({ sigma: 3, seed: i + 1 }));
      // 2 px per analysed frame (10 px a second on a 640 px picture): well under one working cell per frame.
      const results = feed(d, 12 * FPS, (i) => scene.draw({ squares: [{ x: 100 + i * 2, y: 200, size: 60 }], sigma: 3, seed: 50 + i }), 3000);
      for (const [i, r] of results.slice(1).entries()) {
        expect(moving(r), `frame ${i + 1}`).toBe(true);
        const box = r.boxes[0]!;
        const sx = 100 + (i + 1) * 2;
        expect(box.x).toBeLessThanOrEqual(sx + 4);
        expect(box.x + box.w).toBeGreaterThanOrEqual(sx + 56);
      }
    });

    it('holds motion through a pause shorter than the hold, and lets go after a longer one', () => {
      const scene = new Scene();
      const d = new MotionDetector(W, H, config());
      feed(d, 15, (i) => scene.draw({ sigma: 3, seed: i + 1 }));
      let x = 100;
      const step = (dx: number, n: number, t0: number) =>
        feed(d, n, (i) => scene.draw({ squares: [{ x: (x += dx), y: 200, size: 60 }], sigma: 3, seed: t0 + i }), t0);
      const walk = step(15, 6, 3000);
      const shortPause = step(0, HOLD, 4200); // a pause of the hold's length: still one stretch
      const walkOn = step(15, 6, 5000);
      for (const r of [...walk.slice(1), ...shortPause, ...walkOn]) expect(moving(r)).toBe(true);
      const longPause = step(0, 3 * FPS, 6200); // 3 s standing: motion stops after the hold
      expect(stillFrom(longPause)).toBeGreaterThan(0);
      expect(stillFrom(longPause)).toBeLessThanOrEqual(HOLD + 1);
      const walkAgain = step(15, 4, 9200);
      for (const r of walkAgain) expect(moving(r)).toBe(true);
    });
  });
});
