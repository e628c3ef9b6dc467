// The words of a notification: "Person at Front door" / "Front door · 14:03:27 · Tue 25 Nov". Pure; local time.
import type { EventKind } from '../../../preload/contract.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number): string => (n < 10 ? '0' + n : String(n));

/**
 * Title and body for an event. The time is local, 24-hour with seconds (HH:MM:SS). The date is English ("Tue 25 Nov")
 * unless a locale is given, then that locale's short weekday, day and month.
 */
const TITLES: Record<EventKind, string> = { motion: 'Motion', person: 'Person', loitering: 'Person loitering' };

export function notificationText(
  cameraName: string,
  kind: EventKind,
  startMs: number,
  locale?: string,
): { title: string; body: string } {
  const d = new Date(startMs);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const date = locale
    ? new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short' }).format(d)
    : `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]}`;
  return {
    title: `${TITLES[kind]} at ${cameraName}`,
    body: `${cameraName} · ${time} · ${date}`,
  };
}
