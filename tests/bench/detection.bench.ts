// Person detection cost on the COCO photo (640×426, two persons), full frame, with 1 and 2 ONNX Runtime threads:
// - the model alone (onnxruntime-node session.run in this thread),
// - the whole PersonDetector round trip (transfer to the worker, letterbox, model, decode, NMS, transfer back),
// - the round trip on one motion region around the large person (what the pipeline sends between full-frame passes).
// Baseline, measured in the same run: the pre-processing alone (letterboxI420 of the full frame); ratios are against it.
// Quote medians: the machines are shared and noisy. BENCH_RUNS sets the number of timed runs (default 100).
import { rgbToI420 } from '../fixtures/i420.ts';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import ort from 'onnxruntime-node';
import { PersonDetector } from '../../main/core/detection/person-detector.ts';
import { planRegions } from '../../main/core/detection/detection-regions.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { INPUT_LENGTH, INPUT_SIZE, decodeYolox, letterboxI420, nms, toSourceBox } from '../../native-workers/detection/yolox.ts';
import { sharedMediaPath, sharedModelPath } from '../fixtures/shared-files.ts';
import { fmt, median, percentile, printTable } from './bench-stats.ts';
import type { Box } from '../../preload/contract.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARMUP = 10;


const { data, info } = await sharp(sharedMediaPath('coco-000000000139.jpg')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
const width = info.width;
const height = info.height;
const frame = rgbToI420(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height);
const full: Box = { x: 0, y: 0, w: width, h: height };
const annotation = JSON.parse(readFileSync(sharedMediaPath('coco-000000000139.person.json'), 'utf8')) as { persons: number[][] };
const [px, py, pw, ph] = annotation.persons[0]!;
const motionRegions = planRegions([{ box: { x: px!, y: py!, w: pw!, h: ph! }, kind: 'motion' }], width, height, { fullFrame: false, minModelPx: 40 }).regions;

async function time(n: number, fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

// Baseline: pre-processing alone.
const input = new Float32Array(INPUT_LENGTH);
const pre = await time(RUNS * 5, () => letterboxI420(frame, width, height, full, input));
const preMedian = median(pre);
console.log(`baseline: letterboxI420 of the ${width}×${height} frame = ${fmt(preMedian, 3)} ms median (${RUNS * 5} runs)`);
console.log(`motion region around the large person: ${JSON.stringify(motionRegions)}`);

const rows: Record<string, string | number>[] = [];
const row = (what: string, threads: number, ms: number[], extra = ''): void => {
  rows.push({
    what,
    threads,
    runs: ms.length,
    'median ms': fmt(median(ms)),
    'p95 ms': fmt(percentile(ms, 95)),
    '× preprocessing': fmt(median(ms) / preMedian, 1),
    note: extra,
  });
};

const modelMedians = new Map<number, number>();
for (const threads of [1, 2]) {
  // The model alone, in this thread.
  const session = await ort.InferenceSession.create(sharedModelPath(), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  });
  letterboxI420(frame, width, height, full, input);
  const tensor = new ort.Tensor('float32', input, [1, 3, INPUT_SIZE, INPUT_SIZE]);
  const model = await time(RUNS, async () => {
    const out = await session.run({ images: tensor });
    out.output?.dispose();
  });
  if (threads === 1) {
    // Post-processing alone on a real output: grid decoding, person scores, NMS, back to frame pixels.
    const real = await session.run({ images: tensor });
    const output = real.output!.data as Float32Array;
    const post = await time(RUNS * 5, () => {
      const dets = nms(decodeYolox(output, 0.5));
      for (const d of dets) toSourceBox(d, Math.min(INPUT_SIZE / height, INPUT_SIZE / width), full);
    });
    real.output?.dispose();
    row('post-processing (decode + NMS)', 0, post);
    const both = median(pre) + median(post);
    console.log(`pre- plus post-processing: ${fmt(both, 3)} ms median (target <= 3 ms: ${both <= 3 ? 'met' : 'NOT met'})`);
  }
  await session.release();
  modelMedians.set(threads, median(model));
  row('model alone (session.run)', threads, model);

  // The detector round trip, full frame and one motion region.
  const detector = await PersonDetector.create({ modelPath: sharedModelPath(), threads, logger: silentLogger() });
  let persons = 0;
  const trip = await time(RUNS, async () => {
    const out = await detector.detect('bench', frame.slice().buffer, width, height, [full], 0.5);
    persons = out.persons.length;
  });
  const c = detector.counters();
  row('detector round trip, full frame', threads, trip, `worker model median ${fmt(c.inferenceMsMedian ?? NaN)} ms, ${persons} person(s)`);
  const region = await time(RUNS, async () => {
    const out = await detector.detect('bench', frame.slice().buffer, width, height, motionRegions, 0.5);
    persons = out.persons.length;
  });
  row('detector round trip, 1 motion region', threads, region, `${persons} person(s)`);
  await detector.close();
}

printTable(rows);
const m1 = modelMedians.get(1)!;
const m2 = modelMedians.get(2)!;
console.log(`model: 2 threads are ${fmt(m1 / m2)}× as fast as 1 thread (medians ${fmt(m1)} / ${fmt(m2)} ms)`);
console.log(`at 2 threads one full-frame detection costs ${fmt(m2 / preMedian, 1)}× its pre-processing`);
