// How well the detector's crops (detection-regions.ts planRegions) find people again, and what they cost, on two kinds
// of picture: 30 frames of courtyard.mp4 (0.6 a second; people seen from above, a third under 60 px, often in groups)
// and the indoor photo coco-000000000139.jpg (a 138 px person and a 36 px one, each asked for BENCH_SHIFTS times).
// The courtyard's persons are those the old way found (the whole frame plus 320 px squares tiled over it and blown up
// to 416, score ≥ 0.5, a person cut by a square's edge left out); the photo's are its annotation. Each is asked for again with its box shifted and resized by up
// to BENCH_JITTER (default 0.3: a tracker's prediction error), as each kind of ask (a followed person, a tentative
// track, a motion box), and counted found when a box with IoU ≥ 0.5 comes back at the tracker's low threshold (0.2)
// and at the camera's (0.5). Baseline, in the same run: the whole frame (the periodic full-frame pass), and the cost
// of a 416 × 416 run. The figures behind detection-regions.ts's SCALE and contexts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import ort from 'onnxruntime-node';
import { sharedMediaPath, sharedModelPath } from '../fixtures/shared-files.ts';
import { rgbToI420 } from '../fixtures/i420.ts';
import { INPUT_NAME, OUTPUT_NAME, loadYoloxSession } from '../../native-workers/detection/yolox-session.ts';
import { canvasFor, cutByRegion, decodeYolox, iou, letterboxI420, nms, squareCanvas, toSourceBox, type Box, type Canvas } from '../../native-workers/detection/yolox.ts';
import { planRegions, wholeFrame, type RegionAskKind } from '../../main/core/detection/detection-regions.ts';

interface Picture {
  name: string;
  frame: Uint8Array;
  width: number;
  height: number;
  persons: Box[];
}

interface Tally {
  asked: number;
  found02: number;
  found05: number;
  /** Found had the boxes cut by the crop's edges been kept. */
  withCut02: number;
  withCut05: number;
  pixels: number;
}

const JITTER = Number(process.env.BENCH_JITTER ?? 0.3);
const SHIFTS = Number(process.env.BENCH_SHIFTS ?? 40);
const KINDS: RegionAskKind[] = ['followed', 'tentative', 'motion'];
const { session } = await loadYoloxSession(sharedModelPath(), 1);

async function detect(p: Picture, region: Box, canvas: Canvas, threshold: number): Promise<Array<{ box: Box; score: number }>> {
  const input = new Float32Array(3 * canvas.width * canvas.height);
  letterboxI420(p.frame, p.width, p.height, region, input, canvas);
  const out = await session.run({ [INPUT_NAME]: new ort.Tensor('float32', input, [1, 3, canvas.height, canvas.width]) });
  const data = out[OUTPUT_NAME]!.data as Float32Array;
  const found = decodeYolox(data, threshold, 0, [], canvas).map((d) => ({ box: toSourceBox(d, canvas.scale, region), score: d.score }));
  out[OUTPUT_NAME]!.dispose();
  return found;
}

/**
 * The best score of a box that matches `target` (IoU ≥ 0.5) on a region, at least 0.2: as the worker does (boxes cut by
 * the crop's inner edges left out), and with the cut boxes kept.
 */
async function bestScores(p: Picture, region: Box, canvas: Canvas, target: Box): Promise<[number, number]> {
  let best = 0;
  let bestWithCut = 0;
  for (const d of await detect(p, region, canvas, 0.2)) {
    if (iou(d.box, target) < 0.5) continue;
    bestWithCut = Math.max(bestWithCut, d.score);
    if (!cutByRegion(d.box, region, p.width, p.height, 2 / canvas.scale)) best = Math.max(best, d.score);
  }
  return [best, bestWithCut];
}

function count(t: Tally, [score, withCut]: [number, number], pixels: number): void {
  t.asked++;
  t.pixels += pixels;
  if (score >= 0.2) t.found02++;
  if (score >= 0.5) t.found05++;
  if (withCut >= 0.2) t.withCut02++;
  if (withCut >= 0.5) t.withCut05++;
}

let seed = 7;
const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
const shifted = (b: Box): Box => ({
  x: b.x + random() * JITTER * b.w,
  y: b.y + random() * JITTER * 0.5 * b.h,
  w: b.w * (1 + random() * JITTER * 0.5),
  h: b.h * (1 + random() * JITTER * 0.3),
});

async function courtyardFrames(): Promise<Picture[]> {
  const width = 768;
  const height = 576;
  const size = (width * height * 3) / 2;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-crops-'));
  const raw = path.join(dir, 'courtyard.yuv');
  try {
    const run = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', sharedMediaPath('courtyard.mp4'), '-vf', 'fps=0.6', '-pix_fmt', 'yuv420p', '-f', 'rawvideo', raw]);
    if (run.status !== 0) throw new Error(`ffmpeg could not decode courtyard.mp4: ${run.stderr.toString()}`);
    const all = readFileSync(raw);
    const pictures: Picture[] = [];
    for (let f = 0; f < all.length / size; f++) {
      const p: Picture = { name: 'courtyard', frame: new Uint8Array(all.buffer, all.byteOffset + f * size, size), width, height, persons: [] };
      let found = await detect(p, { x: 0, y: 0, w: width, h: height }, squareCanvas(width, height), 0.5);
      // The squares overlap; a person cut by one square's edge is left to the square (or the frame) that has them whole.
      for (const y of [0, 256]) {
        for (const x of [0, 224, 448]) {
          const square = { x, y, w: 320, h: 320 };
          const canvas = squareCanvas(320, 320);
          for (const d of await detect(p, square, canvas, 0.5)) if (!cutByRegion(d.box, square, width, height, 2 / canvas.scale)) found.push(d);
        }
      }
      found = nms(found, 0.45);
      p.persons = found.map((d) => d.box);
      pictures.push(p);
    }
    return pictures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function indoorPhoto(): Promise<Picture> {
  const { data, info } = await sharp(sharedMediaPath('coco-000000000139.jpg')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const annotation = JSON.parse(readFileSync(sharedMediaPath('coco-000000000139.person.json'), 'utf8')) as { persons: number[][] };
  return {
    name: 'indoor',
    frame: rgbToI420(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height),
    width: info.width,
    height: info.height,
    persons: annotation.persons.map(([x, y, w, h]) => ({ x: x!, y: y!, w: w!, h: h! })),
  };
}

const groups = new Map<string, Record<RegionAskKind | 'whole frame', Tally>>();
const tallies = (group: string): Record<RegionAskKind | 'whole frame', Tally> => {
  let g = groups.get(group);
  if (!g) {
    const zero = (): Tally => ({ asked: 0, found02: 0, found05: 0, withCut02: 0, withCut05: 0, pixels: 0 });
    g = { followed: zero(), tentative: zero(), motion: zero(), 'whole frame': zero() };
    groups.set(group, g);
  }
  return g;
};

async function study(p: Picture, group: (person: Box) => string, shifts: number): Promise<void> {
  const whole = wholeFrame(p.width, p.height).regions[0]!;
  const wholeCanvas = canvasFor(p.width, p.height);
  const wholeFound = await detect(p, whole, wholeCanvas, 0.2);
  for (const person of p.persons) {
    const g = tallies(group(person));
    let wholeBest = 0;
    for (const d of wholeFound) if (iou(d.box, person) >= 0.5) wholeBest = Math.max(wholeBest, d.score);
    for (let s = 0; s < shifts; s++) {
      count(g['whole frame'], [wholeBest, wholeBest], whole.cost);
      const asked = shifted(person);
      for (const kind of KINDS) {
        const region = planRegions([{ box: asked, kind }], p.width, p.height, { fullFrame: false, minModelPx: 40 }).regions[0]!;
        count(g[kind], await bestScores(p, region, canvasFor(region.w, region.h, region.scale), person), region.cost);
      }
    }
  }
}

const started = performance.now();
for (const p of await courtyardFrames()) await study(p, (b) => (b.h < 60 ? 'courtyard, under 60 px' : 'courtyard, 60 px and taller'), 1);
const indoor = await indoorPhoto();
await study(indoor, (b) => (b.h < 60 ? 'indoor, 36 px person' : 'indoor, 138 px person'), SHIFTS);
await session.release();

const square = 416 * 416;
console.log(
  `persons asked for again with their box shifted by up to ${JITTER * 100} %: found at 0.2 / at 0.5 (had boxes cut by a crop's edge been kept); canvas pixels a run (× a 416 × 416 run)`,
);
for (const [name, g] of groups) {
  console.log(`${name} (${g.followed.asked} asks)`);
  for (const [kind, t] of Object.entries(g)) {
    const px = t.pixels / Math.max(1, t.asked);
    console.log(
      `  ${kind.padEnd(11)} ${(t.found02 / t.asked).toFixed(2)} / ${(t.found05 / t.asked).toFixed(2)} (${(t.withCut02 / t.asked).toFixed(2)} / ${(t.withCut05 / t.asked).toFixed(2)})   ${(px / 1000).toFixed(1)} k px (${(px / square).toFixed(3)}×)`,
    );
  }
}
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
