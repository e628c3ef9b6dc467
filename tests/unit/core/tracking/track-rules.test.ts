// Rules on tracks, closed-loop with the real tracker at 5 fps on a 1280 × 720 frame: lines crossed in both
// directions, jitter on the line, crossings beyond the drawn segment, loitering timing, visitors per minute.
import { describe, expect, it } from 'vitest';
import { ObjectTracker, type Detection, type ObjectTrackerConfig } from '../../../../main/core/tracking/object-tracker.ts';
import { TrackRules, type LineCrossing, type LoiterReport } from '../../../../main/core/tracking/track-rules.ts';

const FRAME = 200;
const W = 1280;
const H = 720;
/** A horizontal line across the middle, drawn left to right: 'in' is walking down the picture. */
const door = { id: 'door', a: [0.2, 0.5] as const, b: [0.8, 0.5] as const };
const table = { id: 'table', polygon: [[0.4, 0.4], [0.6, 0.4], [0.6, 0.8], [0.4, 0.8]] as const, seconds: 10 };

/** Feet at (fx, fy): a 40 × 100 box standing on that point. */
function feet(fx: number, fy: number, score = 0.8): Detection {
  return { box: { x: fx - 20, y: fy - 100, w: 40, h: 100 }, score };
}

const trackers = new WeakMap<TrackRules, ObjectTracker>();

/** Feeds frames (5 fps from `start`) to the tracker of these rules (one per rules, kept across calls), then the rules. */
function run(frames: (i: number) => Detection[], n: number, rules: TrackRules, start = 0, config: Partial<ObjectTrackerConfig> = {}) {
  let tracker = trackers.get(rules);
  if (!tracker) {
    tracker = new ObjectTracker(config);
    trackers.set(rules, tracker);
  }
  const crossings: LineCrossing[] = [];
  const loitering: LoiterReport[] = [];
  const confirmedAt: number[] = [];
  let visitors = 0;
  for (let i = 0; i < n; i++) {
    const time = start + i * FRAME;
    const report = tracker.update({ time, detections: frames(i), width: W, height: H });
    confirmedAt.push(...report.confirmed.map(() => time));
    const r = rules.update(time, tracker.tracks);
    crossings.push(...r.crossings);
    loitering.push(...r.loitering);
    visitors += r.visitors;
  }
  return { crossings, loitering, visitors, confirmedAt };
}

function jitter(i: number, amp: number): number {
  const s = Math.sin(i * 12.9898) * 43758.5453;
  return (s - Math.floor(s)) * 2 * amp - amp;
}

describe('TrackRules: lines', () => {
  it('counts a person walking down over the line as in, one walking up as out, once each', () => {
    const rules = new TrackRules({ width: W, height: H, lines: [door], zones: [] });
    const down = run((i) => [feet(600, 200 + i * 15)], 25, rules);
    expect(down.crossings.map((c) => [c.lineId, c.direction, c.trackId])).toEqual([['door', 'in', 1]]);
    expect(down.visitors).toBe(1);
    const up = run((i) => [feet(600, 560 - i * 15)], 25, rules, 10_000);
    expect(up.crossings.map((c) => c.direction)).toEqual(['out']);
    expect(up.visitors).toBe(0);
  });

  it('counts once a person who lingers on the line with their feet wobbling over it', () => {
    const rules = new TrackRules({ width: W, height: H, lines: [door], zones: [] });
    // Down to the line, 6 s wobbling ±8 px around it (the band is 10 px for a 100 px person), then on down.
    const path = (i: number) => (i < 10 ? 250 + i * 11 : i < 40 ? 360 + jitter(i, 8) : 360 + (i - 40) * 12);
    const r = run((i) => [feet(640, path(i))], 55, rules);
    expect(r.crossings.map((c) => c.direction)).toEqual(['in']);
  });

  it('does not count a walk past the end of the drawn segment', () => {
    const rules = new TrackRules({ width: W, height: H, lines: [door], zones: [] });
    const r = run((i) => [feet(1150, 200 + i * 15)], 25, rules); // x 1150 > 0.8 × 1280
    expect(r.crossings).toEqual([]);
  });

  it('counts a crossing made while the track was still tentative once it is confirmed, and never a false positive', () => {
    const rules = new TrackRules({ width: W, height: H, lines: [door], zones: [] });
    // Seen first just above the line, below it two frames later, confirmed on the fifth sighting only.
    const r = run((i) => [feet(600, 330 + i * 25)], 8, rules, 0, { confirmHits: 5 });
    expect(r.confirmedAt).toEqual([4 * FRAME]);
    expect(r.crossings.map((c) => c.direction)).toEqual(['in']);
    expect(r.crossings[0]!.time).toBeLessThan(4 * FRAME);
    // Two sightings on both sides of the line, then nothing: a tentative track that is discarded.
    const ghost = run((i) => (i === 0 ? [feet(300, 340)] : i === 1 ? [feet(300, 380)] : []), 10, rules, 20_000);
    expect(ghost.crossings).toEqual([]);
    expect(ghost.visitors).toBe(0);
  });

  it('a line drawn right to left swaps the directions', () => {
    const reversed = { id: 'rev', a: door.b, b: door.a };
    const rules = new TrackRules({ width: W, height: H, lines: [reversed], zones: [] });
    const r = run((i) => [feet(600, 200 + i * 15)], 25, rules);
    expect(r.crossings.map((c) => c.direction)).toEqual(['out']);
  });
});

describe('TrackRules: loitering', () => {
  it('says nothing for a stay just under the limit and one report for a stay just over it', () => {
    for (const [seenFrames, reports] of [
      [50, 0], // seen inside for 9.8 s
      [52, 1], // 10.2 s
      [150, 1], // 29.8 s: still one report
    ] as const) {
      const rules = new TrackRules({ width: W, height: H, lines: [], zones: [table] });
      // Standing at the table, then gone from view (the track lingers until lost: that time does not count).
      const r = run((i) => (i < seenFrames ? [feet(600 + jitter(i, 2), 400)] : []), seenFrames + 20, rules);
      expect(r.loitering).toHaveLength(reports);
      if (reports) {
        expect(r.loitering[0]!.zoneId).toBe('table');
        expect(r.loitering[0]!.enteredMs).toBe(0);
        expect(r.loitering[0]!.time).toBe(51 * FRAME);
      }
    }
  });

  it('times a stationary person (re-checked only every 10 s) by the clock, not by their rare sightings', () => {
    const rules = new TrackRules({ width: W, height: H, lines: [], zones: [{ ...table, seconds: 15 }] });
    const tracker = new ObjectTracker();
    const reports: LoiterReport[] = [];
    const elsewhere = [{ x: 0, y: 0, w: 320, h: 320 }];
    for (let i = 0; i < 150; i++) {
      const time = i * FRAME;
      // Seen every frame for 12 s (they become stationary at 10 s), then the detector looks elsewhere only.
      const input = i < 60 ? { time, detections: [feet(600, 400)] } : { time, detections: [], regions: elsewhere };
      tracker.update(input);
      reports.push(...rules.update(time, tracker.tracks).loitering);
    }
    expect(tracker.tracks[0]!.state).toBe('stationary');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.time).toBe(15_200);
  });

  it('keeps the clock running when the feet wobble over the zone edge for a moment', () => {
    const rules = new TrackRules({ width: W, height: H, lines: [], zones: [table] });
    // Standing right on the zone's left edge (x = 512): in, out by a few px now and then.
    const r = run((i) => [feet(i % 7 === 0 ? 508 : 516, 400)], 60, rules);
    expect(r.loitering).toHaveLength(1);
  });
});

describe('TrackRules: visitors per minute', () => {
  it('counts new confirmed person tracks when no line is drawn, per minute', () => {
    const rules = new TrackRules({ width: W, height: H, lines: [], zones: [] });
    const minute0 = 1_700_000_040_000; // a minute boundary (divisible by 60 000)
    for (const [k, start] of [minute0 + 1000, minute0 + 20_000, minute0 + 40_000, minute0 + 61_000, minute0 + 90_000].entries()) {
      run((i) => [feet(100 + k * 200, 300 + i * 5)], 20, rules, start);
    }
    expect(rules.takeMinutes(minute0 + 60_000)).toEqual([{ minuteMs: minute0, visitors: 3, ins: 0, outs: 0 }]);
    expect(rules.takeMinutes(minute0 + 60_000)).toEqual([]);
    expect(rules.flushMinutes()).toEqual([{ minuteMs: minute0 + 60_000, visitors: 2, ins: 0, outs: 0 }]);
  });

  it('counts entries over the line (not exits) as visitors when a line is drawn', () => {
    const rules = new TrackRules({ width: W, height: H, lines: [door], zones: [] });
    run((i) => [feet(600, 200 + i * 15)], 25, rules, 0);
    run((i) => [feet(500, 200 + i * 15)], 25, rules, 10_000);
    run((i) => [feet(700, 560 - i * 15)], 25, rules, 20_000);
    run((i) => [feet(1200, 200 + i * 15)], 25, rules, 30_000); // walks past the door, not through it
    expect(rules.flushMinutes()).toEqual([{ minuteMs: 0, visitors: 2, ins: 2, outs: 1 }]);
  });
});
