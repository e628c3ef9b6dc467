// Tracker cost per update (one detector pass) with 5 and 20 people walking about a 1280 × 720 frame at 5 fps:
// straight walks at 0.3–1.2 body heights per second (as people walk), bouncing off the edges (so paths cross; an
// instant turn at an edge is harsher than any real walker), heights 30–160 px, ±3 px detector jitter, one detection in
// 15 missed. The ids given are printed too: more ids than people are identity switches (mostly at the edge bounces). Also the detection scheduler's plan and the rules (one line, one zone) per frame.
// Baseline, measured in the same run: the IoU matrix of the same tracks and detections alone (the least any
// association must do). Medians over many frames; the machines are shared and noisy. BENCH_FRAMES sets the count.
import { performance } from 'node:perf_hooks';
import { ObjectTracker, type Detection } from '../../main/core/tracking/object-tracker.ts';
import { DetectionScheduler } from '../../main/core/tracking/detection-schedule.ts';
import { TrackRules } from '../../main/core/tracking/track-rules.ts';
import { iou } from '../../main/core/tracking/box-math.ts';
import { fmt, median, percentile, printTable } from './bench-stats.ts';
import type { Box } from '../../native-workers/motion/motion-types.ts';
import { rng } from '../fixtures/seeded-random.ts';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 20_000);
const WARMUP = 500;
const FRAME_MS = 200;
const W = 1280;
const H = 720;

/** A deterministic generator, so every run sees the same scene. */
interface Walker {
  x: number;
  y: number;
  vx: number;
  vy: number;
  h: number;
}

function scene(people: number, seed: number): (frame: number) => Detection[] {
  const rand = rng(seed);
  const walkers: Walker[] = Array.from({ length: people }, () => {
    const h = 30 + rand() * 130;
    const speed = h * (0.3 + rand() * 0.9);
    const angle = rand() * 2 * Math.PI;
    return { x: rand() * (W - 100), y: rand() * (H - 200), vx: speed * Math.cos(angle), vy: speed * Math.sin(angle), h };
  });
  const dets: Detection[] = walkers.map(() => ({ box: { x: 0, y: 0, w: 0, h: 0 }, score: 0.8 }));
  const out: Detection[] = [];
  return (frame) => {
    out.length = 0;
    for (let i = 0; i < walkers.length; i++) {
      const p = walkers[i]!;
      p.x += (p.vx * FRAME_MS) / 1000;
      p.y += (p.vy * FRAME_MS) / 1000;
      if (p.x < 0 || p.x > W - 0.4 * p.h) p.vx = -p.vx;
      if (p.y < 0 || p.y > H - p.h) p.vy = -p.vy;
      if ((frame + i) % 15 === 0) continue; // a missed detection
      const d = dets[i]!;
      d.box.x = p.x + (rand() * 6 - 3);
      d.box.y = p.y + (rand() * 6 - 3);
      d.box.w = 0.4 * p.h + (rand() * 4 - 2);
      d.box.h = p.h + (rand() * 4 - 2);
      d.score = 0.6 + rand() * 0.35;
      out.push(d);
    }
    return out;
  };
}

interface Result {
  people: number;
  update: number[];
  baseline: number[];
  plan: number[];
  rules: number[];
  tracks: number;
  ids: number;
  heapPerUpdate: number;
}

function run(people: number): Result {
  const tracker = new ObjectTracker();
  const scheduler = new DetectionScheduler();
  const rules = new TrackRules({
    width: W,
    height: H,
    lines: [{ id: 'door', a: [0.1, 0.5], b: [0.9, 0.5] }],
    zones: [{ id: 'till', polygon: [[0.3, 0.3], [0.7, 0.3], [0.7, 0.9], [0.3, 0.9]], seconds: 30 }],
  });
  const next = scene(people, 7 + people);
  const update: number[] = [];
  const baseline: number[] = [];
  const plan: number[] = [];
  const ruleTimes: number[] = [];
  const motion: Box[] = [];
  let sink = 0;
  let heapStart = 0;
  for (let f = 0; f < WARMUP + FRAMES; f++) {
    const time = f * FRAME_MS;
    const dets = next(f);
    if (f === WARMUP) {
      (globalThis as { gc?: () => void }).gc?.();
      heapStart = process.memoryUsage().heapUsed;
    }
    // Baseline: the IoU of every track's predicted box with every detection.
    const t0 = performance.now();
    for (const t of tracker.tracks) for (const d of dets) sink += iou(t.predicted, d.box);
    const t1 = performance.now();
    tracker.update({ time, detections: dets, width: W, height: H });
    const t2 = performance.now();
    rules.update(time, tracker.tracks);
    const t3 = performance.now();
    motion.length = 0;
    for (const d of dets.slice(0, 3)) motion.push(d.box);
    tracker.predictBoxes(time + FRAME_MS);
    const t4 = performance.now();
    scheduler.plan({ time: time + FRAME_MS, width: W, height: H, motion, tracks: tracker.tracks });
    const t5 = performance.now();
    if (f >= WARMUP) {
      baseline.push(t1 - t0);
      update.push(t2 - t1);
      ruleTimes.push(t3 - t2);
      plan.push(t5 - t4);
    }
  }
  const heapPerUpdate = (process.memoryUsage().heapUsed - heapStart) / FRAMES;
  if (sink < 0) console.log(sink);
  const ids = tracker.tracks.length ? Math.max(...tracker.tracks.map((t) => t.id)) : 0;
  return { people, update, baseline, plan, rules: ruleTimes, tracks: tracker.tracks.length, ids, heapPerUpdate };
}

const results = [run(5), run(20)];
const rows: Record<string, string | number>[] = [];
for (const r of results) {
  const base = median(r.baseline);
  rows.push({ people: r.people, what: 'baseline: IoU matrix alone', 'median ms': fmt(base, 4), 'p95 ms': fmt(percentile(r.baseline, 95), 4), 'x baseline': '1.0' });
  rows.push({
    people: r.people,
    what: 'tracker update',
    'median ms': fmt(median(r.update), 4),
    'p95 ms': fmt(percentile(r.update, 95), 4),
    'x baseline': fmt(median(r.update) / base, 1),
  });
  rows.push({ people: r.people, what: 'rules update (1 line, 1 zone)', 'median ms': fmt(median(r.rules), 4), 'p95 ms': fmt(percentile(r.rules, 95), 4), 'x baseline': fmt(median(r.rules) / base, 1) });
  rows.push({ people: r.people, what: 'scheduler plan', 'median ms': fmt(median(r.plan), 4), 'p95 ms': fmt(percentile(r.plan, 95), 4), 'x baseline': fmt(median(r.plan) / base, 1) });
}
console.log(`${FRAMES} frames per scene after ${WARMUP} warm-up frames, 5 fps, ${W}x${H}`);
printTable(rows);
for (const r of results) {
  console.log(
    `${r.people} people: ${r.tracks} tracks alive at the end, ${r.ids} ids given in ${FRAMES + WARMUP} frames; ` +
      `heap growth ${fmt(r.heapPerUpdate, 1)} bytes per frame (paths and snapshots included)`,
  );
}
const m20 = median(results[1]!.update);
console.log(`target: tracker update with 20 tracks < 0.1 ms median -> ${m20 < 0.1 ? 'met' : 'NOT met'} (${fmt(m20, 4)} ms)`);
