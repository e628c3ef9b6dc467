// The words of a notification: "Person at Front door" / "Front door · 14:03:27 · Tue 25 Nov", and what the cooldown
// held back since the camera's last notification ("… · 3 people since 14:02"), in the owner's language (the speech:
// its messages and its formatter, main/core/i18n/owner-locale.ts); English when none is given. Pure; local time.
import type { EventKind } from '../../../preload/contract.ts';
import type { HeldBack } from './notification-policy.ts';
import { englishSpeech, type OwnerSpeech } from '../i18n/owner-locale.ts';

type Text = { title: string; body: string };

/**
 * The speech to write in: the given one; English for none; for an Intl locale tag (the older form of this
 * parameter), English words with that locale's short weekday, day and month.
 */
function speechOf(locale: string | OwnerSpeech | undefined): OwnerSpeech {
  if (locale === undefined) return englishSpeech;
  if (typeof locale !== 'string') return locale;
  const date = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short' });
  return { ...englishSpeech, fmt: { ...englishSpeech.fmt, date: (ms) => date.format(ms) } };
}

function eventTitle(s: OwnerSpeech, kind: EventKind, camera: string): string {
  if (kind === 'person') return s.m.notify_title_person({ camera });
  if (kind === 'loitering') return s.m.notify_title_loitering({ camera });
  return s.m.notify_title_motion({ camera });
}

/** Title and body for an event: the camera, its local start time with seconds and the day, what was held back. */
export function notificationText(
  cameraName: string,
  kind: EventKind,
  startMs: number,
  locale?: string | OwnerSpeech,
  heldBack: HeldBack | null = null,
): Text {
  const s = speechOf(locale);
  const held = heldBack ? ` · ${heldBackText(heldBack, kind, s)}` : '';
  return {
    title: eventTitle(s, kind, cameraName),
    body: `${cameraName} · ${s.fmt.time(startMs)} · ${s.fmt.date(startMs)}${held}`,
  };
}

/**
 * "3 people since 14:02": the people held back plus this one when it is a person too; other events are counted
 * apart ("1 person and 2 other events since 14:02").
 */
export function heldBackText(held: HeldBack, kind: EventKind, speech: OwnerSpeech = englishSpeech): string {
  const { m, fmt } = speech;
  const people = held.people + (kind === 'person' ? 1 : 0);
  const other = held.other + (kind === 'person' ? 0 : 1);
  const peopleText = people > 0 ? m.notify_held_people({ count: people }) : null;
  let otherText: string | null = null;
  if (other > 0 && (held.other > 0 || people === 0)) {
    otherText = people > 0 ? m.notify_held_other_events({ count: other }) : m.notify_held_events({ count: other });
  }
  const what = peopleText && otherText ? m.notify_held_both({ people: peopleText, other: otherText }) : (peopleText ?? otherText ?? '');
  return m.notify_held_since({ held: what, time: fmt.timeShort(held.sinceMs) });
}

/** Title and body of a camera's state alert: offline (after `afterSeconds` down), or back online. */
export function cameraStateText(
  kind: 'camera-offline' | 'camera-online',
  cameraName: string,
  atMs: number,
  detail: { downSinceMs?: number; reason?: string | null } = {},
  speech: OwnerSpeech = englishSpeech,
): Text {
  const { m, fmt } = speech;
  const date = fmt.date(atMs);
  if (kind === 'camera-offline') {
    const since = detail.downSinceMs ?? atMs;
    const why = detail.reason ? ` · ${detail.reason}` : '';
    return {
      title: m.notify_offline_title({ camera: cameraName }),
      body: `${cameraName} · ${m.notify_offline_since({ time: fmt.time(since) })} · ${date}${why}`,
    };
  }
  return { title: m.notify_online_title({ camera: cameraName }), body: `${cameraName} · ${m.notify_online_at({ time: fmt.time(atMs) })} · ${date}` };
}

/** The Settings page's "Send a test" on a channel. */
export function testAlertText(channelName: string, speech: OwnerSpeech = englishSpeech): Text {
  return { title: speech.m.notify_test_title, body: speech.m.notify_test_body({ channel: channelName }) };
}
