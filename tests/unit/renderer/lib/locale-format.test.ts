// Dates, times, durations, numbers and sizes in the page's language (renderer/src/lib/format.ts through intlTag()):
// Thai dates in the Buddhist year with a 24-hour clock, Portuguese (Brazil) and Vietnamese as those languages write
// them, English exactly as before. The real catalogs are loaded with setLocale, as the page does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDateTime, formatDuration, formatNumber, formatTime } from '../../../../renderer/src/lib/format.ts';
import { i18n, intlTag, setLocale } from '../../../../renderer/src/lib/i18n.svelte.ts';
import { localeFor } from '../../../../renderer/src/lib/apply-language.ts';

// 14 March 2026, 13:05:09 in Bangkok (the shop's clock; Node follows a change of TZ at once).
const savedTz = process.env.TZ;
const MARCH_14 = Date.UTC(2026, 2, 14, 6, 5, 9);
beforeAll(() => {
  process.env.TZ = 'Asia/Bangkok';
});
afterAll(async () => {
  process.env.TZ = savedTz;
  await setLocale('en');
});

describe('English (as before)', () => {
  beforeAll(() => setLocale('en'));

  it('keeps the NVR short units for sizes and durations', () => {
    expect(i18n.locale).toBe('en');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MB');
    expect(formatBytes(150 * 1024 ** 3)).toBe('150 GB');
    expect(formatBytes(null)).toBe('–');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(62_000)).toBe('1 min 2 s');
    expect(formatDuration(3_723_000)).toBe('1 h 2 min');
    expect(formatDuration(3 * 86_400_000 + 2 * 3_600_000)).toBe('3 days 2 h');
  });

  it('formats dates in the browser English, the Gregorian year', () => {
    const tag = intlTag();
    expect(tag.startsWith('en')).toBe(true);
    expect(formatTime(MARCH_14)).toBe(new Date(MARCH_14).toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit', second: '2-digit' }));
    expect(formatDate(MARCH_14)).toMatch(/March/);
    expect(formatDate(MARCH_14)).toMatch(/2026/);
    expect(formatDateTime(MARCH_14)).toMatch(/Sat/);
    expect(formatNumber(1234.5)).toBe('1,234.5');
  });
});

describe('Thai', () => {
  beforeAll(() => setLocale('th'));

  it('shows the Buddhist year (2569 for 2026) with Thai month names', () => {
    expect(intlTag()).toBe('th-TH');
    const day = formatDate(MARCH_14);
    expect(day).toContain('2569');
    expect(day).not.toContain('2026');
    expect(day).toContain('มีนาคม');
    expect(formatDate(MARCH_14, { long: false })).toBe('14 มี.ค. 2569');
  });

  it('uses a 24-hour clock and Thai words for durations and sizes', () => {
    expect(formatTime(MARCH_14)).toBe('13:05:09');
    expect(formatDateTime(MARCH_14)).toContain('13:05:09');
    expect(formatDateTime(MARCH_14)).toContain('มี.ค.');
    expect(formatDuration(3_723_000)).toMatch(/1 ชม\. 2 นาที/);
    expect(formatBytes(512)).toBe('512 ไบต์');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MB');
  });
});

describe('Portuguese (Brazil)', () => {
  beforeAll(() => setLocale('pt-BR'));

  it('writes day before month, a decimal comma and a 24-hour clock', () => {
    expect(intlTag()).toBe('pt-BR');
    expect(formatDate(MARCH_14)).toBe('14 de março de 2026');
    expect(formatTime(MARCH_14)).toBe('13:05:09');
    expect(formatDateTime(MARCH_14)).toMatch(/^sáb\., 14 de mar\.,? 13:05:09$/);
    expect(formatBytes(1536 * 1024)).toBe('1,5 MB');
    expect(formatBytes(300 * 1024 ** 2)).toBe('300 MB');
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatDuration(3 * 86_400_000 + 2 * 3_600_000)).toBe('3 dias e 2 h');
  });
});

describe('Vietnamese', () => {
  beforeAll(() => setLocale('vi'));

  it('writes the day with "tháng", a decimal comma and a 24-hour clock', () => {
    expect(intlTag()).toBe('vi-VN');
    expect(formatDate(MARCH_14)).toBe('14 tháng 3, 2026');
    expect(formatTime(MARCH_14)).toBe('13:05:09');
    expect(formatBytes(1536 * 1024)).toBe('1,5 MB');
    expect(formatDuration(62_000)).toBe('1 phút, 2 giây');
    expect(formatNumber(1234.5)).toBe('1.234,5');
  });
});

describe('a browser without Intl.DurationFormat', () => {
  const intl = Intl as unknown as { DurationFormat?: unknown };
  const saved = intl.DurationFormat;
  afterAll(() => {
    intl.DurationFormat = saved;
  });

  it('writes durations with the catalog’s words', async () => {
    delete intl.DurationFormat;
    await setLocale('th');
    expect(formatDuration(3_723_000)).toBe('1 ชั่วโมง 2 นาที');
    await setLocale('vi');
    expect(formatDuration(42_000)).toBe('42 giây');
    await setLocale('pt-BR');
    expect(formatDuration(62_000)).toBe('1 min e 2 seg');
    await setLocale('en');
    expect(formatDuration(3_723_000)).toBe('1 h 2 min');
  });
});

describe('the language a setting means', () => {
  it('is the one chosen, or for null the browser’s own', () => {
    expect(localeFor('vi')).toBe('vi');
    expect(localeFor(null)).toBe('en'); // Node's navigator.languages is ['en-US']
  });
});
