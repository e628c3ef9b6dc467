// Track → event decisions (events/track-events.ts) on the real tracker and rules, fed synthetic detections at 5 fps
// (200 ms per analysed frame) of a 1280 × 720 picture: one visitor is one person event, ending at the track's last
// sighting; visitors with empty gaps between them are separate events; a loitering zone raises its own event.
import { describe, expect, it } from 'vitest';
import { ObjectTracker, type Detection } from '../../../../main/core/tracking/object-tracker.ts';
import { TrackRules } from '../../../../main/core/tracking/track-rules.ts';
import { TrackEventPlanner, unexplainedMotion } from '../../../../main/core/events/track-events.ts';
import type { TrackedEvent, TrackerAction } from '../../../../main/core/events/event-tracker.ts';

const FRAME = 200;
const W = 1280;
const H = 720;

interface Run {
  opened: TrackedEvent[];
  closed: Array<{ event: TrackedEvent; endMs: number; reason: string }>;
  peaks: number;
  updates: number;
}

function harness(zones: Array<{ id: string; polygon: Array<[number, number]>; seconds: number }> = []) {
  const tracker = new ObjectTracker();
  const rules = new TrackRules({ width: W, height: H, lines: [], zones });
  const planner = new TrackEventPlanner();
  const run: Run = { opened: [], closed: [], peaks: 0, updates: 0 };
  const take = (actions: readonly TrackerAction[]) => {
    for (const a of actions) {
      if (a.type === 'open') run.opened.push(a.event);
      else if (a.type === 'close') run.closed.push({ event: a.event, endMs: a.endMs, reason: a.reason });
      else if (a.type === 'person-peak') run.peaks++;
      else if (a.type === 'update') run.updates++;
    }
  };
  const step = (time: number, detections: Detection[]) => {
    tracker.predictBoxes(time);
    const report = tracker.update({ time, detections, width: W, height: H });
    const r = rules.update(time, tracker.tracks);
    take(planner.onUpdate(time, report, tracker.tracks, r.loitering));
  };
  return { tracker, planner, run, step, take };
}

const person = (x: number, y = 300, score = 0.85): Detection => ({ box: { x, y, w: 60, h: 150 }, score });

describe('TrackEventPlanner', () => {
  it('makes one person event per visitor, each ending at the last sighting, none in the empty gaps', () => {
    const { run, step, planner } = harness();
    let t = 0;
    const visits: Array<{ first: number; last: number }> = [];
    for (let v = 0; v < 3; v++) {
      const first = t;
      // 4 s walking left to right, then gone; the detector keeps looking at the empty picture for 5 s.
      for (let i = 0; i < 20; i++, t += FRAME) step(t, [person(100 + i * 40)]);
      visits.push({ first, last: t - FRAME });
      for (let i = 0; i < 25; i++, t += FRAME) step(t, []);
    }
    expect(run.opened.map((e) => e.kind)).toEqual(['person', 'person', 'person']);
    expect(run.closed).toHaveLength(3);
    run.closed.forEach((c, i) => {
      expect(c.reason).toBe('lost');
      expect(c.event.startMs).toBe(visits[i]!.first);
      expect(c.endMs).toBe(visits[i]!.last);
      expect(c.event.trackId).not.toBeNull();
      // A few boxes per second along the walk, in frame pixels.
      expect(c.event.path.length).toBeGreaterThanOrEqual(8);
      expect(c.event.path[c.event.path.length - 1]!.x).toBeGreaterThan(c.event.path[0]!.x + 500);
      expect(c.event.topScore).toBeCloseTo(0.85);
    });
    expect(new Set(run.opened.map((e) => e.trackId)).size).toBe(3);
    expect(planner.openEvents).toBe(0);
    expect(run.updates).toBeGreaterThan(20);
  });

  it('gives two people side by side two events, and closes what is open when the camera stops', () => {
    const { run, step, planner } = harness();
    for (let i = 0, t = 0; i < 10; i++, t += FRAME) step(t, [person(200 + i * 5), person(700 - i * 5)]);
    expect(run.opened).toHaveLength(2);
    expect(planner.openTracks).toBe(2);
    const closing = planner.stop();
    expect(closing.map((a) => a.type)).toEqual(['close', 'close']);
    for (const a of closing) if (a.type === 'close') expect(a.endMs).toBe(9 * FRAME);
  });

  it('never opens an event for a detection that is not confirmed (a false positive seen once)', () => {
    const { run, step } = harness();
    step(0, [person(400)]);
    for (let i = 1, t = FRAME; i < 15; i++, t += FRAME) step(t, []);
    expect(run.opened).toEqual([]);
    expect(run.closed).toEqual([]);
  });

  it('reports a better view of the person as person-peak, only on the frame that shows it', () => {
    const { run, step } = harness();
    // Walking towards the camera: the box grows, every few frames the view is better.
    for (let i = 0, t = 0; i < 15; i++, t += FRAME) step(t, [{ box: { x: 500, y: 200, w: 40 + i * 4, h: 100 + i * 10 }, score: 0.8 }]);
    expect(run.opened).toHaveLength(1);
    expect(run.peaks).toBeGreaterThan(0);
    expect(run.opened[0]!.personBox!.h).toBeGreaterThan(150);
  });

  it('raises one loitering event for a person standing in a zone longer than its time, closed with the track', () => {
    const zone = { id: 'Till', polygon: [[0.3, 0.3], [0.7, 0.3], [0.7, 1], [0.3, 1]] as Array<[number, number]>, seconds: 5 };
    const { run, step } = harness([zone]);
    let t = 0;
    for (let i = 0; i < 50; i++, t += FRAME) step(t, [person(600 + (i % 2), 300)]); // 10 s standing in the zone
    for (let i = 0; i < 15; i++, t += FRAME) step(t, []);
    const kinds = run.opened.map((e) => e.kind);
    expect(kinds).toEqual(['person', 'loitering']);
    const loiter = run.opened[1]!;
    expect(loiter.zone).toBe('Till');
    expect(loiter.trackId).toBe(run.opened[0]!.trackId);
    expect(run.closed.map((c) => c.event.kind).sort()).toEqual(['loitering', 'person']);
    for (const c of run.closed) expect(c.endMs).toBe(49 * FRAME);
  });
});

describe('unexplainedMotion', () => {
  it('keeps motion far from every track and drops motion on a followed person', () => {
    const tracker = new ObjectTracker();
    for (let i = 0, t = 0; i < 4; i++, t += FRAME) tracker.update({ time: t, detections: [person(400)], width: W, height: H });
    tracker.predictBoxes(4 * FRAME);
    const onPerson = { x: 395, y: 310, w: 70, h: 140 };
    const elsewhere = { x: 1000, y: 50, w: 80, h: 80 };
    expect(unexplainedMotion([onPerson, elsewhere], tracker.tracks)).toEqual([elsewhere]);
    expect(unexplainedMotion([onPerson], [])).toEqual([onPerson]);
  });
});
