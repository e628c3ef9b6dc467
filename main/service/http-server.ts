// The service's HTTP server: the built page, the WebSocket transport (/api/ws), live video over one socket per page
// (/api/live) and the media routes, all behind the session token. It knows the engine only through the contract's
// handlers, an event subscription and the media source, so tests can run it against any of them.
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiHandlers } from '../../preload/contract.ts';
import type { Logger } from '../core/logging/logger.ts';
import { throttledWarn } from '../core/logging/log-throttle.ts';
import { isAuthorized, isLoopbackHost, presentedToken, sameSecret, sessionCookie, verifyPassword } from './auth.ts';
import { LoginSessions } from './login-sessions.ts';
import { LoginLimiter } from './login-limiter.ts';
import { tlsSniffingListener } from './tls-sniffing-listener.ts';
import { handleMediaRequest, type MediaSource } from './media-routes.ts';
import { PAGE_HEADERS, serveStatic } from './static-files.ts';
import { WsTransport, type Subscribe } from './ws-transport.ts';
import { LiveSocketServer } from './live-socket.ts';
import { LIVE_WS_PATH } from '../../preload/protocols/live-socket.ts';
import { WS_PATH } from '../../preload/protocols/rpc.ts';
import type { Monitoring } from '../core/metrics/engine-monitoring.ts';
import { handleHealthRequest } from './health-routes.ts';

export interface HttpServiceOptions {
  handlers: ApiHandlers;
  subscribe: Subscribe;
  media: MediaSource;
  token: string;
  logger: Logger;
  rendererDir: string;
  host: string;
  port: number;
  /** Required to listen on anything but loopback: a LAN visitor signs in with this password. */
  lanPasswordHash: string | null;
  /** LAN access over HTTPS: the NVR's own certificate (lan-certificate.ts). The PC itself keeps plain HTTP on the same port. */
  tls?: { key: string; cert: string } | null;
  maxMessageBytes?: number;
  /** /health and /ready (no token) and /metrics (session or metrics token); absent: those paths are not served. */
  monitoring?: Monitoring;
}

export interface HttpService {
  readonly port: number;
  readonly host: string;
  readonly transport: WsTransport;
  /** Live video over one socket per page (/api/live). */
  readonly live: LiveSocketServer;
  close(): Promise<void>;
}

/** The hard limit ws enforces (it closes the socket); below it, oversized requests get an error answer. */
const MAX_WS_PAYLOAD = 1024 * 1024;
/** Open connections at most (each live page holds two sockets and a few requests). */
const MAX_CONNECTIONS = 512;

export class ServiceStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceStartError';
  }
}

export async function startHttpService(options: HttpServiceOptions): Promise<HttpService> {
  const { logger, token } = options;
  const lan = !isLoopbackHost(options.host);
  if (lan && !options.lanPasswordHash) {
    throw new ServiceStartError(
      `Listening on the network (${options.host}) needs a LAN password first: run \`nvr lan-password\`, then start again. Without it the NVR only listens on 127.0.0.1.`,
    );
  }
  const transport = new WsTransport({
    handlers: options.handlers,
    subscribe: options.subscribe,
    logger: logger.child({ component: 'ws' }),
    ...(options.maxMessageBytes ? { maxMessageBytes: options.maxMessageBytes } : {}),
  });
  const live = new LiveSocketServer({ media: options.media, logger: logger.child({ component: 'live-ws' }) });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD, perMessageDeflate: false });
  // LAN visitors: their own sessions, and guesses counted before the password is checked.
  const sessions = new LoginSessions();
  const limiter = new LoginLimiter();
  const pruner = setInterval(() => {
    sessions.prune();
    limiter.prune();
  }, 60_000);
  pruner.unref();
  /** The service's token (the PC: printed link, `nvr`), or a LAN visitor's live session. */
  const authorized = (req: http.IncomingMessage): boolean => {
    if (isAuthorized(req, token)) return true;
    const presented = presentedToken(req);
    return presented !== null && sessions.check(presented);
  };
  let boundPort = options.port;

  const hostAllowed = (req: http.IncomingMessage): boolean => {
    if (lan) return true;
    // Bound to loopback: refuse other Host names (a DNS-rebinding page on another name cannot talk to us).
    const host = (req.headers.host ?? '').toLowerCase();
    return [`127.0.0.1:${boundPort}`, `localhost:${boundPort}`, `[::1]:${boundPort}`].includes(host);
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      logger.error({ err: err instanceof Error ? err.message : String(err), path: safePath(req.url) }, 'http request failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Something went wrong inside the NVR; its log has the details.\n');
    });
  };
  const server = http.createServer(onRequest);
  const secure = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : null;
  const servers: http.Server[] = secure ? [server, secure] : [server];
  for (const s of servers) {
    s.headersTimeout = 20_000;
    s.requestTimeout = 60_000;
  }
  /** What listens on the port: the HTTP server alone, or both behind one port that tells TLS from plain HTTP. */
  const listener: net.Server = secure ? tlsSniffingListener(server, secure) : server;
  // A shop's PC and phones need a few dozen connections; a flood of idle ones must not use up the process's file
  // descriptors (ffmpeg could then not start). Past the cap Node closes new connections at once.
  listener.maxConnections = MAX_CONNECTIONS;
  const logDropped = throttledWarn(logger, 'too many connections: a new one was closed');
  listener.on('drop', (data?: { remoteAddress?: string }) => logDropped({ remote: data?.remoteAddress, maxConnections: MAX_CONNECTIONS }));
  const encrypted = (req: http.IncomingMessage) => Boolean((req.socket as TLSSocket).encrypted);
  const fromThisPc = (req: http.IncomingMessage) => isLoopbackHost(req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '');
  /** With HTTPS on, another device must use it: plain HTTP is for the PC itself. */
  const needsHttps = (req: http.IncomingMessage) => secure !== null && !encrypted(req) && !fromThisPc(req);
  const logRefusedSocket = throttledWarn(logger, 'websocket without a valid session token refused');
  const logRefusedLogin = throttledWarn(logger, 'sign-in attempt refused by the rate limit');

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!hostAllowed(req)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Open the NVR at 127.0.0.1.\n');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://service.invalid');
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request.\n');
      return;
    }
    if (needsHttps(req)) {
      res.writeHead(308, { Location: `https://${req.headers.host ?? ''}${url.pathname}${url.search}`, 'Cache-Control': 'no-store' }).end();
      return;
    }
    if (options.monitoring && (await handleHealthRequest(req, res, url.pathname, options.monitoring, token, logger))) return;
    const presented = url.searchParams.get('token');
    if (presented !== null) {
      if (!sameSecret(presented, token)) return unauthorized(req, res, 'This link has an old or wrong token.');
      url.searchParams.delete('token');
      res.writeHead(302, {
        ...PAGE_HEADERS,
        'Set-Cookie': sessionCookie(token, encrypted(req)),
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    if (url.pathname === '/login' && options.lanPasswordHash) return login(req, res, options.lanPasswordHash);
    if (!authorized(req)) return unauthorized(req, res, null);
    if (await handleMediaRequest(req, res, url.pathname, options.media)) return;
    await serveStatic(req, res, url.pathname, options.rendererDir);
  }

  function unauthorized(req: http.IncomingMessage, res: http.ServerResponse, problem: string | null): void {
    const remoteIsLocal = isLoopbackHost(req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '');
    if (options.lanPasswordHash && !remoteIsLocal && req.method === 'GET') {
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

  async function login(req: http.IncomingMessage, res: http.ServerResponse, hash: string): Promise<void> {
    const remote = req.socket.remoteAddress ?? 'unknown';
    const form = (message: string | null) =>
      page(
        'Sign in',
        `${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}<form method="post" action="/login">` +
          `<label>NVR password <input type="password" name="password" autocomplete="current-password" autofocus></label> ` +
          `<button type="submit">Sign in</button></form>`,
      );
    if (req.method === 'GET') {
      res.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(form(null));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST' }).end();
      return;
    }
    const admission = limiter.admit(remote);
    if (!admission.ok) {
      logRefusedLogin({ remote, why: admission.why });
      res.writeHead(429, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(admission.retryAfterS) });
      res.end(form(admission.message));
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
      logger.info({ remote }, 'signed in with the LAN password');
      // The visitor's own session, never the service's token.
      res.writeHead(303, { 'Set-Cookie': sessionCookie(sessions.issue(remote), encrypted(req)), Location: '/', 'Cache-Control': 'no-store' }).end();
      return;
    }
    logger.warn({ remote }, 'wrong LAN password');
    res.writeHead(401, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }).end(form('That password is not right.'));
  }

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://service.invalid');
    } catch {
      return refuse(400, 'Bad Request');
    }
    if (url.pathname !== WS_PATH && url.pathname !== LIVE_WS_PATH) return refuse(404, 'Not Found');
    if (!hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (needsHttps(req)) return refuse(403, 'Forbidden');
    // Browsers send Origin: a page from another site may not open our socket even if it had the cookie.
    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, req.headers.host, encrypted(req) ? 'https:' : 'http:')) return refuse(403, 'Forbidden');
    // The cookie or the Authorization header; never a token in the address (addresses end up in logs and history).
    if (!authorized(req)) {
      logRefusedSocket({ remote: req.socket.remoteAddress });
      return refuse(401, 'Unauthorized');
    }
    const remote = req.socket.remoteAddress ?? 'unknown';
    if (url.pathname === LIVE_WS_PATH) wss.handleUpgrade(req, socket, head, (ws) => live.attach(ws, remote));
    else wss.handleUpgrade(req, socket, head, (ws) => transport.attach(ws, remote));
  };

  for (const s of servers) {
    s.on('upgrade', onUpgrade);
    s.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      socket.destroy();
    });
  }
  // A TLS handshake that fails (a phone that refused the certificate, a port scanner) is a closed socket, no more.
  secure?.on('tlsClientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      listener.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(
          new ServiceStartError(
            `Port ${options.port} on ${options.host} is already in use (is the NVR already running? \`nvr health\` tells). Start with --port N to use another port.`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(new ServiceStartError(`Port ${options.port} needs administrator rights; choose a port above 1024 with --port.`));
      } else if (err.code === 'EADDRNOTAVAIL') {
        reject(new ServiceStartError(`This PC has no network address ${options.host}; check the --host setting.`));
      } else {
        reject(err);
      }
    };
    const onListening = () => {
      listener.off('error', onError);
      resolve();
    };
    listener.once('error', onError);
    listener.once('listening', onListening);
    listener.listen(options.port, options.host);
  }).catch((err: unknown) => {
    clearInterval(pruner);
    transport.close();
    live.close();
    throw err;
  });
  boundPort = (listener.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    port: boundPort,
    host: options.host,
    transport,
    live,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(pruner);
        transport.close();
        live.close();
        wss.close();
        listener.close(() => resolve());
        for (const s of servers) s.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The page that opens a socket must be ours: same host and port, and the scheme this server speaks. */
function sameOrigin(origin: string, host: string | undefined, scheme = 'http:'): boolean {
  try {
    const o = new URL(origin);
    return host !== undefined && o.protocol === scheme && o.host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

function safePath(url: string | undefined): string {
  return (url ?? '').split('?')[0]!.slice(0, 200);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · ShopWatch NVR</title></head><body><h1>ShopWatch NVR</h1>${body}</body></html>\n`;
}
