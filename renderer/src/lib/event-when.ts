// When an event happened, short enough for the event list's narrow column (the full date and time go in its title):
// "14:02:31" today, "Mon 30 Nov, 14:02" on another day; and how long it lasted, or "going on, 3 min 5 s".
// The two parts are shown as two pieces that never break inside (EventRows: they wrap as wholes, never cut off).
// Words come from the catalog given (the page passes i18n.m), dates and times are in the Intl locale given (intlTag()).
// (English from its own area only, for callers that pass no catalog: the page always passes i18n.m)
import { review as en, type ReviewMessages as Catalog } from '../../../preload/i18n/review/en.ts';
import { formatDateTime, formatDuration } from './format.ts';

export interface EventWhen {
  /** The start, as short as is unambiguous next to today. */
  start: string;
  /** The length, or how long it has been going on. */
  length: string;
  /** The full start date and time (the title, for a pointer or a screen reader). */
  full: string;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function eventWhen(startMs: number, endMs: number | null, now: number, m: Catalog = en, locale?: string): EventWhen {
  const start = new Date(startMs);
  const tag = locale ?? [];
  const shown = sameDay(start, new Date(now))
    ? start.toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : start.toLocaleString(tag, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const length = endMs === null ? m.review_going_on({ length: formatDuration(now - startMs) }) : formatDuration(endMs - startMs);
  return { start: shown, length, full: formatDateTime(startMs) };
}
