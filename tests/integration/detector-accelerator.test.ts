// The accelerator choice with the real model in the real worker: this machine's onnxruntime-node build runs on the
// CPU only, so what can be tested here is the fallback. An accelerator the build lacks (DirectML, CoreML, CUDA's
// separate download) is asked for: the model runs on the CPU all the same, finds the person, and the detector's
// health says which provider runs and why it is not the one asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { PersonDetector } from '../../main/core/detection/person-detector.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { bundledProviders, platformAccelerator } from '../../native-workers/detection/yolox-session.ts';
import { rgbToI420 } from '../fixtures/i420.ts';
import { sharedMediaPath, sharedModelPath } from '../fixtures/shared-files.ts';

let frame: Uint8Array;
let width = 0;
let height = 0;
const truth = (JSON.parse(readFileSync(sharedMediaPath('coco-000000000139.person.json'), 'utf8')) as { persons: number[][] }).persons;

beforeAll(async () => {
  const { data, info } = await sharp(sharedMediaPath('coco-000000000139.jpg')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  width = info.width;
  height = info.height;
  frame = rgbToI420(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height);
});

describe('the detector’s accelerator', () => {
  const detectors: PersonDetector[] = [];
  afterAll(async () => {
    await Promise.all(detectors.map((d) => d.close()));
  });

  it('names the platform’s accelerator: DirectML on Windows, CoreML on macOS, none (CPU) on Linux', () => {
    expect(platformAccelerator('win32')).toBe('dml');
    expect(platformAccelerator('darwin')).toBe('coreml');
    expect(platformAccelerator('linux')).toBeNull();
    expect(bundledProviders()).toContain('cpu');
  });

  for (const asked of ['dml', 'coreml', 'cuda']) {
    it(`asked for '${asked}', which this build lacks: runs on the CPU and says so`, async () => {
      expect(bundledProviders()).not.toContain(asked);
      const detector = await PersonDetector.create({ modelPath: sharedModelPath(), threads: 1, workers: 1, logger: silentLogger(), accelerator: asked });
      detectors.push(detector);
      const acc = detector.counters().accelerator;
      expect(acc).toEqual({ requested: asked, running: 'cpu', note: expect.stringMatching(new RegExp(`no '${asked}' accelerator: person detection runs on the CPU`)) });
      const out = await detector.detect('cam', frame.slice().buffer, width, height, [{ x: 0, y: 0, w: width, h: height }], 0.5);
      const [x, y] = truth[0]!;
      expect(out.persons.some((p) => Math.abs(p.box.x - x!) < 15 && Math.abs(p.box.y - y!) < 15)).toBe(true);
    }, 60_000);
  }

  it('by default (auto) on this Linux machine runs on the CPU, with nothing to explain', async () => {
    const detector = await PersonDetector.create({ modelPath: sharedModelPath(), threads: 1, workers: 1, logger: silentLogger() });
    detectors.push(detector);
    expect(detector.counters().accelerator).toEqual({ requested: 'cpu', running: 'cpu', note: null });
  }, 60_000);
});
