import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../../preload/i18n/all-catalogs.ts';
import { rangeFromInputs, timeInputValue, timeOnDay } from '../../../../renderer/src/lib/export-range.ts';

const day = new Date(2026, 10, 25, 9, 30).getTime();
const at = (h: number, m: number, s = 0) => new Date(2026, 10, 25, h, m, s).getTime();

describe('the export range typed in', () => {
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

  it("says what is wrong with the inputs in the owner's language", () => {
    expect(rangeFromInputs(day, '14:20', '14:00', catalogs.th)).toBe(catalogs.th.review_end_after_start);
    expect(rangeFromInputs(day, '', '14:00', catalogs.vi)).toBe('Hãy nhập giờ bắt đầu và giờ kết thúc.');
    expect(rangeFromInputs(day, '', '14:00', catalogs['pt-BR'])).toBe('Informe um horário de início e um de fim.');
  });
});
