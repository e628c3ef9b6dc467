// A camera address as a shop owner pastes it, read the way they meant it. Camera apps and forum posts hand out
// addresses like `rtsp://admin:p@ss:w/rd#1@192.168.1.20/cam`: the password is raw, with `@ : / # ? %` in it, so the
// standard reading (the user information ends at the first `/`, `?` or `#`) cuts the password in two and shows half of
// it as the host and path. Here the user information runs to the LAST `@` that is followed by something that is a
// host (`name`, `1.2.3.4`, `[v6]`, optionally `:port`) and then the end, `/`, `?` or `#`. Pure, no I/O; shared by the
// wizard (which moves the credentials into their fields as soon as they are pasted), the core (cameras.add/update,
// the camera test) and the `nvr` command, all through preload/camera-brands.ts's splitUrlCredentials.
import { wizard, type WizardMessages } from './i18n/wizard/en.ts';

export interface PastedAddress {
  /** The address without any user name or password. */
  url: string;
  username: string | null;
  password: string | null;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)(.*)$/s;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?';
/** A host (and port) at the start of `s`, followed by the end of the address or by its path, query or fragment. */
const HOST_THEN_PATH = new RegExp(`^(\\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?\\]|${LABEL}(?:\\.${LABEL})*\\.?)(?::(\\d{1,5}))?(?:[/?#].*)?$`, 's');
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** How surely a text is a camera's host: an IP address or a dotted name is sure; a single word (`host`) may be a user. */
function hostStrength(text: string): 0 | 1 | 2 {
  const m = HOST_THEN_PATH.exec(text);
  if (!m?.[1]) return 0;
  const port = m[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return 0;
  const host = m[1];
  return host.startsWith('[') || IPV4.test(host) || host.includes('.') ? 2 : 1;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a bare '%' typed in a password: keep it as typed
  }
}

/** The index (in `rest`, the address after `scheme://`) of the `@` that ends the user information, or -1. */
function credentialsEnd(rest: string): number {
  const firstDelimiter = rest.search(/[/?#]/);
  const authorityEnd = firstDelimiter < 0 ? rest.length : firstDelimiter;
  let best = -1;
  let bestStrength = 0;
  for (let i = rest.indexOf('@'); i >= 0; i = rest.indexOf('@', i + 1)) {
    const strength = hostStrength(rest.slice(i + 1));
    if (strength === 0) continue;
    // The standard reading (the `@` before the first `/`, `?` or `#`) naming an IP address or a dotted name stands:
    // a later `@` is then in the path (`rtsp://u:p@cam.local/a@b.c`).
    if (i < authorityEnd && strength === 2) {
      best = i;
      bestStrength = 2;
      continue;
    }
    if (best >= 0 && best < authorityEnd && bestStrength === 2) break;
    // The last `@` before the host wins, unless an earlier one is surely a host and this one only maybe is.
    if (strength >= bestStrength) {
      best = i;
      bestStrength = strength;
    }
  }
  if (best < 0 || best < authorityEnd) return best;
  // The `@` is past the first `/`, `?` or `#`: a password holding one of them, or an `@` in the path
  // (`rtsp://10.0.0.2/live@x`). It is a password only when what comes before that delimiter is `user:…` and not
  // itself a camera's host (`10.0.0.2`, `10.0.0.2:554`, `cam:554` with a plain word after the `@`).
  const before = rest.slice(0, authorityEnd);
  if (!before.includes(':')) return -1;
  const beforeStrength = hostStrength(before);
  if (beforeStrength === 2) return -1;
  if (beforeStrength === 1 && bestStrength === 1) return -1;
  return best;
}

/** Splits a pasted address into the bare address and the credentials inside it (percent-decoded). */
export function parsePastedAddress(raw: string): PastedAddress {
  const text = raw.trim();
  const m = SCHEME.exec(text);
  if (!m?.[1] || m[2] === undefined) return { url: text, username: null, password: null };
  const prefix = m[1];
  const rest = m[2];
  const at = credentialsEnd(rest);
  if (at < 0) return { url: text, username: null, password: null };
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  const pass = colon < 0 ? '' : userinfo.slice(colon + 1);
  return { url: prefix + rest.slice(at + 1), username: user ? decodeSafe(user) : null, password: pass ? decodeSafe(pass) : null };
}

/** Which credentials came out of an address, as the wizard's message key (null when there were none). */
export type MovedCredentialsKey = 'wizard_moved_both' | 'wizard_moved_password' | 'wizard_moved_username';

export function movedCredentialsKey(moved: { username: string | null; password: string | null }): MovedCredentialsKey | null {
  if (moved.username !== null && moved.password !== null) return 'wizard_moved_both';
  if (moved.password !== null) return 'wizard_moved_password';
  if (moved.username !== null) return 'wizard_moved_username';
  return null;
}

/** What the wizard says when it took credentials out of an address, in the catalog's language ('' when none). */
export function movedCredentialsMessage(
  moved: { username: string | null; password: string | null },
  catalog: Pick<WizardMessages, MovedCredentialsKey> = wizard,
): string {
  const key = movedCredentialsKey(moved);
  return key ? catalog[key] : '';
}
