// Answering a camera's 401: its WWW-Authenticate challenges read, one chosen, and the Authorization header for a
// request computed: Basic (RFC 7617) or Digest (RFC 2617 / RFC 7616: MD5, MD5-sess, SHA-256, SHA-256-sess; with
// qop=auth when offered, the RFC 2069 form when not). Pure, except for the client nonce the caller passes in.
import { createHash } from 'node:crypto';

export interface Challenge {
  scheme: 'basic' | 'digest';
  /** Parameter names in lower case; values unquoted. */
  params: Record<string, string>;
}

export interface Credentials {
  username: string;
  password: string;
}

/** Splits the challenges of WWW-Authenticate values (one or several per value, RFC 7235 syntax). */
export function parseChallenges(values: readonly string[]): Challenge[] {
  const out: Array<{ scheme: string; params: Record<string, string> }> = [];
  for (const value of values) {
    let i = 0;
    let current: { scheme: string; params: Record<string, string> } | null = null;
    while (i < value.length) {
      const token = /^[\s,]*([!#$%&'*+.^_`|~0-9A-Za-z-]+)/.exec(value.slice(i));
      if (!token) break;
      const name = token[1]!;
      const afterName = i + token[0].length;
      const eq = /^\s*=(?!=)\s*/.exec(value.slice(afterName));
      if (!eq) {
        // A name without "=": a new scheme.
        current = { scheme: name.toLowerCase(), params: {} };
        out.push(current);
        i = afterName;
        continue;
      }
      let j = afterName + eq[0].length;
      let v = '';
      if (value[j] === '"') {
        j++;
        while (j < value.length && value[j] !== '"') {
          if (value[j] === '\\' && j + 1 < value.length) j++;
          v += value[j];
          j++;
        }
        j++; // the closing quote
      } else {
        const m = /^[^\s,]*/.exec(value.slice(j))!;
        v = m[0];
        j += m[0].length;
      }
      if (current) current.params[name.toLowerCase()] = v;
      i = j;
    }
  }
  return out.filter((c): c is Challenge => c.scheme === 'basic' || c.scheme === 'digest');
}

const DIGEST_ALGORITHMS = ['sha-256-sess', 'sha-256', 'md5-sess', 'md5'] as const;
type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

function algorithmOf(c: Challenge): DigestAlgorithm | null {
  const a = (c.params['algorithm'] ?? 'MD5').toLowerCase();
  return (DIGEST_ALGORITHMS as readonly string[]).includes(a) ? (a as DigestAlgorithm) : null;
}

/** The strongest challenge we can answer: Digest SHA-256, then Digest MD5, then Basic. */
export function pickChallenge(challenges: readonly Challenge[]): Challenge | null {
  const rank = (c: Challenge): number => {
    if (c.scheme === 'basic') return 1;
    const a = algorithmOf(c);
    if (!a || c.params['nonce'] === undefined) return 0;
    return a.startsWith('sha-256') ? 3 : 2;
  };
  let best: Challenge | null = null;
  for (const c of challenges) if (rank(c) > 0 && (!best || rank(c) > rank(best))) best = c;
  return best;
}

/** True when the camera says the nonce was stale (the password was right: answer the new challenge). */
export function isStale(c: Challenge): boolean {
  return (c.params['stale'] ?? '').toLowerCase() === 'true';
}

export interface DigestInput {
  algorithm?: string;
  username: string;
  password: string;
  realm: string;
  nonce: string;
  method: string;
  uri: string;
  /** "auth", or undefined for the RFC 2069 form. */
  qop?: 'auth';
  nc?: string;
  cnonce?: string;
}

/** The Digest "response" value (RFC 2617 section 3.2.2.1; RFC 7616 section 3.4.1 for SHA-256). */
export function digestResponse(d: DigestInput): string {
  const alg = (d.algorithm ?? 'MD5').toLowerCase();
  const h = (s: string) => createHash(alg.startsWith('sha-256') ? 'sha256' : 'md5').update(s, 'utf8').digest('hex');
  let ha1 = h(`${d.username}:${d.realm}:${d.password}`);
  if (alg.endsWith('-sess')) ha1 = h(`${ha1}:${d.nonce}:${d.cnonce ?? ''}`);
  const ha2 = h(`${d.method}:${d.uri}`);
  return d.qop ? h(`${ha1}:${d.nonce}:${d.nc ?? ''}:${d.cnonce ?? ''}:${d.qop}:${ha2}`) : h(`${ha1}:${d.nonce}:${ha2}`);
}

const quoted = (s: string) => `"${s.replace(/["\\]/g, (c) => '\\' + c)}"`;

/**
 * The Authorization header value answering `challenge` for one request. `nc` counts the requests made with the same
 * nonce (1 for the first); `cnonce` is a fresh random string.
 */
export function authorizationFor(challenge: Challenge, cred: Credentials, req: { method: string; uri: string; nc: number; cnonce: string }): string {
  if (challenge.scheme === 'basic') return 'Basic ' + Buffer.from(`${cred.username}:${cred.password}`, 'utf8').toString('base64');
  const p = challenge.params;
  const algorithm = p['algorithm'];
  const offered = (p['qop'] ?? '').split(',').map((q) => q.trim().toLowerCase());
  const qop = offered.includes('auth') ? ('auth' as const) : undefined;
  const nc = req.nc.toString(16).padStart(8, '0');
  const realm = p['realm'] ?? '';
  const nonce = p['nonce'] ?? '';
  const response = digestResponse({ ...(algorithm ? { algorithm } : {}), username: cred.username, password: cred.password, realm, nonce, method: req.method, uri: req.uri, ...(qop ? { qop, nc, cnonce: req.cnonce } : {}) });
  const parts = [`username=${quoted(cred.username)}`, `realm=${quoted(realm)}`, `nonce=${quoted(nonce)}`, `uri=${quoted(req.uri)}`, `response=${quoted(response)}`];
  if (algorithm) parts.push(`algorithm=${algorithm}`);
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quoted(req.cnonce)}`);
  if (p['opaque'] !== undefined) parts.push(`opaque=${quoted(p['opaque'])}`);
  return 'Digest ' + parts.join(', ');
}
