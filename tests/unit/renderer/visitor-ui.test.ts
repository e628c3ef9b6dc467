// The UI's pure parts for tracked visitors: counting lines in the wizard (their "in" arrow agrees with the rules on
// tracks), loitering zones, the settings they save, "people per hour" over the local day (DST days included), the
// stacked rows of overlapping visitors on the timeline, and the path over an event's snapshot.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addLine,
  addLoiterZone,
  arrowHead,
  inArrow,
  moveLineEnd,
  namesProblem,
  nextName,
  parseLoiterSeconds,
  removeItem,
  renameItem,
  reverseLine,
  sideOf,
  syncLoiterZones,
} from '../../../renderer/src/wizard/line-edit.ts';
import { buildCameraInput, buildCameraPatch, settingsFromCamera } from '../../../renderer/src/wizard/wizard-logic.ts';
import { barLabel, dayStart, hourlyCounts, layoutBars, nextDayStart, niceMax } from '../../../renderer/src/timeline/visitor-chart.ts';
import { rowAt, rowBand, stackEvents } from '../../../renderer/src/timeline/event-stack.ts';
import { pathGeometry } from '../../../renderer/src/lib/track-path.ts';
import { containRect } from '../../../renderer/src/lib/letterbox.ts';
import { TrackRules, defaultRuleTuning } from '../../../main/core/tracking/track-rules.ts';
import { cameraInputSchema, cameraPatchSchema } from '../../../preload/settings-schema.ts';
import type { CameraProbeResult, CameraView, EventView } from '../../../preload/contract.ts';

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('counting lines in the wizard', () => {
  it('adds a line with the next free name, refuses one too short or one too many', () => {
    const one = addLine([], [0.1, 0.5], [0.9, 0.5]);
    expect(one).toEqual({ ok: true, lines: [{ name: 'Line 1', a: [0.1, 0.5], b: [0.9, 0.5] }] });
    if (!one.ok) return;
    const renamed = renameItem(one.lines, 0, 'Door');
    const two = addLine(renamed, [0.2, 0.2], [0.2, 0.8]);
    expect(two.ok && two.lines.map((l) => l.name)).toEqual(['Door', 'Line 1']);
    expect(addLine([], [0.5, 0.5], [0.505, 0.51])).toEqual({ ok: false, message: expect.stringMatching(/too close together/) });
    let full = one.lines;
    for (let i = 0; i < 7; i++) {
      const r = addLine(full, [0, i / 10], [1, i / 10]);
      if (r.ok) full = r.lines;
    }
    expect(full).toHaveLength(8);
    expect(addLine(full, [0, 0], [1, 1])).toEqual({ ok: false, message: expect.stringMatching(/At most 8/) });
    expect(nextName([{ name: 'line 1' }, { name: 'Line 3' }], 'Line')).toBe('Line 2');
  });

  it('the "in" arrow points to the side the rules on tracks count as in; reversing the line swaps it', () => {
    const line = { name: 'Door', a: [0.1, 0.5] as [number, number], b: [0.9, 0.5] as [number, number] };
    const arrow = inArrow(line, 16 / 9);
    expect(arrow.from).toEqual([0.5, 0.5]);
    expect(arrow.to[0]).toBeCloseTo(0.5, 6);
    expect(arrow.to[1]).toBeCloseTo(0.58, 6); // down the picture: a line drawn left to right counts walking down as in
    expect(sideOf(line, arrow.to)).toBe('in');
    const [w1, w2] = arrowHead(arrow.from, arrow.to, 16 / 9);
    expect(w1[1]).toBeLessThan(arrow.to[1]);
    expect(w2[1]).toBeLessThan(arrow.to[1]);

    // The same decision as TrackRules: a person walking from the arrow's tail side to its head is counted "in".
    const rules = new TrackRules({ width: 640, height: 360, lines: [{ id: 'Door', a: line.a, b: line.b }], zones: [], ...defaultRuleTuning });
    const box = (y: number) => ({ x: 300, y: y - 60, w: 40, h: 60 });
    let ins = 0;
    for (let i = 0; i <= 20; i++) {
      const report = rules.update(i * 200, [{ id: 7, state: 'active', box: box(120 + i * 6), label: 'person' } as never]);
      ins += report.crossings.filter((c) => c.direction === 'in').length;
    }
    expect(ins).toBe(1);

    const reversed = reverseLine([line], 0)[0]!;
    expect(reversed).toEqual({ name: 'Door', a: [0.9, 0.5], b: [0.1, 0.5] });
    expect(sideOf(reversed, arrow.to)).toBe('out');
    expect(inArrow(reversed, 16 / 9).to[1]).toBeCloseTo(0.42, 6);
    // A tall picture: the arrow stays perpendicular on the screen for a diagonal line.
    const diag = inArrow({ a: [0, 0], b: [1, 1] }, 0.5);
    const screen = [(diag.to[0] - diag.from[0]) * 0.5, diag.to[1] - diag.from[1]];
    expect(screen[0]! * (1 * 0.5) + screen[1]! * 1).toBeCloseTo(0, 6);
    expect(moveLineEnd([line], 0, 'b', [1.4, 0.3])[0]!.b).toEqual([1, 0.3]);
    expect(removeItem([line], 0)).toEqual([]);
  });

  it('loitering zones get a name and the default 60 s; seconds and names are checked with a sentence', () => {
    const zones = addLoiterZone([], [[0.1, 0.1], [0.5, 0.1], [0.3, 0.6]]);
    expect(zones).toEqual([{ name: 'Zone 1', polygon: [[0.1, 0.1], [0.5, 0.1], [0.3, 0.6]], seconds: 60 }]);
    expect(parseLoiterSeconds(' 90 ')).toEqual({ ok: true, seconds: 90 });
    for (const bad of ['4', '3601', '1.5', '', 'ten']) expect(parseLoiterSeconds(bad)).toEqual({ ok: false, message: 'Give a whole number of seconds from 5 to 3600.' });
    expect(namesProblem([{ name: 'Till' }, { name: ' till ' }], 'loitering zone')).toBe('Two loitering zones are named "till": give each its own name.');
    expect(namesProblem([{ name: '  ' }], 'line')).toBe('Every line needs a name.');
    expect(namesProblem([{ name: 'Till' }, { name: 'Door' }], 'line')).toBeNull();
  });

  it('keeps each loitering zone\'s name and time while the polygon editor adds, moves and deletes shapes', () => {
    const tri = (x: number): [number, number][] => [[x, 0.1], [x + 0.2, 0.1], [x + 0.1, 0.4]];
    let zones = syncLoiterZones([], [tri(0)]);
    zones = syncLoiterZones(zones, [zones[0]!.polygon, tri(0.3)]);
    zones = syncLoiterZones(zones, [...zones.map((z) => z.polygon), tri(0.6)]);
    zones = renameItem(zones, 0, 'Till').map((z, i) => (i === 1 ? { ...z, seconds: 20 } : z));
    expect(zones.map((z) => [z.name, z.seconds])).toEqual([['Till', 60], ['Zone 2', 20], ['Zone 3', 60]]);
    // Deleting the middle shape removes that zone only.
    const polys = zones.map((z) => z.polygon);
    const removed = syncLoiterZones(zones, [polys[0]!, polys[2]!]);
    expect(removed.map((z) => z.name)).toEqual(['Till', 'Zone 3']);
    // Moving a point replaces one shape: names and times stay.
    const moved = syncLoiterZones(removed, [tri(0.05), removed[1]!.polygon]);
    expect(moved.map((z) => [z.name, z.seconds, z.polygon[0]])).toEqual([['Till', 60, [0.05, 0.1]], ['Zone 3', 60, [0.6, 0.1]]]);
  });

  it('the wizard saves the lines and zones as the tracking settings; an edit sends them only when they changed', () => {
    const probe = { ok: true, mainUrl: 'rtsp://10.0.0.2/main', subUrl: null } as unknown as CameraProbeResult;
    const settings = {
      ...settingsFromCamera(undefined),
      name: 'Door',
      lines: [{ name: ' Entrance ', a: [0.1, 0.5] as [number, number], b: [0.9, 0.5] as [number, number] }],
      loiterZones: [{ name: 'Till', polygon: [[0.1, 0.1], [0.5, 0.1], [0.3, 0.6]] as [number, number][], seconds: 30 }],
    };
    const parsed = cameraInputSchema.parse(buildCameraInput(probe, { username: '', password: '' }, settings));
    expect(parsed.tracking.lines).toEqual([{ name: 'Entrance', a: [0.1, 0.5], b: [0.9, 0.5] }]);
    expect(parsed.tracking.loiterZones).toEqual([{ name: 'Till', polygon: [[0.1, 0.1], [0.5, 0.1], [0.3, 0.6]], seconds: 30 }]);

    const camera = { ...parsed, id: 'c1', hasPassword: false, status: {} } as unknown as CameraView;
    const again = settingsFromCamera(camera);
    expect(again.lines).toEqual([{ name: 'Entrance', a: [0.1, 0.5], b: [0.9, 0.5] }]);
    expect('tracking' in buildCameraPatch(camera, null, { username: '', password: '' }, again)).toBe(false);
    const changed = buildCameraPatch(camera, null, { username: '', password: '' }, { ...again, lines: reverseLine(again.lines, 0) });
    expect(changed.tracking).toEqual({ lines: [{ name: 'Entrance', a: [0.9, 0.5], b: [0.1, 0.5] }], loiterZones: parsed.tracking.loiterZones });
    expect(cameraPatchSchema.safeParse(changed).success).toBe(true);
  });
});

describe('people per hour', () => {
  const minute = (cameraId: string, startMs: number, visitors: number, ins = visitors, outs = 0) => ({ cameraId, startMs, visitors, ins, outs });

  it('sums minute counts into the local hours of the day, per camera or for all', () => {
    process.env.TZ = 'Asia/Kolkata'; // +05:30: an hour bucket of UTC would straddle two local hours
    const day = dayStart(Date.UTC(2026, 11, 1, 6)); // 1 Dec, local midnight = 18:30 UTC the day before
    expect(day).toBe(Date.UTC(2026, 10, 30, 18, 30));
    const buckets = [
      minute('door', day + 9 * 3_600_000 + 5 * 60_000, 2),
      minute('door', day + 9 * 3_600_000 + 59 * 60_000, 1, 0, 1),
      minute('till', day + 9 * 3_600_000 + 10 * 60_000, 4),
      minute('door', day + 23 * 3_600_000 + 59 * 60_000, 1),
      minute('door', day - 60_000, 9), // the day before
      minute('door', nextDayStart(day), 9), // the day after
    ];
    const all = hourlyCounts(buckets, day);
    expect(all).toHaveLength(24);
    expect(all[9]).toEqual({ startMs: day + 9 * 3_600_000, hour: 9, visitors: 7, ins: 6, outs: 1 });
    expect(all[23]!.visitors).toBe(1);
    expect(all.reduce((s, h) => s + h.visitors, 0)).toBe(8);
    expect(hourlyCounts(buckets, day, ['door'])[9]!.visitors).toBe(3);
    expect(barLabel(all[9]!)).toBe('09:00–10:00: 7 people (6 in, 1 out)');
    expect(barLabel({ ...all[23]!, ins: 0 })).toBe('23:00–00:00: 1 person');
  });

  it('a day when the clocks go forward has 23 hours, and the hours after it keep their local labels', () => {
    process.env.TZ = 'Europe/Paris';
    const day = dayStart(Date.UTC(2026, 2, 29, 12)); // 29 March 2026: 02:00 becomes 03:00
    const hours = hourlyCounts([], day);
    expect(hours).toHaveLength(23);
    expect(hours.map((h) => h.hour).slice(0, 4)).toEqual([0, 1, 3, 4]);
  });

  it('lays out bars on a round scale', () => {
    expect([0, 1, 3, 7, 12, 51].map(niceMax)).toEqual([1, 1, 5, 10, 20, 100]);
    process.env.TZ = 'UTC';
    const day = Date.UTC(2026, 11, 1);
    const hours = hourlyCounts([minute('door', day + 10 * 3_600_000, 8), minute('door', day + 11 * 3_600_000, 4)], day);
    const chart = layoutBars(hours, 28 + 6 + 240, 8 + 100 + 16);
    expect(chart.max).toBe(10);
    expect(chart.total).toBe(12);
    expect(chart.bars).toHaveLength(24);
    expect(chart.bars[10]).toMatchObject({ x: 28 + 100 + 1, w: 8, h: 80, y: 8 + 20 });
    expect(chart.bars[11]!.h).toBe(40);
    expect(chart.bars[0]!.h).toBe(0);
  });
});

describe('visitors on the timeline and on the snapshot', () => {
  const ev = (id: string, cameraId: string, startMs: number, endMs: number | null, kind: EventView['kind'] = 'person'): EventView => ({
    id, cameraId, kind, startMs, endMs, updatedMs: startMs, peakRatio: 0, boxes: [], frameWidth: 640, frameHeight: 360,
    topScore: null, personBox: null, hasSnapshot: false, keepForever: false, trackId: null, path: [], zone: null, reviewed: false,
  });

  it('overlapping visitors take rows of their own; one that starts after another ended reuses its row', () => {
    const events = [
      ev('a', 'door', 0, 10_000),
      ev('b', 'door', 5_000, 20_000),
      ev('c', 'door', 12_000, null), // still open: ends "now"
      ev('d', 'door', 21_000, 22_000),
      ev('m', 'door', 0, 60_000, 'motion'),
      ev('x', 'till', 1_000, 2_000),
    ];
    const s = stackEvents(events, 30_000);
    expect(['a', 'b', 'c', 'd', 'm', 'x'].map((id) => s.row.get(id))).toEqual([0, 1, 0, 1, 0, 0]);
    expect(s.rows.get('door')).toBe(2);
    expect(s.rows.get('till')).toBe(1);
    // Past the row limit, the rest share the last row.
    const crowd = Array.from({ length: 6 }, (_, i) => ev(`p${i}`, 'door', i, 100));
    const capped = stackEvents(crowd, 200, 4);
    expect(crowd.map((e) => capped.row.get(e.id))).toEqual([0, 1, 2, 3, 3, 3]);
    expect(capped.rows.get('door')).toBe(4);
    expect(rowBand(1, 2, 13, 22)).toEqual({ y: 24, h: 10 });
    expect(rowBand(0, 1, 13, 22)).toEqual({ y: 13, h: 22 });
    expect(rowAt(25, 2, 13, 22)).toBe(1);
    expect(rowAt(0, 2, 13, 22)).toBe(0);
  });

  it('the path is the feet of each box, scaled from the frame onto the displayed picture; no path, nothing drawn', () => {
    const pic = containRect(1280, 900, 640, 360); // letterboxed: 1280 × 720 at y 90
    const g = pathGeometry(
      [
        { t: 0, x: 100, y: 100, w: 40, h: 80 },
        { t: 250, x: 120, y: 110, w: 40, h: 80 },
      ],
      640,
      360,
      pic,
    );
    expect(g).toEqual({ points: '240,450 280,470', start: { x: 240, y: 450 }, end: { x: 280, y: 470 } });
    expect(pathGeometry([], 640, 360, pic)).toBeNull();
    expect(pathGeometry([{ t: 0, x: 1, y: 1, w: 1, h: 1 }], 0, 0, pic)).toBeNull();
  });
});
