// The Review screen's pure parts: the sync clock, the recording window and its wall time ↔ currentTime map, the
// timeline's range maths (every request time whole: the drag bug), and the calendar's days in several time zones.
import { describe, expect, it } from 'vitest';
import { SyncClock, needsSeek } from '../../../../renderer/src/review/sync-clock.ts';
import { mediaSecondsAt, sameWindow, wallTimeAt, windowFor, WINDOW_MS } from '../../../../renderer/src/review/recording-window.ts';
import { endShowing, laneAtY, requestRange, selectRange, timeAtX } from '../../../../renderer/src/timeline/timeline-range.ts';
import { gridRange, localDayKey, monthGrid, tzOffsetAt } from '../../../../renderer/src/review/review-calendar.ts';
import { requests, type EventView } from '../../../../preload/contract.ts';
import { reviewKeyAction, stepEvent } from '../../../../renderer/src/review/review-keys.ts';

describe('sync clock', () => {
  it('stands still before a seek and while paused, runs at real speed while playing', () => {
    const c = new SyncClock();
    expect(c.time(0)).toBeNull();
    c.play(0);
    expect(c.playing).toBe(false); // nothing chosen yet
    c.seek(1_000_000, 100);
    expect(c.time(5000)).toBe(1_000_000);
    c.play(200);
    expect(c.time(1200)).toBe(1_001_000);
    c.pause(1700);
    expect(c.time(9000)).toBe(1_001_500);
    c.play(10_000);
    expect(c.time(10_250)).toBe(1_001_750);
  });

  it('holds while a player loads, then goes on from where it stood', () => {
    const c = new SyncClock();
    c.seek(0, 0);
    c.play(0);
    c.hold(true, 1000);
    expect(c.time(4000)).toBe(1000);
    c.hold(false, 4000);
    expect(c.time(4500)).toBe(1500);
    expect(c.playing).toBe(true);
  });

  it('follows the leading picture when it is close, ignores one far off', () => {
    const c = new SyncClock();
    c.seek(10_000, 0);
    c.play(0);
    expect(c.follow(10_900, 1000)).toBe(true);
    expect(c.time(1000)).toBe(10_900);
    expect(c.follow(60_000, 1000)).toBe(false);
    expect(c.time(1100)).toBe(11_000);
    expect(needsSeek(10, 10.5)).toBe(false);
    expect(needsSeek(10, 11)).toBe(true);
  });
});

describe('recording window', () => {
  const base = 1_764_000_000_000 - (1_764_000_000_000 % WINDOW_MS); // a window boundary
  const spans = [
    { startMs: base - 60_000, endMs: base + 120_000 },
    { startMs: base + 180_000, endMs: base + 900_000 },
  ];

  it('loads the aligned window narrowed to what was recorded, none where nothing was', () => {
    const w = windowFor(spans, base + 30_000)!;
    expect(w.fromMs).toBe(base);
    expect(w.toMs).toBe(base + WINDOW_MS);
    expect(w.pieces).toEqual([
      { startMs: base, endMs: base + 120_000 },
      { startMs: base + 180_000, endMs: base + WINDOW_MS },
    ]);
    expect(windowFor(spans, base + 150_000)).toBeNull();
    expect(windowFor(spans, base + 900_000)).toBeNull();
    const last = windowFor(spans, base + 899_000)!;
    expect(last).toMatchObject({ fromMs: base + WINDOW_MS, toMs: base + 900_000 });
    expect(Number.isInteger(last.fromMs) && Number.isInteger(last.toMs)).toBe(true);
    expect(sameWindow(w, windowFor(spans, base + 500_000))).toBe(true);
    expect(sameWindow(w, last)).toBe(false);
  });

  it('maps wall time to currentTime and back across a gap the file leaves out', () => {
    const w = windowFor(spans, base + 30_000)!;
    expect(mediaSecondsAt(w, base)).toBe(0);
    expect(mediaSecondsAt(w, base + 60_000)).toBe(60);
    expect(mediaSecondsAt(w, base + 150_000)).toBeNull(); // the gap
    expect(mediaSecondsAt(w, base + 200_000)).toBe(140); // 120 s before the gap + 20 s after it
    for (const t of [base, base + 1234, base + 119_999, base + 180_000, base + 400_321]) {
      expect(wallTimeAt(w, mediaSecondsAt(w, t)!)).toBeCloseTo(t, 3);
    }
    expect(wallTimeAt(w, 10_000)).toBe(base + WINDOW_MS);
  });
});

describe('timeline range maths', () => {
  it('sends whole milliseconds after any drag, which the contract accepts (fractions it refuses)', () => {
    const plotW = 937;
    let end = 1_764_590_400_000;
    const span = 6 * 3_600_000;
    const msPerPx = span / plotW;
    const schema = requests['events.list'].input;
    for (const dx of [3, -7, 11.5, -2.25, 17, -1, 5, -13, 8, -4]) {
      end += -dx * msPerPx; // what a drag does: fractional
      const { from, to } = requestRange(end - span, end);
      expect(Number.isInteger(from) && Number.isInteger(to)).toBe(true);
      expect(to - from).toBeGreaterThanOrEqual(span - 1);
      expect(schema.safeParse({ from, to, limit: 500 }).success).toBe(true);
      expect(schema.safeParse({ from: end - span, to: end, limit: 500 }).success).toBe(Number.isInteger(end));
    }
    expect(requestRange(500.6, 100.2)).toEqual({ from: 100, to: 501 });
    expect(requestRange(-5, 10)).toEqual({ from: 0, to: 10 });
  });

  it('finds the time under the pointer and the lane, inside the view', () => {
    expect(timeAtX(50, 1000, 2000, 100)).toBe(1500);
    expect(timeAtX(33.3, 1000, 2000, 100)).toBe(1333);
    expect(timeAtX(-20, 1000, 2000, 100)).toBe(1000);
    expect(timeAtX(400, 1000, 2000, 100)).toBe(2000);
    expect(laneAtY(24 + 46 * 1.5, 24, 46, 3)).toBe(1);
    expect(laneAtY(10, 24, 46, 3)).toBe(-1);
    expect(laneAtY(24 + 46 * 3, 24, 46, 3)).toBe(-1);
  });

  it('selects a dragged range over the lanes between, earlier first whichever way the drag went', () => {
    const lanes = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const view = { start: 0, end: 600_000, plotW: 600 };
    expect(selectRange(lanes, 100.4, 0, 300.7, 1, view)).toEqual({ cameraIds: ['a', 'b'], from: 100_400, to: 300_700 });
    expect(selectRange(lanes, 300, 2, 100, 1, view)).toEqual({ cameraIds: ['b', 'c'], from: 100_000, to: 300_000 });
    expect(selectRange(lanes, 100, 5, 200, -1, view)).toEqual({ cameraIds: ['a', 'b', 'c'], from: 100_000, to: 200_000 });
    expect(selectRange(lanes, 100, 0, 100.5, 0, view)).toBeNull(); // a click, not a range
  });

  it('moves the view only when the moment is out of it', () => {
    expect(endShowing(500, 1000, 800, 5000)).toBe(1000);
    expect(endShowing(3000, 1000, 900, 5000)).toBe(3300);
    expect(endShowing(4900, 1000, 900, 5000)).toBe(5000);
  });
});

describe('calendar', () => {
  it('lays a month out in Monday-first weeks holding every day once', () => {
    const weeks = monthGrid(2026, 11); // December 2026 starts on a Tuesday
    expect(weeks[0]![0]!.key).toBe('2026-11-30');
    expect(weeks[0]![1]!.key).toBe('2026-12-01');
    const inMonth = weeks.flat().filter((d) => d.inMonth);
    expect(inMonth.map((d) => d.day)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    const range = gridRange(weeks);
    expect(localDayKey(range.from)).toBe('2026-11-30');
    expect(localDayKey(range.to)).toBe(localDayKey(weeks.at(-1)!.at(-1)!.startMs));
    expect(range.to - range.from).toBeLessThanOrEqual(62 * 86_400_000);
  });

  it('names the local day and the offset events.days buckets by, in the page’s time zone', () => {
    const ms = Date.UTC(2026, 11, 1, 23, 30);
    const offset = tzOffsetAt(ms);
    // local = UTC + offset: the key is the UTC date of the shifted instant, as the SQL computes it.
    expect(localDayKey(ms)).toBe(new Date(ms + offset * 60_000).toISOString().slice(0, 10));
  });
});

describe('keyboard', () => {
  const key = (k: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...extra });
  const on = (tag: string, editable = false) => ({ tag, editable });

  it('maps space, arrows, J/K and ? outside form fields', () => {
    expect(reviewKeyAction(key(' '), on('body'))).toBe('play-pause');
    expect(reviewKeyAction(key(' '), on('BUTTON'))).toBeNull();
    expect(reviewKeyAction(key('ArrowLeft'), on('div'))).toBe('back');
    expect(reviewKeyAction(key('ArrowRight'), on('a'))).toBe('forward');
    expect(reviewKeyAction(key('J'), on('body'))).toBe('previous-event');
    expect(reviewKeyAction(key('k'), on('body'))).toBe('next-event');
    expect(reviewKeyAction(key('?'), on('body'))).toBe('help');
    expect(reviewKeyAction(key('k'), on('input'))).toBeNull();
    expect(reviewKeyAction(key('k'), on('div', true))).toBeNull();
    expect(reviewKeyAction(key('k', { ctrlKey: true }), on('body'))).toBeNull();
    expect(reviewKeyAction(key('x'), on('body'))).toBeNull();
  });

  it('steps to the previous and next event from the one picked, or from the moment shown', () => {
    const ev = (id: string, startMs: number) => ({ id, startMs }) as EventView;
    const list = [ev('c', 3000), ev('a', 1000), ev('b', 2000)];
    expect(stepEvent(list, null, 2500, -1)?.id).toBe('b');
    expect(stepEvent(list, null, 2500, 1)?.id).toBe('c');
    expect(stepEvent(list, ev('b', 2000), 0, 1)?.id).toBe('c');
    expect(stepEvent(list, ev('b', 2000), 0, -1)?.id).toBe('a');
    expect(stepEvent(list, ev('a', 1000), 0, -1)).toBeNull();
    expect(stepEvent(list, null, 9000, 1)).toBeNull();
  });
});
