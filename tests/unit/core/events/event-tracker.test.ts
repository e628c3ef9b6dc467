import { describe, expect, it } from 'vitest';
import { EventTracker, type MotionSample, type TrackerAction } from '../../../../main/core/events/event-tracker.ts';

const box = { x: 10, y: 20, w: 30, h: 40 };
const still = (time: number): MotionSample => ({ time, ratio: 0, boxes: [] });
const moving = (time: number, ratio = 0.05): MotionSample => ({ time, ratio, boxes: [box] });

/** Feed frames every 200 ms (5 fps) and collect the actions. */
function feed(tracker: EventTracker, samples: MotionSample[]): TrackerAction[] {
  const out: TrackerAction[] = [];
  for (const s of samples) {
    const a = tracker.onMotion(s);
    if (a) out.push(a);
  }
  return out;
}

describe('EventTracker', () => {
  it('does not open on fewer motion frames in a row than the debounce', () => {
    const t = new EventTracker({ minMotionFrames: 3 });
    const actions = feed(t, [moving(0), moving(200), still(400), moving(600), moving(800), still(1000)]);
    expect(actions).toEqual([]);
    expect(t.open).toBeNull();
  });

  it('opens after minMotionFrames in a row, starting at the first of them, with the streak peak', () => {
    const t = new EventTracker({ minMotionFrames: 3 });
    const actions = feed(t, [still(0), moving(200, 0.02), moving(400, 0.09), moving(600, 0.03)]);
    expect(actions).toHaveLength(1);
    const open = actions[0]!;
    expect(open.type).toBe('open');
    if (open.type !== 'open') throw new Error('unreachable');
    expect(open.time).toBe(600);
    expect(open.event.startMs).toBe(200);
    expect(open.event.peakRatio).toBe(0.09);
    expect(open.event.peakTime).toBe(400);
    expect(open.event.kind).toBe('motion');
  });

  it('reports a new peak only when the ratio grows', () => {
    const t = new EventTracker({ minMotionFrames: 1 });
    const actions = feed(t, [moving(0, 0.1), moving(200, 0.05), moving(400, 0.2), moving(600, 0.2)]);
    expect(actions.map((a) => a.type)).toEqual(['open', 'peak']);
    expect(t.open?.peakRatio).toBe(0.2);
    expect(t.open?.peakTime).toBe(400);
  });

  it('closes after the quiet gap, ending at the last motion', () => {
    const t = new EventTracker({ minMotionFrames: 1, quietGapMs: 1000 });
    const samples = [moving(0), moving(200), still(400), still(800), still(1000), still(1200)];
    const actions = feed(t, samples);
    expect(actions.map((a) => a.type)).toEqual(['open', 'close']);
    const close = actions[1]!;
    if (close.type !== 'close') throw new Error('unreachable');
    expect(close.endMs).toBe(200);
    expect(close.reason).toBe('quiet');
    expect(t.open).toBeNull();
  });

  it('motion within the quiet gap keeps one event', () => {
    const t = new EventTracker({ minMotionFrames: 1, quietGapMs: 1000 });
    const actions = feed(t, [moving(0), still(200), still(800), moving(1000), still(1200), still(1800), moving(1900)]);
    expect(actions.map((a) => a.type)).toEqual(['open']);
    expect(t.open?.lastActivityMs).toBe(1900);
  });

  it('closes on the timer when frames stop arriving', () => {
    const t = new EventTracker({ minMotionFrames: 1, quietGapMs: 1000 });
    feed(t, [moving(0), moving(200)]);
    expect(t.tick(1100)).toBeNull();
    const close = t.tick(1200);
    expect(close?.type).toBe('close');
    if (close?.type !== 'close') throw new Error('unreachable');
    expect(close.endMs).toBe(200);
  });

  it('cuts an event that runs longer than the maximum and opens a new one after the debounce', () => {
    const t = new EventTracker({ minMotionFrames: 2, maxEventMs: 1000 });
    const samples: MotionSample[] = [];
    for (let time = 0; time <= 1600; time += 200) samples.push(moving(time));
    const actions = feed(t, samples);
    expect(actions.map((a) => a.type)).toEqual(['open', 'close', 'open']);
    const close = actions[1]!;
    if (close.type !== 'close') throw new Error('unreachable');
    expect(close.reason).toBe('max-duration');
    expect(close.endMs).toBe(1000);
    const second = actions[2]!;
    if (second.type !== 'open') throw new Error('unreachable');
    expect(second.event.startMs).toBe(1200);
    expect(second.event.seq).toBe(2);
  });

  it('stop() closes the open event at its last activity', () => {
    const t = new EventTracker({ minMotionFrames: 1 });
    feed(t, [moving(0), moving(200)]);
    const a = t.stop(5000);
    expect(a?.type).toBe('close');
    if (a?.type !== 'close') throw new Error('unreachable');
    expect(a.endMs).toBe(200);
    expect(a.reason).toBe('stopped');
    expect(t.stop(6000)).toBeNull();
  });

  describe('person confirmation', () => {
    const person = (score: number) => ({ score, box: { x: 1, y: 2, w: 3, h: 4 + score } });

    it('ignores detections when no event is open', () => {
      const t = new EventTracker({ minMotionFrames: 1 });
      expect(t.onPersons(0, [person(0.9)])).toBeNull();
    });

    it('a single-frame person is not enough', () => {
      const t = new EventTracker({ minMotionFrames: 1 });
      feed(t, [moving(0)]);
      expect(t.onPersons(0, [person(0.9)])).toBeNull();
      expect(t.onPersons(200, [])).toBeNull();
      expect(t.onPersons(400, [])).toBeNull();
      expect(t.onPersons(600, [person(0.8)])).toBeNull();
      expect(t.open?.kind).toBe('motion');
    });

    it('2 of 3 consecutive detections confirm a person with the top score and the confirming box', () => {
      const t = new EventTracker({ minMotionFrames: 1 });
      feed(t, [moving(0)]);
      expect(t.onPersons(0, [person(0.9)])).toBeNull();
      expect(t.onPersons(200, [])).toBeNull();
      const a = t.onPersons(400, [person(0.6), person(0.7)]);
      expect(a?.type).toBe('person');
      expect(t.open?.kind).toBe('person');
      expect(t.open?.topScore).toBe(0.9);
      expect(t.open?.personBox).toEqual(person(0.7).box);
      expect(t.open?.personTime).toBe(400);
    });

    it('after confirmation a better person gives person-peak, a worse one nothing', () => {
      const t = new EventTracker({ minMotionFrames: 1 });
      feed(t, [moving(0)]);
      t.onPersons(0, [person(0.6)]);
      t.onPersons(200, [person(0.6)]);
      expect(t.onPersons(400, [person(0.5)])).toBeNull();
      const a = t.onPersons(600, [person(0.95)]);
      expect(a?.type).toBe('person-peak');
      expect(t.open?.topScore).toBe(0.95);
      expect(t.open?.personTime).toBe(600);
    });

    it('a person keeps the event alive like motion does', () => {
      const t = new EventTracker({ minMotionFrames: 1, quietGapMs: 1000 });
      feed(t, [moving(0)]);
      t.onPersons(900, [person(0.7)]);
      expect(t.tick(1500)).toBeNull();
      expect(t.tick(1900)?.type).toBe('close');
    });

    it('the confirmation window starts afresh with each event', () => {
      const t = new EventTracker({ minMotionFrames: 1, quietGapMs: 500 });
      feed(t, [moving(0)]);
      t.onPersons(0, [person(0.9)]);
      feed(t, [still(200), still(600)]);
      expect(t.open).toBeNull();
      feed(t, [moving(1000)]);
      expect(t.onPersons(1000, [person(0.9)])).toBeNull();
      expect(t.open?.kind).toBe('motion');
    });
  });
});
