// A camera that sees nothing move for 60 s must produce zero events (and, with person detection on, zero inferences:
// the gate works). Real GStreamer test pattern, real ffmpeg, real workers, the real model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NvrEngine } from '../../main/core/engine.ts';
import { invokeRequest } from '../../preload/contract.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { sharedModelPath } from '../fixtures/shared-files.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

describe('a static scene for 60 s', () => {
  let dataDir: string;
  let camera: RtspCamera;
  let engine: NvrEngine;

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-static-');
    camera = await startRtspCamera({ source: 'pattern:static' });
    engine = await startTestEngine({
      dataDir,
      modelPath: sharedModelPath(),
    });
  });

  afterAll(async () => {
    await engine?.stop();
    await camera?.stop();
  });

  it('gives zero events and runs no inference', async () => {
    expect(engine.health.detection.enabled).toBe(true);
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Static', mainUrl: camera.url });
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 10_000, 'streaming');
    await new Promise((r) => setTimeout(r, 60_000));
    const pipeline = engine.cameras.pipeline(cam.id)!;
    // 5 fps for 60 s: well over 200 frames were analysed, none of them gave an event.
    expect(pipeline.stats.analysed).toBeGreaterThan(200);
    expect(engine.events.list({ cameraIds: [cam.id], limit: 10 }).events).toEqual([]);
    expect(pipeline.stats.motionFrames).toBe(0);
    expect((await engine.api['health.get']({})).system.detection.inferences).toBe(0);
  }, 90_000);
});
