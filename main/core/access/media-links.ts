// Signed media links: an alert carries links to its event's snapshot and clip that a phone's notification app, a
// LINE server or a webhook receiver can open without signing in. Each link is good for one path and a limited time:
// an HMAC-SHA256 (a key of the data folder's own, made once) over the path and its expiry, in the link's query
// (?exp=…&sig=…). The service accepts such a link for that path only (GET or HEAD), until it expires.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { loadOrCreateKey } from '../cameras/secret-box.ts';

/** How long an alert's links open the picture and the clip. */
export const MEDIA_LINK_TTL_MS = 7 * 86_400_000;

export interface MediaLinks {
  /** `exp=…&sig=…` for `pathname`, good until `expiresMs`. */
  sign(pathname: string, expiresMs: number): string;
  /** Whether the query signs this very path and has not expired. */
  verify(pathname: string, query: URLSearchParams, nowMs?: number): boolean;
}

export function createMediaLinks(key: Buffer): MediaLinks {
  const mac = (pathname: string, exp: number) => createHmac('sha256', key).update(`${pathname}\n${exp}`).digest();
  return {
    sign(pathname, expiresMs) {
      const exp = Math.floor(expiresMs / 1000);
      return `exp=${exp}&sig=${mac(pathname, exp).toString('base64url')}`;
    },
    verify(pathname, query, nowMs = Date.now()) {
      const exp = Number(query.get('exp'));
      const sig = query.get('sig');
      if (!Number.isSafeInteger(exp) || sig === null || exp * 1000 < nowMs) return false;
      const given = Buffer.from(sig, 'base64url');
      const want = mac(pathname, exp);
      return given.length === want.length && timingSafeEqual(given, want);
    },
  };
}

export function loadMediaLinks(keyPath: string): MediaLinks {
  return createMediaLinks(loadOrCreateKey(keyPath));
}
