// One visitor = one event, with real parts: a clip of our own making (tests/fixtures/visitor-clip.ts: a person
// crossing an empty room three times, 5 s of still, empty room between visits) served over RTSP by the GStreamer
// fixture, the engine with the real model. Each visit is one person event with a path, ending at the person's last
// sighting and closed within a few seconds of their leaving; the empty stretches have no event at all (no motion
// event, no ghost); the detector runs on far fewer frames than are analysed. A counting line down the middle of the
// room is crossed both ways (the second visit of each lap walks back): the counts per minute say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
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

  it('makes one person event per visit, each ending within a few seconds of the person leaving, none in the gaps; a line crossed both ways is counted both ways', async () => {
    // A line from the top of the picture to the bottom, across every visitor's path.
    const door = { name: 'Middle', a: [0.5, 0.05] as [number, number], b: [0.5, 0.95] as [number, number] };
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Shop floor', mainUrl: camera.url, tracking: { lines: [door] } });
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
      const seen = v.to - v.from;
      const first = e.path[0];
      const last = e.path[e.path.length - 1];
      // What a failure needs to be understood, relative to the visit's first motion.
      const what =
        `visit ${i}: motion 0–${seen} ms; event ${e.startMs - v.from}–${e.endMs! - v.from} ms, closed at ${closedAt.get(e.id)! - v.from} ms; ` +
        `path of ${e.path.length} boxes, x ${first?.x ?? '-'} → ${last?.x ?? '-'}`;
      expect(seen, what).toBeLessThan((VISIT_S + 1.5) * 1000); // the motion of one crossing, no ghost after it
      expect(e.startMs, what).toBeGreaterThanOrEqual(v.from - 500);
      // It ends at the person's last sighting: within a few seconds of their leaving, never after it.
      expect(e.endMs!, what).toBeLessThanOrEqual(v.to + 500);
      expect(v.to - e.endMs!, what).toBeLessThan(2500);
      // And it is closed soon after (lost after 2 s unseen at most), not after a quiet gap of motion.
      expect(closedAt.get(e.id)! - v.to, what).toBeLessThan(4000);
      expect(e.trackId, what).not.toBeNull();
      expect(e.hasSnapshot, what).toBe(true);
      expect(e.topScore!, what).toBeGreaterThanOrEqual(0.5);
      // The camera joins the looped clip at some moment: its first visit may be seen in part (the motion of a whole
      // crossing lasts about VISIT_S), every later one whole. A whole crossing is followed across the room (left to
      // right, or back for a lap's second visit), a few boxes per second.
      if (seen < (VISIT_S - 0.7) * 1000) {
        expect(i, `only the first visit can be seen in part; ${what}`).toBe(0);
        return;
      }
      expect(e.endMs! - e.startMs, what).toBeGreaterThan(800);
      expect(e.path.length, what).toBeGreaterThanOrEqual(3);
      expect(Math.abs(last!.x - first!.x), what).toBeGreaterThan(150);
    });
    // The gaps between visits are empty: consecutive events are at least the 5 s gap (minus the edges) apart.
    for (let i = 1; i < closed.length; i++) {
      expect(closed[i]!.startMs - closed[i - 1]!.endMs!).toBeGreaterThan((VISIT_PERIOD_S - VISIT_S - 1) * 1000);
    }
    const stats = engine.cameras.pipeline(cam.id)!.stats;
    expect(stats.analysed).toBeGreaterThan(100);
    // Detection ran on the visits only, and even then on a fraction of the frames.
    expect(stats.detections / stats.analysed).toBeLessThan(0.6);

    // The counts per minute, as stored (the last minute is written when the camera stops): every visit crossed the
    // line once, in its own direction; with a line drawn, the visitors are the people who came in over it.
    const directions = closed.map((e) => (e.path[e.path.length - 1]!.x > e.path[0]!.x ? 'right' : 'left'));
    expect(new Set(directions).size).toBe(2);
    await engine.stop();
    const db = new Database(path.join(dataDir, 'nvr.sqlite'), { readonly: true, fileMustExist: true });
    const minutes = db.prepare('SELECT visitors, ins, outs FROM visitor_minutes WHERE camera_id = ?').all(cam.id) as Array<{ visitors: number; ins: number; outs: number }>;
    db.close();
    const sum = (k: 'visitors' | 'ins' | 'outs') => minutes.reduce((n, m) => n + m[k], 0);
    // One crossing per visit; a visit under way when the camera stopped may have crossed too.
    expect(sum('ins') + sum('outs')).toBeGreaterThanOrEqual(closed.length);
    expect(sum('ins') + sum('outs')).toBeLessThanOrEqual(closed.length + 1);
    const rightwards = directions.filter((d) => d === 'right').length;
    const leftwards = closed.length - rightwards;
    // Which way is 'in' follows the line's arrow (top → bottom here): each direction has at least its visits' crossings.
    const [fewer, more] = [sum('ins'), sum('outs')].sort((x, y) => x - y) as [number, number];
    expect(fewer).toBeGreaterThanOrEqual(Math.min(rightwards, leftwards));
    expect(more).toBeGreaterThanOrEqual(Math.max(rightwards, leftwards));
    expect(sum('visitors')).toBe(sum('ins'));
  }, 120_000);
});
