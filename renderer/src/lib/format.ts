// Numbers, sizes, dates, times and durations as a shop owner reads them, in the page's language (i18n.locale, through
// Intl in intlTag(): Thai dates in the Buddhist year, a 24-hour clock where the language uses one). Called from markup
// or $derived, each reads the current language, so the text follows a change of language. English keeps the NVR's own
// short forms (512 B, 1 h 2 min). An error reads as the NVR's own sentence; one the engine said as a message, in the
// page's language (engine-words.ts).
import { formatBytes as bytesIn } from '../../../preload/format.ts';
import { i18n, intlTag } from './i18n.svelte.ts';

export { errorWords as errorMessage } from './engine-words.ts';

/** Bytes in binary units with at most one decimal: "1.5 MB" in English, "1,5 MB" in Portuguese; '–' for no number. */
export function formatBytes(bytes: number | null | undefined): string {
  return bytesIn(bytes, i18n.locale === 'en' ? undefined : intlTag());
}

/** The whole units of a duration the NVR shows: seconds; minutes and seconds; hours and minutes; days and hours. */
export function durationParts(ms: number): { d?: number; h?: number; m?: number; s?: number } {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return { s };
  const m = Math.floor(s / 60);
  if (m < 60) return { m, s: s % 60 };
  const h = Math.floor(m / 60);
  if (h < 48) return { h, m: m % 60 };
  return { d: Math.floor(h / 24), h: h % 24 };
}

interface DurationFormatter {
  format(d: { days?: number; hours?: number; minutes?: number; seconds?: number }): string;
}
type DurationFormatCtor = new (locale: string, options: { style: 'short' | 'narrow' | 'long' }) => DurationFormatter;

/** "42 s", "1 h 2 min", "3 days 2 h" in English; Intl.DurationFormat's words elsewhere, the catalog's without it. */
export function formatDuration(ms: number): string {
  const p = durationParts(ms);
  const m = i18n.m;
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;
  if (i18n.locale !== 'en' && DurationFormat) {
    return new DurationFormat(intlTag(), { style: 'short' }).format({ days: p.d, hours: p.h, minutes: p.m, seconds: p.s });
  }
  if (p.d !== undefined) return m.format_days_hours({ d: p.d, h: p.h ?? 0 });
  if (p.h !== undefined) return m.format_hours_minutes({ h: p.h, m: p.m ?? 0 });
  if (p.m !== undefined) return m.format_minutes_seconds({ m: p.m, s: p.s ?? 0 });
  return m.format_seconds({ s: p.s ?? 0 });
}

/** The time of day with seconds: "13:05:09" (or "01:05:09 PM" in American English). */
export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(intlTag(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Weekday, day, month and time: "Sat 14 Mar, 13:05:09"; "เสาร์ 14 มี.ค. 13:05:09" in Thai. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(intlTag(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A day with its year: "14 March 2026"; "14 มีนาคม 2569" in Thai (the Buddhist year); `long: false` shortens the month. */
export function formatDate(ms: number, options: { long?: boolean; weekday?: boolean } = {}): string {
  return new Date(ms).toLocaleDateString(intlTag(), {
    day: 'numeric',
    month: options.long === false ? 'short' : 'long',
    year: 'numeric',
    ...(options.weekday ? { weekday: 'long' as const } : {}),
  });
}

/** A number as the language writes it: "1,234.5" in English, "1.234,5" in Portuguese. */
export function formatNumber(n: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(intlTag(), options).format(n);
}
