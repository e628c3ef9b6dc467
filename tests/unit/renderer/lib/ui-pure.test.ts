// The UI's pure parts: letterbox math for overlays, hash routes, grid shapes, the live buffer policy and reconnect
// delays, the MSE codec from an init segment, and the timeline's arithmetic.
import { describe, expect, it } from 'vitest';
import { containRect, fadeAlpha, mapBox } from '../../../../renderer/src/lib/letterbox.ts';
import { parseRoute, routeHash } from '../../../../renderer/src/lib/routes.ts';
import { gridPages, gridShape } from '../../../../renderer/src/lib/grid.ts';
import { decideBuffer, reconnectDelay } from '../../../../renderer/src/live/buffer-policy.ts';
import { axisTicks, hitEvent, timeToX, upsertSorted, visibleRows, xToTime } from '../../../../renderer/src/timeline/timeline-layout.ts';
import { formatBytes, formatDuration } from '../../../../renderer/src/lib/format.ts';
import type { EventView } from '../../../../preload/contract.ts';

describe('letterbox', () => {
  it('pillarboxes a 4:3 picture in a 16:9 box and letterboxes a 16:9 picture in a 4:3 box', () => {
    expect(containRect(1600, 900, 640, 480)).toEqual({ x: 200, y: 0, w: 1200, h: 900 });
    expect(containRect(800, 600, 1920, 1080)).toEqual({ x: 0, y: 75, w: 800, h: 450 });
  });
  it('maps an analysis-frame box onto the displayed picture and clamps it', () => {
    const pic = containRect(1600, 900, 640, 480);
    expect(mapBox({ x: 320, y: 240, w: 64, h: 48 }, 640, 480, pic)).toEqual({ x: 800, y: 450, w: 120, h: 90 });
    // A box running past the frame's edge stops at the picture's edge.
    expect(mapBox({ x: 600, y: 0, w: 100, h: 10 }, 640, 480, pic)).toEqual({ x: 1325, y: 0, w: 75, h: 18.75 });
  });
  it('keeps full opacity while held, then fades to nothing', () => {
    expect(fadeAlpha(100, 700, 900)).toBe(1);
    expect(fadeAlpha(1150, 700, 900)).toBeCloseTo(0.5);
    expect(fadeAlpha(5000, 700, 900)).toBe(0);
  });
  it('handles an element or a picture with no size yet', () => {
    expect(containRect(0, 0, 640, 480)).toEqual({ x: 0, y: 0, w: 0, h: 0 });
    expect(containRect(100, 50, 0, 0)).toEqual({ x: 0, y: 0, w: 100, h: 50 });
  });
});

describe('routes', () => {
  it('parses every view and round-trips', () => {
    for (const hash of ['#/live', '#/live/cam-1', '#/review', '#/events/ev_9', '#/settings', '#/health']) {
      expect(routeHash(parseRoute(hash))).toBe(hash);
    }
    // The old timeline's address lands on the Review screen that replaced it.
    expect(routeHash(parseRoute('#/timeline'))).toBe('#/review');
  });
  it('lands anything unknown or malformed on a safe view', () => {
    expect(parseRoute('')).toEqual({ view: 'live', cameraId: null });
    expect(parseRoute('#/nope')).toEqual({ view: 'live', cameraId: null });
    expect(parseRoute('#/events/')).toEqual({ view: 'timeline' });
    expect(parseRoute('#/events/..%2F..%2Fetc')).toEqual({ view: 'timeline' });
    expect(parseRoute('#/live/%E0%A4%A')).toEqual({ view: 'live', cameraId: null });
  });
});

describe('grid', () => {
  it('gives fixed layouts their square and auto the smallest square holding every camera', () => {
    expect(gridShape(4, 7)).toEqual({ columns: 2, rows: 2, tiles: 4 });
    expect(gridShape(16, 3)).toEqual({ columns: 4, rows: 4, tiles: 16 });
    expect(gridShape('auto', 1)).toMatchObject({ columns: 1, rows: 1 });
    expect(gridShape('auto', 5)).toMatchObject({ columns: 3, rows: 2 });
    expect(gridShape('auto', 10)).toMatchObject({ columns: 4, rows: 3 });
    expect(gridPages(4, 9)).toBe(3);
    expect(gridPages('auto', 40)).toBe(1);
  });
});

describe('live buffer policy', () => {
  it('does nothing for a short buffer near the live edge', () => {
    expect(decideBuffer(10, [[8, 10.5]])).toEqual({ seekTo: null, removeTo: null });
  });
  it('jumps to just before the live edge when behind', () => {
    expect(decideBuffer(10, [[9, 14]]).seekTo).toBeCloseTo(13.6);
  });
  it('jumps over a gap to the newest range', () => {
    expect(decideBuffer(5, [[0, 5.5], [20, 21]]).seekTo).toBe(20.6);
  });
  it('trims played video older than the keep window, in whole seconds', () => {
    expect(decideBuffer(30, [[0, 30.3]]).removeTo).toBe(22);
    expect(decideBuffer(9, [[0, 9.2]]).removeTo).toBe(null);
  });
  it('backs off reconnects from 0.5 s to at most 15 s with jitter', () => {
    expect(reconnectDelay(0, () => 0.5)).toBe(500);
    expect(reconnectDelay(3, () => 0.5)).toBe(4000);
    expect(reconnectDelay(20, () => 1)).toBe(18_000);
    expect(reconnectDelay(20, () => 0)).toBe(12_000);
  });
});

const ev = (id: string, startMs: number, endMs: number | null, kind: 'motion' | 'person' = 'motion', cameraId = 'c1'): EventView => ({
  id,
  cameraId,
  kind,
  startMs,
  endMs,
  updatedMs: startMs,
  peakRatio: 0.1,
  boxes: [],
  frameWidth: 640,
  frameHeight: 480,
  topScore: null,
  personBox: null,
  hasSnapshot: false,
  keepForever: false,
  trackId: null,
  path: [],
  zone: null,
  reviewed: false,
});

describe('timeline arithmetic', () => {
  it('maps time to x and back', () => {
    expect(timeToX(1500, 1000, 2000, 500)).toBe(250);
    expect(xToTime(250, 1000, 2000, 500)).toBe(1500);
  });
  it('spaces axis ticks at least the asked pixels apart, aligned to round times', () => {
    const start = Date.UTC(2026, 0, 1, 0, 7);
    const ticks = axisTicks(start, start + 3_600_000, 800, 80);
    expect(ticks.length).toBeGreaterThan(3);
    const step = (ticks[1] as number) - (ticks[0] as number);
    expect((step / 3_600_000) * 800).toBeGreaterThanOrEqual(80);
    expect((ticks[0] as number) % 60_000).toBe(0);
  });
  it('renders only the visible rows plus overscan', () => {
    expect(visibleRows(0, 700, 70, 10_000, 5)).toEqual({ first: 0, last: 15 });
    expect(visibleRows(70_000, 700, 70, 10_000, 5)).toEqual({ first: 995, last: 1015 });
    expect(visibleRows(699_000, 700, 70, 10_000, 5)).toEqual({ first: 9980, last: 10_000 });
  });
  it('inserts live events in order and replaces updated ones', () => {
    let list = [ev('c', 300, 310), ev('a', 100, 110)];
    list = upsertSorted(list, ev('b', 200, null));
    expect(list.map((e) => e.id)).toEqual(['c', 'b', 'a']);
    list = upsertSorted(list, ev('b', 200, 250));
    expect(list.map((e) => [e.id, e.endMs])).toEqual([['c', 310], ['b', 250], ['a', 110]]);
  });
  it('hits the event under the pointer, a person before motion', () => {
    const events = [ev('p', 1400, 1500, 'person'), ev('m', 1300, 1600), ev('x', 1400, 1500, 'motion', 'c2')];
    expect(hitEvent(events, 'c1', 450, 1000, 2000, 1000, 2000)?.id).toBe('p');
    expect(hitEvent(events, 'c1', 580, 1000, 2000, 1000, 2000)?.id).toBe('m');
    expect(hitEvent(events, 'c1', 900, 1000, 2000, 1000, 2000)).toBeNull();
  });
});

describe('formatting', () => {
  it('reads bytes and durations as people do', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MB');
    expect(formatBytes(null)).toBe('–');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(3_723_000)).toBe('1 h 2 min');
  });
});
