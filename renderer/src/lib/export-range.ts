// Pure helpers of the export UI: a range as the owner reads it ("14:00–14:20 on Front door, Till"), the range of two
// time inputs on a day, and a file's download name.

const p = (n: number) => String(n).padStart(2, '0');

function clock(ms: number, seconds: boolean): string {
  const d = new Date(ms);
  return seconds ? `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` : `${p(d.getHours())}:${p(d.getMinutes())}`;
}

function date(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** "14:00–14:20 on Front door, Till"; the date is added when the range is not today. */
export function rangeLabel(cameraNames: readonly string[], fromMs: number, toMs: number, nowMs: number = Date.now()): string {
  const sameDay = date(fromMs) === date(toMs);
  // Seconds on both ends or on neither ("19:02:00–19:02:45", never "19:02–19:02:45"), as the core names exports.
  const sec = new Date(fromMs).getSeconds() !== 0 || new Date(toMs).getSeconds() !== 0;
  const span = sameDay ? `${clock(fromMs, sec)}–${clock(toMs, sec)}` : `${date(fromMs)} ${clock(fromMs, sec)}–${date(toMs)} ${clock(toMs, sec)}`;
  const when = sameDay && date(fromMs) !== date(nowMs) ? `${date(fromMs)} ${span}` : span;
  return cameraNames.length ? `${when} on ${cameraNames.join(', ')}` : when;
}

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
export function rangeFromInputs(dayMs: number, from: string, to: string): { from: number; to: number } | string {
  const a = timeOnDay(dayMs, from);
  const b = timeOnDay(dayMs, to);
  if (a === null || b === null) return 'Enter a start and an end time.';
  if (b <= a) return 'The end time must be after the start time.';
  return { from: a, to: b };
}

/** "HH:MM:SS" of a time, for an <input type=time step=1>. */
export function timeInputValue(ms: number): string {
  const d = new Date(ms);
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
