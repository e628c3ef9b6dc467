import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  EVENTS_MODE_BUFFER_MS,
  HOUR_MS,
  REASON_AGE,
  REASON_QUOTA,
  REASON_SPACE,
  planSegmentRetention,
  type CameraPolicy,
  type EventWindow,
  type SegmentRetentionInput,
} from '../../../../main/core/retention/segment-retention-plan.ts';

const NOW = 1_800_000_000_000;
const SEG = 10_000;
const policy = (p: Partial<CameraPolicy> = {}): CameraPolicy => ({ mode: 'continuous', preRollMs: 5000, postRollMs: 5000, continuousDays: 7, eventRetainDays: 30, ...p });

/** Segments given as [camera, startMs, sizeBytes?]; sorted by start as the job reads them. */
function columns(list: Array<[number, number, number?]>) {
  const sorted = [...list].sort((a, b) => a[1] - b[1]);
  return {
    count: sorted.length,
    camera: Uint16Array.from(sorted.map((s) => s[0])),
    startMs: Float64Array.from(sorted.map((s) => s[1])),
    endMs: Float64Array.from(sorted.map((s) => s[1] + SEG)),
    sizeBytes: Float64Array.from(sorted.map((s) => s[2] ?? 1000)),
  };
}

/** A run of contiguous 10 s segments of one camera from `fromMs` for `count` segments. */
function run(camera: number, fromMs: number, count: number, size = 1000): Array<[number, number, number]> {
  return Array.from({ length: count }, (_, i) => [camera, fromMs + i * SEG, size] as [number, number, number]);
}

const roomy = { quotaBytes: 0, freeBytes: 1e12, totalDiskBytes: 4e12, floorSettingBytes: 1e9 };
const plan = (over: Partial<SegmentRetentionInput> & Pick<SegmentRetentionInput, 'segments'>) =>
  planSegmentRetention({ cameras: [policy()], events: [], now: NOW, ...roomy, ...over });
const deletedStarts = (segments: ReturnType<typeof columns>, reasons: Uint8Array, reason?: number) =>
  [...reasons].flatMap((r, i) => (r !== 0 && (reason === undefined || r === reason) ? [segments.startMs[i]!] : []));

describe('segment retention: by days', () => {
  it('continuous: footage outside events goes after continuousDays, per camera', () => {
    const segments = columns([[0, NOW - 8 * DAY_MS], [0, NOW - 6 * DAY_MS], [1, NOW - 8 * DAY_MS], [1, NOW - 2 * DAY_MS - SEG]]);
    const p = plan({ segments, cameras: [policy({ continuousDays: 7 }), policy({ continuousDays: 2 })] });
    expect(deletedStarts(segments, p.reasons, REASON_AGE)).toEqual([NOW - 8 * DAY_MS, NOW - 8 * DAY_MS, NOW - 2 * DAY_MS - SEG]);
    expect(p.deleted).toEqual({ age: 3, quota: 0, space: 0 });
    expect(p.deletedBytes).toBe(3000);
  });

  it('continuous: footage overlapping an event ± rolls lasts as long as the event, longer than continuous days', () => {
    const start = NOW - 20 * DAY_MS;
    const segments = columns(run(0, start, 10)); // 100 s of footage
    // Event from +32 s to +41 s; rolls 5 s: window [27, 46) touches segments 2, 3 and 4.
    const events: EventWindow[] = [{ camera: 0, startMs: start + 32_000, endMs: start + 41_000, keepForever: false }];
    const p = plan({ segments, events });
    expect(deletedStarts(segments, p.reasons).map((s) => (s - start) / 1000)).toEqual([0, 10, 50, 60, 70, 80, 90]);
    // After the event's own 30 days, its footage goes too.
    const later = plan({ segments, events, now: start + 41_000 + 30 * DAY_MS + 1 });
    expect(later.deleted.age).toBe(10);
  });

  it('the rolls decide which segments an event keeps', () => {
    const start = NOW - 20 * DAY_MS;
    const segments = columns(run(0, start, 10));
    const events: EventWindow[] = [{ camera: 0, startMs: start + 45_000, endMs: start + 46_000, keepForever: false }];
    const kept = (pre: number, post: number) => {
      const p = plan({ segments, events, cameras: [policy({ preRollMs: pre, postRollMs: post })] });
      return [...p.reasons].flatMap((r, i) => (r === 0 ? [(segments.startMs[i]! - start) / 1000] : []));
    };
    expect(kept(0, 0)).toEqual([40]);
    expect(kept(5000, 0)).toEqual([40]);
    expect(kept(5001, 0)).toEqual([30, 40]);
    expect(kept(20_000, 14_001)).toEqual([20, 30, 40, 50, 60]);
  });

  it('events mode: footage outside events goes after the short buffer, inside events ± rolls stays', () => {
    const start = NOW - 30 * 60_000;
    const segments = columns(run(0, start, 180)); // the last 30 minutes
    const events: EventWindow[] = [
      { camera: 0, startMs: start + 100_000, endMs: start + 130_000, keepForever: false },
      { camera: 0, startMs: start + 600_000, endMs: start + 601_000, keepForever: false },
    ];
    const p = plan({ segments, events, cameras: [policy({ mode: 'events' })] });
    const keptStarts = [...p.reasons].flatMap((r, i) => (r === 0 ? [(segments.startMs[i]! - start) / 1000] : []));
    // Inside the windows [95, 135) and [595, 606), plus everything younger than the buffer (ended after now − 10 min).
    const bufferStart = (NOW - EVENTS_MODE_BUFFER_MS - start) / 1000 - 10;
    expect(keptStarts.filter((s) => s < bufferStart)).toEqual([90, 100, 110, 120, 130, 590, 600]);
    expect(keptStarts.filter((s) => s > bufferStart).length).toBe(60);
    expect(p.deleted.age).toBe(180 - keptStarts.length);
  });

  it('off mode: footage already recorded follows the events rules', () => {
    const start = NOW - HOUR_MS;
    const segments = columns(run(0, start, 6));
    const events: EventWindow[] = [{ camera: 0, startMs: start + 12_000, endMs: start + 14_000, keepForever: false }];
    const p = plan({ segments, events, cameras: [policy({ mode: 'off' })] });
    expect(deletedStarts(segments, p.reasons).map((s) => (s - start) / 1000)).toEqual([20, 30, 40, 50]);
  });

  it('an open event keeps its footage; 0 event days keep it for ever; events of another camera do not count', () => {
    const start = NOW - 40 * DAY_MS;
    const segments = columns([...run(0, start, 3), ...run(1, start, 3)]);
    const open: EventWindow = { camera: 0, startMs: start + 15_000, endMs: null, keepForever: false };
    const deletedOf = (p: { reasons: Uint8Array }) => [...p.reasons].flatMap((r, i) => (r !== 0 ? [`${segments.camera[i]}@${(segments.startMs[i]! - start) / 1000}`] : []));
    // Camera 0: the open event's window starts at 10 s (pre-roll 5 s), so only [0, 10) goes; camera 1 has no event.
    expect(deletedOf(plan({ segments, events: [open] })).sort()).toEqual(['0@0', '1@0', '1@10', '1@20']);
    const closed = { ...open, endMs: start + 16_000 };
    expect(deletedOf(plan({ segments, events: [closed], cameras: [policy({ eventRetainDays: 0 }), policy()] })).sort()).toEqual(['0@0', '1@0', '1@10', '1@20']);
    // With 30 event days the closed event (40 days old) no longer keeps anything.
    expect(deletedOf(plan({ segments, events: [closed] })).length).toBe(6);
  });

  it('segments of a removed camera follow the defaults (events mode)', () => {
    const segments = columns([[5, NOW - HOUR_MS], [5, NOW - 60_000]]);
    const p = plan({ segments });
    expect(deletedStarts(segments, p.reasons)).toEqual([NOW - HOUR_MS]);
  });

  it('overlapping windows: a long event behind a short one still protects later segments', () => {
    const start = NOW - 60 * DAY_MS;
    const segments = columns(run(0, start, 100));
    const events: EventWindow[] = [
      { camera: 0, startMs: start, endMs: start + 900_000, keepForever: true },
      { camera: 0, startMs: start + 5_000, endMs: start + 6_000, keepForever: false },
    ];
    const p = plan({ segments, events });
    const kept = [...p.reasons].filter((r) => r === 0).length;
    expect(kept).toBe(91); // [−5 s, 905 s) covers segments 0..90
  });
});

describe('segment retention: keep-forever', () => {
  const start = NOW - 400 * DAY_MS;
  const segments = columns(run(0, start, 20, 5000));
  const events: EventWindow[] = [{ camera: 0, startMs: start + 50_000, endMs: start + 60_000, keepForever: true }];

  it('survives days, quota and the free-space floor', () => {
    const p = plan({ segments, events, quotaBytes: 1, freeBytes: 0, totalDiskBytes: 1e9, floorSettingBytes: 1e8 });
    const kept = [...p.reasons].flatMap((r, i) => (r === 0 ? [(segments.startMs[i]! - start) / 1000] : []));
    expect(kept).toEqual([40, 50, 60]);
    expect(p.quotaOverBytes).toBe(15_000 - 1);
  });

  it('pinned ranges (an export reading them) are skipped like keep-forever', () => {
    const p = plan({ segments, events: [], pins: [{ camera: 0, startMs: start + 100_000, endMs: start + 120_000 }] });
    expect([...p.reasons].flatMap((r, i) => (r === 0 ? [(segments.startMs[i]! - start) / 1000] : []))).toEqual([100, 110]);
  });
});

describe('segment retention: quota', () => {
  it('deletes the oldest first across cameras until under the quota', () => {
    const segments = columns([[0, NOW - 50_000, 100], [1, NOW - 40_000, 100], [0, NOW - 30_000, 100], [1, NOW - 20_000, 100]]);
    const p = plan({ segments, cameras: [policy(), policy()], quotaBytes: 250 });
    expect(deletedStarts(segments, p.reasons, REASON_QUOTA)).toEqual([NOW - 50_000, NOW - 40_000]);
    expect(p.quotaOverBytes).toBe(0);
  });

  it('counts what age already deleted; no quota means none', () => {
    const segments = columns([[0, NOW - 10 * DAY_MS, 100], [0, NOW - 40_000, 100], [0, NOW - 30_000, 100]]);
    expect(plan({ segments, quotaBytes: 200 }).deleted).toEqual({ age: 1, quota: 0, space: 0 });
    expect(plan({ segments, quotaBytes: 0 }).deleted).toEqual({ age: 1, quota: 0, space: 0 });
    expect(plan({ segments, quotaBytes: 150 }).deleted).toEqual({ age: 1, quota: 1, space: 0 });
  });
});

describe('segment retention: free-space floor', () => {
  // Two hours of one camera at 1,000 bytes a segment (100 bytes/s).
  const start = NOW - 2 * HOUR_MS;
  const segments = columns(run(0, start, 720));

  it('measures the bitrate and uses max(setting, one hour of recording) as the floor, capped at half the disk', () => {
    const p = plan({ segments, freeBytes: 1e9, floorSettingBytes: 1000 });
    expect(p.bitrateBytesPerSec).toBeCloseTo(100, 6);
    expect(p.floorBytes).toBeCloseTo(360_000, 3);
    expect(plan({ segments, freeBytes: 1e9, floorSettingBytes: 1e6 }).floorBytes).toBe(1e6);
    expect(plan({ segments, freeBytes: 1e9, floorSettingBytes: 1e6, totalDiskBytes: 1e6 }).floorBytes).toBe(5e5);
  });

  it('under the floor the oldest hour goes, then more until the floor holds', () => {
    const p = plan({ segments, freeBytes: 350_000, floorSettingBytes: 0 });
    expect(p.deleted.space).toBe(360); // one segment would do; the whole oldest hour goes
    expect(deletedStarts(segments, p.reasons, REASON_SPACE).at(-1)).toBe(start + HOUR_MS - SEG);
    const deeper = plan({ segments, freeBytes: 0, floorSettingBytes: 500_000 });
    expect(deeper.deleted.space).toBe(500);
    expect(deeper.spaceShortBytes).toBe(0);
  });

  it('over the floor nothing goes; a floor that deleting everything cannot reach deletes nothing and reports the shortfall', () => {
    expect(plan({ segments, freeBytes: 400_000, floorSettingBytes: 0 }).deleted.space).toBe(0);
    const p = plan({ segments, freeBytes: 0, floorSettingBytes: 800_000 });
    expect(p.deleted.space).toBe(0);
    expect(p.spaceShortBytes).toBe(800_000 - 0);
  });

  it('counts age and quota deletions as freed space before deleting by space', () => {
    const old = columns([...run(0, NOW - 30 * DAY_MS, 100), ...run(0, NOW - HOUR_MS, 10)]);
    const p = plan({ segments: old, freeBytes: 0, floorSettingBytes: 50_000 });
    expect(p.deleted).toEqual({ age: 100, quota: 0, space: 0 });
  });
});

describe('segment retention: scale', () => {
  it('plans 100,000 segments with 10,000 events of 4 cameras', () => {
    const n = 100_000;
    const segments = {
      count: n,
      camera: new Uint16Array(n),
      startMs: new Float64Array(n),
      endMs: new Float64Array(n),
      sizeBytes: new Float64Array(n).fill(1_000_000),
    };
    const t0 = NOW - 30 * DAY_MS;
    for (let i = 0; i < n; i++) {
      segments.camera[i] = i % 4;
      segments.startMs[i] = t0 + Math.floor(i / 4) * SEG;
      segments.endMs[i] = segments.startMs[i]! + SEG;
    }
    const events: EventWindow[] = Array.from({ length: 10_000 }, (_, k) => ({ camera: k % 4, startMs: t0 + k * 25_000, endMs: t0 + k * 25_000 + 8_000, keepForever: k % 1000 === 0 }));
    const p = planSegmentRetention({ segments, cameras: [policy(), policy({ mode: 'events' }), policy(), policy()], events, now: NOW, ...roomy });
    expect(p.deleted.age).toBeGreaterThan(0);
    expect(p.reasons.length).toBe(n);
  });
});
