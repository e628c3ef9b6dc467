// One visitor = one event, with real parts: a clip of our own making (tests/fixtures/visitor-clip.ts: a person
// crossing an empty room three times, 5 s of still, empty room between visits) served over RTSP by the GStreamer
// fixture, the engine with the real model. Each visit is one person event with a path, ending at the person's last
// sighting and closed within a few seconds of their leaving; the empty stretches have no event at all (no motion
// event, no ghost); the detector runs on far fewer frames than are analysed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { invokeRequest, type EventView } from '../../preload/contract.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { sharedModelPath } from '../fixtures/shared-files.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { makeVisitorClip, VISIT_S, VISIT_PERIOD_S } from '../fixtures/visitor-clip.ts';

const quiet = [{ name: 'none', send: async () => undefined }];

describe('visitors with empty, still gaps between them', () => {
  let dataDir: string;
  let camera: RtspCamera;
  let engine: NvrEngine;
  const closedAt = new Map<string, number>();

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-visitors-'));
    const clip = makeVisitorClip(dataDir);
    camera = await startRtspCamera({ source: 'file:' + clip });
    engine = await NvrEngine.start({ dataDir, logger: silentLogger(), modelPath: sharedModelPath(), notificationSinks: quiet });
    engine.on('event.closed', (e) => closedAt.set(e.id, Date.now()));
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await camera?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes one person event per visit, each ending within a few seconds of the person leaving, none in the gaps', async () => {
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Shop floor', mainUrl: camera.url });
    // The visits as the motion detector saw them (the live overlay's pushes): a visit is a run of frames with motion
    // boxes; 3 s without any ends it (the gaps are 5 s of a still, empty room).
    const visits: Array<{ from: number; to: number }> = [];
    engine.on('motion', (m) => {
      if (m.cameraId !== cam.id || m.boxes.length === 0) return;
      const last = visits[visits.length - 1];
      if (last && m.time - last.to < 3000) last.to = m.time;
      else visits.push({ from: m.time, to: m.time });
    });
    const all = (): EventView[] => engine.events.list({ cameraIds: [cam.id], limit: 100 }).events.slice().reverse();
    await waitFor(() => all().filter((e) => e.endMs !== null).length >= 4, 80_000, 'four visits closed');
    const events = all();
    const closed = events.filter((e) => e.endMs !== null);
    // Every event is a person: no motion event for the crossing itself, none in the empty, still stretches.
    expect(events.map((e) => e.kind)).toEqual(events.map(() => 'person'));
    // One event per visit, and each lies inside its visit.
    const done = visits.filter((v) => v.to < closed[closed.length - 1]!.endMs! + 1000);
    expect(closed.length).toBe(done.length);
    closed.forEach((e, i) => {
      const v = done[i]!;
      expect(v.to - v.from).toBeLessThan((VISIT_S + 1.5) * 1000); // the motion of one crossing, no ghost after it
      expect(e.startMs).toBeGreaterThanOrEqual(v.from - 500);
      // It ends at the person's last sighting: within a few seconds of their leaving, never after it.
      expect(e.endMs!).toBeLessThanOrEqual(v.to + 500);
      expect(v.to - e.endMs!).toBeLessThan(2500);
      // And it is closed soon after (lost after 2 s unseen at most), not after a quiet gap of motion.
      expect(closedAt.get(e.id)! - v.to).toBeLessThan(4000);
      expect(e.endMs! - e.startMs).toBeGreaterThan(800);
      expect(e.trackId).not.toBeNull();
      expect(e.hasSnapshot).toBe(true);
      expect(e.topScore!).toBeGreaterThanOrEqual(0.5);
      // The path goes from left to right across the room, a few boxes per second.
      expect(e.path.length).toBeGreaterThanOrEqual(3);
      expect(e.path[e.path.length - 1]!.x - e.path[0]!.x).toBeGreaterThan(150);
    });
    // The gaps between visits are empty: consecutive events are at least the 5 s gap (minus the edges) apart.
    for (let i = 1; i < closed.length; i++) {
      expect(closed[i]!.startMs - closed[i - 1]!.endMs!).toBeGreaterThan((VISIT_PERIOD_S - VISIT_S - 1) * 1000);
    }
    const stats = engine.pipeline(cam.id)!.stats;
    expect(stats.analysed).toBeGreaterThan(100);
    // Detection ran on the visits only, and even then on a fraction of the frames.
    expect(stats.detections / stats.analysed).toBeLessThan(0.6);
  }, 120_000);
});
