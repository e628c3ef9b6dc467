// The text an alert shows in a chat message, a caption or a push (pure): the title, the body and the event's link,
// cut to the vendor's limit without splitting a character; and the messages of the language the alert is written in,
// for the words a channel adds of its own (an e-mail's link lines, Telegram's note on a refused snapshot).
import type { OutgoingAlert } from '../alert-channel.ts';
import { catalogs } from '../../../../preload/i18n/all-catalogs.ts';
import type { Catalog } from '../../../../preload/i18n/catalog.ts';
import { baseLocale, localeSchema } from '../../../../preload/i18n/locales.ts';

/** The messages in the alert's language (an alert queued before languages, or with an unknown one: English). */
export function alertMessages(alert: Pick<OutgoingAlert, 'locale'>): Catalog {
  const locale = localeSchema.safeParse(alert.locale);
  return catalogs[locale.success ? locale.data : baseLocale];
}

/** Title, body and the link to the event (when the NVR has an address others can reach), at most `max` characters. */
export function alertText(alert: OutgoingAlert, max: number): string {
  const parts = [alert.title, alert.body, alert.links.event].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return cut(parts.join('\n'), max);
}

/** At most `max` code points, with an ellipsis when cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A base URL without its trailing slashes, so `${base}/path` has exactly one. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}
