// Retention of re-indexed footage (found in the data folder by a database that did not index it), pure: never by age
// or quota; under the free-space floor only after every other deletable segment or event, oldest first.
import { describe, expect, it } from 'vitest';
import { DAY_MS, REASON_SPACE, planSegmentRetention, type CameraPolicy } from '../../../../main/core/retention/segment-retention-plan.ts';
import { planRetention } from '../../../../main/core/retention/retention-plan.ts';

const NOW = 1_800_000_000_000;
const SEG = 10_000;
const policy: CameraPolicy = { mode: 'events', preRollMs: 0, postRollMs: 0, continuousDays: 7, eventRetainDays: 30 };

function columns(list: Array<[start: number, reindexed: 0 | 1]>) {
  return {
    count: list.length,
    camera: new Uint16Array(list.length),
    startMs: Float64Array.from(list.map((s) => s[0])),
    endMs: Float64Array.from(list.map((s) => s[0] + SEG)),
    sizeBytes: Float64Array.from(list.map(() => 1000)),
    reindexed: Uint8Array.from(list.map((s) => s[1])),
  };
}
const base = { cameras: [policy], events: [], now: NOW, quotaBytes: 0, totalDiskBytes: 1e9, floorSettingBytes: 0 };

describe('re-indexed segments', () => {
  it('are not deleted by age, however old, while own footage of the same age is', () => {
    const segments = columns([[NOW - 40 * DAY_MS, 1], [NOW - 40 * DAY_MS + SEG, 0], [NOW - DAY_MS, 1]]);
    const p = planSegmentRetention({ ...base, segments, freeBytes: 1e8 });
    expect([...p.reasons]).toEqual([0, 1, 0]);
  });

  it('are not deleted to meet the quota', () => {
    const segments = columns([[NOW - 3 * DAY_MS, 1], [NOW - 2 * DAY_MS, 1], [NOW - 60_000, 0]]);
    const p = planSegmentRetention({ ...base, cameras: [{ ...policy, mode: 'continuous' }], segments, freeBytes: 1e8, quotaBytes: 1500 });
    expect([...p.reasons]).toEqual([0, 0, 2]);
  });

  it('under the floor go last: own footage first (even newer), then re-indexed oldest first, only as much as needed', () => {
    const segments = columns([[NOW - 5 * DAY_MS, 1], [NOW - 4 * DAY_MS, 1], [NOW - 3 * DAY_MS, 1], [NOW - 60_000, 0]]);
    // Continuous mode so the own segment is not already due by age; free 7000 of a floor of 9000 (half of this small
    // disk) → 2000 to find.
    const p = planSegmentRetention({ ...base, cameras: [{ ...policy, mode: 'continuous' }], segments, freeBytes: 7000, floorSettingBytes: 9000, totalDiskBytes: 18_000 });
    expect(p.floorBytes).toBe(9000);
    expect([...p.reasons]).toEqual([REASON_SPACE, 0, 0, REASON_SPACE]);
    expect(p.spaceShortBytes).toBe(0);
  });

  it('count as deletable when deciding whether the floor can be met at all', () => {
    const segments = columns([[NOW - 5 * DAY_MS, 1], [NOW - 4 * DAY_MS, 1]]);
    const p = planSegmentRetention({ ...base, segments, freeBytes: 8500, floorSettingBytes: 9500, totalDiskBytes: 19_000 });
    expect([...p.reasons]).toEqual([REASON_SPACE, 0]);
  });
});

describe('re-indexed events (snapshots)', () => {
  const ev = (id: string, startMs: number, reindexed: boolean) => ({ id, cameraId: 'c', startMs, endMs: startMs + 1000, bytes: 100, keepForever: false, reindexed });
  it('are not deleted by age; under the floor they go after every other event', () => {
    const events = [ev('old-reindexed', NOW - 90 * DAY_MS, true), ev('old-own', NOW - 90 * DAY_MS, false), ev('new-own', NOW - DAY_MS, false)];
    expect(planRetention({ events, now: NOW, retainDays: new Map(), freeBytes: 1e9, floorBytes: 0 }).deletions).toEqual([{ id: 'old-own', reason: 'age', bytes: 100 }]);
    const short = planRetention({ events, now: NOW, retainDays: new Map(), freeBytes: 0, floorBytes: 250 });
    expect(short.deletions.map((d) => [d.id, d.reason])).toEqual([['old-own', 'age'], ['new-own', 'space'], ['old-reindexed', 'space']]);
  });
});
