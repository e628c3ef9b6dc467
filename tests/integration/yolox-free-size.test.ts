// The real model with its picture size freed (onnx-free-size.ts, as yolox-session.ts loads it on the CPU): at the
// exported 416 × 416 it gives the very same output as the file as it is, and at other sizes it runs and still finds
// the photo's person. (A model whose size cannot be freed is loaded as it is, and runs at 416 × 416.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import ort from 'onnxruntime-node';
import { INPUT_NAME, OUTPUT_NAME, loadYoloxSession, type YoloxSession } from '../../native-workers/detection/yolox-session.ts';
import { canvasFor, decodeYolox, iou, letterboxI420, toSourceBox } from '../../native-workers/detection/yolox.ts';
import { declaredDims } from '../../native-workers/detection/onnx-free-size.ts';
import { rgbToI420 } from '../fixtures/i420.ts';
import { sharedMediaPath, sharedModelPath } from '../fixtures/shared-files.ts';
import type { Box } from '../../preload/contract.ts';

let frame: Uint8Array;
let width = 0;
let height = 0;
const person: Box = (() => {
  const [x, y, w, h] = (JSON.parse(readFileSync(sharedMediaPath('coco-000000000139.person.json'), 'utf8')) as { persons: number[][] }).persons[0]!;
  return { x: x!, y: y!, w: w!, h: h! };
})();

const sessions: ort.InferenceSession[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  const { data, info } = await sharp(sharedMediaPath('coco-000000000139.jpg')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  width = info.width;
  height = info.height;
  frame = rgbToI420(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height);
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.release()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(session: ort.InferenceSession, region: Box, canvas: { width: number; height: number; scale: number }): Promise<Float32Array> {
  const input = new Float32Array(3 * canvas.width * canvas.height);
  letterboxI420(frame, width, height, region, input, canvas);
  const out = await session.run({ [INPUT_NAME]: new ort.Tensor('float32', input, [1, 3, canvas.height, canvas.width]) });
  const data = (out[OUTPUT_NAME]!.data as Float32Array).slice();
  out[OUTPUT_NAME]!.dispose();
  return data;
}

describe('the model with its size freed', () => {
  let freed: YoloxSession;
  beforeAll(async () => {
    freed = await loadYoloxSession(sharedModelPath(), 1);
    sessions.push(freed.session);
  });

  it('is what the CPU loads, and the file on disk is unchanged', () => {
    expect(freed.freeSize).toBe(true);
    expect(declaredDims(new Uint8Array(readFileSync(sharedModelPath())))).toEqual({ images: [1, 3, 416, 416], output: [1, 3549, 85] });
  });

  it('gives the same output as the file as exported at 416 × 416', async () => {
    const exported = await ort.InferenceSession.create(sharedModelPath(), { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
    sessions.push(exported);
    const whole = { x: 0, y: 0, w: width, h: height };
    const square = { width: 416, height: 416, scale: Math.min(416 / width, 416 / height) };
    const a = await run(exported, whole, square);
    const b = await run(freed.session, whole, square);
    expect(b.length).toBe(a.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it('finds the person on canvases of other sizes: the whole photo on 416 × 288, a crop around them on less', async () => {
    const cases: Array<{ region: Box; scale?: number }> = [
      { region: { x: 0, y: 0, w: width, h: height } }, // 416 × 288
      // The photo around the person, shown smaller (on 128 × 192) and larger (on 224 × 288) than in the photo.
      { region: { x: person.x - 50, y: person.y - 40, w: person.w + 100, h: person.h + 80 }, scale: 0.8 },
      { region: { x: person.x - 50, y: person.y - 40, w: person.w + 100, h: person.h + 80 }, scale: 1.3 },
    ];
    for (const { region, scale } of cases) {
      const canvas = canvasFor(region.w, region.h, scale);
      const out = await run(freed.session, region, canvas);
      const found = decodeYolox(out, 0.5, 0, [], canvas).map((d) => toSourceBox(d, canvas.scale, region));
      expect(Math.max(0, ...found.map((b) => iou(b, person)))).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('still refuses a model with other names, saying why (freeing cannot be done, the file is tried as it is)', async () => {
    // The real model with its input renamed (same length, so the file stays valid): freeing finds no "images", the
    // file is loaded as exported and the input check says what is wrong.
    const bytes = new Uint8Array(readFileSync(sharedModelPath()));
    const text = Buffer.from(bytes);
    for (let at = text.indexOf('images'); at >= 0; at = text.indexOf('images', at + 1)) text.write('imagez', at);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-yolox-'));
    dirs.push(dir);
    const file = path.join(dir, 'renamed.onnx');
    writeFileSync(file, text);
    await expect(loadYoloxSession(file, 1)).rejects.toThrow(/not a YOLOX model/);
  });
});
