// Service mode's live video: every tile of the page over ONE WebSocket (/api/live; a browser keeps at most 6 HTTP/1.1
// connections per address, so one endless live.mp4 response per tile cannot play a 9- or 16-grid). The page numbers
// its streams; the server answers each with binary messages (4-byte stream number, then the init segment or one whole
// fragment) and says {type:'ended'} when a stream ends or cannot start. The socket is opened when the first stream
// is, and reopened with backoff when it drops; the streams it carried end (their players reconnect as they do when a
// camera restarts). The messages are preload/protocols/live-socket.ts, shared with the server.
import { LIVE_HEADER_BYTES, LIVE_WS_PATH, liveServerText, type LiveClientMessage, type LiveQuality } from '../../../preload/protocols/live-socket.ts';
import { reconnectDelay } from '../live/buffer-policy.ts';
import { i18n } from '../lib/i18n.svelte.ts';

export interface LiveStreamSink {
  /** MP4 bytes: the init segment first, then whole fragments (each in its own buffer: it may be kept). */
  data(bytes: Uint8Array): void;
  /** The stream is over (camera restarted, not live, socket lost): a sentence, and whether asking again soon is useless. */
  ended(reason: string, fatal: boolean): void;
}

interface Entry {
  cameraId: string;
  quality: LiveQuality;
  sink: LiveStreamSink;
  sent: boolean;
}

export class LiveSocketClient {
  private socket: WebSocket | null = null;
  private readonly streams = new Map<number, Entry>();
  private nextStream = 1;
  private failures = 0;
  private retryAt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly url: string) {}

  /** Starts a camera's live stream on the shared socket; returns the function that stops it. */
  open(cameraId: string, quality: LiveQuality, sink: LiveStreamSink): () => void {
    const stream = this.nextStream++;
    const entry: Entry = { cameraId, quality, sink, sent: false };
    this.streams.set(stream, entry);
    if (this.socket?.readyState === WebSocket.OPEN) this.sendOpen(stream, entry);
    else this.ensureSocket();
    return () => {
      if (this.streams.get(stream) !== entry) return;
      this.streams.delete(stream);
      if (entry.sent && this.socket?.readyState === WebSocket.OPEN) this.send({ type: 'close', stream });
    };
  }

  /** Streams open now (for tests and the health of the page). */
  get streamCount(): number {
    return this.streams.size;
  }

  private sendOpen(stream: number, entry: Entry): void {
    this.send({ type: 'open', stream, cameraId: entry.cameraId, quality: entry.quality });
    entry.sent = true;
  }

  private send(message: LiveClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private ensureSocket(): void {
    if (this.socket || this.retryTimer) return;
    const wait = this.retryAt - performance.now();
    if (wait > 0) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.streams.size > 0) this.ensureSocket();
      }, wait);
      return;
    }
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    ws.onopen = () => {
      this.failures = 0;
      for (const [stream, entry] of this.streams) if (!entry.sent) this.sendOpen(stream, entry);
    };
    ws.onmessage = (ev: MessageEvent) => this.onMessage(ev.data);
    ws.onclose = () => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.retryAt = performance.now() + reconnectDelay(this.failures++);
      const lost = [...this.streams.values()];
      this.streams.clear();
      for (const entry of lost) entry.sink.ended(i18n.m.live_socket_lost, false);
    };
  }

  private onMessage(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      if (data.byteLength <= LIVE_HEADER_BYTES) return;
      const stream = new DataView(data).getUint32(0);
      this.streams.get(stream)?.sink.data(new Uint8Array(data, LIVE_HEADER_BYTES));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      return;
    }
    const parsed = liveServerText.safeParse(json);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.stream === null) return;
    const entry = this.streams.get(message.stream);
    if (!entry) return;
    this.streams.delete(message.stream);
    if (message.type === 'ended') entry.sink.ended(message.reason, message.fatal);
    else entry.sink.ended(i18n.m.live_socket_refused({ reason: message.message }), false);
  }
}

let shared: LiveSocketClient | null = null;

/** The page's one live socket, on the address the page came from (its session cookie lets it in). */
export function pageLiveSocket(): LiveSocketClient {
  shared ??= new LiveSocketClient(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${LIVE_WS_PATH}`);
  return shared;
}
