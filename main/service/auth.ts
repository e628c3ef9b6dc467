// Service-mode authentication. Every HTTP and WebSocket request must carry the session token: a random value made at
// start-up, printed, written to the data folder (mode 0600) for the `nvr` command line, and kept by a browser in an
// httpOnly SameSite=Strict cookie after its first visit with `?token=`. Listening beyond 127.0.0.1 is only allowed with
// a LAN password, stored as a scrypt hash; a LAN visitor who types it gets a session of its own (login-sessions.ts),
// never this token, and guesses are limited before they are checked (login-limiter.ts).
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'nvr_session';

/** 32 random bytes, URL-safe: nothing to guess. */
export function createSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares two secrets in constant time (hashing first makes the lengths equal). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Parses a Cookie header into name → value (the first value of a name wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The token a request presents: the session cookie, or `Authorization: Bearer …` (the command line). */
export function presentedToken(req: IncomingMessage): string | null {
  const cookie = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  if (cookie) return cookie;
  const auth = req.headers.authorization;
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  return null;
}

export function isAuthorized(req: IncomingMessage, token: string): boolean {
  const presented = presentedToken(req);
  return presented !== null && sameSecret(presented, token);
}

// ---- LAN password (scrypt): kept in the core (main/core/access/password-hash.ts), where viewer accounts use it too ----
export { hashPassword, verifyPassword, lanPasswordProblem } from '../core/access/password-hash.ts';

// ---- files in the data folder -------------------------------------------------------------------------------------

/** What a running service leaves next to its token so that `nvr` commands find it. */
export interface ServiceInfo {
  port: number;
  host: string;
  pid: number;
  startedAt: number;
}

export const serviceInfoPath = (dataRoot: string): string => path.join(dataRoot, 'service.json');

function writePrivate(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode above only applies when the file is created
}

export function writeServiceFiles(paths: { root: string; serviceToken: string }, token: string, info: ServiceInfo): void {
  writePrivate(paths.serviceToken, token + '\n');
  writePrivate(serviceInfoPath(paths.root), JSON.stringify(info, null, 2) + '\n');
}

export function removeServiceFiles(paths: { root: string; serviceToken: string }): void {
  rmSync(serviceInfoPath(paths.root), { force: true });
  rmSync(paths.serviceToken, { force: true });
}

export function readServiceInfo(dataRoot: string): ServiceInfo | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(serviceInfoPath(dataRoot), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const o = parsed as Record<string, unknown>;
    if (typeof o.port !== 'number' || typeof o.pid !== 'number') return null;
    return { port: o.port, host: typeof o.host === 'string' ? o.host : '127.0.0.1', pid: o.pid, startedAt: Number(o.startedAt) || 0 };
  } catch {
    return null;
  }
}

export function readToken(tokenFile: string): string | null {
  try {
    const t = readFileSync(tokenFile, 'utf8').trim();
    return t.length > 0 ? t : null;
  } catch {
    return null;
  }
}

// The LAN access file (service-lan.json: the LAN password's hash, LAN access on or off) is the core's
// (main/core/access/lan-config.ts): Settings change it as well as `nvr lan-password`.
export { lanAuthPath, readLanPasswordHash, storeLanPassword } from '../core/access/lan-config.ts';

/** True for addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Is the process with this id alive (a service left by a crash leaves a stale service.json)? */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
