// Plays a camera's endless fragmented MP4 through Media Source Extensions: reads its bytes as they arrive (from a
// LiveByteSource: live.mp4 in the desktop app, the page's shared live socket in service mode), takes the codec from the init segment, appends fragments in order, keeps the buffer
// short (trims played video, jumps to the live edge when behind) and reconnects by itself with backoff when the stream
// breaks or stalls. `stop()` ends the pull entirely (a tile not visible costs nothing).
import { readInitSegment } from '../../../preload/protocols/mp4-boxes.ts';
import { decideBuffer, reconnectDelay } from './buffer-policy.ts';
import { LiveSourceError as StreamError, type LiveByteSource, type LiveReader } from './byte-source.ts';
import { errorMessage } from '../../../preload/format.ts';
import { i18n } from '../lib/i18n.svelte.ts';

export type PlayerPhase = 'idle' | 'connecting' | 'playing' | 'reconnecting' | 'failed';
export interface PlayerState {
  phase: PlayerPhase;
  /** Why it is reconnecting or failed, as a sentence; null when all is well. */
  reason: string | null;
}

export interface LivePlayerOptions {
  video: HTMLVideoElement;
  /** Where the bytes come from (see byte-source.ts). */
  source: LiveByteSource;
  onState: (state: PlayerState) => void;
  /** Milliseconds from start() to the first decoded frame, once per start. */
  onFirstFrame?: (ms: number) => void;
  /** No bytes for this long: the stream is taken as broken. */
  stallMs?: number;
  /** More unappended data than this (bytes) means the decoder cannot keep up: start over at the live edge. */
  maxQueuedBytes?: number;
}

export class LivePlayer {
  private readonly opts: Required<Omit<LivePlayerOptions, 'onFirstFrame'>> & Pick<LivePlayerOptions, 'onFirstFrame'>;
  private running = false;
  private session = 0;
  private abort: AbortController | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private attempt = 0;
  private startedAt = 0;
  private lastBytesAt = 0;
  private sourceBuffer: SourceBuffer | null = null;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private state: PlayerState = { phase: 'idle', reason: null };

  constructor(options: LivePlayerOptions) {
    this.opts = { stallMs: 8000, maxQueuedBytes: 8 * 1024 * 1024, ...options };
  }

  get current(): PlayerState {
    return this.state;
  }

  /**
   * How far the picture on screen is behind real time (ms), or null before playing. Fragments are whole GOPs sent when
   * complete, so the newest buffered frame is about as old as its arrival: lag = time since the last bytes plus what
   * is buffered ahead of the play position. The overlay waits this long (less the analysis' own delay) to match.
   */
  latencyMs(): number | null {
    const sb = this.sourceBuffer;
    if (!sb || this.state.phase !== 'playing' || sb.buffered.length === 0) return null;
    const ahead = sb.buffered.end(sb.buffered.length - 1) - this.opts.video.currentTime;
    return Math.max(0, performance.now() - this.lastBytesAt + ahead * 1000);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.session++;
    this.teardown();
    this.setState({ phase: 'idle', reason: null });
  }

  private setState(next: PlayerState): void {
    if (next.phase === this.state.phase && next.reason === this.state.reason) return;
    this.state = next;
    this.opts.onState(next);
  }

  private teardown(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retryTimer = null;
    this.watchdog = null;
    this.abort?.abort();
    this.abort = null;
    this.sourceBuffer = null;
    this.queue = [];
    this.queuedBytes = 0;
    const video = this.opts.video;
    if (video.getAttribute('src')) {
      video.removeAttribute('src');
      video.load();
    }
  }

  private connect(): void {
    const session = ++this.session;
    this.teardown();
    this.setState({ phase: this.attempt === 0 ? 'connecting' : 'reconnecting', reason: this.attempt === 0 ? null : this.state.reason });
    this.startedAt = performance.now();
    this.lastBytesAt = performance.now();
    this.run(session).then(
      () => this.broken(session, new StreamError(i18n.m.live_stream_ended)),
      (err: unknown) => this.broken(session, err),
    );
  }

  private broken(session: number, err: unknown): void {
    if (session !== this.session || !this.running) return;
    const fatal = err instanceof StreamError && err.fatal;
    const reason = errorMessage(err);
    this.teardown();
    if (fatal) {
      this.setState({ phase: 'failed', reason });
      // Even a "fatal" answer (camera off, codec) is asked again now and then: the owner may fix it meanwhile.
      this.retryTimer = setTimeout(() => this.running && this.connect(), 30_000);
      return;
    }
    this.setState({ phase: 'reconnecting', reason });
    const delay = reconnectDelay(this.attempt++);
    this.retryTimer = setTimeout(() => {
      if (this.running && session === this.session) this.connect();
    }, delay);
  }

  private async run(session: number): Promise<void> {
    const video = this.opts.video;
    const abort = new AbortController();
    this.abort = abort;
    const mediaSource = new MediaSource();
    const objectUrl = URL.createObjectURL(mediaSource);
    const opened = new Promise<void>((resolve) => mediaSource.addEventListener('sourceopen', () => resolve(), { once: true }));
    video.src = objectUrl;
    // The watchdog runs from the request on: a request that gets no answer is broken as much as a silent stream.
    this.lastBytesAt = performance.now();
    this.watchdog = setInterval(() => this.tick(session), 1000);
    // The stream is asked for while the MediaSource opens (they do not depend on each other until the first append).
    const opening = this.opts.source(abort.signal);
    opening.catch(() => undefined);
    await opened;
    URL.revokeObjectURL(objectUrl);
    if (session !== this.session) return;

    let reader: LiveReader;
    try {
      reader = await opening;
    } catch (err) {
      if (abort.signal.aborted) return;
      throw err;
    }

    this.waitFirstFrame(session);

    let head: Uint8Array | null = new Uint8Array(0);
    for (;;) {
      const value = await reader.read();
      if (session !== this.session) return;
      if (value === null) return;
      if (value.byteLength === 0) continue;
      this.lastBytesAt = performance.now();
      if (head) {
        const joined: Uint8Array = new Uint8Array(head.byteLength + value.byteLength);
        joined.set(head, 0);
        joined.set(value, head.byteLength);
        const init = readInitSegment(joined);
        if (!init) {
          if (joined.byteLength > 4 * 1024 * 1024) throw new StreamError(i18n.m.live_not_mp4, true);
          head = joined;
          continue;
        }
        if (!MediaSource.isTypeSupported(init.mime)) {
          throw new StreamError(
            init.info?.hevc
              ? i18n.m.live_h265_unsupported
              : i18n.m.live_codec_unsupported({ mime: init.mime }),
            true,
          );
        }
        const sb = mediaSource.addSourceBuffer(init.mime);
        sb.mode = 'segments';
        sb.addEventListener('updateend', () => this.afterUpdate(session));
        sb.addEventListener('error', () => this.broken(session, new StreamError(i18n.m.live_decode_failed)));
        this.sourceBuffer = sb;
        head = null;
        this.enqueue(joined);
      } else {
        this.enqueue(value);
      }
      if (this.queuedBytes > this.opts.maxQueuedBytes) throw new StreamError(i18n.m.live_too_fast);
      this.pump();
    }
  }

  private enqueue(bytes: Uint8Array): void {
    this.queue.push(bytes);
    this.queuedBytes += bytes.byteLength;
  }

  private pump(): void {
    const sb = this.sourceBuffer;
    if (!sb || sb.updating || this.queue.length === 0) return;
    let data: Uint8Array;
    if (this.queue.length === 1) data = this.queue[0] as Uint8Array;
    else {
      data = new Uint8Array(this.queuedBytes);
      let at = 0;
      for (const part of this.queue) {
        data.set(part, at);
        at += part.byteLength;
      }
    }
    this.queue = [];
    this.queuedBytes = 0;
    try {
      sb.appendBuffer(data as Uint8Array<ArrayBuffer>);
    } catch (err) {
      this.broken(this.session, new StreamError(i18n.m.live_browser_refused({ error: err instanceof Error ? err.name : 'error' })));
    }
  }

  private afterUpdate(session: number): void {
    if (session !== this.session) return;
    const sb = this.sourceBuffer;
    if (!sb || sb.updating) return;
    const video = this.opts.video;
    if (video.paused && sb.buffered.length > 0) void video.play().catch(() => undefined);
    if (this.queue.length > 0) {
      this.pump();
      return;
    }
    this.maintain(sb);
  }

  private maintain(sb: SourceBuffer): void {
    const video = this.opts.video;
    const ranges: Array<[number, number]> = [];
    for (let i = 0; i < sb.buffered.length; i++) ranges.push([sb.buffered.start(i), sb.buffered.end(i)]);
    const decision = decideBuffer(video.currentTime, ranges);
    if (decision.seekTo !== null) video.currentTime = decision.seekTo;
    if (decision.removeTo !== null && !sb.updating) {
      try {
        sb.remove(0, decision.removeTo);
      } catch {
        // Removing is housekeeping; the next tick tries again.
      }
    }
  }

  private tick(session: number): void {
    if (session !== this.session) return;
    if (performance.now() - this.lastBytesAt > this.opts.stallMs) {
      this.broken(session, new StreamError(i18n.m.live_stalled({ seconds: Math.round(this.opts.stallMs / 1000) })));
      return;
    }
    const sb = this.sourceBuffer;
    if (sb && !sb.updating) this.maintain(sb);
    const video = this.opts.video;
    if (video.paused && sb && sb.buffered.length > 0) void video.play().catch(() => undefined);
  }

  private waitFirstFrame(session: number): void {
    const video = this.opts.video;
    const done = () => {
      if (session !== this.session) return;
      this.attempt = 0;
      this.setState({ phase: 'playing', reason: null });
      this.opts.onFirstFrame?.(performance.now() - this.startedAt);
    };
    if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(() => done());
    else video.addEventListener('playing', done, { once: true });
  }
}
