// The text an alert shows in a chat message, a caption or a push (pure): the title, the body and the event's link,
// cut to the vendor's limit without splitting a character.
import type { OutgoingAlert } from '../alert-channel.ts';

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
