// PersonDetector against the real model (../shared/models/yolox_nano.onnx) in the real bundled worker thread, on a
// COCO photo with two annotated persons; plus the queue (newest wins), failures, crash/hang restarts (with small worker
// scripts written to a temporary folder) and model location.
import { rgbToI420 } from '../fixtures/i420.ts';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { PersonDetector, DetectionError } from '../../main/core/detection/person-detector.ts';
import { locateModel } from '../../main/core/detection/model-locate.ts';
import { planRegions, type RegionAskKind } from '../../main/core/detection/detection-regions.ts';
import { trackingConfigs } from '../../main/core/tracking/tracking-settings.ts';
import { trackingSettingsSchema } from '../../preload/settings-schema.ts';
import { projectRoot } from '../../main/core/util/worker-path.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { iou } from '../../native-workers/detection/yolox.ts';
import { i420Size } from '../../native-workers/detection/detection-types.ts';
import { sharedMediaPath, sharedModelPath } from '../fixtures/shared-files.ts';
import type { Box } from '../../preload/contract.ts';

interface Annotation {
  width: number;
  height: number;
  persons: [number, number, number, number][];
}

const annotation = JSON.parse(readFileSync(sharedMediaPath('coco-000000000139.person.json'), 'utf8')) as Annotation;
const truth: Box[] = annotation.persons.map(([x, y, w, h]) => ({ x, y, w, h }));
const bigPerson = truth[0]!;
const smallPerson = truth[1]!;


let i420: Uint8Array;
let width = 0;
let height = 0;
/** A fresh copy of the photo's I420 frame (each request transfers its buffer away). */
const frameCopy = (): ArrayBuffer => i420.slice().buffer;

const bestMatch = (persons: { box: Box }[], target: Box): number => Math.max(0, ...persons.map((p) => iou(p.box, target)));

const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-detection-'));
  tmpDirs.push(dir);
  return dir;
}

/**
 * `node scripts/build.mjs` (the worker runs from its bundle). The build bundles every entry at once; when an entry
 * that is not ours fails (another part of the tree being mid-change) but the detection worker bundle was written by
 * this very build, the test goes on and says so.
 */
function buildWorker(): void {
  const startedAt = Date.now();
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: projectRoot(), encoding: 'utf8' });
  if (build.status === 0) return;
  const bundle = path.join(projectRoot(), 'out', 'workers', 'detection-worker.js');
  const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= startedAt - 1000;
  if (!fresh) throw new Error(`node scripts/build.mjs failed and did not write ${bundle}: ${build.stderr}`);
  console.warn(`node scripts/build.mjs failed on other entries; the detection worker bundle was built:\n${build.stderr.slice(0, 2000)}`);
}

beforeAll(async () => {
  buildWorker();
  const { data, info } = await sharp(sharedMediaPath('coco-000000000139.jpg')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  width = info.width;
  height = info.height;
  i420 = rgbToI420(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height);
});

afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

describe('PersonDetector with the real model', () => {
  let detector: PersonDetector;
  beforeAll(async () => {
    // One worker: the queueing rules below are easiest to see with one inference at a time.
    detector = await PersonDetector.create({ modelPath: sharedModelPath(), threads: 0, workers: 1, logger: silentLogger() });
  });
  afterAll(async () => {
    await detector?.close();
  });

  it('finds the large person at threshold 0.5 and gives the frame back', async () => {
    expect([width, height]).toEqual([annotation.width, annotation.height]);
    const frame = frameCopy();
    const out = await detector.detect('cam-a', frame, width, height, [{ x: 0, y: 0, w: width, h: height }], 0.5);
    expect(frame.byteLength).toBe(0); // transferred to the worker...
    expect(out.frame.byteLength).toBe(i420Size(width, height)); // ...and back
    expect(new Uint8Array(out.frame)).toEqual(i420);
    expect(out.persons.length).toBeGreaterThanOrEqual(1);
    expect(bestMatch(out.persons, bigPerson)).toBeGreaterThanOrEqual(0.5);
    for (const p of out.persons) expect(p.score).toBeGreaterThanOrEqual(0.5);
  });

  it('finds both persons at threshold 0.3', async () => {
    const out = await detector.detect('cam-a', frameCopy(), width, height, [{ x: 0, y: 0, w: width, h: height }], 0.3);
    expect(bestMatch(out.persons, bigPerson)).toBeGreaterThanOrEqual(0.5);
    expect(bestMatch(out.persons, smallPerson)).toBeGreaterThanOrEqual(0.5);
    // Best first, in frame pixels.
    const scores = out.persons.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('finds the large person in a motion region offset inside the frame (boxes come back in frame pixels)', async () => {
    const { regions } = planRegions([{ box: bigPerson, kind: 'motion' }], width, height, { fullFrame: false, minModelPx: 40 });
    expect(regions).toHaveLength(1);
    expect(regions[0]!.x).toBeGreaterThan(0);
    const out = await detector.detect('cam-a', frameCopy(), width, height, regions, 0.5);
    expect(bestMatch(out.persons, bigPerson)).toBeGreaterThanOrEqual(0.5);
  });

  it('runs the model at the size of what it looks at: a person on a crop of their own, at a fraction of the cost', async () => {
    // The CPU session has its picture size freed (yolox-session.ts): each region gets a canvas just big enough.
    expect(detector.counters().freeSize).toBe(true);
    const whole = await detector.detect('cam-a', frameCopy(), width, height, [{ x: 0, y: 0, w: width, h: height }], 0.5);
    // 640 × 427 letterboxed at 0.65 is 416 × 278, run on 416 × 288 (not 416 × 416).
    expect(whole.pixels).toBe(416 * 288);
    const crop = async (box: Box, kind: RegionAskKind, threshold: number) => {
      const { regions } = planRegions([{ box, kind }], width, height, { fullFrame: false, minModelPx: 40 });
      const out = await detector.detect('cam-a', frameCopy(), width, height, regions, threshold);
      expect(out.pixels).toBe(regions[0]!.cost);
      return out;
    };
    // Something new must reach the camera's threshold to start a track: a motion box or a tentative track, shown 1.3×.
    for (const kind of ['motion', 'tentative'] as const) {
      const out = await crop(bigPerson, kind, 0.5);
      expect(out.pixels).toBeLessThan(whole.pixels / 2);
      expect(bestMatch(out.persons, bigPerson)).toBeGreaterThanOrEqual(0.5);
    }
    // A followed person is checked at their own size, cheaper still, and found again above the tracker's low threshold
    // (weak boxes continue a confirmed track).
    const lowScore = trackingConfigs(trackingSettingsSchema.parse({}), 0.5).tracker.lowScore!;
    const followed = await crop(bigPerson, 'followed', lowScore);
    expect(followed.pixels).toBeLessThan(whole.pixels / 6);
    expect(bestMatch(followed.persons, bigPerson)).toBeGreaterThanOrEqual(0.5);
    // The small person too (36 px tall), on a crop around the motion they make.
    const small = await crop(smallPerson, 'motion', 0.5);
    expect(small.pixels).toBeLessThan(whole.pixels / 6);
    expect(bestMatch(small.persons, smallPerson)).toBeGreaterThanOrEqual(0.5);
  });

  it('lets the newest frame of a camera win while it waits, and counts', async () => {
    const before = detector.counters();
    const a = detector.detect('cam-a', frameCopy(), width, height, [], 0.5);
    const b1 = detector.detect('cam-b', frameCopy(), width, height, [], 0.5);
    expect(detector.counters().queueDepth).toBe(1); // cam-a is running, cam-b waits
    const b2 = detector.detect('cam-b', frameCopy(), width, height, [], 0.5);
    expect(detector.counters().queueDepth).toBe(1); // still one per camera

    const skipped = await b1.then(
      () => null,
      (err: unknown) => err,
    );
    expect(skipped).toBeInstanceOf(DetectionError);
    expect((skipped as DetectionError).skipped).toBe(true);
    expect((skipped as DetectionError).frame?.byteLength).toBe(i420Size(width, height));

    const [ra, rb] = await Promise.all([a, b2]);
    expect(bestMatch(ra.persons, bigPerson)).toBeGreaterThanOrEqual(0.5);
    expect(bestMatch(rb.persons, bigPerson)).toBeGreaterThanOrEqual(0.5);

    const after = detector.counters();
    expect(after.inferences).toBe(before.inferences + 2);
    expect(after.skippedFrames).toBe(before.skippedFrames + 1);
    expect(after.queueDepth).toBe(0);
    expect(after.inferenceMsMedian).toBeGreaterThan(0);
  });

  it('rejects a frame of the wrong size with the frame attached, without skipping', async () => {
    const small = new ArrayBuffer(100);
    const err = await detector.detect('cam-a', small, width, height, [], 0.5).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DetectionError);
    expect((err as DetectionError).skipped).toBe(false);
    expect((err as DetectionError).frame).toBe(small);
    expect((err as DetectionError).message).toMatch(/needs 408960/);
  });
});

describe('PersonDetector set-up and failures', () => {
  it('rejects with a plain sentence when the model file is missing or is not a model', async () => {
    const dir = tmpDir();
    await expect(PersonDetector.create({ modelPath: path.join(dir, 'none.onnx'), threads: 1, logger: silentLogger() })).rejects.toThrow(
      /does not exist.*motion detection still works/,
    );
    const bad = path.join(dir, 'bad.onnx');
    writeFileSync(bad, 'this is not an ONNX model');
    await expect(PersonDetector.create({ modelPath: bad, threads: 1, logger: silentLogger() })).rejects.toThrow(
      /could not be loaded \(.+\)\. Replace it with a good copy of yolox_nano\.onnx/,
    );
  });

  it('with two workers runs two cameras side by side, never two frames of one camera, and survives one worker dying', async () => {
    const dir = tmpDir();
    // A stand-in worker that takes 150 ms per frame, and dies on a 13-px-wide frame.
    const script = path.join(dir, 'slow-worker.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (req) => {
  if (req.width === 13) { setTimeout(() => process.exit(9), 20); return; }
  setTimeout(() => parentPort.postMessage({ type: 'result', id: req.id, persons: [], frame: req.frame, inferenceMs: 150, totalMs: 150 }, [req.frame]), 150);
});
parentPort.postMessage({ type: 'ready', inputName: 'images', outputName: 'output' });
`,
    );
    const detector = await PersonDetector.create({ modelPath: sharedModelPath(), threads: 1, workers: 2, logger: silentLogger(), workerPath: script });
    try {
      expect(detector.workers).toBe(2);
      const frame = () => new ArrayBuffer(i420Size(16, 16));
      const a = detector.detect('cam-a', frame(), 16, 16, [], 0.5);
      const b = detector.detect('cam-b', frame(), 16, 16, [], 0.5);
      expect(detector.counters().queueDepth).toBe(0); // both running at once
      const a2 = detector.detect('cam-a', frame(), 16, 16, [], 0.5);
      expect(detector.counters().queueDepth).toBe(1); // cam-a's next frame waits for cam-a's first: one in flight per camera
      await Promise.all([a, b, a2]);
      expect(detector.counters().inferences).toBe(3);

      // One worker dies: its request fails, the other worker goes on serving, the dead one comes back.
      const doomed = detector.detect('cam-a', new ArrayBuffer(i420Size(13, 13)), 13, 13, [], 0.5).then(
        () => null,
        (e: unknown) => e as DetectionError,
      );
      const meanwhile = detector.detect('cam-b', frame(), 16, 16, [], 0.5);
      expect((await doomed)?.message).toMatch(/interrupted.*exit code 9/);
      expect((await meanwhile).persons).toEqual([]);
      await waitUntil(() => detector.restarts === 1, 5000);
      await Promise.all([detector.detect('cam-a', frame(), 16, 16, [], 0.5), detector.detect('cam-b', frame(), 16, 16, [], 0.5)]);
    } finally {
      await detector.close();
    }
  });

  it('restarts a crashed worker, rejecting what was pending, and carries on', async () => {
    const dir = tmpDir();
    // A stand-in worker speaking the protocol: answers at once, crashes the thread on a 13-px-wide frame.
    const script = path.join(dir, 'crashing-worker.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (req) => {
  if (req.width === 13) setTimeout(() => process.exit(7), 20);
  else parentPort.postMessage({ type: 'result', id: req.id, persons: [], frame: req.frame, inferenceMs: 1, totalMs: 1 }, [req.frame]);
});
parentPort.postMessage({ type: 'ready', inputName: 'images', outputName: 'output' });
`,
    );
    const detector = await PersonDetector.create({ modelPath: sharedModelPath(), threads: 1, workers: 1, logger: silentLogger(), workerPath: script });
    try {
      const ok = await detector.detect('cam-a', new ArrayBuffer(i420Size(16, 16)), 16, 16, [], 0.5);
      expect(ok.persons).toEqual([]);

      const crash = detector.detect('cam-a', new ArrayBuffer(i420Size(13, 13)), 13, 13, [], 0.5).then(
        () => null,
        (e: unknown) => e as DetectionError,
      );
      const queuedFrame = new ArrayBuffer(i420Size(16, 16));
      const queued = detector.detect('cam-b', queuedFrame, 16, 16, [], 0.5).then(
        () => null,
        (e: unknown) => e as DetectionError,
      );
      const crashErr = await crash;
      expect(crashErr?.message).toMatch(/interrupted.*exit code 7/);
      expect(crashErr?.skipped).toBe(false);
      expect(crashErr?.frame).toBeUndefined(); // it was in the dead worker
      const queuedErr = await queued;
      expect(queuedErr?.frame).toBe(queuedFrame); // still ours: given back

      // While restarting, requests are refused with their frame.
      const during = new ArrayBuffer(i420Size(16, 16));
      const duringErr = await detector.detect('cam-a', during, 16, 16, [], 0.5).then(
        () => null,
        (e: unknown) => e as DetectionError,
      );
      expect(duringErr?.message).toMatch(/restarting/);
      expect(duringErr?.frame).toBe(during);

      await waitUntil(() => detector.restarts === 1, 5000);
      const again = await retryDetect(detector);
      expect(again.frame.byteLength).toBe(i420Size(16, 16));
      expect(detector.counters().inferences).toBe(2);
    } finally {
      await detector.close();
    }
    const closedFrame = new ArrayBuffer(8);
    const closedErr = await detector.detect('cam-a', closedFrame, 2, 2, [], 0.5).then(
      () => null,
      (e: unknown) => e as DetectionError,
    );
    expect(closedErr?.message).toMatch(/stopped/);
    expect(closedErr?.frame).toBe(closedFrame);
  });

  it('restarts a worker that stops answering', async () => {
    const dir = tmpDir();
    const script = path.join(dir, 'hanging-worker.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (req) => {
  if (req.width === 14) return; // never answers
  parentPort.postMessage({ type: 'result', id: req.id, persons: [], frame: req.frame, inferenceMs: 2, totalMs: 2 }, [req.frame]);
});
parentPort.postMessage({ type: 'ready', inputName: 'images', outputName: 'output' });
`,
    );
    const detector = await PersonDetector.create({
      modelPath: sharedModelPath(),
      threads: 1,
      workers: 1,
      logger: silentLogger(),
      workerPath: script,
      requestTimeoutMs: 300,
    });
    try {
      const started = Date.now();
      const err = await detector.detect('cam-a', new ArrayBuffer(i420Size(14, 14)), 14, 14, [], 0.5).then(
        () => null,
        (e: unknown) => e as DetectionError,
      );
      expect(err?.message).toMatch(/did not answer/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      await waitUntil(() => detector.restarts === 1, 5000);
      const again = await retryDetect(detector);
      expect(again.persons).toEqual([]);
    } finally {
      await detector.close();
    }
  });
});

describe('locateModel', () => {
  it('uses the path set in Settings, then NVR_MODEL_PATH, and says plainly when there is none', () => {
    const dir = tmpDir();
    const model = path.join(dir, 'yolox_nano.onnx');
    writeFileSync(model, 'x');
    expect(locateModel({ settingsPath: model, env: {} })).toEqual({ path: model, source: 'settings', shipped: false, reason: null });
    expect(locateModel({ settingsPath: null, env: { NVR_MODEL_PATH: model } })).toEqual({ path: model, source: 'NVR_MODEL_PATH', shipped: false, reason: null });

    const missing = locateModel({ settingsPath: path.join(dir, 'nope.onnx'), env: { NVR_MODEL_PATH: model } });
    expect(missing.path).toBeNull();
    expect(missing.reason).toBe(
      `Person detection is off: no model file was found (looked in ${path.join(dir, 'nope.onnx')}, the file set in Settings). Motion detection still works.`,
    );

    // Packaged app: process.resourcesPath/models comes before the project's resources/models.
    const resources = path.join(dir, 'resources');
    mkdirSync(path.join(resources, 'models'), { recursive: true });
    const packaged = path.join(resources, 'models', 'yolox_nano.onnx');
    writeFileSync(packaged, 'x');
    expect(locateModel({ settingsPath: null, env: {}, resourcesPath: resources })).toEqual({ path: packaged, source: 'packaged app resources', shipped: true, reason: null });

    const projectCopy = path.join(projectRoot(), 'resources', 'models', 'yolox_nano.onnx');
    const none = locateModel({ settingsPath: null, env: {}, resourcesPath: path.join(dir, 'empty') });
    if (none.path) {
      // scripts/fetch-model.mjs has put the model into the project: it is found there.
      expect(none).toEqual({ path: projectCopy, source: 'project resources', shipped: true, reason: null });
    } else {
      expect(none.reason).toMatch(/^Person detection is off: no model file was found \(looked in .+\)\. Motion detection still works\.$/);
      expect(none.reason).toContain(projectCopy);
    }
  });
});

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A detect right after a restart may land before the new worker is ready: it is queued, then answered. */
async function retryDetect(detector: PersonDetector): Promise<{ persons: { box: Box; score: number }[]; frame: ArrayBuffer }> {
  return detector.detect('cam-a', new ArrayBuffer(i420Size(16, 16)), 16, 16, [], 0.5);
}
