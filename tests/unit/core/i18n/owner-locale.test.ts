// The owner's language in the main process: the setting wins, else the environment's locale (LC_ALL, LC_MESSAGES,
// LANG), else Intl's; and the main-side formatter of a notification's times, days, durations and counts in it.
import { describe, expect, it } from 'vitest';
import { intlTagFor, osLocale, ownerLocale, ownerSpeech, posixToTag, speechFor } from '../../../../main/core/i18n/owner-locale.ts';
import { createFormatter } from '../../../../main/core/i18n/main-format.ts';
import type { Locale } from '../../../../preload/i18n/locales.ts';

describe('ownerLocale', () => {
  it('reads POSIX locale names as language tags', () => {
    expect(posixToTag('th_TH.UTF-8')).toBe('th-TH');
    expect(posixToTag('pt_BR@euro')).toBe('pt-BR');
    expect(posixToTag('vi_VN')).toBe('vi-VN');
    expect(posixToTag('C.UTF-8')).toBeNull();
    expect(posixToTag('POSIX')).toBeNull();
    expect(posixToTag('')).toBeNull();
    expect(posixToTag(undefined)).toBeNull();
  });

  it('the setting wins over the OS', () => {
    expect(ownerLocale('vi', { LANG: 'th_TH.UTF-8' }, 'th-TH')).toBe('vi');
    expect(ownerLocale('en', { LC_ALL: 'pt_BR.UTF-8' }, 'pt-BR')).toBe('en');
  });

  it('null follows the OS: LANG=th_TH.UTF-8 is Thai', () => {
    expect(ownerLocale(null, { LANG: 'th_TH.UTF-8' }, 'en-US')).toBe('th');
    expect(ownerLocale(undefined, { LANG: 'pt_PT.UTF-8' }, 'en-US')).toBe('pt-BR');
  });

  it('LC_ALL, then LC_MESSAGES, then LANG; C and POSIX name no language, so Intl decides', () => {
    expect(osLocale({ LC_ALL: 'vi_VN.UTF-8', LC_MESSAGES: 'th_TH.UTF-8', LANG: 'pt_BR.UTF-8' }, 'en-US')).toBe('vi');
    expect(osLocale({ LC_MESSAGES: 'th_TH.UTF-8', LANG: 'pt_BR.UTF-8' }, 'en-US')).toBe('th');
    expect(osLocale({ LC_ALL: 'C', LANG: 'pt_BR.UTF-8' }, 'en-US')).toBe('pt-BR');
    expect(osLocale({ LANG: 'C.UTF-8' }, 'th-TH')).toBe('th');
    expect(osLocale({}, 'vi-VN')).toBe('vi');
  });

  it('a language the NVR does not speak is English', () => {
    expect(ownerLocale(null, { LANG: 'de_DE.UTF-8' }, 'th-TH')).toBe('en');
    expect(ownerLocale(null, {}, 'ja-JP')).toBe('en');
  });

  it('formats each language in its country; English as in Britain unless the time locale is en_US', () => {
    expect(intlTagFor('th', {})).toBe('th-TH');
    expect(intlTagFor('pt-BR', {})).toBe('pt-BR');
    expect(intlTagFor('vi', {})).toBe('vi-VN');
    expect(intlTagFor('en', {})).toBe('en-GB');
    expect(intlTagFor('en', { LANG: 'en_AU.UTF-8' })).toBe('en-GB');
    expect(intlTagFor('en', { LANG: 'en_US.UTF-8' })).toBe('en-US');
    expect(intlTagFor('en', { LANG: 'th_TH.UTF-8', LC_TIME: 'en_US.UTF-8' })).toBe('en-US');
  });

  it('ownerSpeech reads the setting again at every call (a change applies to the next notification)', () => {
    let setting: Locale | null = null;
    const speech = ownerSpeech(() => setting, { LANG: 'th_TH.UTF-8' });
    expect(speech().locale).toBe('th');
    expect(speech().m.notify_title_person({ camera: 'A' })).toBe('พบคนที่ A');
    setting = 'pt-BR';
    expect(speech().locale).toBe('pt-BR');
    expect(speech().fmt.tag).toBe('pt-BR');
    setting = 'en';
    expect(speech().m.notify_title_person({ camera: 'A' })).toBe('Person at A');
    expect(speechFor('en').fmt.tag).toBe('en-GB');
  });
});

describe('the main-side formatter', () => {
  const t = new Date(2025, 10, 25, 14, 3, 27).getTime();
  const morning = new Date(2025, 0, 5, 9, 4, 7).getTime();

  it('English (en-GB) is what notifications have always said', () => {
    const f = createFormatter('en-GB');
    expect(f.time(t)).toBe('14:03:27');
    expect(f.time(morning)).toBe('09:04:07');
    expect(f.timeShort(t)).toBe('14:03');
    expect(f.date(t)).toBe('Tue 25 Nov');
  });

  it('en-US has the 12-hour clock and month first', () => {
    const f = createFormatter('en-US');
    expect(f.time(t)).toMatch(/^2:03:27\s?PM$/); // ICU puts a narrow or a plain space before PM
    expect(f.date(t)).toBe('Tue, Nov 25');
  });

  it('a Thai date has the Buddhist year (2025 is 2568) and Thai day and month names; 24-hour clock', () => {
    const f = createFormatter('th-TH');
    expect(f.date(t)).toBe('อังคาร 25 พ.ย. 2568');
    expect(f.time(t)).toBe('14:03:27');
    expect(f.timeShort(morning)).toBe('09:04');
  });

  it('Portuguese (Brazil) and Vietnamese say the day in their words, with the year', () => {
    expect(createFormatter('pt-BR').date(t)).toBe('ter., 25 de nov. de 2025');
    expect(createFormatter('vi-VN').date(t)).toBe('Thứ 3, 25 thg 11, 2025');
    expect(createFormatter('pt-BR').time(t)).toBe('14:03:27');
    expect(createFormatter('vi-VN').time(t)).toBe('14:03:27');
  });

  it('durations and counts in the language', () => {
    expect(createFormatter('en-GB').duration(3_905_000)).toBe('1 hr, 5 mins, 5 secs');
    expect(createFormatter('en-GB').duration(0)).toBe('0 secs');
    expect(createFormatter('th-TH').duration(300_000)).toBe('5 นาที');
    expect(createFormatter('pt-BR').duration(3_900_000)).toBe('1 h e 5 min');
    expect(createFormatter('vi-VN').duration(45_000)).toBe('45 giây');
    expect(createFormatter('en-GB').count(12345)).toBe('12,345');
    expect(createFormatter('pt-BR').count(12345)).toBe('12.345');
    expect(createFormatter('vi-VN').count(12345)).toBe('12.345');
  });
});
