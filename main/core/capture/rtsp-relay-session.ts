// One relayed connection: ffmpeg (or ffprobe) on one side, the camera on the other. The first request names a one-time
// token; the relay then connects to the camera the token stands for, passes every request on with the URLs rewritten
// (rtsp-url-map.ts), answers the camera's 401 itself (rtsp-auth.ts: the credentials never reach the child process),
// and passes replies back rewritten. Interleaved '$' frames go through untouched, in both directions, with
// backpressure (a slow reader pauses the other side). A camera that cannot be reached is told to ffmpeg as an RTSP
// error whose reason is the socket error ("503 Connection refused"), so ffmpeg prints the same words as when it
// connected itself, and the supervisor shows the same sentence.
import net from 'node:net';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger.ts';
import {
  headerValue, headerValues, isReply, requestLine, RtspStreamParser, serializeMessage, simpleReply, statusOf, withoutHeader,
  type RtspMessage, type RtspPiece,
} from './rtsp-message.ts';
import { authorizationFor, isStale, parseChallenges, pickChallenge, type Challenge, type Credentials } from './rtsp-auth.ts';
import { toCamera, toClient, type RtspUrlMap } from './rtsp-url-map.ts';
import { errorMessage } from '../../../preload/format.ts';

export interface RelayTarget {
  map: RtspUrlMap;
  credentials: Credentials;
  logger: Logger;
  /** How long connecting to the camera may take (shorter than the child's own timeout, so that ffmpeg hears why). */
  connectTimeoutMs: number;
}

/** The token a request URI names: the first path segment of rtsp://127.0.0.1:PORT/TOKEN/… */
export function tokenOf(uri: string): string | null {
  const m = /^rtsps?:\/\/[^/]+\/([A-Za-z0-9_-]{16,64})(?:[/?]|$)/i.exec(uri);
  return m ? m[1]! : null;
}

/** ffmpeg 5.1's own words for a socket error (what it prints when it connects itself), read by ffmpeg-errors.ts. */
export function reasonFor(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ETIMEDOUT':
      return 'Connection timed out';
    case 'EHOSTUNREACH':
      return 'No route to host';
    case 'ENETUNREACH':
      return 'Network is unreachable';
    case 'ENOTFOUND':
      return 'Name or service not known';
    case 'EAI_AGAIN':
      return 'Temporary failure in name resolution';
    default:
      return 'Camera connection failed';
  }
}

const FIRST_REQUEST_MS = 10_000;
const TEXT_BODY = /sdp|text|parameters/i;

interface Pending {
  /** The request as the camera gets it, without Authorization. */
  message: RtspMessage;
  method: string;
  uri: string;
  tries: number;
}

function mapMessage(m: RtspMessage, fn: (s: string) => string): RtspMessage {
  const textBody = m.body.length > 0 && TEXT_BODY.test(headerValue(m.headers, 'content-type') ?? '');
  return {
    startLine: fn(m.startLine),
    headers: m.headers.map(([k, v]) => [k, fn(v)] as [string, string]),
    body: textBody ? Buffer.from(fn(m.body.toString('latin1')), 'latin1') : m.body,
  };
}

export class RelaySession {
  private readonly fromClient = new RtspStreamParser();
  private readonly fromCamera = new RtspStreamParser();
  private camera: net.Socket | null = null;
  private target: RelayTarget | null = null;
  private phase: 'first' | 'connecting' | 'open' | 'closed' = 'first';
  private held: RtspPiece[] = [];
  private readonly pending = new Map<string, Pending>();
  private auth: { challenge: Challenge; nc: number } | null = null;
  private readonly firstTimer: NodeJS.Timeout;

  private readonly client: net.Socket;
  private readonly claim: (token: string) => RelayTarget | null;
  private readonly unknownToken: () => void;

  constructor(client: net.Socket, claim: (token: string) => RelayTarget | null, unknownToken: () => void) {
    this.client = client;
    this.claim = claim;
    this.unknownToken = unknownToken;
    client.setNoDelay(true);
    this.firstTimer = setTimeout(() => this.close(), FIRST_REQUEST_MS);
    client.on('data', (chunk: Buffer) => this.onClientData(chunk));
    client.on('error', () => this.close());
    client.on('close', () => this.close());
  }

  close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.firstTimer);
    this.client.destroy();
    this.camera?.destroy();
  }

  private onClientData(chunk: Buffer): void {
    let pieces: RtspPiece[];
    try {
      pieces = this.fromClient.push(chunk);
    } catch {
      this.close();
      return;
    }
    for (const piece of pieces) {
      if (this.phase === 'closed') return;
      if (this.phase === 'first') this.onFirst(piece);
      else if (this.phase === 'connecting') this.held.push(piece);
      else this.toCamera(piece);
    }
  }

  private onFirst(piece: RtspPiece): void {
    const req = piece.kind === 'message' ? requestLine(piece.message) : null;
    const token = req ? tokenOf(req.uri) : null;
    const target = token ? this.claim(token) : null;
    if (!target) {
      if (piece.kind === 'message') this.client.end(simpleReply(404, 'Not Found', headerValue(piece.message.headers, 'cseq')));
      this.unknownToken();
      this.phase = 'closed';
      clearTimeout(this.firstTimer);
      this.client.destroySoon();
      return;
    }
    clearTimeout(this.firstTimer);
    this.target = target;
    this.phase = 'connecting';
    this.held.push(piece);
    this.client.pause();
    this.connect(target, piece.kind === 'message' ? headerValue(piece.message.headers, 'cseq') : null);
  }

  private connect(target: RelayTarget, cseq: string | null): void {
    const { host, port, tls: secure } = target.map;
    const bare = host.replace(/^\[|\]$/g, '');
    const socket = secure
      ? // Cameras' certificates are self-signed: not verified (as ffmpeg's rtsps, whose tls_verify is off by default).
        tls.connect({ host: bare, port, rejectUnauthorized: false, ...(net.isIP(bare) ? {} : { servername: bare }) })
      : net.connect({ host: bare, port });
    this.camera = socket;
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' })), target.connectTimeoutMs);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      if (this.phase !== 'connecting') return;
      socket.setNoDelay(true);
      this.phase = 'open';
      const held = this.held;
      this.held = [];
      for (const piece of held) this.toCamera(piece);
      this.client.resume();
    });
    socket.on('data', (chunk: Buffer) => this.onCameraData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (this.phase === 'connecting') {
        target.logger.debug({ host: target.map.host, port, code: err.code }, 'relay: the camera cannot be reached');
        this.phase = 'closed';
        this.client.end(simpleReply(503, reasonFor(err.code), cseq));
        this.client.destroySoon();
        return;
      }
      target.logger.debug({ code: err.code }, 'relay: camera connection error');
      this.close();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (this.phase === 'open') {
        this.phase = 'closed';
        this.client.end(); // what was already read reaches ffmpeg first
        this.client.destroySoon();
      }
    });
  }

  private write(to: net.Socket, data: Buffer, from: net.Socket | null): void {
    if (!to.write(data) && from && !from.isPaused()) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  }

  private toCamera(piece: RtspPiece): void {
    const camera = this.camera!;
    const map = this.target!.map;
    if (piece.kind === 'binary') {
      this.write(camera, piece.data, this.client);
      return;
    }
    const m = mapMessage(piece.message, (s) => toCamera(s, map));
    const req = requestLine(m);
    if (!req) {
      this.write(camera, serializeMessage(m), this.client); // ffmpeg answering a request of the camera
      return;
    }
    const clean = { ...m, headers: withoutHeader(m.headers, 'authorization') };
    const p: Pending = { message: clean, method: req.method, uri: req.uri, tries: 0 };
    this.pending.set(headerValue(clean.headers, 'cseq') ?? '', p);
    this.sendRequest(p);
  }

  private sendRequest(p: Pending): void {
    const t = this.target!;
    let headers = p.message.headers;
    if (this.auth) {
      this.auth.nc++;
      const value = authorizationFor(this.auth.challenge, t.credentials, { method: p.method, uri: p.uri, nc: this.auth.nc, cnonce: randomBytes(12).toString('hex') });
      headers = [...headers, ['Authorization', value]];
    }
    this.write(this.camera!, serializeMessage({ ...p.message, headers }), this.client);
  }

  private onCameraData(chunk: Buffer): void {
    let pieces: RtspPiece[];
    try {
      pieces = this.fromCamera.push(chunk);
    } catch (err) {
      this.target?.logger.warn({ err: errorMessage(err) }, 'relay: the camera sent something that is not RTSP');
      this.close();
      return;
    }
    for (const piece of pieces) {
      if (this.phase !== 'open') return;
      if (piece.kind === 'binary') this.write(this.client, piece.data, this.camera);
      else this.fromCameraMessage(piece.message);
    }
  }

  private fromCameraMessage(m: RtspMessage): void {
    const t = this.target!;
    if (isReply(m)) {
      const cseq = headerValue(m.headers, 'cseq') ?? '';
      const p = this.pending.get(cseq);
      this.pending.delete(cseq);
      if (p && statusOf(m) === 401 && this.retryWithAuth(p, m)) return;
      if (statusOf(m) === 401) t.logger.debug('relay: the camera refused the credentials');
      // The child has no credentials to answer a challenge with: it gets the refusal itself.
      m = { ...m, headers: withoutHeader(m.headers, 'www-authenticate') };
    }
    this.write(this.client, serializeMessage(mapMessage(m, (s) => toClient(s, t.map))), this.camera);
  }

  /** Answers a 401 once (again when the camera says the nonce went stale); false when the refusal is final. */
  private retryWithAuth(p: Pending, reply: RtspMessage): boolean {
    const challenge = pickChallenge(parseChallenges(headerValues(reply.headers, 'www-authenticate')));
    if (!challenge || p.tries >= 2) return false;
    const answeredAlready = this.auth !== null && p.tries > 0;
    if (answeredAlready && !isStale(challenge)) return false;
    if (this.auth !== null && p.tries === 0 && !isStale(challenge) && sameChallenge(this.auth.challenge, challenge)) return false;
    this.auth = { challenge, nc: 0 };
    p.tries++;
    this.pending.set(headerValue(p.message.headers, 'cseq') ?? '', p);
    this.sendRequest(p);
    return true;
  }
}

function sameChallenge(a: Challenge, b: Challenge): boolean {
  return a.scheme === b.scheme && a.params['nonce'] === b.params['nonce'] && a.params['realm'] === b.params['realm'];
}
