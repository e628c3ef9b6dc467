// Settings that need no new ffmpeg are applied to the running camera (camera-change-plan.ts): with a motion event
// open on a real RTSP camera (GStreamer's moving ball), changing motion, notification, zone, tracking and name settings
// keeps the same ffmpeg process and the same event (one event, not two); the new motion settings do reach the motion
// worker; with the real model, a person event open while zones, the score and the tracking timings change goes on.
// Changing the address still restarts the camera. And an address pasted with a raw password inside
// (`rtsp://user:p@ss:w/rd#…@host/…`) is read as the owner meant it: the camera signs in and streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NvrEngine } from '../../main/core/engine.ts';
import { invokeRequest } from '../../preload/contract.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { sharedModelPath } from '../fixtures/shared-files.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

const USER = 'admin';
const PASSWORD = 'p@ss:w/rd#1';
const triangle: [number, number][] = [[0.1, 0.1], [0.6, 0.1], [0.3, 0.6]];
const wholeFrame: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1]];

describe('camera settings applied without a restart', () => {
  let ball: RtspCamera;
  let other: RtspCamera;
  let locked: RtspCamera;
  let engine: NvrEngine;

  beforeAll(async () => {
    [ball, other, locked] = await Promise.all([
      startRtspCamera({ source: 'pattern:ball' }),
      startRtspCamera({ source: 'pattern:ball' }),
      startRtspCamera({ source: 'pattern:ball', user: USER, password: PASSWORD }),
    ]);
    engine = await startTestEngine({ dataDir: tempDataDir('nvr-hot-apply-') });
  });

  afterAll(async () => {
    await engine?.stop();
    await Promise.all([ball?.stop(), other?.stop(), locked?.stop()]);
  });

  it('keeps the ffmpeg process and the open motion event through motion, notification, zone and name changes', async () => {
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Shop floor', mainUrl: ball.url, events: { quietGapSeconds: 4 } });
    await waitFor(() => engine.cameras.pipeline(cam.id)?.openEventId != null, 20_000, 'a motion event open');
    const pipeline = engine.cameras.pipeline(cam.id)!;
    const pid = pipeline.ffmpegPid;
    const eventId = pipeline.openEventId;
    expect(pid).not.toBeNull();

    const patches = [
      { motion: { threshold: 30, minAreaRatio: 0.001 } },
      { notifications: { onlyPeople: true, cooldownSeconds: 120, schedule: { mode: 'windows' as const, windows: [{ days: [0, 6], start: '00:00', end: '24:00' }] } } },
      { detection: { zones: [triangle], scoreThreshold: 0.6 } },
      { tracking: { lines: [{ name: 'Door', a: [0.1, 0.5] as [number, number], b: [0.9, 0.5] as [number, number] }] } },
      { events: { quietGapSeconds: 5, retainDays: 10 } },
      { recording: { preRollSeconds: 8 } },
      { name: 'Shop floor (till)' },
    ];
    for (const patch of patches) {
      const view = await invokeRequest(engine.api, 'cameras.update', { id: cam.id, patch });
      expect(view.status.state, JSON.stringify(patch)).toBe('streaming');
      expect(engine.cameras.pipeline(cam.id), JSON.stringify(patch)).toBe(pipeline);
    }
    const framesThen = engine.cameras.status(cam.id)!.frames;
    await waitFor(() => engine.cameras.status(cam.id)!.frames > framesThen + 10, 10_000, 'frames after the changes');
    expect(pipeline.ffmpegPid).toBe(pid);
    expect(pipeline.openEventId).toBe(eventId);
    expect(pipeline.cameraName).toBe('Shop floor (till)');
    expect(engine.cameras.status(cam.id)!.reconnects).toBe(0);
    const saved = engine.cameras.get(cam.id);
    expect(saved.motion.threshold).toBe(30);
    expect(saved.detection.zones).toEqual([triangle]);
    expect(saved.events.quietGapSeconds).toBe(5);

    // The motion worker has the new settings: a mask over the whole picture leaves no motion, and the event (still the
    // one opened before every change) closes after the quiet gap.
    await invokeRequest(engine.api, 'cameras.update', { id: cam.id, patch: { motion: { masks: [wholeFrame] } } });
    await waitFor(() => pipeline.lastMotion !== null && pipeline.lastMotion.boxes.length === 0 && pipeline.lastMotion.ratio === 0, 10_000, 'no motion under the mask');
    await waitFor(() => pipeline.openEventId === null, 15_000, 'the event closed after the quiet gap');
    const { events } = engine.events.list({ cameraIds: [cam.id], limit: 10 });
    expect(events.map((e) => e.id)).toEqual([eventId]);
    expect(events[0]!.endMs).toBeGreaterThan(events[0]!.startMs);
    expect(pipeline.ffmpegPid).toBe(pid);
  }, 60_000);

  it('restarts the camera when its address changes', async () => {
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Back door', mainUrl: ball.url });
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming' && engine.cameras.pipeline(cam.id)?.ffmpegPid != null, 15_000, 'streaming');
    const before = engine.cameras.pipeline(cam.id)!;
    const pid = before.ffmpegPid;
    await invokeRequest(engine.api, 'cameras.update', { id: cam.id, patch: { mainUrl: other.url, motion: { threshold: 35 } } });
    const after = engine.cameras.pipeline(cam.id)!;
    expect(after).not.toBe(before);
    await waitFor(() => after.ffmpegPid != null && engine.cameras.status(cam.id)?.state === 'streaming', 15_000, 'streaming from the new address');
    expect(after.ffmpegPid).not.toBe(pid);
    await invokeRequest(engine.api, 'cameras.remove', { id: cam.id });
  }, 40_000);

  it('reads a pasted address with a raw password inside as the owner meant it, and signs in with it', async () => {
    const port = new URL(locked.url).port;
    const pasted = `rtsp://${USER}:${PASSWORD}@127.0.0.1:${port}/stream`;
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Stock room', mainUrl: pasted });
    expect(cam.mainUrl).toBe(locked.url);
    expect(cam.username).toBe(USER);
    expect(cam.hasPassword).toBe(true);
    expect(JSON.stringify(cam)).not.toContain('ss:w');
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 15_000, 'the camera signed in and streaming');
    await invokeRequest(engine.api, 'cameras.remove', { id: cam.id });
  }, 30_000);
});

describe('camera settings applied without a restart, with person detection (real model)', () => {
  let courtyard: RtspCamera;
  let engine: NvrEngine;

  beforeAll(async () => {
    courtyard = await startRtspCamera({ source: 'file:' + courtyardPath() });
    engine = await startTestEngine({ dataDir: tempDataDir('nvr-hot-apply-person-'), modelPath: sharedModelPath() });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await courtyard?.stop();
  });

  it('keeps a person event open through detection, tracking and notification changes, with the same ffmpeg', async () => {
    expect(engine.health.detection).toEqual({ enabled: true, reason: null, reasonMessage: null });
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Courtyard', mainUrl: courtyard.url });
    const openPerson = () => engine.events.list({ cameraIds: [cam.id], kinds: ['person'], limit: 20 }).events.find((e) => e.endMs === null);
    await waitFor(() => openPerson() !== undefined, 45_000, 'a person event open');
    const person = openPerson()!;
    const pipeline = engine.cameras.pipeline(cam.id)!;
    const pid = pipeline.ffmpegPid;
    const tracks = pipeline.tracks;
    expect(tracks).toBeGreaterThan(0);
    for (const patch of [
      { detection: { scoreThreshold: 0.45, minPersonAreaRatio: 0.0008 } },
      { tracking: { lostSeconds: 3, stationarySeconds: 12, fullFrameSeconds: 20 } },
      { notifications: { onlyPeople: true } },
      { motion: { threshold: 28 } },
    ]) {
      await invokeRequest(engine.api, 'cameras.update', { id: cam.id, patch });
    }
    // A restart would have closed every open event (reason "stopped") before cameras.update answered.
    const now = engine.events.list({ cameraIds: [cam.id], kinds: ['person'], limit: 20 }).events.find((e) => e.id === person.id)!;
    expect(now.endMs).toBeNull();
    expect(engine.cameras.pipeline(cam.id)).toBe(pipeline);
    expect(pipeline.ffmpegPid).toBe(pid);
    expect(pipeline.tracks).toBeGreaterThan(0);
    // Detection goes on with the new settings: the frames keep being analysed and looked at.
    const passes = pipeline.stats.detections;
    await waitFor(() => pipeline.stats.detections > passes + 3, 15_000, 'more detector passes after the changes');
    expect(engine.cameras.get(cam.id).detection.scoreThreshold).toBe(0.45);
  }, 90_000);
});
