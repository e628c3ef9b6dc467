// The multi-object tracker on synthetic box sequences at 5 fps (200 ms per analysed frame), frame pixels of a
// 1280 × 720 picture. People are 40 × 100 px boxes unless said otherwise.
import { describe, expect, it } from 'vitest';
import { ObjectTracker, type Detection, type TrackerReport } from '../../../../main/core/tracking/object-tracker.ts';
import type { TrackView } from '../../../../main/core/tracking/track.ts';

const FRAME = 200;
const W = 1280;
const H = 720;

function person(x: number, y: number, score = 0.85, w = 40, h = 100): Detection {
  return { box: { x, y, w, h }, score };
}

/** Deterministic jitter in [-amp, amp]. */
function jitter(i: number, k: number, amp: number): number {
  const s = Math.sin(i * 12.9898 + k * 78.233) * 43758.5453;
  return Math.round((s - Math.floor(s)) * 2 * amp - amp);
}

interface Log {
  confirmed: number[];
  lost: number[];
  discarded: number[];
  stationary: number[];
  moving: number[];
}

function logOf(): Log {
  return { confirmed: [], lost: [], discarded: [], stationary: [], moving: [] };
}

function record(log: Log, r: TrackerReport): void {
  log.confirmed.push(...r.confirmed.map((t) => t.id));
  log.lost.push(...r.lost.map((t) => t.id));
  log.discarded.push(...r.discarded.map((t) => t.id));
  log.stationary.push(...r.stationary.map((t) => t.id));
  log.moving.push(...r.moving.map((t) => t.id));
}

/** The id of the live track nearest to a box centre. */
function idNear(tracks: readonly TrackView[], x: number, y: number): number | undefined {
  let best: TrackView | undefined;
  let bestD = Infinity;
  for (const t of tracks) {
    const d = Math.hypot(t.box.x + t.box.w / 2 - x, t.box.y + t.box.h / 2 - y);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return best?.id;
}

function confirmedTracks(tracker: ObjectTracker): TrackView[] {
  return tracker.tracks.filter((t) => t.state === 'active' || t.state === 'stationary');
}

describe('ObjectTracker', () => {
  it('confirms a walking person after 3 hits, keeps one id, and loses it 2 s after it leaves', () => {
    const tracker = new ObjectTracker();
    const log = logOf();
    let t = 0;
    for (let i = 0; i < 30; i++, t += FRAME) {
      const r = tracker.update({ time: t, detections: [person(100 + i * 20, 300)], width: W, height: H });
      record(log, r);
      if (i === 0) expect(r.created).toHaveLength(1);
      if (i < 2) expect(confirmedTracks(tracker)).toHaveLength(0);
    }
    expect(log.confirmed).toEqual([1]);
    expect(tracker.tracks.map((x) => x.id)).toEqual([1]);
    const lastSeen = t - FRAME;
    for (; t < lastSeen + 3000; t += FRAME) record(log, tracker.update({ time: t, detections: [], width: W, height: H }));
    expect(log.lost).toEqual([1]);
    expect(tracker.tracks).toHaveLength(0);
  });

  for (const [what, hidden, dy] of [
    ['one hidden behind the other while they overlap', true, 10],
    ['both seen all along, at the same height', false, 0],
  ] as const) {
    it(`keeps the ids of two people whose paths cross, ${what}`, () => {
      const tracker = new ObjectTracker();
      let leftToRight: number | undefined;
      let rightToLeft: number | undefined;
      for (let i = 0; i < 40; i++) {
        const ax = 200 + i * 20; // 100 px/s to the right
        const bx = 980 - i * 20; // 100 px/s to the left
        const overlap = Math.abs(ax - bx) < 50;
        const dets = hidden && overlap ? [person(ax, 300)] : [person(ax, 300), person(bx, 300 - dy, 0.8)];
        tracker.update({ time: i * FRAME, detections: dets, width: W, height: H });
        if (i === 5) {
          leftToRight = idNear(tracker.tracks, ax + 20, 350);
          rightToLeft = idNear(tracker.tracks, bx + 20, 350 - dy);
          expect(leftToRight).not.toBe(rightToLeft);
        }
      }
      expect(idNear(tracker.tracks, 200 + 39 * 20 + 20, 350)).toBe(leftToRight);
      expect(idNear(tracker.tracks, 980 - 39 * 20 + 20, 350 - dy)).toBe(rightToLeft);
      expect(tracker.tracks.map((t) => t.state)).toEqual(['active', 'active']);
    });
  }

  it('keeps the id through an occlusion shorter than the lost time, and gives a new id after a longer one', () => {
    for (const [gapFrames, sameId] of [
      [8, true], // 1.6 s hidden
      [14, false], // 2.8 s hidden
    ] as const) {
      const tracker = new ObjectTracker();
      const log = logOf();
      let t = 0;
      let x = 100;
      for (let i = 0; i < 10; i++, t += FRAME, x += 15) record(log, tracker.update({ time: t, detections: [person(x, 300)] }));
      const first = tracker.tracks[0]!.id;
      for (let i = 0; i < gapFrames; i++, t += FRAME, x += 15) record(log, tracker.update({ time: t, detections: [] }));
      for (let i = 0; i < 5; i++, t += FRAME, x += 15) record(log, tracker.update({ time: t, detections: [person(x, 300)] }));
      const now = confirmedTracks(tracker);
      expect(now).toHaveLength(1);
      if (sameId) {
        expect(now[0]!.id).toBe(first);
        expect(log.lost).toEqual([]);
      } else {
        expect(now[0]!.id).not.toBe(first);
        expect(log.lost).toEqual([first]);
      }
    }
  });

  it('keeps two people standing side by side as two tracks, also when one is missed now and then', () => {
    const tracker = new ObjectTracker();
    for (let i = 0; i < 60; i++) {
      const dets = [person(500 + jitter(i, 1, 3), 300 + jitter(i, 2, 3))];
      if (i % 3 !== 0) dets.push(person(542 + jitter(i, 3, 3), 302 + jitter(i, 4, 3)));
      tracker.update({ time: i * FRAME, detections: dets, width: W, height: H });
    }
    const tracks = confirmedTracks(tracker);
    expect(tracks).toHaveLength(2);
    expect(tracker.tracks).toHaveLength(2);
    expect(new Set(tracks.map((t) => idNear(tracks, t.box.x + 20, t.box.y + 50))).size).toBe(2);
    expect(idNear(tracks, 520, 350)).toBe(1);
    expect(idNear(tracks, 562, 352)).toBe(2);
  });

  it('makes a standing person stationary after 10 s, not before, and active again when they walk', () => {
    const tracker = new ObjectTracker();
    const log = logOf();
    let t = 0;
    let x = 200;
    for (let i = 0; i < 10; i++, t += FRAME, x += 20) record(log, tracker.update({ time: t, detections: [person(x, 300)] }));
    const stopAt = t;
    for (; t < stopAt + 9600; t += FRAME) record(log, tracker.update({ time: t, detections: [person(x, 300)] }));
    expect(log.stationary).toEqual([]);
    for (; t < stopAt + 11_000; t += FRAME) record(log, tracker.update({ time: t, detections: [person(x, 300)] }));
    expect(log.stationary).toEqual([1]);
    expect(tracker.tracks[0]!.state).toBe('stationary');
    expect(tracker.tracks[0]!.speed).toBe(0);
    for (let i = 0; i < 6; i++, t += FRAME) {
      x += 20;
      record(log, tracker.update({ time: t, detections: [person(x, 300)] }));
    }
    expect(log.moving).toEqual([1]);
    expect(tracker.tracks[0]!.state).toBe('active');
    expect(tracker.tracks[0]!.id).toBe(1);
  });

  it('does not take ±3 px detector jitter for movement: a standing person stays stationary', () => {
    const tracker = new ObjectTracker();
    const log = logOf();
    for (let i = 0; i < 300; i++) {
      const det = person(600 + jitter(i, 1, 3), 300 + jitter(i, 2, 3), 0.7, 40 + jitter(i, 3, 3), 100 + jitter(i, 4, 3));
      record(log, tracker.update({ time: i * FRAME, detections: [det] }));
    }
    expect(log.stationary).toEqual([1]);
    expect(log.moving).toEqual([]);
    expect(tracker.tracks[0]!.state).toBe('stationary');
  });

  it('does the same for a small far-away person (12 × 30 px) with ±2 px jitter, and follows one walking', () => {
    const tracker = new ObjectTracker();
    const log = logOf();
    for (let i = 0; i < 120; i++) {
      const standing = person(900 + jitter(i, 1, 2), 100 + jitter(i, 2, 2), 0.6, 12, 30);
      const walking = person(100 + i * 8, 120 + jitter(i, 3, 1), 0.6, 12, 30); // 40 px/s: boxes barely overlap
      record(log, tracker.update({ time: i * FRAME, detections: [standing, walking] }));
    }
    expect(log.confirmed).toEqual([1, 2]);
    expect(log.moving).toEqual([]);
    expect(tracker.tracks.map((t) => [t.id, t.state])).toEqual([
      [1, 'stationary'],
      [2, 'active'],
    ]);
  });

  it('does not lose a track when the detector misses every other frame', () => {
    const tracker = new ObjectTracker();
    const log = logOf();
    for (let i = 0; i < 50; i++) {
      const dets = i % 2 === 0 ? [person(100 + i * 16, 300)] : [];
      record(log, tracker.update({ time: i * FRAME, detections: dets }));
    }
    expect(log.confirmed).toEqual([1]);
    expect(log.lost).toEqual([]);
    expect(log.discarded).toEqual([]);
    expect(tracker.tracks.map((t) => t.id)).toEqual([1]);
  });

  it('never confirms a false positive seen once, and discards it', () => {
    const tracker = new ObjectTracker();
    const log = logOf();
    for (let i = 0; i < 20; i++) {
      const dets = i === 3 ? [person(700, 200, 0.9)] : [];
      record(log, tracker.update({ time: i * FRAME, detections: dets }));
    }
    expect(log.confirmed).toEqual([]);
    expect(log.lost).toEqual([]);
    expect(log.discarded).toEqual([1]);
    expect(tracker.tracks).toHaveLength(0);
  });

  it('continues a track on weak detections (ByteTrack) but never starts one from them', () => {
    const tracker = new ObjectTracker();
    const log = logOf();
    for (let i = 0; i < 40; i++) {
      const score = i < 5 ? 0.8 : 0.3; // the person walks into shade: the detector gets unsure
      const dets = [person(100 + i * 10, 300, score), person(900, 300, 0.3)];
      record(log, tracker.update({ time: i * FRAME, detections: dets }));
    }
    expect(log.lost).toEqual([]);
    expect(tracker.tracks.map((t) => t.id)).toEqual([1]);
    expect(tracker.tracks[0]!.topScore).toBe(0.8);
  });

  it('keeps a stationary track between checks nobody made, and loses it when looked for and not found', () => {
    const tracker = new ObjectTracker();
    const log = logOf();
    let t = 0;
    for (; t <= 12_000; t += FRAME) record(log, tracker.update({ time: t, detections: [person(600, 300)] }));
    expect(log.stationary).toEqual([1]);
    // The detector looks elsewhere only, for 20 s: the stationary track is not missing.
    const elsewhere = [{ x: 0, y: 0, w: 320, h: 320 }];
    for (; t <= 32_000; t += FRAME) record(log, tracker.update({ time: t, detections: [], regions: elsewhere }));
    expect(log.lost).toEqual([]);
    // A check 20 s later finds it: same id.
    record(log, tracker.update({ time: t, detections: [person(601, 301)], regions: [{ x: 440, y: 160, w: 320, h: 320 }] }));
    expect(tracker.tracks.map((x) => [x.id, x.state])).toEqual([[1, 'stationary']]);
    // Looked for and not found for 2 s: lost, its last sighting is the end.
    const seen = t;
    for (t += 600; t <= seen + 3200; t += 600) record(log, tracker.update({ time: t, detections: [], regions: [{ x: 440, y: 160, w: 320, h: 320 }] }));
    expect(log.lost).toEqual([1]);
  });

  it('keeps a path of a few boxes per second, bounded, and the best snapshot (large, sharp, confident, whole)', () => {
    const tracker = new ObjectTracker({ pathMaxPoints: 20 });
    let lost: TrackView | undefined;
    const snapshots: number[] = [];
    for (let i = 0; i < 80; i++) {
      // Walks towards the camera (growing), stops a moment at i 40..49 (sharpest), then walks out on the right: those
      // last boxes are the largest and the most confident, but blurred and then cut by the frame edge.
      const x = i < 40 ? 100 + i * 10 : i < 50 ? 500 : 500 + (i - 50) * 30;
      const h = 100 + Math.min(i, 60) * 2;
      const y = 200;
      const score = i === 45 ? 0.9 : i >= 60 ? 0.95 : 0.8;
      const r = tracker.update({ time: i * FRAME, detections: [person(x, y, score, h * 0.4, h)], width: W, height: H });
      for (const t of r.snapshot) {
        expect(t.state).not.toBe('tentative');
        expect(t.best!.time).toBe(i * FRAME); // the frame in hand is the one to snapshot
        snapshots.push(i * FRAME);
      }
    }
    const track = tracker.tracks[0]!;
    expect(snapshots[0]).toBe(2 * FRAME); // the confirming sighting is the first candidate
    expect(snapshots.at(-1)).toBe(45 * FRAME);
    expect(track.path.length).toBeLessThanOrEqual(21);
    expect(track.path.length).toBeGreaterThanOrEqual(10);
    expect(track.path[0]!.time).toBe(0);
    for (let i = 1; i < track.path.length; i++) expect(track.path[i]!.time).toBeGreaterThan(track.path[i - 1]!.time);
    expect(track.best!.time).toBe(45 * FRAME);
    expect(track.best!.score).toBe(0.9);
    for (let t = 80 * FRAME; !lost; t += FRAME) lost = tracker.update({ time: t, detections: [] }).lost[0];
    expect(lost.path[lost.path.length - 1]!.time).toBe(lost.lastSeenMs);
    expect(lost.firstSeenMs).toBe(0);
  });

  it('loses a track that walks out of the picture without waiting, and everything on stop()', () => {
    const tracker = new ObjectTracker();
    const log = logOf();
    let i = 0;
    for (; i < 20; i++) record(log, tracker.update({ time: i * FRAME, detections: [person(1100 + i * 30, 300), person(300, 300)], width: W, height: H }));
    for (; i < 25; i++) record(log, tracker.update({ time: i * FRAME, detections: [person(300, 300)], width: W, height: H }));
    expect(log.lost).toEqual([1]);
    const r = tracker.stop();
    expect(r.lost.map((t) => t.id)).toEqual([2]);
    expect(tracker.tracks).toHaveLength(0);
  });

  it('ignores detections with empty or non-finite boxes or scores, and an update older than the last one', () => {
    const tracker = new ObjectTracker();
    const bad: Detection[] = [
      { box: { x: NaN, y: 10, w: 40, h: 100 }, score: 0.9 },
      { box: { x: 10, y: 10, w: 0, h: 100 }, score: 0.9 },
      { box: { x: 10, y: 10, w: 40, h: Infinity }, score: 0.9 },
      { box: { x: 10, y: 10, w: 40, h: 100 }, score: NaN },
    ];
    for (let i = 0; i < 5; i++) tracker.update({ time: i * FRAME, detections: [person(300 + i * 10, 300), ...bad] });
    expect(tracker.tracks.map((t) => [t.id, t.state])).toEqual([[1, 'active']]);
    const last = tracker.update({ time: 5 * FRAME, detections: [person(350, 300), ...bad] });
    expect(Array.from(last.detectionTrackIds.subarray(0, 5))).toEqual([1, -1, -1, -1, -1]);
    const box = { ...tracker.tracks[0]!.box };
    expect(Number.isFinite(box.x + box.y + box.w + box.h)).toBe(true);
    const late = tracker.update({ time: 2 * FRAME, detections: [person(900, 300)] });
    expect(late.created).toEqual([]);
    expect(tracker.tracks).toHaveLength(1);
    expect(tracker.tracks[0]!.box).toEqual(box);
  });

  it('predicts boxes for a frame being planned without moving the filters (a result for an earlier frame still fits)', () => {
    const tracker = new ObjectTracker();
    for (let i = 0; i < 10; i++) tracker.update({ time: i * FRAME, detections: [person(100 + i * 20, 300)] });
    const track = tracker.tracks[0]!;
    tracker.predictBoxes(12 * FRAME);
    expect(track.predicted.x).toBeGreaterThan(track.box.x + 50); // 3 frames on at 20 px a frame: about 60 px further
    expect(track.predicted.x).toBeLessThan(track.box.x + 70);
    // The detector's answer for frame 10 arrives after frame 12 was planned.
    tracker.update({ time: 10 * FRAME, detections: [person(300, 300)] });
    expect(track.lastSeenMs).toBe(10 * FRAME);
    expect(Math.abs(track.box.x - 300)).toBeLessThan(3);
  });

  it('gives six people crossing each other in all directions one id each, with jitter and missed detections', () => {
    const tracker = new ObjectTracker();
    // Straight walks through the middle of the picture at 0.5–1.2 heights per second, sizes 60–140 px.
    const walkers = [
      { x0: 100, y0: 300, vx: 90, vy: 0, h: 100 },
      { x0: 1100, y0: 320, vx: -80, vy: 0, h: 110 },
      { x0: 600, y0: 20, vx: 0, vy: 60, h: 90 },
      { x0: 300, y0: 500, vx: 50, vy: -40, h: 80 },
      { x0: 900, y0: 100, vx: -40, vy: 35, h: 60 },
      { x0: 200, y0: 150, vx: 120, vy: 20, h: 140 },
    ];
    const idsOf = walkers.map(() => new Set<number>());
    // 8 s: everyone stays in the picture; 0 and 1 meet head-on at 5.9 s, 2 crosses 0's path 40 px ahead of them.
    for (let i = 0; i < 40; i++) {
      const t = i * FRAME;
      const dets: Detection[] = [];
      const owners: number[] = [];
      walkers.forEach((w, k) => {
        if ((i + k) % 10 === 0) return; // missed
        const x = w.x0 + (w.vx * t) / 1000 + jitter(i, k, 3);
        const y = w.y0 + (w.vy * t) / 1000 + jitter(i, k + 10, 3);
        dets.push(person(x, y, 0.8, w.h * 0.4, w.h));
        owners.push(k);
      });
      const report = tracker.update({ time: t, detections: dets, width: W, height: H });
      if (i < 5) continue;
      for (const [d, k] of owners.entries()) idsOf[k]!.add(report.detectionTrackIds[d]!);
    }
    expect(idsOf.map((s) => s.size)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(new Set(idsOf.map((s) => [...s][0])).size).toBe(6);
  });
});
