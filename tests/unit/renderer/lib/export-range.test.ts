import { describe, expect, it } from 'vitest';
import { rangeFromInputs, rangeLabel, timeInputValue, timeOnDay } from '../../../../renderer/src/lib/export-range.ts';

const day = new Date(2026, 10, 25, 9, 30).getTime();
const at = (h: number, m: number, s = 0) => new Date(2026, 10, 25, h, m, s).getTime();

describe('the export range as the owner reads it', () => {
  it('names times and cameras', () => {
    expect(rangeLabel(['Front door', 'Till'], at(14, 0), at(14, 20), at(15, 0))).toBe('14:00–14:20 on Front door, Till');
    expect(rangeLabel(['Till'], at(14, 0, 5), at(14, 0, 50), at(15, 0))).toBe('14:00:05–14:00:50 on Till');
    // One end on a whole minute: seconds on both ends all the same (seen in CI: "19:02–19:02:45").
    expect(rangeLabel(['Till'], at(19, 2), at(19, 2, 45), at(20, 0))).toBe('19:02:00–19:02:45 on Till');
    expect(rangeLabel(['Till'], at(14, 0), at(14, 20), at(15, 0) + 86_400_000)).toBe('2026-11-25 14:00–14:20 on Till');
    expect(rangeLabel([], at(14, 0), at(14, 20), at(15, 0))).toBe('14:00–14:20');
  });

  it('reads two time inputs on a day', () => {
    expect(timeOnDay(day, '14:03')).toBe(at(14, 3));
    expect(timeOnDay(day, '14:03:09')).toBe(at(14, 3, 9));
    expect(timeOnDay(day, '24:00')).toBeNull();
    expect(timeOnDay(day, '')).toBeNull();
    expect(rangeFromInputs(day, '14:00', '14:20:30')).toEqual({ from: at(14, 0), to: at(14, 20, 30) });
    expect(rangeFromInputs(day, '14:20', '14:00')).toBe('The end time must be after the start time.');
    expect(rangeFromInputs(day, '', '14:00')).toBe('Enter a start and an end time.');
    expect(timeInputValue(at(7, 5, 3))).toBe('07:05:03');
  });
});
