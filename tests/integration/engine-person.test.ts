// Person detection in the running engine, with the real model: people walking across courtyard.mp4 make person
// events (box, score, a thumbnail framed on the person); the moving ball of GStreamer's test pattern makes motion
// events and never a person event; without a model, motion still flows and health says why detection is off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { NvrEngine } from '../../main/core/engine.ts';
import { invokeRequest } from '../../preload/contract.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { sharedModelPath } from '../fixtures/shared-files.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { rgbToI420 } from '../fixtures/i420.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

describe('person detection in the engine (real model)', () => {
  let dataDir: string;
  let courtyard: RtspCamera;
  let ball: RtspCamera;
  let engine: NvrEngine;

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-person-');
    [courtyard, ball] = await Promise.all([startRtspCamera({ source: 'file:' + courtyardPath() }), startRtspCamera({ source: 'pattern:ball' })]);
    engine = await startTestEngine({ dataDir, modelPath: sharedModelPath() });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await Promise.all([courtyard?.stop(), ball?.stop()]);
  });

  it('turns people walking into a person event with a box, a score and a thumbnail framed on the person', async () => {
    expect(engine.health.detection).toEqual({ enabled: true, reason: null, reasonMessage: null });
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Courtyard', mainUrl: courtyard.url });
    await waitFor(() => engine.events.list({ cameraIds: [cam.id], kinds: ['person'], limit: 5 }).events.some((e) => e.hasSnapshot && e.personBox), 45_000, 'a person event with its snapshot');
    const e = engine.events.list({ cameraIds: [cam.id], kinds: ['person'], limit: 5 }).events.find((x) => x.hasSnapshot && x.personBox)!;
    expect(e.topScore!).toBeGreaterThanOrEqual(0.5);
    const b = e.personBox!;
    expect(b.w).toBeGreaterThan(4);
    expect(b.h).toBeGreaterThan(b.w * 0.8); // people stand taller than they are wide
    expect(b.x + b.w).toBeLessThanOrEqual(e.frameWidth + 1);
    expect(b.y + b.h).toBeLessThanOrEqual(e.frameHeight + 1);
    // Turning the camera off stops its pipeline, which waits for the snapshots it queued (the person frame's included).
    await invokeRequest(engine.api, 'cameras.disable', { id: cam.id });
    const thumb = await engine.media.snapshotFile(e.id, 'thumb');
    const { data, info } = await sharp(thumb!).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(320);
    // The thumbnail shows a person: the same model finds one in it, and bigger than in the full frame (it is framed
    // on the person).
    const i420 = rgbToI420(new Uint8Array(data), info.width, info.height);
    const found = await engine.testSeams.detector!.detect('thumbnail-check', i420.buffer as ArrayBuffer, info.width, info.height, [{ x: 0, y: 0, w: info.width, h: info.height }], 0.4);
    expect(found.persons.length).toBeGreaterThan(0);
    const best = found.persons.reduce((a, p) => (p.box.w * p.box.h > a.box.w * a.box.h ? p : a));
    const shareInThumb = (best.box.w * best.box.h) / (info.width * info.height);
    const shareInFrame = (b.w * b.h) / (e.frameWidth * e.frameHeight);
    expect(shareInThumb).toBeGreaterThan(shareInFrame);
    const counters = (await engine.api['health.get']({})).system.detection;
    expect(counters.inferences).toBeGreaterThan(0);
    expect(counters.inferenceMsMedian).not.toBeNull();
  }, 90_000);

  it('gives motion events and no person event for the moving ball', async () => {
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Ball', mainUrl: ball.url });
    await waitFor(() => engine.events.list({ cameraIds: [cam.id], limit: 5 }).events.length > 0, 30_000, 'a motion event');
    const inferences = async () => (await engine.api['health.get']({})).system.detection.inferences;
    const before = await inferences();
    await waitFor(async () => (await inferences()) >= before + 15, 40_000, 'inferences on the ball', 500);
    const events = engine.events.list({ cameraIds: [cam.id], limit: 50 }).events;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.kind === 'motion')).toBe(true);
  }, 90_000);

  it('without a model keeps detecting motion and says why person detection is off', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-nomodel-'));
    const bare = await startTestEngine({ dataDir: dir, modelPath: '/nonexistent/yolox.onnx' });
    try {
      const health = await invokeRequest(bare.api, 'health.get', {});
      expect(health.system.detection.enabled).toBe(false);
      expect(health.system.detection.reason).toMatch(/Person detection is off.*Motion detection still works/);
      const cam = await invokeRequest(bare.api, 'cameras.add', { name: 'Ball', mainUrl: ball.url });
      await waitFor(() => bare.events.list({ cameraIds: [cam.id], limit: 5 }).events.length > 0, 30_000, 'a motion event without a model');
    } finally {
      await bare.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
