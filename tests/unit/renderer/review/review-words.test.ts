// The Review screen's words and dates in the owner's language: the pure helpers take the catalog (the page passes
// i18n.m) and the Intl locale (the page's intlTag()); English stays as it was, Thai dates carry the Buddhist year.
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../../preload/i18n/all-catalogs.ts';
import { en } from '../../../../preload/i18n/catalog.ts';
import { eventWhen } from '../../../../renderer/src/lib/event-when.ts';
import { kindInZone, kindText } from '../../../../renderer/src/review/kind-text.ts';
import { monthTitle, weekdayNames } from '../../../../renderer/src/review/review-calendar.ts';
import { shortcuts } from '../../../../renderer/src/review/review-keys.ts';
import { tickLabel } from '../../../../renderer/src/timeline/axis-label.ts';
import { barLabel, type HourCount } from '../../../../renderer/src/timeline/visitor-chart.ts';

const hour = (h: number, visitors: number, ins = 0, outs = 0): HourCount => ({ startMs: new Date(2026, 10, 30, h).getTime(), hour: h, visitors, ins, outs });

describe("an event's kind", () => {
  it('is named in each language, loitering with its zone', () => {
    expect(kindText(en, 'motion')).toBe('Motion');
    expect(kindText(en, 'person')).toBe('Person');
    expect(kindInZone(en, 'loitering', 'Till area')).toBe('Loitering in Till area');
    expect(kindInZone(en, 'loitering', null)).toBe('Loitering');
    expect(kindInZone(en, 'person', 'Till area')).toBe('Person');
    expect(kindText(catalogs.th, 'motion')).toBe('การเคลื่อนไหว');
    expect(kindText(catalogs['pt-BR'], 'person')).toBe('Pessoa');
    expect(kindInZone(catalogs.vi, 'loitering', 'Quầy')).toBe('Lảng vảng ở Quầy');
  });
});

describe('when an event happened', () => {
  const now = new Date(2026, 11, 1, 17, 30, 0).getTime();

  it('says "going on" in the language given, the start in its locale', () => {
    const start = new Date(2026, 11, 1, 17, 2, 31).getTime();
    expect(eventWhen(start, null, now, catalogs['pt-BR'], 'pt-BR').length).toMatch(/^em andamento, /);
    expect(eventWhen(start, null, now, catalogs.vi, 'vi-VN').length).toMatch(/^đang diễn ra, /);
    const th = eventWhen(start, null, now, catalogs.th, 'th-TH');
    expect(th.length).toMatch(/^ยังดำเนินอยู่ /);
    expect(th.start).toBe('17:02:31'); // Thailand's 24-hour clock
    expect(eventWhen(start, null, now, en, 'en-US').start).toMatch(/^0?5:02:31\sPM$/);
  });

  it('names another day in the locale given', () => {
    const before = new Date(2026, 10, 30, 9, 5, 0).getTime();
    expect(eventWhen(before, before + 200_000, now, catalogs.th, 'th-TH').start).toMatch(/จ\.|จันทร์/);
    expect(eventWhen(before, before + 200_000, now, catalogs['pt-BR'], 'pt-BR').start).toMatch(/seg/);
  });
});

describe("the timeline's axis and the calendar", () => {
  it('label the axis in the locale given: times, and weekdays at midnight over days', () => {
    expect(tickLabel(new Date(2026, 10, 30, 14, 0).getTime(), 3_600_000, 'th-TH')).toBe('14:00');
    expect(tickLabel(new Date(2026, 10, 30, 14, 0).getTime(), 3_600_000, 'en-US')).toMatch(/^0?2:00\sPM$/);
    const midnight = new Date(2026, 10, 30).getTime();
    expect(tickLabel(midnight, 7 * 86_400_000, 'th-TH')).toMatch(/จ\.|จันทร์/);
    expect(tickLabel(midnight, 7 * 86_400_000, 'vi-VN')).toMatch(/Th 2|Thứ 2/);
    expect(tickLabel(midnight, 7 * 86_400_000, 'en-GB')).toBe('Mon 30');
  });

  it("show the month with the Buddhist year in Thai, and each locale's weekdays Monday first", () => {
    expect(monthTitle(2026, 10, 'th-TH')).toBe('พฤศจิกายน 2569');
    expect(monthTitle(2026, 10, 'en-GB')).toBe('November 2026');
    expect(monthTitle(2026, 10, 'pt-BR')).toMatch(/^novembro de 2026$/);
    expect(weekdayNames('en-GB')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    const th = weekdayNames('th-TH');
    expect(th).toHaveLength(7);
    expect(new Set(th).size).toBe(7);
    expect(th[0]).toMatch(/จ/);
    expect(weekdayNames('pt-BR')[0]).toMatch(/^seg/);
  });
});

describe('people per hour and the keyboard help', () => {
  it('say the hour in the language given', () => {
    expect(barLabel(hour(9, 7, 6, 1), en)).toBe('09:00–10:00: 7 people (6 in, 1 out)');
    expect(barLabel(hour(9, 7, 6, 1), catalogs['pt-BR'])).toBe('09:00–10:00: 7 pessoas (entradas: 6, saídas: 1)');
    expect(barLabel(hour(23, 1), catalogs['pt-BR'])).toBe('23:00–00:00: 1 pessoa');
    expect(barLabel(hour(9, 7, 6, 1), catalogs.th)).toBe('09:00–10:00: 7 คน (เข้า 6 ออก 1)');
    expect(barLabel(hour(9, 2), catalogs.vi)).toBe('09:00–10:00: 2 người');
  });

  it('lists the same shortcuts in every language, translated', () => {
    const english = shortcuts(en);
    expect(english[0]).toEqual({ keys: 'Space', does: 'Play or pause the recording' });
    for (const locale of ['th', 'pt-BR', 'vi'] as const) {
      const list = shortcuts(catalogs[locale]);
      expect(list.map((s) => s.keys).filter((k) => ['← / →', 'J / K', '?'].includes(k))).toEqual(['← / →', 'J / K', '?']);
      list.forEach((s, i) => expect(s.does).not.toBe(english[i]!.does));
    }
  });
});
