// The detection scheduler frame by frame at 5 fps on a 1280 × 720 frame, closed-loop with the real tracker:
// a simulated detector finds the people whose centre lies inside a planned region, and the tracker is told where
// the detector looked, as the camera pipeline will do.
import { describe, expect, it } from 'vitest';
import { DetectionScheduler, type SchedulePlan } from '../../../../main/core/tracking/detection-schedule.ts';
import { ObjectTracker } from '../../../../main/core/tracking/object-tracker.ts';
import type { Box } from '../../../../native-workers/motion/motion-types.ts';

const FRAME = 200;
const W = 1280;
const H = 720;

interface Scene {
  people: Box[];
  motion: Box[];
}

interface Step {
  time: number;
  plan: SchedulePlan;
}

function inside(r: Box, b: Box): boolean {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  return cx >= r.x && cx <= r.x + r.w && cy >= r.y && cy <= r.y + r.h;
}

function simulate(frames: number, scene: (i: number) => Scene, start = 0, parts = { tracker: new ObjectTracker(), scheduler: new DetectionScheduler() }): Step[] {
  const { tracker, scheduler } = parts;
  const steps: Step[] = [];
  for (let i = 0; i < frames; i++) {
    const time = start + i * FRAME;
    const s = scene(i);
    tracker.predictBoxes(time);
    const plan = scheduler.plan({ time, width: W, height: H, motion: s.motion, tracks: tracker.tracks });
    steps.push({ time, plan });
    if (plan.regions.length === 0) continue;
    const regions = plan.regions.map((r) => r.box);
    const detections = s.people.filter((p) => regions.some((r) => inside(r, p))).map((box) => ({ box, score: 0.8 }));
    tracker.update({ time, detections, regions, width: W, height: H });
  }
  return steps;
}

const passes = (steps: Step[]) => steps.filter((s) => s.plan.regions.length > 0);
const reasonsOf = (s: Step) => s.plan.regions.flatMap((r) => r.reasons);

describe('DetectionScheduler', () => {
  it('asks for nothing on a static scene with no tracks, ever (no full-frame pass either)', () => {
    const steps = simulate(5 * 60 * 5, () => ({ people: [], motion: [] }));
    expect(passes(steps)).toHaveLength(0);
  });

  it('ignores motion boxes that are empty or not finite (never a full-frame pass because of them)', () => {
    const scheduler = new DetectionScheduler();
    const motion = [{ x: NaN, y: 0, w: 10, h: 10 }, { x: 0, y: 0, w: 0, h: 10 }, { x: 5, y: 5, w: 10, h: Infinity }];
    expect(scheduler.plan({ time: 0, width: W, height: H, motion, tracks: [] }).regions).toEqual([]);
  });

  it('asks for a region around new motion, on the very first frame with it', () => {
    const scheduler = new DetectionScheduler();
    const plan = scheduler.plan({ time: 0, width: W, height: H, motion: [{ x: 500, y: 100, w: 30, h: 60 }], tracks: [] });
    expect(plan.fullFrame).toBe(false);
    expect(plan.regions).toHaveLength(1);
    expect(plan.regions[0]!.reasons).toEqual(['new-motion']);
    // The motion box with its context (1.8 × 1.5 + 24 px), shown 1.3× (something new): 78 × 114 becomes 102 × 149
    // on a 128 × 160 model input, not 416 × 416.
    const r = plan.regions[0]!;
    expect(r.box).toEqual({ x: 476, y: 73, w: 78, h: 114 });
    expect(r.scale).toBe(1.3);
    expect(r.cost).toBe(128 * 160);
  });

  it('follows a walking person: every frame until confirmed, then 2 checks a second, 1 once steady and alone', () => {
    const walk = (i: number): Scene => {
      const box = { x: 40 + i * 4, y: 150, w: 24, h: 60 }; // 20 px/s
      return { people: [box], motion: [{ x: box.x - 2, y: box.y + 2, w: box.w + 4, h: box.h - 4 }] };
    };
    const steps = simulate(100, walk); // 20 s
    // Seen at 0 ms, looked at again at 200 and 400 ms (tentativeCheckMs 200: every frame at 5 fps), confirmed.
    expect(steps.slice(0, 3).map((s) => reasonsOf(s))).toEqual([['new-motion'], ['tentative-track'], ['tentative-track']]);
    const later = steps.slice(10);
    const checks = passes(later);
    // 18 s: a lone walker followed for 6 hits is steady, checked once a second (every 5th frame at 5 fps): 18, not 90.
    expect(checks.length).toBeGreaterThanOrEqual(16);
    expect(checks.length).toBeLessThanOrEqual(20);
    for (const s of checks) expect(reasonsOf(s)).toEqual(['active-track']);
    for (let i = 1; i < checks.length; i++) expect(checks[i]!.time - checks[i - 1]!.time).toBeGreaterThanOrEqual(400);
    // Every other frame has motion, all of it explained by the track: no region at all.
    expect(later.filter((s) => s.plan.regions.length === 0)).toHaveLength(later.length - checks.length);
    expect(later.length - checks.length).toBeGreaterThanOrEqual(50);
  });

  it('asks for the newcomer only when a second person walks in next to a tracked one', () => {
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler();
    const first = { x: 100, y: 150, w: 24, h: 60 };
    simulate(20, () => ({ people: [first], motion: [first] }), 0, { tracker, scheduler });
    const newcomer = { x: 500, y: 160, w: 24, h: 60 };
    tracker.predictBoxes(4000);
    const plan = scheduler.plan({ time: 4000, width: W, height: H, motion: [first, newcomer], tracks: tracker.tracks });
    const forNewcomer = plan.regions.filter((r) => inside(r.box, newcomer));
    expect(forNewcomer).toHaveLength(1);
    expect(forNewcomer[0]!.reasons).toEqual(['new-motion']);
    expect(forNewcomer[0]!.trackIds).toEqual([]);
    // The tracked person's motion is explained: at most its own rate check, never 'new-motion'.
    for (const r of plan.regions.filter((x) => inside(x.box, first))) expect(r.reasons).toEqual(['active-track']);
  });

  it('checks a stationary person every 10 s, with a full-frame pass every 30 s, and never loses them', () => {
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler();
    const standing = { x: 300, y: 150, w: 24, h: 60 };
    // They walk in (motion), then stand: motion stops (healed), the tracker makes them stationary.
    simulate(5, (i) => ({ people: [{ ...standing, x: 280 + i * 4 }], motion: [{ ...standing, x: 280 + i * 4 }] }), 0, { tracker, scheduler });
    const steps = simulate(5 * 60, () => ({ people: [standing], motion: [] }), 1000, { tracker, scheduler }); // 60 s
    expect(tracker.tracks.map((t) => [t.id, t.state])).toEqual([[1, 'stationary']]);
    const stationary = passes(steps).filter((s) => s.time > 13_000);
    // Between two passes at least 10 s, except that a full-frame pass comes on its own clock.
    for (let i = 1; i < stationary.length; i++) {
      if (!stationary[i]!.plan.fullFrame) expect(stationary[i]!.time - stationary[i - 1]!.time).toBeGreaterThanOrEqual(10_000);
    }
    expect(stationary.length).toBeGreaterThanOrEqual(4);
    expect(stationary.length).toBeLessThanOrEqual(6);
    const full = passes(steps).filter((s) => s.plan.fullFrame);
    expect(full).toHaveLength(2); // at 30 s and 60 s of activity
    expect(full[1]!.time - full[0]!.time).toBe(30_000);
  });

  it('checks a stationary person at the active rate while motion is on them (they may be leaving)', () => {
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler();
    const standing = { x: 300, y: 150, w: 24, h: 60 };
    simulate(5, (i) => ({ people: [{ ...standing, x: 280 + i * 4 }], motion: [{ ...standing, x: 280 + i * 4 }] }), 0, { tracker, scheduler });
    simulate(60, () => ({ people: [standing], motion: [] }), 1000, { tracker, scheduler }); // 12 s: stationary
    expect(tracker.tracks[0]!.state).toBe('stationary');
    const steps = simulate(10, () => ({ people: [standing], motion: [{ x: 302, y: 160, w: 20, h: 30 }] }), 13_000, { tracker, scheduler });
    const checks = passes(steps);
    expect(checks.length).toBeGreaterThanOrEqual(4);
    expect(checks.length).toBeLessThanOrEqual(5);
    for (const s of checks) expect(reasonsOf(s)).toEqual(['stationary-track']);
  });

  it('looks again at the active rate for a track that went missing, then stops once it is lost', () => {
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler();
    const box = { x: 300, y: 150, w: 24, h: 60 };
    simulate(15, () => ({ people: [box], motion: [box] }), 0, { tracker, scheduler });
    // The person vanishes (behind a shelf): no motion, no detections.
    const steps = simulate(25, () => ({ people: [], motion: [] }), 3000, { tracker, scheduler });
    const reasons = passes(steps).map(reasonsOf);
    expect(reasons.some((r) => r.includes('missing-track'))).toBe(true);
    expect(tracker.tracks).toHaveLength(0);
    const lastPass = passes(steps).at(-1)!;
    expect(lastPass.time).toBeLessThan(3000 + 2600);
    expect(steps.at(-1)!.plan.regions).toEqual([]);
  });

  it('turns asks that would cover most of the frame into one full-frame pass', () => {
    const scheduler = new DetectionScheduler();
    // Five big moving areas across the frame: their crops would cost more than the whole frame, where they are still
    // 97 px tall in the model.
    const motion = [0, 260, 520, 780, 1040].map((x) => ({ x: x + 20, y: 100, w: 150, h: 300 }));
    const plan = scheduler.plan({ time: 0, width: W, height: H, motion, tracks: [] });
    expect(plan.fullFrame).toBe(true);
    // 1280 × 720 letterboxed to 416 × 234, run on a 416 × 256 canvas.
    expect(plan.regions).toEqual([{ box: { x: 0, y: 0, w: W, h: H }, scale: 416 / W, cost: 416 * 256, reasons: ['full-frame', 'new-motion'], trackIds: [] }]);
  });

  it('keeps the ids of two people crossing while checked at the low rate, at well under one inference per frame', () => {
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler();
    const at = (i: number) => ({ a: { x: 200 + i * 16, y: 300, w: 40, h: 100 }, b: { x: 1000 - i * 16, y: 290, w: 40, h: 100 } });
    const union = (p: Box, q: Box): Box => {
      const x = Math.min(p.x, q.x);
      const y = Math.min(p.y, q.y);
      return { x, y, w: Math.max(p.x + p.w, q.x + q.w) - x, h: Math.max(p.y + p.h, q.y + q.h) - y };
    };
    const steps = simulate(50, (i) => {
      const { a, b } = at(i);
      const overlap = Math.abs(a.x - b.x) < 60;
      // While they overlap the motion detector sees one blob and the detector only the person in front.
      return { people: overlap ? [a] : [a, b], motion: overlap ? [union(a, b)] : [a, b] };
    }, 0, { tracker, scheduler });
    const ids = (i: number) => {
      const { a, b } = at(i);
      const near = (box: Box) => tracker.tracks.reduce((best, t) => (Math.abs(t.box.x - box.x) < Math.abs(best.box.x - box.x) ? t : best)).id;
      return [near(a), near(b)];
    };
    expect(ids(49)).toEqual([1, 2]);
    expect(tracker.tracks.map((t) => t.state)).toEqual(['active', 'active']);
    // Two people far apart are two small regions per pass (too small on a whole 1280 px frame for one pass).
    const inferences = steps.reduce((n, s) => n + s.plan.regions.length, 0);
    expect(passes(steps).length / steps.length).toBeLessThan(0.4);
    expect(inferences / steps.length).toBeLessThan(0.7);
  });

  it('checks two people walking side by side at the same pace at the steady rate, in one pass, keeping their ids', () => {
    const pair = (i: number): Box[] => [
      { x: 40 + i * 4, y: 150, w: 24, h: 60 },
      { x: 70 + i * 4, y: 152, w: 24, h: 60 },
    ];
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler();
    const steps = simulate(100, (i) => ({ people: pair(i), motion: pair(i) }), 0, { tracker, scheduler });
    expect(tracker.tracks.map((t) => t.state)).toEqual(['active', 'active']);
    // Their boxes keep their places side by side: the Kalman filters predict both, no reason to look more often.
    const later = passes(steps.slice(15));
    // 17 s at the steady rate (once a second), both in the same pass: 17, not 29 (the quick rate) or 34 (one pass each).
    expect(later.length).toBeGreaterThanOrEqual(15);
    expect(later.length).toBeLessThanOrEqual(20);
    for (const s of later) expect(s.plan.regions.flatMap((r) => r.trackIds).sort()).toEqual(tracker.tracks.map((t) => t.id).sort());
    // Ids stayed with their people: track 1 is the one on the left.
    const [left, right] = [...tracker.tracks].sort((a, b) => a.box.x - b.box.x);
    expect([left!.id, right!.id]).toEqual([1, 2]);
  });

  it('checks two people at the quick rate while they meet walking towards each other', () => {
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler();
    // 10 s apart at first, walking towards each other at 20 px/s each (box 60 px high): near from about 9 s on.
    const at = (i: number): Box[] => [
      { x: 300 + i * 4, y: 150, w: 24, h: 60 },
      { x: 700 - i * 4, y: 150, w: 24, h: 60 },
    ];
    const steps = simulate(60, (i) => ({ people: at(i), motion: at(i) }), 0, { tracker, scheduler });
    const gap = (i: number) => Math.abs(at(i)[1]!.x - at(i)[0]!.x);
    // Far apart and steady: once a second (4 s: 4 passes). Within the nearMargin of each other (their boxes grown 2×
    // touch: 36 px apart here) and not walking together: the quick rate, every third frame at 5 fps (9 frames, 1.8 s:
    // 3 passes, where the steady rate would make 2 at most).
    const far = passes(steps.slice(15, 35));
    expect(far.length).toBeLessThanOrEqual(5);
    const near = passes(steps.filter((_, i) => gap(i) < 36));
    expect(steps.filter((_, i) => gap(i) < 36)).toHaveLength(9);
    expect(near.length).toBeGreaterThanOrEqual(3);
    expect(tracker.tracks.map((t) => t.state)).toEqual(['active', 'active']);
  });

  it('looks at a tentative track at its own pace when it is set slower, joining passes made anyway', () => {
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler({ tentativeCheckMs: 300 });
    const walk = (i: number): Scene => {
      const box = { x: 40 + i * 4, y: 150, w: 24, h: 60 };
      return { people: [box], motion: [box] };
    };
    const steps = simulate(5, walk, 0, { tracker, scheduler });
    // Seen at 0 ms, then at 400 and 800 ms (every other frame): confirmed with three hits.
    expect(steps.map((s) => reasonsOf(s))).toEqual([['new-motion'], [], ['tentative-track'], [], ['tentative-track']]);
    expect(tracker.tracks[0]!.state).toBe('active');
  });

  it('checks several followed people in one pass, each on a crop of their own that costs far less than the whole frame', () => {
    for (const h of [60, 120]) {
      const tracker = new ObjectTracker();
      const scheduler = new DetectionScheduler();
      // Three people walking in at different times, far apart.
      const people = (i: number): Box[] =>
        [0, 3, 7]
          .filter((start) => i >= start)
          .map((start, k) => ({ x: 100 + k * 400 + (i - start) * 2, y: 100, w: h * 0.4, h }));
      const steps = simulate(100, (i) => ({ people: people(i), motion: people(i) }), 0, { tracker, scheduler });
      const later = passes(steps).filter((s) => s.time >= 4000);
      expect(tracker.tracks.map((t) => t.state)).toEqual(['active', 'active', 'active']);
      // 16 s: far apart, each is steady (1 check a second) and all three come along in one pass: 16, not 48.
      expect(later.length).toBeLessThanOrEqual(20);
      expect(later.length).toBeGreaterThanOrEqual(14);
      for (const s of later) {
        expect(s.plan.regions).toHaveLength(3);
        expect(s.plan.fullFrame).toBe(false);
        // The whole 1280 × 720 frame would be a 416 × 256 canvas; the three crops together cost less.
        expect(s.plan.regions.reduce((sum, r) => sum + r.cost, 0)).toBeLessThan(416 * 256);
      }
    }
  });

  it('keeps one id for a shopper checked at the low rate who walks, stops dead, turns back and walks off', () => {
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler();
    // 100 px tall, walking 1 height per second (20 px a frame), stopping for 3 s, walking back faster.
    const xAt = (i: number) => (i < 20 ? 200 + i * 20 : i < 35 ? 600 : 600 - (i - 35) * 30);
    const ids = new Set<number>();
    for (let i = 0; i < 55; i++) {
      const box = { x: xAt(i), y: 300, w: 40, h: 100 };
      // Motion only while walking (a person standing still is not motion once the detector heals).
      const motion = i >= 20 && i < 35 ? [] : [box];
      simulate(1, () => ({ people: [box], motion }), i * FRAME, { tracker, scheduler });
      for (const t of tracker.tracks) ids.add(t.id);
    }
    expect([...ids]).toEqual([1]);
    expect(tracker.tracks.map((t) => [t.id, t.state])).toEqual([[1, 'active']]);
  });

  it('follows a stationary person who walks off, checked at the active rate once motion is on them, with one id', () => {
    const tracker = new ObjectTracker();
    const scheduler = new DetectionScheduler();
    const moving: number[] = [];
    const ids = new Set<number>();
    for (let i = 0; i < 110; i++) {
      // Walks in (1 s), stands 13 s, walks off to the right at 1 height per second.
      const x = i < 5 ? 280 + i * 20 : i < 70 ? 380 : 380 + (i - 70) * 20;
      const box = { x, y: 300, w: 40, h: 100 };
      const motion = i >= 5 && i < 70 ? [] : [box];
      simulate(1, () => ({ people: [box], motion }), i * FRAME, { tracker, scheduler });
      for (const t of tracker.tracks) ids.add(t.id);
      if (i === 69) expect(tracker.tracks.map((t) => t.state)).toEqual(['stationary']);
      if (tracker.tracks[0]?.state === 'active' && i > 69 && moving.length === 0) moving.push(i);
    }
    expect([...ids]).toEqual([1]);
    expect(tracker.tracks.map((t) => t.state)).toEqual(['active']);
    expect(moving[0]).toBeLessThanOrEqual(75); // active again within a second of leaving
  });
});
