// One camera's capture: one ffmpeg process (no shell), analysis frames read from its stdout, its state told in words.
//   starting → streaming (first frame) → reconnecting (it exited or froze; backoff with jitter) → streaming …
//   failed: wrong credentials (retried only slowly: no retry storm, no locked account) or ffmpeg cannot run.
// A watchdog kills an ffmpeg that sends no frame for watchdogMs (a frozen camera: ffmpeg itself may wait for ever).
// Everything it prints goes through redact(): the URL ffmpeg gets holds the camera's password.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logging/logger.ts';
import type { CameraStateName } from '../../../preload/contract.ts';
import { buildCaptureArgs } from './ffmpeg-args.ts';
import { classifyFfmpegOutput, messageFor, type CaptureErrorCode } from './ffmpeg-errors.ts';
import { Backoff } from './backoff.ts';
import { redact } from './redact.ts';
import { isRtsp } from './stream-url.ts';
import { Y4mReader } from './y4m-reader.ts';
import { FramePool } from './frame-pool.ts';

export interface CapturedFrame {
  /** I420 pixels, from the capture's pool: give it back with releaseFrame() once done. */
  buffer: ArrayBuffer;
  width: number;
  height: number;
  /** Epoch ms when the frame arrived. */
  time: number;
  seq: number;
  /** performance.now() when the frame arrived (latency measurements). */
  arrivedAt: number;
}

export interface CaptureState {
  state: CameraStateName;
  reason: string | null;
  since: number;
}

export interface CaptureOptions {
  cameraId: string;
  cameraName: string;
  /** With credentials: never logged. */
  url: string;
  demo: boolean;
  secrets: string[];
  ffmpegPath: string;
  fps: number;
  maxWidth: number;
  logger: Logger;
  onFrame: (frame: CapturedFrame) => void;
  onState: (state: CaptureState) => void;
  watchdogMs?: number;
  /** Frames in flight per camera (reader, motion, pending, detection). */
  poolCapacity?: number;
}

/** Streaming this long counts as healthy: the next failure starts the backoff from its first delay. */
const HEALTHY_MS = 30_000;
const STDERR_LINES = 20;
const STOP_GRACE_MS = 2000;
/** ffmpeg's network timeout: a camera that stops answering makes it exit after about this long (or a bit more). */
const NETWORK_TIMEOUT_S = 5;

export class CaptureSupervisor {
  private readonly o: CaptureOptions;
  private readonly backoff = new Backoff();
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private reader: Y4mReader | null = null;
  /** The camera's frames, kept across ffmpeg restarts: buffers still in flight come back to it. */
  private readonly pool: FramePool;
  private stderrLines: string[] = [];
  private stderrPartial = '';
  private state: CaptureState;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private lastFrameAt = 0;
  private spawnedAt = 0;
  private streamingSince = 0;
  private killedBy: 'watchdog' | 'bad-stream' | null = null;
  private seq = 0;
  private readonly frameTimes: number[] = [];
  private c = { frames: 0, dropped: 0, reconnects: 0, lastError: null as string | null, attempts: 0 };

  constructor(options: CaptureOptions) {
    this.o = options;
    this.pool = new FramePool(0, options.poolCapacity ?? 4);
    this.state = { state: 'starting', reason: null, since: Date.now() };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.state = { state: 'starting', reason: null, since: Date.now() };
    this.o.onState(this.state);
    this.spawnFfmpeg();
    this.watchdog = setInterval(() => this.checkWatchdog(), 1000);
    this.watchdog.unref();
  }

  /** Stops ffmpeg: SIGTERM, SIGKILL after 2 s; resolves once it has exited (no zombie). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retryTimer = null;
    this.watchdog = null;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
  }

  releaseFrame(buf: ArrayBuffer): void {
    this.pool.release(buf);
  }

  /** A frame buffer that will not come back (lost with a crashed worker). */
  frameLost(): void {
    this.pool.replaceLost();
  }

  /** The ffmpeg process id while one runs (tests, health). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** ffmpeg processes started so far (tests: no retry storm). */
  get attempts(): number {
    return this.c.attempts;
  }

  get current(): CaptureState {
    return this.state;
  }

  counters(): { fps: number; frames: number; dropped: number; reconnects: number; lastError: string | null; uptimeMs: number } {
    const now = performance.now();
    while (this.frameTimes.length && now - this.frameTimes[0]! > 5000) this.frameTimes.shift();
    const span = this.frameTimes.length > 1 ? now - this.frameTimes[0]! : 0;
    const fps = span > 0 ? ((this.frameTimes.length - 1) * 1000) / span : 0;
    return {
      fps: Math.round(fps * 10) / 10,
      frames: this.c.frames,
      dropped: this.c.dropped,
      reconnects: this.c.reconnects,
      lastError: this.c.lastError,
      uptimeMs: this.state.state === 'streaming' && this.streamingSince ? Date.now() - this.streamingSince : 0,
    };
  }

  private spawnFfmpeg(): void {
    const log = this.o.logger;
    let args: string[];
    try {
      args = buildCaptureArgs({
        url: this.o.url,
        demo: this.o.demo,
        analysis: { fps: this.o.fps, maxWidth: this.o.maxWidth },
        timeoutSeconds: NETWORK_TIMEOUT_S,
      });
    } catch (err) {
      this.fail(`The address of ${this.o.cameraName} cannot be used: ${this.clean(err instanceof Error ? err.message : String(err))}`);
      return;
    }
    this.stderrLines = [];
    this.stderrPartial = '';
    this.killedBy = null;
    this.spawnedAt = performance.now();
    this.lastFrameAt = 0;
    this.c.attempts++;
    const child = spawn(this.o.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    this.child = child;
    let resolveExit: () => void = () => undefined;
    this.exited = new Promise((r) => (resolveExit = r));
    log.debug({ pid: child.pid, attempt: this.c.attempts }, 'ffmpeg started');

    this.reader?.dispose();
    const reader = new Y4mReader({
      pool: this.pool,
      onFrame: (buffer, width, height) => this.onFrame(buffer, width, height),
      onDrop: () => {
        this.c.dropped++;
        this.lastFrameAt = performance.now();
      },
    });
    this.reader = reader;
    child.stdout!.on('data', (chunk: Buffer) => {
      // Bytes that arrive after 'exit' belong to a run already over (and reported): its state must not come back.
      if (this.child !== child) return;
      try {
        reader.push(chunk);
      } catch (err) {
        this.c.lastError = this.clean(err instanceof Error ? err.message : String(err));
        this.killedBy = 'bad-stream';
        child.kill('SIGKILL');
      }
    });
    child.stderr!.on('data', (d: Buffer) => this.onStderr(d.toString('utf8')));
    let spawnFailed = false;
    child.on('error', (err) => {
      if (child.pid !== undefined) {
        log.warn({ err: this.clean(err.message) }, 'ffmpeg process error');
        return; // a signal that could not be sent, say: 'close' still reports the end
      }
      // ENOENT / EACCES: ffmpeg cannot run at all ('close' follows, 'exit' does not).
      spawnFailed = true;
      log.error({ err: this.clean(err.message) }, 'ffmpeg could not be started');
      if (this.child === child) this.child = null;
      resolveExit();
      this.fail(`ffmpeg could not be started (${this.clean(err.message)}). Check the ffmpeg path in Settings.`);
    });
    // 'close', not 'exit': by then everything ffmpeg printed has been read, so the reason is judged on all of it
    // ('exit' can come before the last stderr lines, and a 401 would then look like a camera closing the stream).
    child.on('close', (code, signal) => {
      resolveExit();
      reader.dispose();
      if (spawnFailed) return;
      if (this.child === child) this.child = null;
      this.onExit(code, signal);
    });
  }

  private onFrame(buffer: ArrayBuffer, width: number, height: number): void {
    const now = performance.now();
    this.lastFrameAt = now;
    this.c.frames++;
    this.frameTimes.push(now);
    if (this.frameTimes.length > 200) this.frameTimes.shift();
    if (this.state.state !== 'streaming') {
      this.streamingSince = Date.now();
      this.setState('streaming', null);
      this.o.logger.info({ width, height }, 'camera streaming');
    }
    if (this.stopped) {
      this.releaseFrame(buffer);
      return;
    }
    this.o.onFrame({ buffer, width, height, time: Date.now(), seq: ++this.seq, arrivedAt: now });
  }

  private onStderr(text: string): void {
    const lines = (this.stderrPartial + text).split(/\r?\n/);
    this.stderrPartial = (lines.pop() ?? '').slice(-2000);
    for (const l of lines) {
      if (!l.trim()) continue;
      this.stderrLines.push(this.clean(l).slice(0, 500));
      if (this.stderrLines.length > STDERR_LINES) this.stderrLines.shift();
    }
  }

  private stderrTail(): string {
    return [...this.stderrLines, this.clean(this.stderrPartial)].join('\n');
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopped) {
      this.o.logger.debug({ code, signal }, 'ffmpeg stopped');
      return;
    }
    const tail = this.stderrTail();
    const streamedMs = this.streamingSince && this.state.state === 'streaming' ? Date.now() - this.streamingSince : 0;
    if (streamedMs >= HEALTHY_MS) this.backoff.reset();
    let code2: CaptureErrorCode;
    let reason: string;
    if (this.killedBy === 'watchdog') {
      code2 = 'timeout';
      reason =
        this.c.frames > 0 && streamedMs > 0
          ? `${this.o.cameraName} stopped sending pictures: reconnecting.`
          : messageFor('timeout', this.o.cameraName, isRtsp(this.o.url));
    } else if (this.killedBy === 'bad-stream') {
      code2 = 'not-video';
      reason = messageFor('not-video', this.o.cameraName, isRtsp(this.o.url));
    } else {
      const p = classifyFfmpegOutput(tail, this.o.cameraName, {
        rtsp: this.o.demo ? false : isRtsp(this.o.url),
        elapsedMs: performance.now() - this.spawnedAt,
        timeoutMs: NETWORK_TIMEOUT_S * 1000,
      });
      code2 = p.code;
      reason = p.message;
    }
    this.c.lastError = tail.split('\n').filter(Boolean).slice(-1)[0] ?? reason;
    this.c.reconnects++;
    this.streamingSince = 0;
    const auth = code2 === 'auth';
    const delay = this.backoff.nextDelay(auth ? 'auth' : 'disconnect');
    this.o.logger.warn({ code, signal, problem: code2, retryInMs: delay, ffmpeg: tail.slice(-600) }, 'camera stream ended');
    if (auth) this.setState('failed', reason);
    else this.setState('reconnecting', reason);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      if (!auth) this.setState('reconnecting', reason);
      this.spawnFfmpeg();
    }, delay);
    this.retryTimer.unref();
  }

  private checkWatchdog(): void {
    const child = this.child;
    if (!child || this.stopped) return;
    const now = performance.now();
    const last = this.lastFrameAt || this.spawnedAt;
    if (now - last > (this.o.watchdogMs ?? 10_000)) {
      this.o.logger.warn({ silentMs: Math.round(now - last) }, 'no picture from the camera: restarting ffmpeg');
      this.killedBy = 'watchdog';
      child.kill('SIGKILL');
    }
  }

  private fail(reason: string): void {
    this.setState('failed', reason);
  }

  private setState(state: CameraStateName, reason: string | null): void {
    if (this.state.state === state && this.state.reason === reason) return;
    this.state = { state, reason, since: Date.now() };
    this.o.onState(this.state);
  }

  private clean(text: string): string {
    return redact(text, this.o.secrets);
  }
}
