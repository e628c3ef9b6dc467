// Live video over one WebSocket (/api/live): a browser keeps at most 6 HTTP/1.1 connections per address, and every
// live tile's endless live.mp4 response would hold one, so in service mode a page carries all its tiles over this one
// socket instead. The messages are preload/protocols/live-socket.ts (shared with the page's client).
// Each stream is one viewer of the camera's live hub (engine.liveStream, the same bytes live.mp4 gives). A socket
// whose client reads too slowly never makes memory grow: while its bufferedAmount is over the bound, a stream's next
// fragments are skipped whole (the picture jumps to the next keyframe). Closing the socket aborts all its viewers.
import type { Readable } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { BOX } from '../../preload/protocols/mp4-boxes.ts';
import {
  LIVE_HEADER_BYTES,
  LIVE_MAX_TEXT_BYTES,
  liveClientMessage,
  liveStreamNumber,
  type LiveQuality,
  type LiveServerText,
} from '../../preload/protocols/live-socket.ts';
import { Mp4BoxSplitter, type BoxSink } from '../core/live/mp4-box-splitter.ts';
import { isValidId, type MediaSource } from '../core/media/media-router.ts';
import type { Logger } from '../core/logging/logger.ts';
import { errorMessage } from '../../preload/format.ts';

export interface LiveSocketOptions {
  media: MediaSource;
  logger: Logger;
  /** Streams one socket may have open at once. */
  maxStreams?: number;
  /** While more than this is queued on the socket, streams skip whole fragments. */
  maxBufferedBytes?: number;
  heartbeatMs?: number;
  /** How often each socket's session is checked (a viewer removed or LAN access switched off ends their live video). */
  sessionCheckMs?: number;
}

/** What a relay needs of its socket (a ws WebSocket). */
export interface RelaySocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  readonly OPEN: number;
  send(data: Buffer, options: { binary: boolean }): void;
}

/** One viewer carried over the socket: splits its bytes into boxes and sends the init and whole fragments. */
export class LiveStreamRelay implements BoxSink {
  private readonly splitter = new Mp4BoxSplitter(this);
  private readonly parts: Buffer[] = [];
  private size = LIVE_HEADER_BYTES;
  /** Collecting the init segment, a fragment being sent, or a fragment being skipped. */
  private mode: 'init' | 'send' | 'skip' = 'init';
  readonly abort = new AbortController();
  body: Readable | null = null;
  fragmentsSent = 0;
  fragmentsSkipped = 0;

  constructor(
    readonly stream: number,
    readonly cameraId: string,
    private readonly socket: RelaySocket,
    private readonly maxBuffered: number,
  ) {}

  push(chunk: Buffer): void {
    this.splitter.push(chunk);
  }

  boxStart(type: number): void {
    if (type === BOX.ftyp || type === BOX.moov) {
      if (type === BOX.ftyp) this.clear();
      this.mode = 'init';
    } else if (type === BOX.moof) {
      this.clear();
      this.mode = this.socket.bufferedAmount > this.maxBuffered ? 'skip' : 'send';
      if (this.mode === 'skip') this.fragmentsSkipped++;
    } else if (type !== BOX.mdat) {
      this.clear();
      this.mode = 'skip';
    }
  }

  bytes(buf: Buffer, start: number, end: number): void {
    if (this.mode === 'skip') return;
    this.parts.push(start === 0 && end === buf.length ? buf : buf.subarray(start, end));
    this.size += end - start;
  }

  boxEnd(type: number): void {
    if ((type === BOX.moov && this.mode === 'init') || (type === BOX.mdat && this.mode === 'send')) {
      // One message per init segment or fragment: a header, then the box bytes (one copy, into the frame).
      const message = Buffer.allocUnsafe(this.size);
      message.writeUInt32BE(this.stream, 0);
      let at = LIVE_HEADER_BYTES;
      for (const p of this.parts) at += p.copy(message, at);
      if (type === BOX.mdat) this.fragmentsSent++;
      this.clear();
      if (this.socket.readyState === this.socket.OPEN) this.socket.send(message, { binary: true });
    }
  }

  private clear(): void {
    this.parts.length = 0;
    this.size = LIVE_HEADER_BYTES;
  }
}

interface Client {
  socket: WebSocket;
  remote: string;
  streams: Map<number, LiveStreamRelay>;
  alive: boolean;
  /** Whether the socket's session still lives; asked before each stream opens and every few seconds. */
  stillSignedIn: () => boolean;
}

export class LiveSocketServer {
  private readonly clients = new Set<Client>();
  private readonly maxStreams: number;
  private readonly maxBuffered: number;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly sessionCheck: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: LiveSocketOptions) {
    this.maxStreams = options.maxStreams ?? 64;
    this.maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.heartbeat = setInterval(() => this.ping(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
    this.sessionCheck = setInterval(() => this.checkSessions(), options.sessionCheckMs ?? 5_000);
    this.sessionCheck.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Live streams open over all sockets. */
  get streamCount(): number {
    let n = 0;
    for (const c of this.clients) n += c.streams.size;
    return n;
  }

  /** Takes over an authenticated socket; `stillSignedIn` says whether its session lives on (else the socket closes). */
  attach(socket: WebSocket, remote: string, stillSignedIn: () => boolean = () => true): void {
    if (this.closed) {
      socket.close(1001, 'the service is stopping');
      return;
    }
    const client: Client = { socket, remote, streams: new Map(), alive: true, stillSignedIn };
    this.clients.add(client);
    socket.on('message', (data, isBinary) => this.onMessage(client, data, isBinary));
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => this.drop(client));
    socket.on('error', (err) => {
      this.options.logger.debug({ remote, err: err.message }, 'live socket error');
      this.drop(client);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearInterval(this.sessionCheck);
    for (const client of [...this.clients]) {
      client.socket.close(1001, 'the service is stopping');
      this.drop(client);
    }
  }

  private drop(client: Client): void {
    if (!this.clients.delete(client)) return;
    for (const relay of client.streams.values()) this.stopRelay(relay);
    client.streams.clear();
  }

  /** Ends the live video of every socket whose session the owner ended (an account removed, LAN access off). */
  private checkSessions(): boolean {
    let ended = false;
    for (const client of [...this.clients]) {
      if (client.stillSignedIn()) continue;
      ended = true;
      this.endSession(client);
    }
    return ended;
  }

  private endSession(client: Client): void {
    for (const stream of client.streams.keys()) {
      this.send(client, { type: 'ended', stream, reason: 'This session has ended (the owner changed the account or LAN access): sign in again.', fatal: true });
    }
    client.socket.close(4401, 'session ended');
    this.drop(client);
  }

  private ping(): void {
    for (const client of [...this.clients]) {
      if (!client.alive) {
        client.socket.terminate();
        this.drop(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  private onMessage(client: Client, data: RawData, isBinary: boolean): void {
    try {
      if (isBinary) return this.send(client, { type: 'error', stream: null, message: 'Send JSON text messages ({"type":"open",…}), not binary ones.' });
      const text = rawToString(data);
      if (text.length > LIVE_MAX_TEXT_BYTES) return this.send(client, { type: 'error', stream: null, message: `A message may be at most ${LIVE_MAX_TEXT_BYTES} bytes.` });
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return this.send(client, { type: 'error', stream: null, message: 'The message is not valid JSON.' });
      }
      const parsed = liveClientMessage.safeParse(json);
      if (!parsed.success) {
        const stream = liveStreamNumber.safeParse((json as { stream?: unknown } | null)?.stream);
        return this.send(client, {
          type: 'error',
          stream: stream.success ? stream.data : null,
          message: 'Expected {"type":"open","stream":N,"cameraId":"…","quality":"sub"|"main"} or {"type":"close","stream":N}.',
        });
      }
      const m = parsed.data;
      if (m.type === 'close') {
        const relay = client.streams.get(m.stream);
        if (relay) {
          client.streams.delete(m.stream);
          this.stopRelay(relay);
        }
        return;
      }
      if (!client.stillSignedIn()) return this.endSession(client);
      if (client.streams.has(m.stream)) return this.send(client, { type: 'error', stream: m.stream, message: `Stream ${m.stream} is already open; close it first.` });
      if (client.streams.size >= this.maxStreams) {
        return this.send(client, { type: 'ended', stream: m.stream, reason: `A page may play at most ${this.maxStreams} live videos at once.`, fatal: true });
      }
      void this.open(client, m.stream, m.cameraId, m.quality);
    } catch (err) {
      // Never reached by design; a last guard so that no input can take the process down.
      this.options.logger.error({ remote: client.remote, err: errorMessage(err) }, 'unexpected failure handling a live socket message');
    }
  }

  private async open(client: Client, stream: number, cameraId: string, quality: LiveQuality): Promise<void> {
    const relay = new LiveStreamRelay(stream, cameraId, client.socket, this.maxBuffered);
    client.streams.set(stream, relay);
    const notLive = (reason: string) => {
      if (client.streams.get(stream) === relay) client.streams.delete(stream);
      this.send(client, { type: 'ended', stream, reason, fatal: true });
    };
    if (!isValidId(cameraId)) return notLive('There is no such camera.');
    let body: Readable | null = null;
    try {
      body = this.options.media.liveStream ? await this.options.media.liveStream(cameraId, quality, relay.abort.signal) : null;
    } catch (err) {
      this.options.logger.error({ cameraId, err: errorMessage(err) }, 'opening a live stream failed');
    }
    if (relay.abort.signal.aborted || client.streams.get(stream) !== relay) {
      body?.destroy();
      return;
    }
    if (!body) return notLive('Live view is not available for this camera yet.');
    relay.body = body;
    body.on('data', (chunk: Buffer) => relay.push(chunk));
    body.once('end', () => {
      if (client.streams.get(stream) !== relay) return;
      client.streams.delete(stream);
      this.send(client, { type: 'ended', stream, reason: 'The camera stream ended.', fatal: false });
    });
    body.once('error', () => undefined);
    body.once('close', () => {
      // Destroyed by the hub without an end (should not happen), or by us: either way this stream is over.
      if (client.streams.get(stream) !== relay) return;
      client.streams.delete(stream);
      this.send(client, { type: 'ended', stream, reason: 'The camera stream ended.', fatal: false });
    });
  }

  private stopRelay(relay: LiveStreamRelay): void {
    relay.abort.abort();
    relay.body?.destroy();
  }

  private send(client: Client, message: LiveServerText): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
