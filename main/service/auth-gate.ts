// Who may use the service, and as whom (issue 15, roles): the service's master token (`nvr`, the owner), the PC's
// own session made from its `?token=` link (the owner), or a visitor's session after signing in on /login with the
// LAN password (the owner) or a viewer account (login-sessions.ts; in the database in service mode, so a restart of
// the NVR signs nobody out), with guesses counted before the password is checked (login-limiter.ts). LAN access
// switched off in Settings refuses every other device at once. Sessions and the limiter's counts are pruned every
// minute.
import type http from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../core/logging/logger.ts';
import { throttledWarn } from '../core/logging/log-throttle.ts';
import { isAuthorized, isLoopbackHost, presentedToken, sameSecret, sessionCookie, verifyPassword } from './auth.ts';
import { LoginSessions } from './login-sessions.ts';
import { MemorySessionStore, type SessionStore } from '../core/access/session-store.ts';
import { OWNER_USERNAMES, type SignedIn } from '../core/access/access-service.ts';
import { PC_OWNER, type Caller } from '../../preload/contract.ts';
import { loginLocale, loginPage } from './login-page.ts';
import type { Locale } from '../../preload/i18n/locales.ts';
import { LoginLimiter } from './login-limiter.ts';
import { PAGE_HEADERS } from './static-files.ts';
import { escapeHtml, page, readBody } from './service-pages.ts';

const PRUNE_EVERY_MS = 60_000;
const PC_SESSION = { role: 'owner', username: null, via: 'pc' } as const;

export function encrypted(req: http.IncomingMessage): boolean {
  return Boolean((req.socket as TLSSocket).encrypted);
}

export function fromThisPc(req: http.IncomingMessage): boolean {
  return isLoopbackHost(req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '');
}

/** What the gate asks about accounts and LAN access (the core's AccessService in service mode). */
export interface AccessDirectory {
  lanPasswordHash(): string | null;
  /** Other devices may sign in and use their sessions (false once LAN access is switched off in Settings). */
  lanOpen(): boolean;
  verify(username: string, password: string): Promise<SignedIn | null>;
  readonly sessions: SessionStore;
}

/** Only the owner's LAN password, sessions in memory: a transport run without an engine's accounts (tests, tools). */
export function fixedAccess(lanPasswordHash: string | null): AccessDirectory {
  return {
    lanPasswordHash: () => lanPasswordHash,
    lanOpen: () => lanPasswordHash !== null,
    verify: async (username, password) =>
      (OWNER_USERNAMES as readonly string[]).includes(username.trim().toLowerCase()) &&
      lanPasswordHash !== null &&
      (await verifyPassword(password, lanPasswordHash))
        ? { role: 'owner', username: null }
        : null,
    sessions: new MemorySessionStore(),
  };
}

export class AuthGate {
  private readonly sessions: LoginSessions;
  private readonly limiter = new LoginLimiter();
  private readonly pruner: NodeJS.Timeout;
  private readonly logRefusedLogin: (fields: Record<string, unknown>) => void;
  private readonly access: AccessDirectory;

  constructor(
    private readonly o: {
      token: string;
      lanPasswordHash: string | null;
      logger: Logger;
      access?: AccessDirectory;
      /** The app's `language` setting (null: follow the visitor's browser); absent: always the browser's. */
      language?: () => Locale | null;
    },
  ) {
    this.access = o.access ?? fixedAccess(o.lanPasswordHash);
    this.sessions = new LoginSessions({ store: this.access.sessions });
    this.sessions.prune();
    this.pruner = setInterval(() => {
      this.sessions.prune();
      this.limiter.prune();
    }, PRUNE_EVERY_MS);
    this.pruner.unref();
    this.logRefusedLogin = throttledWarn(o.logger, 'sign-in attempt refused by the rate limit');
  }

  /** Whether LAN visitors sign in (a LAN password is set): then /login is served. */
  get loginOpen(): boolean {
    return this.access.lanPasswordHash() !== null;
  }

  /** Who a request is: the master token or the PC's session (owner), a visitor's live session (its role), or null. */
  callerOf(req: http.IncomingMessage): Caller | null {
    if (isAuthorized(req, this.o.token)) return PC_OWNER;
    const presented = presentedToken(req);
    const grant = presented === null ? null : this.sessions.lookup(presented);
    if (!grant) return null;
    // LAN access switched off: another device's session is refused (the PC's own never is).
    if (!fromThisPc(req) && !this.access.lanOpen()) return null;
    return { role: grant.role, username: grant.username };
  }

  /** The service's token (the PC: printed link, `nvr`), or a live session. */
  authorized(req: http.IncomingMessage): boolean {
    return this.callerOf(req) !== null;
  }

  /**
   * A link that carries `?token=`: the right token becomes the cookie and the address loses it (addresses end up in
   * logs and history). Returns false when the address carries no token.
   */
  acceptTokenLink(req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean {
    const presented = url.searchParams.get('token');
    if (presented === null) return false;
    const right = sameSecret(presented, this.o.token);
    // A link from before a restart (the token is new at each start), opened where the page's session still lives.
    if (!right && this.callerOf(req) === null) {
      this.unauthorized(req, res, 'This link has an old or wrong token.');
      return true;
    }
    url.searchParams.delete('token');
    // The PC's own session (kept over restarts), never the master token itself in the cookie.
    const cookie = right ? { 'Set-Cookie': sessionCookie(this.sessions.issue(req.socket.remoteAddress ?? 'unknown', PC_SESSION), encrypted(req)) } : {};
    res.writeHead(302, { ...PAGE_HEADERS, ...cookie, Location: url.pathname + url.search, 'Cache-Control': 'no-store' });
    res.end();
    return true;
  }

  /** No valid token: a LAN visitor's browser goes to /login; otherwise one page that says what to open. */
  unauthorized(req: http.IncomingMessage, res: http.ServerResponse, problem: string | null): void {
    if (this.access.lanPasswordHash() !== null && !fromThisPc(req) && req.method === 'GET') {
      res.writeHead(303, { Location: '/login', 'Cache-Control': 'no-store' }).end();
      return;
    }
    const text = [
      problem ?? 'This ShopWatch NVR needs its session token.',
      'Open the address it printed when it started (it ends with ?token=…); `nvr url` prints it again on this PC.',
    ].join(' ');
    res.writeHead(401, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(page('Sign-in needed', `<p>${escapeHtml(text)}</p>`));
  }

  /** /login: the form (GET), or a sign-in (POST) with the LAN password or a viewer account, counted before it is checked. */
  async login(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const remote = req.socket.remoteAddress ?? 'unknown';
    // The sign-in page in the owner's chosen language, else the visitor's browser's.
    const locale = loginLocale(this.o.language?.() ?? null, req.headers['accept-language']);
    const html = (status: number, body: string, extra: Record<string, string> = {}): void => {
      res.writeHead(status, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...extra }).end(body);
    };
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST' }).end();
      return;
    }
    if (!fromThisPc(req) && !this.access.lanOpen()) {
      return html(403, loginPage({ locale, problem: { kind: 'lan-off' } }));
    }
    if (req.method === 'GET') return html(200, loginPage({ locale, problem: null }));
    const admission = this.limiter.admit(remote);
    if (!admission.ok) {
      this.logRefusedLogin({ remote, why: admission.why });
      const problem = { kind: 'limited', why: admission.why, retryAfterS: admission.retryAfterS } as const;
      return html(429, loginPage({ locale, problem }), { 'Retry-After': String(admission.retryAfterS) });
    }
    let who: SignedIn | null = null;
    let username = '';
    try {
      const body = await readBody(req, 4096);
      const form = new URLSearchParams(body ?? '');
      username = (form.get('username') ?? '').trim().slice(0, 64);
      const password = body === null ? null : form.get('password');
      who = password === null ? null : await this.access.verify(username, password);
    } finally {
      admission.done(who !== null);
    }
    if (who) {
      this.o.logger.info({ remote, role: who.role, username: who.username }, who.role === 'owner' ? 'signed in with the LAN password' : 'viewer signed in');
      // The visitor's own session, never the service's token.
      const token = this.sessions.issue(remote, { role: who.role, username: who.username, via: 'lan' });
      res.writeHead(303, { 'Set-Cookie': sessionCookie(token, encrypted(req)), Location: '/', 'Cache-Control': 'no-store' }).end();
      return;
    }
    this.o.logger.warn({ remote, username: username || 'owner' }, username ? 'wrong username or password' : 'wrong LAN password');
    html(401, loginPage({ locale, problem: { kind: 'wrong', withUsername: username !== '' }, username }));
  }

  close(): void {
    clearInterval(this.pruner);
  }
}
