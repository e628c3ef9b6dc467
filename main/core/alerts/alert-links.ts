// The links an alert carries: the event's page, and its snapshot and clip through signed media links that open
// without signing in (main/core/access/media-links.ts), all on the address other systems reach the NVR at. Pure.
import { mediaPaths } from '../../../preload/contract.ts';
import type { OutgoingAlert } from './alert-channel.ts';
import { MEDIA_LINK_TTL_MS, type MediaLinks } from '../access/media-links.ts';

export type AlertLinks = OutgoingAlert['links'];
export const NO_LINKS: AlertLinks = { event: null, snapshot: null, clip: null };

/**
 * The links of an event's alert on `base` (https://shop-pc:7480, with or without a trailing slash; null: none). The
 * snapshot and clip links are good for a week from `nowMs`.
 */
export function alertLinks(base: string | null, eventId: string | null, signer: MediaLinks, nowMs: number, hasSnapshot: boolean): AlertLinks {
  if (!base || !eventId) return NO_LINKS;
  const root = base.replace(/\/+$/, '');
  const signed = (pathname: string) => `${root}${pathname}?${signer.sign(pathname, nowMs + MEDIA_LINK_TTL_MS)}`;
  return {
    event: `${root}/#/events/${encodeURIComponent(eventId)}`,
    snapshot: hasSnapshot ? signed(mediaPaths.snapshot(eventId)) : null,
    clip: signed(mediaPaths.clip(eventId)),
  };
}

/** Where links point: the owner's address in Settings, else the LAN address while LAN access is on, else nowhere. */
export function linkBase(setting: string, lanUrls: readonly string[]): string | null {
  if (setting.trim() !== '') return setting.trim();
  return lanUrls[0] ?? null;
}
