// Camera stream addresses: what a shop owner may type, and how credentials travel.
// Pure string functions, no I/O. The URL handed to ffmpeg is always checked here first: ffmpeg accepts far more than
// network cameras (local files, pipes, concat lists), and a typed address must never reach those.

export type UrlCheck = { ok: true } | { ok: false; message: string };

const SUPPORTED = ['rtsp', 'rtsps', 'http', 'https'] as const;
type Scheme = (typeof SUPPORTED)[number];

const UNSUPPORTED_MESSAGE = 'Only rtsp://, rtsps://, http:// and https:// camera addresses are supported';

// Whitespace and control characters (C0, DEL, C1) and Unicode line/paragraph separators.
const BAD_CHARS = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** The scheme of an address in lower case, or null when it has none. */
function schemeOf(raw: string): string | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw);
  return m?.[1] ? m[1].toLowerCase() : null;
}

function isSupported(scheme: string | null): scheme is Scheme {
  return scheme !== null && (SUPPORTED as readonly string[]).includes(scheme);
}

/** Splits `scheme://authority/rest` where the authority ends at the first '/', '?' or '#' (as WHATWG URL does). */
function splitAuthority(raw: string): { prefix: string; userinfo: string | null; host: string; rest: string } | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/.exec(raw);
  if (!m?.[1]) return null;
  const prefix = m[1];
  const afterPrefix = raw.slice(prefix.length);
  const endMatch = /[/?#]/.exec(afterPrefix);
  const end = endMatch ? endMatch.index : afterPrefix.length;
  const authority = afterPrefix.slice(0, end);
  const rest = afterPrefix.slice(end);
  const at = authority.lastIndexOf('@');
  if (at < 0) return { prefix, userinfo: null, host: authority, rest };
  return { prefix, userinfo: authority.slice(0, at), host: authority.slice(at + 1), rest };
}

/** Checks an address typed by a shop owner before anything uses it. */
export function validateStreamUrl(raw: string): UrlCheck {
  if (typeof raw !== 'string' || raw.length === 0) {
    return { ok: false, message: 'Enter the camera address, for example rtsp://192.168.1.20:554/stream1' };
  }
  if (raw.length > 2048) return { ok: false, message: 'The camera address is too long (more than 2048 characters)' };
  if (raw.startsWith('-')) {
    return { ok: false, message: `The camera address cannot start with "-". ${UNSUPPORTED_MESSAGE}, for example rtsp://192.168.1.20:554/stream1` };
  }
  if (BAD_CHARS.test(raw)) {
    return { ok: false, message: 'The camera address contains spaces, line breaks or other invisible characters: remove them and try again' };
  }
  const scheme = schemeOf(raw);
  if (!isSupported(scheme)) {
    return { ok: false, message: `${UNSUPPORTED_MESSAGE}, for example rtsp://192.168.1.20:554/stream1` };
  }
  const parts = splitAuthority(raw);
  if (!parts) {
    return { ok: false, message: `The camera address must look like ${scheme}://192.168.1.20:554/stream1 (with "//" after "${scheme}:")` };
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { ok: false, message: 'The camera address is not a valid address: check it for typing mistakes' };
  }
  if (parts.host.length === 0 || parsed.hostname.length === 0) {
    return { ok: false, message: 'The camera address has no camera name or IP address after "//" (for example rtsp://192.168.1.20/stream1)' };
  }
  if (parsed.port !== '') {
    const port = Number(parsed.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return { ok: false, message: 'The port in the camera address must be a number from 1 to 65535' };
    }
  }
  return { ok: true };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a bare '%' typed in a password: keep it as typed
  }
}

/** Removes `user:password@` from an address. Credentials come back percent-decoded. */
export function splitCredentials(raw: string): { url: string; username: string | null; password: string | null } {
  const parts = splitAuthority(raw);
  if (!parts || parts.userinfo === null) return { url: raw, username: null, password: null };
  const colon = parts.userinfo.indexOf(':');
  const userRaw = colon < 0 ? parts.userinfo : parts.userinfo.slice(0, colon);
  const passRaw = colon < 0 ? null : parts.userinfo.slice(colon + 1);
  const username = userRaw.length > 0 ? decodeSafe(userRaw) : null;
  const password = passRaw !== null && passRaw.length > 0 ? decodeSafe(passRaw) : null;
  return { url: parts.prefix + parts.host + parts.rest, username, password };
}

/** Puts credentials into an address, percent-encoded so that passwords holding `@ : / # % ?` survive. */
export function withCredentials(url: string, username: string | null, password: string | null): string {
  const parts = splitAuthority(url);
  if (!parts) return url;
  const bare = parts.prefix + parts.host + parts.rest;
  const user = username ?? '';
  if (user.length === 0 && (password === null || password.length === 0)) return bare;
  const userinfo = encodeURIComponent(user) + (password !== null && password.length > 0 ? ':' + encodeURIComponent(password) : '');
  return parts.prefix + userinfo + '@' + parts.host + parts.rest;
}

/** The value of ffmpeg's -protocol_whitelist for an address: only what that kind of camera needs. */
export function protocolWhitelist(url: string): string {
  switch (schemeOf(url)) {
    case 'rtsp':
      return 'rtsp,rtp,tcp,udp';
    case 'rtsps':
      return 'rtsp,rtsps,rtp,tcp,udp,tls';
    case 'http':
      return 'http,tcp';
    case 'https':
      return 'https,tls,tcp';
    default:
      throw new Error(UNSUPPORTED_MESSAGE);
  }
}

/** True for rtsp:// and rtsps:// addresses. */
export function isRtsp(url: string): boolean {
  const s = schemeOf(url);
  return s === 'rtsp' || s === 'rtsps';
}
