// The words of a notification: "Person at Front door" / "Front door · 14:03:27 · Tue 25 Nov", and what the cooldown
// held back since the camera's last notification ("… · 3 people since 14:02"). Pure; local time.
import type { EventKind } from '../../../preload/contract.ts';
import type { HeldBack } from './notification-policy.ts';

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
  heldBack: HeldBack | null = null,
): { title: string; body: string } {
  const d = new Date(startMs);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const date = locale
    ? new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short' }).format(d)
    : `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]}`;
  const held = heldBack ? ` · ${heldBackText(heldBack, kind)}` : '';
  return {
    title: `${TITLES[kind]} at ${cameraName}`,
    body: `${cameraName} · ${time} · ${date}${held}`,
  };
}

/**
 * "3 people since 14:02": the people held back plus this one when it is a person too; other events are counted
 * apart ("1 person and 2 other events since 14:02").
 */
export function heldBackText(held: HeldBack, kind: EventKind): string {
  const people = held.people + (kind === 'person' ? 1 : 0);
  const other = held.other + (kind === 'person' ? 0 : 1);
  const parts: string[] = [];
  if (people > 0) parts.push(`${people} ${people === 1 ? 'person' : 'people'}`);
  if (other > 0 && (held.other > 0 || people === 0)) parts.push(`${other} ${people > 0 ? 'other ' : ''}${other === 1 ? 'event' : 'events'}`);
  const since = new Date(held.sinceMs);
  return `${parts.join(' and ')} since ${two(since.getHours())}:${two(since.getMinutes())}`;
}

/** Title and body of a camera's state alert: offline (after `afterSeconds` down), back online, or a channel's test. */
export function cameraStateText(
  kind: 'camera-offline' | 'camera-online',
  cameraName: string,
  atMs: number,
  detail: { downSinceMs?: number; reason?: string | null } = {},
): { title: string; body: string } {
  const d = new Date(atMs);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const date = `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]}`;
  if (kind === 'camera-offline') {
    const since = detail.downSinceMs !== undefined ? new Date(detail.downSinceMs) : d;
    const why = detail.reason ? ` · ${detail.reason}` : '';
    return {
      title: `${cameraName} is offline`,
      body: `${cameraName} · no picture since ${two(since.getHours())}:${two(since.getMinutes())}:${two(since.getSeconds())} · ${date}${why}`,
    };
  }
  return { title: `${cameraName} is back online`, body: `${cameraName} · back at ${time} · ${date}` };
}

/** The Settings page's "Send a test" on a channel. */
export function testAlertText(channelName: string): { title: string; body: string } {
  return { title: 'ShopWatch NVR test alert', body: `This is a test from ShopWatch NVR on the "${channelName}" channel: alerts will arrive here.` };
}
