// A range export's name as the owner reads it ("14:00–14:20 on Front door, Till"), in the owner's language: the
// core names a new export with it, the page labels a range with it. Pure (no clock, no Intl): local wall-clock
// digits, 24-hour, and an ISO date ("2026-11-25") when the range is not today, which reads the same in every language.
import type { Catalog } from './i18n/catalog.ts';

const p = (n: number) => String(n).padStart(2, '0');

function clock(ms: number, seconds: boolean): string {
  const d = new Date(ms);
  return seconds ? `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` : `${p(d.getHours())}:${p(d.getMinutes())}`;
}

function isoDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * "14:00–14:20 on Front door, Till" (local time); the date is added when the range is not on the day of `nowMs`, and
 * both dates when it spans two days. Without camera names, only the times.
 */
export function exportRangeLabel(m: Pick<Catalog, 'review_range_on'>, cameraNames: readonly string[], fromMs: number, toMs: number, nowMs: number): string {
  const sameDay = isoDate(fromMs) === isoDate(toMs);
  // Seconds on both ends or on neither ("19:02:00–19:02:45", never "19:02–19:02:45").
  const sec = new Date(fromMs).getSeconds() !== 0 || new Date(toMs).getSeconds() !== 0;
  const span = sameDay
    ? `${clock(fromMs, sec)}–${clock(toMs, sec)}`
    : `${isoDate(fromMs)} ${clock(fromMs, sec)}–${isoDate(toMs)} ${clock(toMs, sec)}`;
  const when = sameDay && isoDate(fromMs) !== isoDate(nowMs) ? `${isoDate(fromMs)} ${span}` : span;
  return cameraNames.length ? m.review_range_on({ when, cameras: cameraNames.join(', ') }) : when;
}
