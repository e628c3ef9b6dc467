// Who may use the service: the service's session token (the PC: the printed link, `nvr`, the cookie it becomes), or
// a LAN visitor's own session after signing in with the LAN password (login-sessions.ts), with guesses counted before
// the password is checked (login-limiter.ts). Sessions and the limiter's counts are pruned every minute.
import type http from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../core/logging/logger.ts';
import { throttledWarn } from '../core/logging/log-throttle.ts';
import { isAuthorized, isLoopbackHost, presentedToken, sameSecret, sessionCookie, verifyPassword } from './auth.ts';
import { LoginSessions } from './login-sessions.ts';
import { LoginLimiter } from './login-limiter.ts';
import { PAGE_HEADERS } from './static-files.ts';
import { escapeHtml, page, readBody } from './service-pages.ts';

const PRUNE_EVERY_MS = 60_000;

export function encrypted(req: http.IncomingMessage): boolean {
  return Boolean((req.socket as TLSSocket).encrypted);
}

export function fromThisPc(req: http.IncomingMessage): boolean {
  return isLoopbackHost(req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '');
}

export class AuthGate {
  private readonly sessions = new LoginSessions();
  private readonly limiter = new LoginLimiter();
  private readonly pruner: NodeJS.Timeout;
  private readonly logRefusedLogin: (fields: Record<string, unknown>) => void;

  constructor(private readonly o: { token: string; lanPasswordHash: string | null; logger: Logger }) {
    this.pruner = setInterval(() => {
      this.sessions.prune();
      this.limiter.prune();
    }, PRUNE_EVERY_MS);
    this.pruner.unref();
    this.logRefusedLogin = throttledWarn(o.logger, 'sign-in attempt refused by the rate limit');
  }

  /** Whether LAN visitors sign in (a LAN password is set): then /login is served. */
  get loginOpen(): boolean {
    return this.o.lanPasswordHash !== null;
  }

  /** The service's token (the PC: printed link, `nvr`), or a LAN visitor's live session. */
  authorized(req: http.IncomingMessage): boolean {
    if (isAuthorized(req, this.o.token)) return true;
    const presented = presentedToken(req);
    return presented !== null && this.sessions.check(presented);
  }

  /**
   * A link that carries `?token=`: the right token becomes the cookie and the address loses it (addresses end up in
   * logs and history). Returns false when the address carries no token.
   */
  acceptTokenLink(req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean {
    const presented = url.searchParams.get('token');
    if (presented === null) return false;
    if (!sameSecret(presented, this.o.token)) {
      this.unauthorized(req, res, 'This link has an old or wrong token.');
      return true;
    }
    url.searchParams.delete('token');
    res.writeHead(302, {
      ...PAGE_HEADERS,
      'Set-Cookie': sessionCookie(this.o.token, encrypted(req)),
      Location: url.pathname + url.search,
      'Cache-Control': 'no-store',
    });
    res.end();
    return true;
  }

  /** No valid token: a LAN visitor's browser goes to /login; otherwise one page that says what to open. */
  unauthorized(req: http.IncomingMessage, res: http.ServerResponse, problem: string | null): void {
    if (this.o.lanPasswordHash && !fromThisPc(req) && req.method === 'GET') {
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

  /** /login: the form (GET), or a sign-in with the LAN password (POST), counted by the limiter before it is checked. */
  async login(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const hash = this.o.lanPasswordHash;
    if (hash === null) throw new Error('login without a LAN password');
    const remote = req.socket.remoteAddress ?? 'unknown';
    if (req.method === 'GET') {
      res.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(loginForm(null));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST' }).end();
      return;
    }
    const admission = this.limiter.admit(remote);
    if (!admission.ok) {
      this.logRefusedLogin({ remote, why: admission.why });
      res.writeHead(429, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(admission.retryAfterS) });
      res.end(loginForm(admission.message));
      return;
    }
    let ok = false;
    try {
      const body = await readBody(req, 4096);
      const password = body === null ? null : new URLSearchParams(body).get('password');
      ok = password !== null && (await verifyPassword(password, hash));
    } finally {
      admission.done(ok);
    }
    if (ok) {
      this.o.logger.info({ remote }, 'signed in with the LAN password');
      // The visitor's own session, never the service's token.
      res.writeHead(303, { 'Set-Cookie': sessionCookie(this.sessions.issue(remote), encrypted(req)), Location: '/', 'Cache-Control': 'no-store' }).end();
      return;
    }
    this.o.logger.warn({ remote }, 'wrong LAN password');
    res.writeHead(401, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }).end(loginForm('That password is not right.'));
  }

  close(): void {
    clearInterval(this.pruner);
  }
}

function loginForm(message: string | null): string {
  return page(
    'Sign in',
    `${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}<form method="post" action="/login">` +
      `<label>NVR password <input type="password" name="password" autocomplete="current-password" autofocus></label> ` +
      `<button type="submit">Sign in</button></form>`,
  );
}
