// One camera's capture: one ffmpeg process (no shell), analysis frames read from its stdout, its state told in words.
//   starting → streaming (first frame) → reconnecting (it exited or froze; backoff with jitter) → streaming …
//   failed: wrong credentials (retried only slowly: no retry storm, no locked account) or ffmpeg cannot run.
// A watchdog kills an ffmpeg that sends no frame for watchdogMs (a frozen camera: ffmpeg itself may wait for ever).
// Everything it prints goes through redact(): the URL ffmpeg gets holds the camera's password.
// The same process also writes the live view (fragmented MP4 on pipe fd 3, and fd 4 for the main stream when the camera
// has a sub stream) into LiveHubs, and the recording (10 s segments, their closings reported on pipe fd 5) through a
// SegmentWriter. A full disk pauses the recording only: ffmpeg restarts without the segment output at once, and with it
// again once free space is back.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logging/logger.ts';
import type { CameraStateName, RecordingStatus } from '../../../preload/contract.ts';
import { buildCaptureArgs, type LiveOutput } from './ffmpeg-args.ts';
import { classifyFfmpegOutput, messageFor, RECORDING_PAUSED_DISK_FULL, type CaptureErrorCode } from './ffmpeg-errors.ts';
import { LiveHub } from '../live/live-hub.ts';
import type { InitInfo } from '../live/mse-codec.ts';
import type { SegmentWriter } from '../recording/segment-writer.ts';
import { diskSpace } from '../retention/disk-space.ts';
import { Backoff } from './backoff.ts';
import { redact } from './redact.ts';
import { isRtsp } from './stream-url.ts';
import { Y4mReader } from './y4m-reader.ts';
import { FramePool } from './frame-pool.ts';
import { isStreamChangeLine, restartForChange } from './stream-change.ts';
import { explainStreamFailure } from './stream-answer.ts';

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
  /** The main stream (with credentials) when the camera also has a sub stream: recorded, and the "main" live view. */
  recordUrl?: string | null;
  /** Write the live view into hubs (default false: analysis only). */
  live?: boolean;
  /** Recording on: the camera's segment writer. Null or absent: recording off. */
  recording?: SegmentWriter | null;
  segmentSeconds?: number;
  /** The recording hit a full disk and is paused (the engine frees space at once). */
  onDiskFull?: () => void;
  onRecording?: (status: RecordingStatus) => void;
  /** Free bytes needed on the recordings' disk before a paused recording resumes (default 256 MiB); asked at each check. */
  resumeFreeBytes?: number | (() => number);
  /** How often free space is checked while recording is paused (default 10 s). */
  resumePollMs?: number;
}

/** Live pictures of an H.265 camera are re-encoded to H.264 at most this wide (browsers cannot play H.265). */
const LIVE_TRANSCODE_WIDTH = 640;
const FD_LIVE_SUB = 3;
const FD_LIVE_MAIN = 4;
const FD_SEGMENT_LIST = 5;
/** Spawn errors that pass: out of file descriptors, processes or memory. */
const SPAWN_RESOURCE_ERRORS = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'ENOMEM']);
const RESOURCE_WORDS: Record<string, string> = {
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EAGAIN: 'too many processes',
  ENOMEM: 'not enough memory',
};

export interface LiveDescription {
  hub: LiveHub;
  transcoded: boolean;
  note: string | null;
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
  private killedBy: 'watchdog' | 'bad-stream' | 'restart' | null = null;
  /** Live hubs: input 0 (the analysis stream) and input 1 (the main stream, when there is a sub stream). */
  private readonly hubs: { sub: LiveHub; main: LiveHub } | null;
  /** Inputs found to be H.265 (learned from their init segment; the live output is then adapted). */
  private readonly hevcInputs = new Set<0 | 1>();
  private recordingPaused = false;
  private recStatus: RecordingStatus;
  private resumeTimer: NodeJS.Timeout | null = null;
  private runEnded: Promise<void> = Promise.resolve();
  private seq = 0;
  private streamChangedAt: number | null = null;
  /** What the address answered at the last failure of this kind (not a camera, hung); null once it streams. */
  private explained: { failure: CaptureErrorCode; message: string } | null = null;
  private readonly frameTimes: number[] = [];
  private c = { frames: 0, dropped: 0, reconnects: 0, lastError: null as string | null, attempts: 0 };

  constructor(options: CaptureOptions) {
    this.o = options;
    this.pool = new FramePool(0, options.poolCapacity ?? 4);
    this.state = { state: 'starting', reason: null, since: Date.now() };
    this.recStatus = options.recording ? { state: 'recording', reason: null } : { state: 'off', reason: null };
    if (options.live) {
      const sub = this.makeHub(0);
      this.hubs = { sub, main: options.recordUrl ? this.makeHub(1) : sub };
    } else this.hubs = null;
  }

  private makeHub(input: 0 | 1): LiveHub {
    return new LiveHub({
      onInit: (info) => this.onLiveInit(input, info),
      onError: (reason) => this.o.logger.warn({ input, reason }, 'live stream is not fragmented MP4'),
    });
  }

  /** An H.265 stream cannot play in a browser: its live output is adapted and ffmpeg restarted once. */
  private onLiveInit(input: 0 | 1, info: InitInfo | null): void {
    if (!info?.hevc || this.hevcInputs.has(input)) return;
    this.hevcInputs.add(input);
    this.o.logger.info({ input, codec: info.codec }, 'H.265 stream: the live view is adapted for browsers');
    this.restartNow();
  }

  /** The live view of a quality, with what a player needs to know; null when live view is off. */
  live(quality: 'sub' | 'main'): LiveDescription | null {
    if (!this.hubs) return null;
    const transcoded = this.hevcInputs.has(0);
    if (transcoded) {
      return {
        hub: this.hubs.sub,
        transcoded: true,
        note: `${this.o.cameraName} sends H.265, which browsers cannot play: the live view is converted to a smaller H.264 picture (it costs some CPU). Recordings keep the original quality.`,
      };
    }
    if (quality === 'main' && this.o.recordUrl && this.hevcInputs.has(1)) {
      return {
        hub: this.hubs.sub,
        transcoded: false,
        note: `The main stream of ${this.o.cameraName} is H.265, which browsers cannot play: the live view shows the sub stream.`,
      };
    }
    return { hub: quality === 'main' ? this.hubs.main : this.hubs.sub, transcoded: false, note: null };
  }

  get recording(): RecordingStatus {
    return this.recStatus;
  }

  private liveOutputs(): LiveOutput[] {
    if (!this.hubs) return [];
    if (this.hevcInputs.has(0)) return [{ fd: FD_LIVE_SUB, input: 0, transcode: { maxWidth: LIVE_TRANSCODE_WIDTH } }];
    const outs: LiveOutput[] = [{ fd: FD_LIVE_SUB, input: 0 }];
    if (this.o.recordUrl && !this.hevcInputs.has(1)) outs.push({ fd: FD_LIVE_MAIN, input: 1 });
    return outs;
  }

  /** Ends the current ffmpeg gracefully (segments close) and starts the next one at once, without a backoff. */
  private restartNow(): void {
    const child = this.child;
    if (this.stopped) return;
    if (!child || child.exitCode !== null || child.signalCode !== null) return; // the pending retry picks up the change
    this.killedBy = 'restart';
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    timer.unref();
    child.once('close', () => clearTimeout(timer));
  }

  private setRecording(state: RecordingStatus['state'], reason: string | null): void {
    if (this.recStatus.state === state && this.recStatus.reason === reason) return;
    this.recStatus = { state, reason };
    this.o.onRecording?.(this.recStatus);
  }

  /** A full disk: recording pauses, ffmpeg goes on without it; free space is polled to resume. */
  private pauseRecording(): void {
    this.recordingPaused = true;
    this.setRecording('paused', RECORDING_PAUSED_DISK_FULL);
    this.o.logger.error('the disk is full: recording paused, live view and motion go on');
    try {
      this.o.onDiskFull?.();
    } catch (err) {
      this.o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'freeing disk space failed');
    }
    if (this.resumeTimer) return;
    const dir = this.o.recording!.recordingsRoot;
    let checking = false;
    this.resumeTimer = setInterval(() => {
      if (checking || this.stopped) return;
      checking = true;
      diskSpace(dir)
        .then(({ free }) => {
          const need = typeof this.o.resumeFreeBytes === 'function' ? this.o.resumeFreeBytes() : (this.o.resumeFreeBytes ?? 256 * 1024 * 1024);
          if (free < need || this.stopped || !this.recordingPaused) return;
          if (this.resumeTimer) clearInterval(this.resumeTimer);
          this.resumeTimer = null;
          this.recordingPaused = false;
          this.setRecording('recording', null);
          this.o.logger.info({ freeBytes: free }, 'free space is back: recording resumes');
          this.restartNow();
        })
        .catch(() => undefined)
        .finally(() => (checking = false));
    }, this.o.resumePollMs ?? 10_000);
    this.resumeTimer.unref();
  }

  /**
   * Recording held for a reason of the engine's (the data folder is away): ffmpeg goes on without the segment output,
   * the status says why; null lets it record again (both restart ffmpeg at once, live view and motion go on).
   */
  holdRecording(reason: string | null): void {
    if (!this.o.recording) return;
    if (reason !== null) {
      this.recordingPaused = true;
      this.setRecording('paused', reason);
    } else {
      if (this.resumeTimer) clearInterval(this.resumeTimer);
      this.resumeTimer = null;
      this.recordingPaused = false;
      this.setRecording('recording', null);
    }
    this.restartNow();
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
    if (this.resumeTimer) clearInterval(this.resumeTimer);
    this.retryTimer = null;
    this.watchdog = null;
    this.resumeTimer = null;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
    // The last segments are moved and indexed before the database may close.
    await this.runEnded;
    this.hubs?.sub.close();
    this.hubs?.main.close();
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
    let writer = this.o.recording && !this.recordingPaused ? this.o.recording : null;
    let run: { pattern: string } | null = null;
    if (writer) {
      try {
        run = writer.beginRun();
      } catch (err) {
        // The incoming folder cannot be made: the camera goes on without recording, and says why.
        const e = err as NodeJS.ErrnoException;
        writer = null;
        if (e.code === 'ENOSPC' || e.code === 'EDQUOT') this.pauseRecording();
        else {
          this.recordingPaused = true;
          this.setRecording('paused', `Recording paused: the recordings folder cannot be written (${this.clean(e.message)}).`);
          log.error({ err: this.clean(e.message) }, 'recordings folder cannot be written: recording paused');
        }
      }
    }
    try {
      args = buildCaptureArgs({
        url: this.o.url,
        recordUrl: this.o.recordUrl ?? null,
        demo: this.o.demo,
        analysis: { fps: this.o.fps, maxWidth: this.o.maxWidth },
        live: this.liveOutputs(),
        segments: run ? { pattern: run.pattern, seconds: this.o.segmentSeconds ?? 10, listFd: FD_SEGMENT_LIST } : null,
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
    const lives = this.liveOutputs();
    const fdUsed = (fd: number) => lives.some((l) => l.fd === fd);
    const stdio: Array<'ignore' | 'pipe'> = [
      'ignore', 'pipe', 'pipe',
      fdUsed(FD_LIVE_SUB) ? 'pipe' : 'ignore',
      fdUsed(FD_LIVE_MAIN) ? 'pipe' : 'ignore',
      writer ? 'pipe' : 'ignore',
    ];
    let child: ChildProcess;
    try {
      child = spawn(this.o.ffmpegPath, args, { stdio, windowsHide: true });
    } catch (err) {
      this.spawnFailed(err as NodeJS.ErrnoException);
      return;
    }
    if (child.pid === undefined) {
      // Node reports a failed spawn on the next tick; with EMFILE/ENFILE it has not even made the pipes (no stdio).
      child.once('error', (err: NodeJS.ErrnoException) => this.spawnFailed(err));
      return;
    }
    this.child = child;
    this.hubs?.sub.reset();
    this.hubs?.main.reset();
    const pipeTo = (fd: number, hub: LiveHub | undefined) => {
      const s = (child.stdio as unknown as Array<NodeJS.ReadableStream | null | undefined>)[fd];
      if (!s || !hub) return;
      s.on('data', (c: Buffer) => {
        if (this.child === child) hub.push(c);
      });
      s.on('error', () => undefined);
    };
    pipeTo(FD_LIVE_SUB, this.hubs?.sub);
    pipeTo(FD_LIVE_MAIN, this.hubs?.main);
    const list = (child.stdio as unknown as Array<NodeJS.ReadableStream | null | undefined>)[FD_SEGMENT_LIST];
    if (writer && list) {
      list.on('data', (c: Buffer) => writer.pushList(c));
      list.on('error', () => undefined);
    }
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
    // A started process can still report an error (a signal that could not be sent, say): 'close' reports the end.
    child.on('error', (err) => log.warn({ err: this.clean(err.message) }, 'ffmpeg process error'));
    // 'close', not 'exit': by then everything ffmpeg printed has been read, so the reason is judged on all of it
    // ('exit' can come before the last stderr lines, and a 401 would then look like a camera closing the stream).
    child.on('close', (code, signal) => {
      // Whatever this run left in incoming/ is finished before the next run's files can be confused with it.
      if (writer) this.runEnded = writer.endRun();
      resolveExit();
      reader.dispose();
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
      this.explained = null;
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
      if (isStreamChangeLine(l)) this.onStreamChange();
      this.stderrLines.push(this.clean(l).slice(0, 500));
      if (this.stderrLines.length > STDERR_LINES) this.stderrLines.shift();
    }
  }

  /** The picture changed size mid-stream: ffmpeg starts again at once, so every output carries the new size. */
  private onStreamChange(): void {
    const now = performance.now();
    if (this.killedBy === 'restart' || !restartForChange(this.streamChangedAt, now)) return;
    if (!this.child || this.stopped) return;
    this.streamChangedAt = now;
    this.o.logger.info('the camera changed its picture size: restarting ffmpeg so that recordings and live view match');
    this.killedBy = 'restart'; // also when ffmpeg has exited already (it does, at the change): no backoff, no error
    this.restartNow();
  }

  private stderrTail(): string {
    return [...this.stderrLines, this.clean(this.stderrPartial)].join('\n');
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopped) {
      this.o.logger.debug({ code, signal }, 'ffmpeg stopped');
      return;
    }
    if (this.killedBy === 'restart') {
      this.o.logger.debug({ code, signal }, 'ffmpeg restarted with new outputs');
      this.spawnFfmpeg();
      return;
    }
    const tail = this.stderrTail();
    if (this.o.recording && !this.recordingPaused && classifyFfmpegOutput(tail, this.o.cameraName).code === 'disk-full') {
      // Only the recording output writes to disk: pause it, keep everything else going at once.
      this.pauseRecording();
      this.o.logger.warn({ code, signal, ffmpeg: tail.slice(-300) }, 'recording output failed: the disk is full');
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.stopped) this.spawnFfmpeg();
      }, 200);
      this.retryTimer.unref();
      return;
    }
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
    // A failure that may hide "this is no camera" or "hung" is asked about (stream-answer.ts); the last answer shows meanwhile.
    let shown = this.explained?.failure === code2 ? this.explained.message : reason;
    if (auth) this.setState('failed', reason);
    else this.setState('reconnecting', shown);
    if (!auth && !this.o.demo && !(this.killedBy === 'watchdog' && streamedMs > 0)) {
      void explainStreamFailure(this.o.url, code2, this.o.cameraName).then((better) => {
        if (this.stopped || this.state.state !== 'reconnecting' || this.state.reason !== shown) return;
        this.explained = better ? { failure: code2, message: better.message } : null;
        shown = better?.message ?? reason;
        if (better) this.o.logger.warn({ problem: better.code }, better.message);
        this.setState('reconnecting', shown);
      });
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      if (!auth) this.setState('reconnecting', shown);
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

  /**
   * ffmpeg could not be started. Out of file descriptors, processes or memory (a flood of connections, a busy PC) is
   * passing: retried with the backoff, said in the camera's state. A missing or forbidden ffmpeg is not: failed.
   */
  private spawnFailed(err: NodeJS.ErrnoException): void {
    if (this.stopped) return;
    const why = this.clean(err.message);
    if (err.code && SPAWN_RESOURCE_ERRORS.has(err.code)) {
      const delay = this.backoff.nextDelay('disconnect');
      const reason = `The PC ran out of resources (${RESOURCE_WORDS[err.code] ?? err.code}): the video of ${this.o.cameraName} could not be started; trying again in ${Math.max(1, Math.round(delay / 1000))} s.`;
      this.o.logger.error({ err: why, code: err.code, retryInMs: delay }, 'ffmpeg could not be started: out of resources');
      this.c.lastError = reason;
      this.setState('reconnecting', reason);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.stopped) this.spawnFfmpeg();
      }, delay);
      this.retryTimer.unref();
      return;
    }
    this.o.logger.error({ err: why, code: err.code }, 'ffmpeg could not be started');
    this.fail(`ffmpeg could not be started (${why}). Check the ffmpeg path in Settings.`);
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
