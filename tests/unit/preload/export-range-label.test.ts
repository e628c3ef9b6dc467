// A range export's name, one function for the core (a new export's default name) and the page (the range's label):
// local wall-clock times, seconds on both ends or neither, the date when not today, the cameras in the language given.
import { describe, expect, it } from 'vitest';
import { exportRangeLabel } from '../../../preload/export-range-label.ts';
import { catalogs } from '../../../preload/i18n/all-catalogs.ts';
import { en } from '../../../preload/i18n/catalog.ts';

const at = (h: number, m: number, s = 0) => new Date(2026, 10, 25, h, m, s).getTime();
const T0 = at(14, 0);

describe('the export range as the owner reads it', () => {
  it('names times and cameras', () => {
    expect(exportRangeLabel(en, ['Front door', 'Till'], at(14, 0), at(14, 20), at(15, 0))).toBe('14:00–14:20 on Front door, Till');
    expect(exportRangeLabel(en, ['Till'], at(14, 0, 5), at(14, 0, 50), at(15, 0))).toBe('14:00:05–14:00:50 on Till');
    // One end on a whole minute: seconds on both ends all the same (seen in CI: "19:02–19:02:45").
    expect(exportRangeLabel(en, ['Till'], at(19, 2), at(19, 2, 45), at(20, 0))).toBe('19:02:00–19:02:45 on Till');
    expect(exportRangeLabel(en, ['Till'], at(14, 0), at(14, 20), at(15, 0) + 86_400_000)).toBe('2026-11-25 14:00–14:20 on Till');
    expect(exportRangeLabel(en, [], at(14, 0), at(14, 20), at(15, 0))).toBe('14:00–14:20');
  });

  it('describes the range as the core names an export', () => {
    const now = T0 + 3_600_000;
    expect(exportRangeLabel(en, ['Front door', 'Till'], T0, T0 + 20 * 60_000, now)).toBe('14:00–14:20 on Front door, Till');
    expect(exportRangeLabel(en, ['Till'], T0 + 5_000, T0 + 65_000, now)).toBe('14:00:05–14:01:05 on Till');
    expect(exportRangeLabel(en, ['Till'], T0, T0 + 60_000, T0 + 3 * 86_400_000)).toBe('2026-11-25 14:00–14:01 on Till');
  });

  it('gives both dates when the range spans midnight', () => {
    const from = new Date(2026, 10, 25, 23, 50).getTime();
    const to = new Date(2026, 10, 26, 0, 10).getTime();
    expect(exportRangeLabel(en, ['Till'], from, to, to)).toBe('2026-11-25 23:50–2026-11-26 00:10 on Till');
  });

  it("says it in the owner's language, the times the same in every language", () => {
    const now = at(15, 0);
    expect(exportRangeLabel(catalogs.th, ['หน้าร้าน', 'แคชเชียร์'], T0, at(14, 20), now)).toBe('14:00–14:20 ที่ หน้าร้าน, แคชเชียร์');
    expect(exportRangeLabel(catalogs['pt-BR'], ['Porta', 'Caixa'], T0, at(14, 20), now)).toBe('14:00–14:20 em Porta, Caixa');
    expect(exportRangeLabel(catalogs.vi, ['Cửa trước'], T0, at(14, 20), now + 86_400_000)).toBe('2026-11-25 14:00–14:20 trên Cửa trước');
  });
});
