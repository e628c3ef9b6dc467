// The Review calendar's arithmetic, pure: local day keys (YYYY-MM-DD, as events.days answers), a month's grid of weeks
// starting on Monday, the page's offset for events.days, and the view range of a chosen day.

export interface CalendarDay {
  key: string;
  /** Local midnight, ms. */
  startMs: number;
  day: number;
  /** Part of the month shown (else a neighbour month's day filling the first or last week). */
  inMonth: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of `ms` as YYYY-MM-DD. */
export function localDayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of the day holding `ms`. */
export function localDayStart(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Local midnight of the next day (23 or 25 hours later on a clock change). */
export function nextLocalDay(startMs: number): number {
  const d = new Date(startMs);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/** events.days' tzOffsetMinutes for a range around `ms`: local = UTC + offset. */
export function tzOffsetAt(ms: number): number {
  return -new Date(ms).getTimezoneOffset();
}

/** Weeks (Monday first) covering `month` (0–11) of `year`; 4 to 6 rows of 7 days. */
export function monthGrid(year: number, month: number): CalendarDay[][] {
  const first = new Date(year, month, 1);
  const lead = (first.getDay() + 6) % 7; // days of the previous month before the 1st (Monday first)
  const weeks: CalendarDay[][] = [];
  let cursor = new Date(year, month, 1 - lead);
  while (weeks.length < 6) {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ key: localDayKey(cursor.getTime()), startMs: cursor.getTime(), day: cursor.getDate(), inMonth: cursor.getMonth() === month });
      cursor = new Date(cursor.getFullYear(), cursor.getMonth(), cursor.getDate() + 1);
    }
    weeks.push(week);
    if (cursor.getMonth() !== month) break;
  }
  return weeks;
}

/** The range events.days is asked for a month's grid: its first and last day shown, whole ms. */
export function gridRange(weeks: readonly CalendarDay[][]): { from: number; to: number } {
  const first = weeks[0]?.[0];
  const lastWeek = weeks[weeks.length - 1];
  const last = lastWeek?.[lastWeek.length - 1];
  if (!first || !last) return { from: 0, to: 1 };
  return { from: first.startMs, to: nextLocalDay(last.startMs) - 1 };
}

/** The calendar's heading in the Intl locale `tag` ("November 2026"; Thai "พฤศจิกายน 2569", the Buddhist year). */
export function monthTitle(year: number, month: number, tag: string): string {
  return new Date(year, month, 1).toLocaleDateString(tag, { month: 'long', year: 'numeric' });
}

/** The weekdays' short names in the Intl locale `tag`, Monday first as the grid is (1 January 2024 was a Monday). */
export function weekdayNames(tag: string): string[] {
  return Array.from({ length: 7 }, (_, i) => new Date(2024, 0, 1 + i).toLocaleDateString(tag, { weekday: 'short' }));
}
