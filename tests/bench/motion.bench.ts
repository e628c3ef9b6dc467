// Motion time per analysed frame at the default analysis size (640×480) on real frames of courtyard.mp4, against a
// baseline measured in the same run: one plain pass over the frame's luma plane (the least any analysis must do).
// Then a scene with a large moving region (a person close to the camera: a striped blob nearly the frame's height,
// a third of its area, walking across a courtyard still), timed in the same run: its median must stay within 1.5×
// the courtyard median. Prints median and p95 per frame, frames per second per core, and the ratios.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { MotionDetector } from '../../native-workers/motion/motion-detector.ts';
import { sharedMediaPath } from '../fixtures/shared-files.ts';
import { fmt, median, percentile, printTable } from './bench-stats.ts';

const W = 640;
const H = 480;
const FRAME = (W * H * 3) / 2;
const decoded = spawnSync(
  'ffmpeg',
  ['-nostdin', '-loglevel', 'error', '-i', sharedMediaPath('courtyard.mp4'), '-vf', `fps=5,scale=${W}:${H}`, '-pix_fmt', 'yuv420p', '-f', 'rawvideo', 'pipe:1'],
  { maxBuffer: 1024 * 1024 * 1024 },
);
if (decoded.status !== 0) throw new Error(`ffmpeg failed: ${decoded.stderr.toString()}`);
const frames: Uint8Array[] = [];
for (let off = 0; off + FRAME <= decoded.stdout.length; off += FRAME) frames.push(Uint8Array.from(decoded.stdout.subarray(off, off + FRAME))); // own, aligned buffers, as the capture pool gives

/**
 * The large-region scene: the first courtyard frame as a still background, and a blob (an ellipse 280×440 px, a third
 * of the frame's area, striped like clothing) that walks left to right and back, 16 px per analysed frame, as a person
 * close to the camera would. Frames are made once, before timing.
 */
function largeRegionFrames(count: number): Uint8Array[] {
  const still = frames[0]!;
  const out: Uint8Array[] = [];
  const rx = 140;
  const ry = 220;
  for (let k = 0; k < count; k++) {
    const f = Uint8Array.from(still);
    const span = W - 2 * rx;
    const step = (k * 16) % (2 * span);
    const cx = rx + (step < span ? step : 2 * span - step);
    const cy = H / 2 + 20;
    for (let y = Math.max(0, cy - ry); y < Math.min(H, cy + ry); y++) {
      const dy = (y - cy) / ry;
      const half = Math.floor(rx * Math.sqrt(Math.max(0, 1 - dy * dy)));
      for (let x = Math.max(0, cx - half); x < Math.min(W, cx + half); x++) f[y * W + x] = ((y >> 4) & 1) === 0 ? 40 : 200;
    }
    out.push(f);
  }
  return out;
}
const large = largeRegionFrames(frames.length);

const ROUNDS = 4;
const config = { threshold: 25, minAreaRatio: 0.0008, masks: [], lightingGuardRatio: 0.6, absorbSeconds: 10, fps: 5 };

function timeBaseline(): number[] {
  const out: number[] = [];
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const f of frames) {
      const t = performance.now();
      let s = 0;
      for (let i = 0; i < W * H; i++) s += f[i]!;
      sink += s;
      out.push(performance.now() - t);
    }
  }
  if (sink === 42) console.log('');
  return out;
}

function timeMotion(scene: readonly Uint8Array[] = frames): { times: number[]; moving: number } {
  const d = new MotionDetector(W, H, config);
  const out: number[] = [];
  let moving = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < scene.length; i++) {
      const t = performance.now();
      const res = d.analyze(scene[i]!, (r * scene.length + i) * 200);
      out.push(performance.now() - t);
      if (res.boxes.length) moving++;
    }
  }
  return { times: out, moving };
}

// Warm up the JIT, then measure baseline and motion alternately so both see the same machine noise.
timeMotion();
timeMotion(large);
timeBaseline();
const base: number[] = [];
const motion: number[] = [];
const largeTimes: number[] = [];
let moving = 0;
let largeMoving = 0;
for (let i = 0; i < 3; i++) {
  base.push(...timeBaseline());
  const m = timeMotion();
  motion.push(...m.times);
  moving += m.moving;
  const l = timeMotion(large);
  largeTimes.push(...l.times);
  largeMoving += l.moving;
}
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
timeMotion();
const cpuMs = (process.cpuUsage(cpuStart).user + process.cpuUsage(cpuStart).system) / 1000;
const perCore = (frames.length * ROUNDS) / (cpuMs / 1000);

console.log(`${frames.length} real frames of courtyard.mp4 at ${W}x${H}, ${ROUNDS} rounds × 3; frames with motion: ${moving}`);
console.log(`${large.length} large-region frames (a 280x440 px blob walking across), frames with motion: ${largeMoving}`);
printTable([
  { what: 'baseline: sum of the luma plane', 'median ms': fmt(median(base), 3), 'p95 ms': fmt(percentile(base, 95), 3), 'x baseline': '1.00' },
  {
    what: 'motion detector (full analysis)',
    'median ms': fmt(median(motion), 3),
    'p95 ms': fmt(percentile(motion, 95), 3),
    'x baseline': fmt(median(motion) / median(base)),
  },
  {
    what: 'motion detector, large moving region',
    'median ms': fmt(median(largeTimes), 3),
    'p95 ms': fmt(percentile(largeTimes, 95), 3),
    'x baseline': fmt(median(largeTimes) / median(base)),
  },
]);
const largeRatio = median(largeTimes) / median(motion);
console.log(`frames analysed per second per core: ${Math.round(perCore)} (${fmt(performance.now() - wallStart, 0)} ms wall)`);
console.log(`target: motion median <= 0.5 ms per frame -> ${median(motion) <= 0.5 ? 'met' : 'NOT met'}`);
console.log(`large region / courtyard: ${fmt(largeRatio)}x; target <= 1.5x -> ${largeRatio <= 1.5 ? 'met' : 'NOT met'}`);
