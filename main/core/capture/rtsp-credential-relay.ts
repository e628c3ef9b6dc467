// No camera password in any process's arguments (issue 17, H1): `ps -eo args` shows every local user the command
// line of ffmpeg and ffprobe, and ffmpeg 5.1 cannot read its input address from a file. So a child process never gets
// rtsp://user:password@camera/…: it gets rtsp://127.0.0.1:PORT/TOKEN/… from this relay (as go2rtc serves Frigate's
// ffmpeg), where TOKEN is random, good for one connection (and unused, for a minute), and stands for one camera
// address and its credentials, held in memory only. The relay logs in to the camera itself (rtsp-relay-session.ts).
// One relay for the app, listening on 127.0.0.1 only, on a port the system chooses, started on first need; it does
// not keep the process alive. Addresses without credentials and non-RTSP ones (http, files) need no relay.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger.ts';
import { silentLogger } from '../logging/logger.ts';
import { throttledWarn, type ThrottledLog } from '../logging/log-throttle.ts';
import { isRtsp, splitCredentials } from './stream-url.ts';
import { relayAddress, rtspUrlMap } from './rtsp-url-map.ts';
import { RelaySession, type RelayTarget } from './rtsp-relay-session.ts';

/** An unused token is forgotten after this long (a child that never connected). */
export const TOKEN_TTL_MS = 60_000;

export interface IssueOptions {
  /** The camera's logger (its id on every line the relay writes about it). */
  logger?: Logger;
  /** How long connecting to the camera may take; keep it under the child's own network timeout. Default 4 s. */
  connectTimeoutMs?: number;
}

interface Ticket {
  target: Omit<RelayTarget, 'map'> & { cameraUrl: string };
  timer: NodeJS.Timeout;
}

export class CredentialRelay {
  private server: net.Server | null = null;
  private starting: Promise<void> | null = null;
  private port = 0;
  private readonly tickets = new Map<string, Ticket>();
  private readonly sessions = new Set<RelaySession>();
  private logger: Logger = silentLogger();
  private unknown: ThrottledLog = throttledWarn(this.logger, 'relay: a connection named an unknown or used address');

  setLogger(logger: Logger): void {
    this.logger = logger.child({ component: 'rtsp-relay' });
    this.unknown = throttledWarn(this.logger, 'relay: a connection named an unknown or used address');
  }

  get listening(): boolean {
    return this.server !== null && this.port !== 0;
  }

  /** Listens on 127.0.0.1 (once; later calls wait for the same start). */
  start(): Promise<void> {
    if (this.listening) return Promise.resolve();
    this.starting ??= new Promise<void>((resolve, reject) => {
      const server = net.createServer((socket) => this.accept(socket));
      server.once('error', (err) => {
        this.starting = null;
        reject(err);
      });
      server.listen({ host: '127.0.0.1', port: 0 }, () => {
        this.server = server;
        this.port = (server.address() as net.AddressInfo).port;
        server.unref();
        server.on('error', (err) => this.logger.error({ err: err.message }, 'relay: listener error'));
        this.logger.info({ port: this.port }, 'relay for camera credentials listening on 127.0.0.1');
        resolve();
      });
    });
    return this.starting;
  }

  /**
   * A one-time relay address for a camera address with credentials (rtsp:// or rtsps://). The relay must be listening
   * (start()).
   */
  issue(url: string, options: IssueOptions = {}): string {
    if (!this.listening) throw new Error('the local stream relay is not running');
    const split = splitCredentials(url);
    const token = randomBytes(18).toString('base64url');
    const map = rtspUrlMap(split.url, `rtsp://127.0.0.1:${this.port}/${token}`);
    const timer = setTimeout(() => this.tickets.delete(token), TOKEN_TTL_MS);
    timer.unref();
    this.tickets.set(token, {
      target: {
        cameraUrl: split.url,
        credentials: { username: split.username ?? '', password: split.password ?? '' },
        logger: options.logger ? options.logger.child({ component: 'rtsp-relay' }) : this.logger,
        connectTimeoutMs: options.connectTimeoutMs ?? 4000,
      },
      timer,
    });
    return relayAddress(map);
  }

  /** Tokens issued and not yet used (tests, diagnostics). */
  get unusedTokens(): number {
    return this.tickets.size;
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  private claim(token: string): RelayTarget | null {
    const ticket = this.tickets.get(token);
    if (!ticket) return null;
    this.tickets.delete(token);
    clearTimeout(ticket.timer);
    const { cameraUrl, ...rest } = ticket.target;
    return { ...rest, map: rtspUrlMap(cameraUrl, `rtsp://127.0.0.1:${this.port}/${token}`) };
  }

  private accept(socket: net.Socket): void {
    const session = new RelaySession(
      socket,
      (token) => this.claim(token),
      () => this.unknown({ remotePort: socket.remotePort }),
    );
    this.sessions.add(session);
    socket.once('close', () => this.sessions.delete(session));
  }

  /** Stops listening and ends every relayed connection (tests). */
  async close(): Promise<void> {
    for (const s of this.sessions) s.close();
    for (const t of this.tickets.values()) clearTimeout(t.timer);
    this.tickets.clear();
    const server = this.server;
    this.server = null;
    this.port = 0;
    this.starting = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

let shared: CredentialRelay | null = null;

/** The app's one relay. */
export function credentialRelay(): CredentialRelay {
  shared ??= new CredentialRelay();
  return shared;
}

/** True for an RTSP address that carries credentials: a child process must get it through the relay. */
export function needsRelay(url: string | null | undefined): boolean {
  if (!url || !isRtsp(url)) return false;
  const split = splitCredentials(url);
  return split.username !== null || split.password !== null;
}

/** The address a child process is given for a camera address (through the relay when it carries credentials). */
export async function childStreamUrl(url: string, options: IssueOptions = {}): Promise<string> {
  if (!needsRelay(url)) return url;
  const relay = credentialRelay();
  await relay.start();
  return relay.issue(url, options);
}

/**
 * The same, at once: for code that spawns synchronously. Call relayReadyFor() first: it says whether (and for what)
 * to wait. Throws when the relay is needed and not listening.
 */
export function childStreamUrlNow(url: string, options: IssueOptions = {}): string {
  return needsRelay(url) ? credentialRelay().issue(url, options) : url;
}

/** Null when childStreamUrlNow() can be called now for these addresses; else the relay's start to wait for. */
export function relayReadyFor(urls: ReadonlyArray<string | null | undefined>): Promise<void> | null {
  const relay = credentialRelay();
  if (relay.listening || !urls.some((u) => needsRelay(u))) return null;
  return relay.start();
}
