// The service's HTTP server: the built page, the WebSocket transport (/api/ws), live video over one socket per page
// (/api/live) and the media routes, all behind the session token. It knows the engine only through the contract's
// handlers, an event subscription and the media source, so tests can run it against any of them. Who may come in is
// the auth gate's business (auth-gate.ts); which route answers a request is the route table's (http-routes.ts).
import type { MediaLinks } from '../core/access/media-links.ts';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiHandlers, Caller } from '../../preload/contract.ts';
import type { Logger } from '../core/logging/logger.ts';
import { throttledWarn } from '../core/logging/log-throttle.ts';
import { isLoopbackHost } from './auth.ts';
import { AuthGate, encrypted, fromThisPc, type AccessDirectory } from './auth-gate.ts';
import { findRoute, serviceRoutes, type HttpRoute } from './http-routes.ts';
import { tlsSniffingListener } from './tls-sniffing-listener.ts';
import type { MediaSource } from './media-routes.ts';
import { WsTransport, type Subscribe } from './ws-transport.ts';
import { LiveSocketServer } from './live-socket.ts';
import { LIVE_WS_PATH } from '../../preload/protocols/live-socket.ts';
import { WS_PATH } from '../../preload/protocols/rpc.ts';
import type { Monitoring } from '../core/metrics/engine-monitoring.ts';
import { errorMessage } from '../../preload/format.ts';
import type { Locale } from '../../preload/i18n/locales.ts';

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
  /** Viewer accounts, LAN access on or off, sessions kept over restarts (the core's AccessService); absent: only the LAN password, sessions in memory. */
  access?: AccessDirectory;
  /** The app's `language` setting, for the sign-in page (null or absent: the visitor's browser's language). */
  language?: () => Locale | null;
  /** LAN access over HTTPS: the NVR's own certificate (lan-certificate.ts). The PC itself keeps plain HTTP on the same port. */
  tls?: { key: string; cert: string } | null;
  maxMessageBytes?: number;
  /** Signed media links (an alert's snapshot and clip) open /media/ paths without a session. */
  mediaLinks?: MediaLinks;
  /** /health and /ready (no token) and /metrics (session or metrics token); absent: those paths are not served. */
  monitoring?: Monitoring;
}

export interface HttpService {
  readonly port: number;
  readonly host: string;
  readonly transport: WsTransport;
  /** Live video over one socket per page (/api/live). */
  readonly live: LiveSocketServer;
  /**
   * Starts listening on the network (all addresses, the same port, HTTPS with `tls` for other devices) where it
   * listened on this PC only: LAN access switched on in Settings applies at once. Open connections go on.
   */
  openToNetwork(tls: { key: string; cert: string }): Promise<void>;
  close(): Promise<void>;
}

/** Every address of the PC (LAN access on). */
const NETWORK_HOST = '0.0.0.0';

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
  let lan = !isLoopbackHost(options.host);
  let tls = options.tls ?? null;
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
  const gate = new AuthGate({
    token,
    lanPasswordHash: options.lanPasswordHash,
    logger,
    ...(options.access ? { access: options.access } : {}),
    ...(options.language ? { language: options.language } : {}),
  });
  const routes = serviceRoutes({
    gate,
    media: options.media,
    rendererDir: options.rendererDir,
    token,
    logger,
    ...(options.monitoring ? { monitoring: options.monitoring } : {}),
    ...(options.mediaLinks ? { mediaLinks: options.mediaLinks } : {}),
  });
  const bound = { port: options.port };
  const checks: RequestChecks = {
    hostAllowed: (req) => {
      if (lan) return true;
      // Bound to loopback: refuse other Host names (a DNS-rebinding page on another name cannot talk to us).
      const host = (req.headers.host ?? '').toLowerCase();
      return [`127.0.0.1:${bound.port}`, `localhost:${bound.port}`, `[::1]:${bound.port}`].includes(host);
    },
    // With HTTPS on, another device must use it: plain HTTP is for the PC itself.
    needsHttps: (req) => tls !== null && !encrypted(req) && !fromThisPc(req),
  };
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    answerRequest(checks, routes, gate, req, res).catch((err: unknown) => {
      logger.error({ err: errorMessage(err), path: safePath(req.url) }, 'http request failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Something went wrong inside the NVR; its log has the details.\n');
    });
  };
  const logRefusedSocket = throttledWarn(logger, 'websocket without a valid session token refused');
  const onUpgrade = upgradeHandler(checks, gate, logRefusedSocket, (req, socket, head, pathname, caller) => {
    const remote = req.socket.remoteAddress ?? 'unknown';
    if (pathname === LIVE_WS_PATH) wss.handleUpgrade(req, socket, head, (ws) => live.attach(ws, remote, () => gate.callerOf(req) !== null));
    else wss.handleUpgrade(req, socket, head, (ws) => transport.attach(ws, remote, caller, () => gate.callerOf(req) !== null));
  });
  // Every server made (the first, and the network's once LAN access is switched on), for close().
  const allServers: http.Server[] = [];
  /** A listener with its servers (HTTPS too with `withTls`), taking WebSocket upgrades. */
  const serve = (withTls: { key: string; cert: string } | null): net.Server => {
    const made = createServers(onRequest, withTls, logger);
    for (const s of made.servers) s.on('upgrade', onUpgrade);
    allServers.push(...made.servers);
    return made.listener;
  };
  let listener = serve(tls);

  await listen(listener, options.port, options.host).catch((err: unknown) => {
    gate.close();
    transport.close();
    live.close();
    throw err;
  });
  bound.port = (listener.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    port: bound.port,
    get host() {
      return lan && isLoopbackHost(options.host) ? NETWORK_HOST : options.host;
    },
    transport,
    live,
    async openToNetwork(networkTls) {
      if (lan || closing) return;
      const next = serve(networkTls);
      // The loopback listener stops taking connections (those open go on) and the port is taken on every address.
      listener.close();
      try {
        await listen(next, bound.port, NETWORK_HOST);
      } catch (err) {
        // Someone took the port in between: listen on this PC again, and say why the network is not reached.
        listener = serve(tls);
        await listen(listener, bound.port, options.host);
        throw err;
      }
      listener = next;
      tls = networkTls;
      lan = true;
      logger.info({ host: NETWORK_HOST, port: bound.port }, 'now listening on the network (LAN access switched on)');
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        gate.close();
        transport.close();
        live.close();
        wss.close();
        listener.close(() => resolve());
        for (const s of allServers) s.closeAllConnections();
      });
      return closing;
    },
  };
}

/** What every request and upgrade is checked against before any route: the Host name, and HTTPS for other devices. */
interface RequestChecks {
  hostAllowed(req: http.IncomingMessage): boolean;
  needsHttps(req: http.IncomingMessage): boolean;
}

async function answerRequest(checks: RequestChecks, routes: readonly HttpRoute[], gate: AuthGate, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (!checks.hostAllowed(req)) {
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
  if (checks.needsHttps(req)) {
    res.writeHead(308, { Location: `https://${req.headers.host ?? ''}${url.pathname}${url.search}`, 'Cache-Control': 'no-store' }).end();
    return;
  }
  const route = findRoute(routes, req.method ?? 'GET', url.pathname);
  if (!route) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
    return;
  }
  if (route.access !== 'open' && gate.acceptTokenLink(req, res, url)) return;
  if (route.access === 'session' && !gate.authorized(req) && !route.signedLink?.(req.method ?? 'GET', url)) return gate.unauthorized(req, res, null);
  await route.handle(req, res, url);
}

/** The HTTP server, and with TLS the HTTPS one too, behind one listener on one port (it tells TLS from plain HTTP). */
function createServers(
  onRequest: http.RequestListener,
  tls: { key: string; cert: string } | null,
  logger: Logger,
): { servers: http.Server[]; listener: net.Server } {
  const server = http.createServer(onRequest);
  const secure = tls ? https.createServer({ key: tls.key, cert: tls.cert }, onRequest) : null;
  const servers: http.Server[] = secure ? [server, secure] : [server];
  for (const s of servers) {
    s.headersTimeout = 20_000;
    s.requestTimeout = 60_000;
    s.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      socket.destroy();
    });
  }
  // A TLS handshake that fails (a phone that refused the certificate, a port scanner) is a closed socket, no more.
  secure?.on('tlsClientError', (_err, socket) => socket.destroy());
  const listener: net.Server = secure ? tlsSniffingListener(server, secure) : server;
  // A shop's PC and phones need a few dozen connections; a flood of idle ones must not use up the process's file
  // descriptors (ffmpeg could then not start). Past the cap Node closes new connections at once.
  listener.maxConnections = MAX_CONNECTIONS;
  const logDropped = throttledWarn(logger, 'too many connections: a new one was closed');
  listener.on('drop', (data?: { remoteAddress?: string }) => logDropped({ remote: data?.remoteAddress, maxConnections: MAX_CONNECTIONS }));
  return { servers, listener };
}

/** WebSocket upgrades (/api/ws, /api/live): the same checks as a request, the page's own origin, and a session. */
function upgradeHandler(
  checks: RequestChecks,
  gate: AuthGate,
  logRefused: (fields: Record<string, unknown>) => void,
  accept: (req: http.IncomingMessage, socket: Duplex, head: Buffer, pathname: string, caller: Caller) => void,
): (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
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
    if (!checks.hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (checks.needsHttps(req)) return refuse(403, 'Forbidden');
    // Browsers send Origin: a page from another site may not open our socket even if it had the cookie.
    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, req.headers.host, encrypted(req) ? 'https:' : 'http:')) return refuse(403, 'Forbidden');
    // The cookie or the Authorization header; never a token in the address (addresses end up in logs and history).
    const caller = gate.callerOf(req);
    if (!caller) {
      logRefused({ remote: req.socket.remoteAddress });
      return refuse(401, 'Unauthorized');
    }
    accept(req, socket, head, url.pathname, caller);
  };
}

function listen(listener: net.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      listener.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(
          new ServiceStartError(
            `Port ${port} on ${host} is already in use (is the NVR already running? \`nvr health\` tells). Start with --port N to use another port.`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(new ServiceStartError(`Port ${port} needs administrator rights; choose a port above 1024 with --port.`));
      } else if (err.code === 'EADDRNOTAVAIL') {
        reject(new ServiceStartError(`This PC has no network address ${host}; check the --host setting.`));
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
    listener.listen(port, host);
  });
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

function safePath(url: string | undefined): string {
  return (url ?? '').split('?')[0]!.slice(0, 200);
}
