// Signed media links (an alert's snapshot and clip for a phone or a LINE server that cannot sign in): good for one
// path, until they expire, and only with the data folder's key; where alert links point.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createMediaLinks, loadMediaLinks, MEDIA_LINK_TTL_MS } from '../../../../main/core/access/media-links.ts';
import { alertLinks, linkBase, NO_LINKS } from '../../../../main/core/alerts/alert-links.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';

const NOW = Date.UTC(2026, 11, 1, 12);
const query = (signed: string) => new URLSearchParams(signed);

describe('signed media links', () => {
  const links = createMediaLinks(randomBytes(32));
  const snapshot = '/media/events/ev-1/snapshot.jpg';

  it('open their own path until they expire, and nothing else', () => {
    const q = query(links.sign(snapshot, NOW + 60_000));
    expect(links.verify(snapshot, q, NOW)).toBe(true);
    expect(links.verify(snapshot, q, NOW + 61_000)).toBe(false);
    expect(links.verify('/media/events/ev-1/clip.mp4', q, NOW)).toBe(false);
    expect(links.verify('/media/events/ev-2/snapshot.jpg', q, NOW)).toBe(false);
  });

  it('refuse a changed expiry, a changed or missing signature, and another key', () => {
    const q = query(links.sign(snapshot, NOW + 60_000));
    const later = new URLSearchParams(q);
    later.set('exp', String(Number(q.get('exp')) + 3600));
    expect(links.verify(snapshot, later, NOW)).toBe(false);
    const forged = new URLSearchParams(q);
    forged.set('sig', q.get('sig')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')));
    expect(links.verify(snapshot, forged, NOW)).toBe(false);
    expect(links.verify(snapshot, new URLSearchParams({ exp: q.get('exp')! }), NOW)).toBe(false);
    expect(links.verify(snapshot, new URLSearchParams({ exp: 'soon', sig: q.get('sig')! }), NOW)).toBe(false);
    expect(createMediaLinks(randomBytes(32)).verify(snapshot, q, NOW)).toBe(false);
  });

  it('keep their key in the data folder (made once, private), so links survive a restart', () => {
    const dir = tempDataDir('nvr-links-');
    const key = path.join(dir, 'media-links.key');
    const signed = query(loadMediaLinks(key).sign(snapshot, NOW + 60_000));
    expect(existsSync(key)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(loadMediaLinks(key).verify(snapshot, signed, NOW)).toBe(true);
  });
});

describe('alert links', () => {
  const links = createMediaLinks(randomBytes(32));

  it('point at the address in Settings, else the first LAN address, else nowhere', () => {
    expect(linkBase('https://shop.example.net:7480', ['https://10.0.0.9:7480/'])).toBe('https://shop.example.net:7480');
    expect(linkBase('  ', ['https://10.0.0.9:7480/'])).toBe('https://10.0.0.9:7480/');
    expect(linkBase('', [])).toBeNull();
    expect(alertLinks(null, 'ev-1', links, NOW, true)).toEqual(NO_LINKS);
    expect(alertLinks('https://pc:7480', null, links, NOW, true)).toEqual(NO_LINKS);
  });

  it('give the event page, and a week-long signed snapshot (when there is one) and clip', () => {
    const a = alertLinks('https://pc:7480/', 'ev-1', links, NOW, true);
    expect(a.event).toBe('https://pc:7480/#/events/ev-1');
    const snap = new URL(a.snapshot!);
    expect(snap.pathname).toBe('/media/events/ev-1/snapshot.jpg');
    expect(Number(snap.searchParams.get('exp')) * 1000).toBe(NOW + MEDIA_LINK_TTL_MS);
    expect(links.verify(snap.pathname, snap.searchParams, NOW + MEDIA_LINK_TTL_MS - 1000)).toBe(true);
    expect(new URL(a.clip!).pathname).toBe('/media/events/ev-1/clip.mp4');
    expect(alertLinks('https://pc:7480', 'ev-1', links, NOW, false).snapshot).toBeNull();
  });
});
