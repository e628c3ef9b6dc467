// ONE ffmpeg process of a camera, from spawn to close: its pipes (analysis frames on stdout, through a frame channel
// where there is one (frame-channel.ts), live fragmented MP4 on fds 3 and 4, the recording's segment list on fd 5,
// stderr into a redacted tail) and why it ended. The run knows its own end: the supervisor asks it to stop for a
// restart or a stop, or kills it for a watchdog or a broken stream, and gets one RunEnd with that cause once ffmpeg has
// closed every pipe. Bytes that arrive after that are ignored, so a run that is over can never feed a later one's state.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logging/logger.ts';
import type { LiveHub } from '../live/live-hub.ts';
import type { FrameChannel } from './frame-channel.ts';
import type { FramePool } from './frame-pool.ts';
import type { RecordingTarget } from './recording-pause.ts';
import { StderrTail } from './stderr-tail.ts';
import { Y4mReader } from './y4m-reader.ts';
import { errorMessage } from '../../../preload/format.ts';

/** Why a run ended: ffmpeg exited by itself, or the supervisor ended it (and why). */
export type RunEndCause = 'exited' | 'watchdog' | 'bad-stream' | 'restart' | 'stop';

export interface RunEnd {
  cause: RunEndCause;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** ffmpeg's last lines, redacted. */
  stderr: string;
  /** The last line it printed, redacted; null when it printed nothing. */
  lastStderrLine: string | null;
  /** From spawn to close, ms. */
  elapsedMs: number;
  /** Why the analysis stream was refused ('bad-stream'), redacted. */
  streamError: string | null;
  /** The recording of this run is moved and indexed; null when the run did not record. */
  recordingSettled: Promise<void> | null;
}

export interface FfmpegRunOptions {
  ffmpegPath: string;
  args: string[];
  /** Live outputs: pipe fd → the hub its bytes go to. */
  live: ReadonlyMap<number, LiveHub>;
  /** The recording of this run and the fd of its segment list; null without recording. */
  recording: { target: RecordingTarget; listFd: number } | null;
  /** The camera's frame pool (kept across runs). */
  pool: FramePool;
  /** ffmpeg's stdout for this run, read into one buffer (frame-channel.ts); null: a pipe read as a stream. */
  frames?: FrameChannel | null;
  redact: (text: string) => string;
  logger: Logger;
  onFrame: (buffer: ArrayBuffer, width: number, height: number, arrivedAt: number) => void;
  onDrop: () => void;
  /** Each line ffmpeg prints, redacted. */
  onStderrLine?: (line: string) => void;
  /** ffmpeg could not be started (called at once or on the next tick); no RunEnd follows. */
  onSpawnError: (err: NodeJS.ErrnoException) => void;
  onEnd: (end: RunEnd) => void;
}

/** After SIGTERM, ffmpeg gets this long to close its files before SIGKILL. */
const STOP_GRACE_MS = 2000;
/** After ffmpeg's exit, the frames it wrote into a frame channel are read for at most this long. */
const CHANNEL_DRAIN_MS = 1000;
const HIGHEST_FD = 5;

type Pipe = NodeJS.ReadableStream | null | undefined;

export class FfmpegRun {
  private child: ChildProcess | null = null;
  private readonly stderr: StderrTail;
  private reader: Y4mReader | null = null;
  private cause: RunEndCause | null = null;
  private streamError: string | null = null;
  private isOver = false;
  private spawnedAt = 0;
  private lastFrameAt = 0;
  private resolveClosed: () => void = () => undefined;
  /** Resolves once ffmpeg has exited and closed its pipes (at once when it never started). */
  readonly closed: Promise<void>;

  constructor(private readonly options: FfmpegRunOptions) {
    this.stderr = new StderrTail({ redact: options.redact, ...(options.onStderrLine ? { onLine: options.onStderrLine } : {}) });
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  /** Spawns ffmpeg; false when it could not be started (onSpawnError has been or will be called). */
  start(): boolean {
    const o = this.options;
    this.spawnedAt = performance.now();
    let child: ChildProcess;
    try {
      child = spawn(o.ffmpegPath, o.args, { stdio: this.stdio(), windowsHide: true });
    } catch (err) {
      o.frames?.close();
      this.endWithoutProcess();
      o.onSpawnError(err as NodeJS.ErrnoException);
      return false;
    }
    if (child.pid === undefined) {
      o.frames?.close();
      // Node reports a failed spawn on the next tick; with EMFILE/ENFILE it has not even made the pipes (no stdio).
      child.once('error', (err: NodeJS.ErrnoException) => {
        this.endWithoutProcess();
        o.onSpawnError(err);
      });
      return false;
    }
    o.frames?.afterSpawn();
    this.child = child;
    this.wire(child);
    return true;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** The process runs and has not been told to end. */
  get running(): boolean {
    const child = this.child;
    return !!child && !this.isOver && child.exitCode === null && child.signalCode === null;
  }

  /** A picture has come from this run. */
  get hasPictured(): boolean {
    return this.lastFrameAt > 0;
  }

  /** How long no frame (nor a dropped one) has come, ms (since the spawn before the first). */
  silentMs(now = performance.now()): number {
    return now - (this.lastFrameAt || this.spawnedAt);
  }

  /** Ends the run at once (SIGKILL): the camera froze, or its stream is not video. The first cause given is kept. */
  kill(cause: 'watchdog' | 'bad-stream'): void {
    if (!this.child || this.isOver) return;
    this.cause ??= cause;
    this.child.kill('SIGKILL');
  }

  /** Ends the run gracefully (SIGTERM: segments close), SIGKILL after a grace period; resolves when it has closed. */
  stop(cause: 'restart' | 'stop'): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    if (this.isOver || child.exitCode !== null || child.signalCode !== null) return this.closed;
    this.cause ??= cause;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    timer.unref();
    void this.closed.then(() => clearTimeout(timer));
    return this.closed;
  }

  private stdio(): Array<'ignore' | 'pipe' | Socket> {
    const stdio: Array<'ignore' | 'pipe' | Socket> = ['ignore', this.options.frames?.childEnd ?? 'pipe', 'pipe'];
    for (let fd = 3; fd <= HIGHEST_FD; fd++) {
      const used = this.options.live.has(fd) || this.options.recording?.listFd === fd;
      stdio.push(used ? 'pipe' : 'ignore');
    }
    return stdio;
  }

  private wire(child: ChildProcess): void {
    const o = this.options;
    const pipes = child.stdio as unknown as Pipe[];
    for (const [fd, hub] of o.live) {
      const pipe = pipes[fd];
      if (!pipe) continue;
      pipe.on('data', (chunk: Buffer) => {
        if (!this.isOver) hub.push(chunk);
      });
      pipe.on('error', () => undefined);
    }
    const recording = o.recording;
    const list = recording ? pipes[recording.listFd] : null;
    if (recording && list) {
      list.on('data', (chunk: Buffer) => recording.target.writer.pushList(chunk));
      list.on('error', () => undefined);
    }
    const reader = new Y4mReader({
      pool: o.pool,
      onFrame: (buffer, width, height) => {
        this.lastFrameAt = performance.now();
        o.onFrame(buffer, width, height, this.lastFrameAt);
      },
      onDrop: () => {
        this.lastFrameAt = performance.now();
        o.onDrop();
      },
    });
    this.reader = reader;
    const read = (chunk: Buffer, length: number) => {
      if (this.isOver) return;
      try {
        reader.push(chunk, length);
      } catch (err) {
        this.streamError = o.redact(errorMessage(err));
        this.kill('bad-stream');
      }
    };
    const frames = o.frames ?? null;
    if (frames) frames.onBytes = read;
    else child.stdout!.on('data', (chunk: Buffer) => read(chunk, chunk.length));
    child.stderr!.on('data', (data: Buffer) => this.stderr.push(data.toString('utf8')));
    // A started process can still report an error (a signal that could not be sent, say): 'close' reports the end.
    child.on('error', (err) => o.logger.warn({ err: o.redact(err.message) }, 'ffmpeg process error'));
    // 'close', not 'exit': by then everything ffmpeg printed has been read, so the end is judged on all of it
    // ('exit' can come before the last stderr lines, and a 401 would then look like a camera closing the stream).
    // Frames through a channel end apart from the process: what ffmpeg wrote before its exit is read first.
    child.on('close', (code, signal) => {
      if (!frames) return this.onClose(code, signal);
      const drained = new Promise<void>((resolve) => setTimeout(resolve, CHANNEL_DRAIN_MS).unref());
      void Promise.race([frames.ended, drained]).then(() => this.onClose(code, signal));
    });
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    this.isOver = true;
    this.options.frames?.close();
    // Whatever this run left in incoming/ is finished before the next run's files can be confused with it.
    const recordingSettled = this.options.recording?.target.writer.endRun() ?? null;
    this.reader?.dispose();
    this.reader = null;
    this.resolveClosed();
    this.options.onEnd({
      cause: this.cause ?? 'exited',
      code,
      signal,
      stderr: this.stderr.text(),
      lastStderrLine: this.stderr.lastLine(),
      elapsedMs: performance.now() - this.spawnedAt,
      streamError: this.streamError,
      recordingSettled,
    });
  }

  private endWithoutProcess(): void {
    this.isOver = true;
    this.resolveClosed();
  }
}
