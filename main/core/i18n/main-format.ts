// The main process's formatter of what a notification says: times, days, durations and counts, through Intl in the
// owner's language (the page has its own in renderer/src/lib/format.ts). Local time. Pure apart from the time zone.

export interface MainFormatter {
  /** The Intl locale ('en-GB', 'th-TH', …). */
  readonly tag: string;
  /** The time with seconds: "14:03:27" (en-US: "2:03:27 PM"). */
  time(ms: number): string;
  /** The time to the minute: "14:02" (en-US: "2:02 PM"). */
  timeShort(ms: number): string;
  /**
   * The day of an event: "Tue 25 Nov" in English; the other languages say the year too, Thai the Buddhist year
   * ("อังคาร 25 พ.ย. 2568"), since a notification or an e-mail is read long after it was sent.
   */
  date(ms: number): string;
  /** A duration to the second, largest units first: "1 hr, 5 mins" (0 s → "0 secs"). */
  duration(ms: number): string;
  /** A count with the language's digit grouping: "12,345" / "12.345". */
  count(n: number): string;
}

/** Intl.DurationFormat (Node 23+): not yet in TypeScript's ES2023 library. */
type DurationFormatCtor = new (locale: string, options: { style: 'long' | 'short' | 'narrow'; secondsDisplay?: 'always' | 'auto' }) => {
  format(d: { hours?: number; minutes?: number; seconds?: number }): string;
};

export function createFormatter(tag: string): MainFormatter {
  const twelveHour = ['h11', 'h12'].includes(new Intl.DateTimeFormat(tag, { hour: 'numeric' }).resolvedOptions().hourCycle ?? '');
  const hour = twelveHour ? 'numeric' : '2-digit';
  const time = new Intl.DateTimeFormat(tag, { hour, minute: '2-digit', second: '2-digit' });
  const timeShort = new Intl.DateTimeFormat(tag, { hour, minute: '2-digit' });
  const english = tag.toLowerCase().startsWith('en');
  const date = new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', month: 'short', ...(english ? {} : { year: 'numeric' }) });
  const numbers = new Intl.NumberFormat(tag);
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;
  const durations = DurationFormat ? new DurationFormat(tag, { style: 'short' }) : null;
  // A zero duration is still said ("0 secs"): DurationFormat leaves out zero units unless told to show one.
  const zero = DurationFormat ? new DurationFormat(tag, { style: 'short', secondsDisplay: 'always' }).format({ seconds: 0 }) : '0 s';
  return {
    tag,
    time: (ms) => time.format(ms),
    timeShort: (ms) => timeShort.format(ms),
    date: (ms) => date.format(ms),
    count: (n) => numbers.format(n),
    duration: (ms) => {
      const total = Math.max(0, Math.round(ms / 1000));
      const parts = { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
      if (total === 0) return zero;
      const shown = Object.fromEntries(Object.entries(parts).filter(([, v]) => v > 0));
      return durations ? durations.format(shown) : `${parts.hours} h ${parts.minutes} min ${parts.seconds} s`;
    },
  };
}
