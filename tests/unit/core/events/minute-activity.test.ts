import { describe, expect, it } from 'vitest';
import { MinuteActivity } from '../../../../main/core/events/minute-activity.ts';

describe('MinuteActivity', () => {
  it('writes one row per minute with frames, motion frames and the max ratio', () => {
    const rows: unknown[][] = [];
    const a = new MinuteActivity('cam', { add: (...args) => void rows.push(args) });
    const t0 = 1_700_000_040_000 + 40_000; // 40 s into a minute
    a.add(t0, false, 0);
    a.add(t0 + 200, true, 0.1);
    a.add(t0 + 400, true, 0.3);
    expect(rows).toEqual([]);
    a.add(t0 + 20_000, true, 0.05); // next minute
    const minute = t0 - (t0 % 60_000);
    expect(rows).toEqual([['cam', minute, 3, 2, 0.3]]);
    a.flushIfDue(t0 + 30_000);
    expect(rows).toHaveLength(1);
    a.flushIfDue(minute + 120_000);
    expect(rows[1]).toEqual(['cam', minute + 60_000, 1, 1, 0.05]);
    a.flush();
    expect(rows).toHaveLength(2);
  });
});
