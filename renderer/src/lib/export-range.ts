// Pure helpers of the export UI: the range of two time inputs on a day and the input value of a time. (A range as
// the owner reads it, "14:00–14:20 on Front door, Till", is preload/export-range-label.ts, shared with the core.)
// (English from its own area only, for callers that pass no catalog: the page always passes i18n.m)
import { review as en, type ReviewMessages as Catalog } from '../../../preload/i18n/review/en.ts';

const p = (n: number) => String(n).padStart(2, '0');

/** "HH:MM" or "HH:MM:SS" of an <input type=time> on the day of `dayMs` (local), or null. */
export function timeOnDay(dayMs: number, value: string): number | null {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  const d = new Date(dayMs);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, min, s).getTime();
}

/** The range of two time inputs on one day, or the sentence saying what is wrong. */
export function rangeFromInputs(dayMs: number, from: string, to: string, m: Catalog = en): { from: number; to: number } | string {
  const a = timeOnDay(dayMs, from);
  const b = timeOnDay(dayMs, to);
  if (a === null || b === null) return m.review_enter_times;
  if (b <= a) return m.review_end_after_start;
  return { from: a, to: b };
}

/** "HH:MM:SS" of a time, for an <input type=time step=1>. */
export function timeInputValue(ms: number): string {
  const d = new Date(ms);
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
