// One camera's capture, told in words: the state machine around its ffmpeg runs (capture/ffmpeg-run.ts), one at a time.
//   starting → streaming (first frame) → reconnecting (it exited or froze; backoff with jitter) → streaming …
//   failed: wrong credentials (retried only slowly: no retry storm, no locked account) or ffmpeg cannot run.
// A watchdog kills a run that sends no frame for watchdogMs (a frozen camera: ffmpeg itself may wait for ever).
// Everything ffmpeg prints is redacted (its options may hold the camera's password; ffmpeg itself gets a relay address).
// The same process also writes the live view (capture/live-views.ts: fragmented MP4 into LiveHubs, adapted once for an
// H.265 camera) and the recording (10 s segments through a SegmentWriter). A full disk pauses the recording only
// (capture/recording-pause.ts): ffmpeg restarts without the segment output at once, and with it once space is back.
import { performance } from 'node:perf_hooks';
import type { CameraStateName, RecordingStatus } from '../../../preload/contract.ts';
import { buildCaptureArgs } from './ffmpeg-args.ts';
import { classifyFfmpegOutput } from './ffmpeg-errors.ts';
import { FfmpegRun, type RunEnd } from './ffmpeg-run.ts';
import { frameChannelsAvailable, openFrameChannel, type FrameChannel } from './frame-channel.ts';
import { LiveViews, type LiveDescription } from './live-views.ts';
import type { LiveHub } from '../live/live-hub.ts';
import { RecordingPause } from './recording-pause.ts';
import { RateMeter } from './rate-meter.ts';
import { Backoff } from './backoff.ts';
import { redact } from './redact.ts';
import { isStreamChangeLine, restartForChange } from './stream-change.ts';
import { FailureExplainer } from './stream-answer.ts';
import { childStreamUrlNow, relayReadyFor } from './rtsp-credential-relay.ts';
import { isResourceShortage, judgeRunEndSaid, NETWORK_TIMEOUT_S, nextRunTimeoutS, resourceShortageReason } from './run-verdict.ts';
import type { Said } from '../../../preload/i18n/engine-message.ts';
import { FramePool } from './frame-pool.ts';
import type { CaptureCounters, CaptureOptions, CaptureState } from './capture-options.ts';
import { errorMessage } from '../../../preload/format.ts';

export type { LiveDescription } from './live-views.ts';
export type { CapturedFrame, CaptureCounters, CaptureOptions, CaptureState } from './capture-options.ts';

/** ffmpeg's pipe fd of the recording's segment list. */
const FD_SEGMENT_LIST = 5;
/** Streaming this long counts as healthy: the next failure starts the backoff from its first delay. */
const HEALTHY_MS = 30_000;
/** After a full disk, ffmpeg starts again (without recording) this soon. */
const DISK_FULL_RESTART_MS = 200;

export class CaptureSupervisor {
  private readonly options: CaptureOptions;
  private readonly backoff = new Backoff();
  /** The camera's frames, kept across ffmpeg runs: buffers still in flight come back to it. */
  private readonly pool: FramePool;
  /** What the address answers when the stream fails in a way that may hide "not a camera" (stream-answer.ts). */
  private readonly explainer: FailureExplainer;
  private readonly liveViews: LiveViews | null;
  private readonly recordingPause: RecordingPause;
  private readonly frameRate = new RateMeter();
  /** The current ffmpeg run (null between runs). */
  private run: FfmpegRun | null = null;
  private state: CaptureState;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  /** The current run's network timeout: it changes only when a run ends (nextRunTimeoutS, run-verdict.ts). */
  private runTimeoutS = NETWORK_TIMEOUT_S;
  private streamingSince = 0;
  /** The last recording run's files are moved and indexed. */
  private recordingSettled: Promise<void> = Promise.resolve();
  private seq = 0;
  /** The next run's frames: a channel made for it (frame-channel.ts), 'opening' while it is made, or 'pipe'. */
  private nextFrames: FrameChannel | 'opening' | 'pipe' | null = null;
  /** A frame channel could not be made once: said once in the log, and tried again for every later run. */
  private framesFailed = false;
  private streamChangedAt: number | null = null;
  private readonly stats = { frames: 0, dropped: 0, reconnects: 0, lastError: null as string | null, attempts: 0 };

  constructor(options: CaptureOptions) {
    this.options = options;
    this.pool = new FramePool(0, options.poolCapacity ?? 4);
    this.explainer = new FailureExplainer(options); // the options themselves: a camera renamed in place is named anew
    this.state = { state: 'starting', reason: null, reasonMessage: null, since: Date.now() };
    this.liveViews = options.live
      ? new LiveViews({ get cameraName() { return options.cameraName; }, hasMainStream: !!options.recordUrl, logger: options.logger, onAdapted: () => this.restart() })
      : null;
    this.recordingPause = new RecordingPause({
      writer: options.recording ?? null,
      logger: options.logger,
      redact: (text) => this.redact(text),
      onStatus: (status) => options.onRecording?.({ ...status, reasonMessage: this.recordingPause.reasonMessage }),
      onDiskFull: options.onDiskFull,
      onResume: () => this.restart(),
      resumeFreeBytes: options.resumeFreeBytes,
      resumePollMs: options.resumePollMs,
    });
  }

  /** The live view of a quality, with what a player needs to know; null when live view is off. */
  live(quality: 'sub' | 'main'): LiveDescription | null {
    return this.liveViews?.describe(quality) ?? null;
  }

  get recording(): RecordingStatus {
    return { ...this.recordingPause.status, reasonMessage: this.recordingPause.reasonMessage };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.state = { state: 'starting', reason: null, reasonMessage: null, since: Date.now() };
    this.options.onState(this.state);
    this.startRun();
    this.watchdog = setInterval(() => this.checkWatchdog(), 1000);
    this.watchdog.unref();
  }

  /** Stops ffmpeg: SIGTERM, SIGKILL after 2 s; resolves once it has exited (no zombie) and its segments are in. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retryTimer = null;
    this.watchdog = null;
    this.recordingPause.stop();
    if (this.nextFrames && typeof this.nextFrames === 'object') this.nextFrames.close();
    if (this.nextFrames !== 'opening') this.nextFrames = null;
    await this.run?.stop('stop');
    // The last segments are moved and indexed before the database may close.
    await this.recordingSettled;
    this.liveViews?.close();
  }

  /**
   * Ends the current ffmpeg gracefully (segments close) and starts the next one at once, without a backoff: its
   * outputs changed (H.265 found, recording resumed). Between runs, the pending retry picks the change up.
   */
  restart(): void {
    if (this.stopped) return;
    void this.run?.stop('restart');
  }

  /**
   * Recording held for a reason of the engine's (the data folder is away): ffmpeg goes on without the segment output,
   * the status says why; null lets it record again. Either restarts ffmpeg at once; live view and motion go on.
   */
  holdRecording(reason: Said | string | null): void {
    if (this.recordingPause.hold(reason)) this.restart();
  }

  private relayFailed(err: Error): void {
    if (this.stopped) return;
    const reason = `${this.options.cameraName} cannot start: the app's local stream relay could not start (${this.redact(err.message)}).`;
    this.stats.lastError = reason;
    this.setState('reconnecting', reason);
    this.retryIn(this.backoff.nextDelay('disconnect'));
  }

  /** The picture changed size mid-stream (capture/stream-change.ts): ffmpeg starts again at once with the new size. */
  private onStreamChange(run: FfmpegRun): void {
    const now = performance.now();
    if (this.stopped || this.run !== run || !restartForChange(this.streamChangedAt, now)) return;
    this.streamChangedAt = now;
    this.options.logger.info('the camera changed its picture size: restarting ffmpeg so that recordings and live view match');
    void run.stop('restart'); // also when ffmpeg is exiting already (it does, at the change): no backoff, no error
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
    return this.run?.pid ?? null;
  }

  /** ffmpeg processes started so far (tests: no retry storm). */
  get attempts(): number {
    return this.stats.attempts;
  }

  get current(): CaptureState {
    return this.state;
  }

  counters(): CaptureCounters {
    return {
      fps: this.frameRate.rate(performance.now()),
      frames: this.stats.frames,
      dropped: this.stats.dropped,
      reconnects: this.stats.reconnects,
      lastError: this.stats.lastError,
      uptimeMs: this.state.state === 'streaming' && this.streamingSince ? Date.now() - this.streamingSince : 0,
    };
  }

  private startRun(): void {
    const o = this.options;
    // Addresses with credentials reach ffmpeg through the app's relay (rtsp-credential-relay.ts), started on first need;
    // a relay that cannot listen is retried like a camera that cannot be reached.
    const relayStart = relayReadyFor([o.url, o.recordUrl]);
    if (relayStart) return void relayStart.then(() => !this.stopped && !this.run && this.startRun(), (err: Error) => this.relayFailed(err));
    if (this.nextFrames === 'opening') return;
    if (!this.nextFrames && frameChannelsAvailable()) return this.openFrames();
    const frames = this.nextFrames === 'pipe' ? null : this.nextFrames;
    this.nextFrames = null;
    const recording = this.recordingPause.beginRun();
    const liveOutputs = this.liveViews?.outputs() ?? [];
    let args: string[];
    const relayOptions = { logger: o.logger, connectTimeoutMs: NETWORK_TIMEOUT_S * 800 };
    try {
      args = buildCaptureArgs({
        // One-time relay addresses for this run: ffmpeg's command line never holds the password.
        url: o.demo ? o.url : childStreamUrlNow(o.url, relayOptions),
        recordUrl: o.recordUrl && !o.demo ? childStreamUrlNow(o.recordUrl, relayOptions) : null,
        demo: o.demo,
        analysis: { fps: o.fps, maxWidth: o.maxWidth },
        live: liveOutputs,
        segments: recording ? { pattern: recording.pattern, seconds: o.segmentSeconds ?? 10, listFd: FD_SEGMENT_LIST } : null,
        timeoutSeconds: this.runTimeoutS,
      });
    } catch (err) {
      frames?.close();
      this.setState('failed', `The address of ${o.cameraName} cannot be used: ${this.redact(errorMessage(err))}`);
      return;
    }
    const live = new Map<number, LiveHub>();
    for (const output of liveOutputs) {
      const hub = this.liveViews?.hubForFd(output.fd);
      if (hub) live.set(output.fd, hub);
    }
    this.stats.attempts++;
    const run: FfmpegRun = new FfmpegRun({
      ffmpegPath: o.ffmpegPath,
      args,
      live,
      recording: recording ? { target: recording, listFd: FD_SEGMENT_LIST } : null,
      pool: this.pool,
      frames,
      redact: (text) => this.redact(text),
      logger: o.logger,
      onFrame: (buffer, width, height, arrivedAt) => this.onFrame(buffer, width, height, arrivedAt),
      onDrop: () => this.stats.dropped++,
      onStderrLine: (line) => {
        if (isStreamChangeLine(line)) this.onStreamChange(run);
      },
      onSpawnError: (err) => this.spawnFailed(err),
      onEnd: (end) => this.onRunEnd(run, end),
    });
    this.run = run;
    // A run that could not start is nobody's current run: the retry (spawnFailed) starts the next one.
    if (!run.start()) {
      if (this.run === run) this.run = null;
      return;
    }
    this.liveViews?.reset();
    o.logger.debug({ pid: run.pid, attempt: this.stats.attempts }, 'ffmpeg started');
  }

  /** Makes the next run's frame channel, then starts the run; when none can be made, this run's frames come on a pipe. */
  private openFrames(): void {
    this.nextFrames = 'opening';
    openFrameChannel().then(
      (channel) => {
        this.nextFrames = null;
        if (this.stopped || this.run) return channel.close();
        this.nextFrames = channel;
        this.startRun();
      },
      (err: unknown) => {
        this.nextFrames = null;
        if (!this.framesFailed) this.options.logger.warn({ err: errorMessage(err) }, 'no frame socket pair could be made: frames come on a pipe');
        this.framesFailed = true;
        if (this.stopped || this.run) return;
        this.nextFrames = 'pipe';
        this.startRun();
      },
    );
  }

  private onFrame(buffer: ArrayBuffer, width: number, height: number, arrivedAt: number): void {
    this.stats.frames++;
    this.frameRate.mark(arrivedAt);
    if (this.state.state !== 'streaming') {
      this.explainer.reset();
      this.streamingSince = Date.now();
      this.setState('streaming', null);
      this.options.logger.info({ width, height }, 'camera streaming');
    }
    if (this.stopped) {
      this.releaseFrame(buffer);
      return;
    }
    this.options.onFrame({ buffer, width, height, time: Date.now(), seq: ++this.seq, arrivedAt });
  }

  private onRunEnd(run: FfmpegRun, end: RunEnd): void {
    const log = this.options.logger;
    if (end.recordingSettled) this.recordingSettled = end.recordingSettled;
    if (this.run === run) this.run = null;
    if (this.stopped) {
      log.debug({ code: end.code, signal: end.signal }, 'ffmpeg stopped');
      return;
    }
    if (end.cause === 'restart') {
      log.debug({ code: end.code, signal: end.signal }, 'ffmpeg restarted with new outputs');
      this.startRun();
      return;
    }
    if (this.recordingPause.active && classifyFfmpegOutput(end.stderr, this.options.cameraName).code === 'disk-full') {
      // Only the recording output writes to disk: pause it, keep everything else going at once.
      this.recordingPause.diskFull();
      log.warn({ code: end.code, signal: end.signal, ffmpeg: end.stderr.slice(-300) }, 'recording output failed: the disk is full');
      this.retryIn(DISK_FULL_RESTART_MS);
      return;
    }
    const streamedMs = this.streamingSince && this.state.state === 'streaming' ? Date.now() - this.streamingSince : 0;
    if (streamedMs >= HEALTHY_MS) this.backoff.reset();
    const { cameraName, url, demo } = this.options;
    const { problem, said: reason } = judgeRunEndSaid(end, { cameraName, url, demo, wasStreaming: this.stats.frames > 0 && streamedMs > 0, timeoutMs: this.runTimeoutS * 1000 });
    // Silent until ffmpeg's timeout, no picture: the next run waits longer (a camera that starts at its next keyframe).
    this.runTimeoutS = nextRunTimeoutS({ problem, streamedMs, cause: end.cause });
    this.stats.lastError = end.lastStderrLine ?? reason.text;
    this.stats.reconnects++;
    this.streamingSince = 0;
    const auth = problem === 'auth';
    const delay = this.backoff.nextDelay(auth ? 'auth' : 'disconnect');
    log.warn(
      { code: end.code, signal: end.signal, cause: end.cause, problem, retryInMs: delay, ffmpeg: end.stderr.slice(-600), ...(end.streamError ? { streamError: end.streamError } : {}) },
      'camera stream ended',
    );
    // Wrong credentials are 'failed' while they wait (a slow retry); anything else is reconnecting. A failure that may
    // hide "this is no camera" or "hung" is asked about (stream-answer.ts); the last answer shows meanwhile.
    let shown = this.explainer.shownFor(problem, reason);
    this.setState(auth ? 'failed' : 'reconnecting', auth ? reason : shown);
    if (!auth && !demo && !(end.cause === 'watchdog' && streamedMs > 0)) {
      const shownNow = shown;
      this.explainer.ask(problem, reason, (better) => {
        if (this.stopped || this.state.state !== 'reconnecting' || this.state.reason !== shownNow.text) return;
        shown = better;
        this.setState('reconnecting', better);
      });
    }
    this.retryIn(delay, () => {
      if (!auth) this.setState('reconnecting', shown);
    });
  }

  private retryIn(delayMs: number, beforeRun?: () => void): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      beforeRun?.();
      this.startRun();
    }, delayMs);
    this.retryTimer.unref();
  }

  private checkWatchdog(): void {
    const run = this.run;
    if (!run?.running || this.stopped) return;
    const silentMs = run.silentMs();
    // Before a run's first picture, ffmpeg's own timeout ends a camera that sends nothing, and says why; the watchdog
    // waits past it (a patient run waits for a camera that starts at its next keyframe, 8–10 s away).
    const watchdogMs = this.options.watchdogMs ?? 10_000;
    const limit = run.hasPictured ? watchdogMs : Math.max(watchdogMs, (this.runTimeoutS + 8) * 1000);
    if (silentMs > limit) {
      this.options.logger.warn({ silentMs: Math.round(silentMs) }, 'no picture from the camera: restarting ffmpeg');
      run.kill('watchdog');
    }
  }

  /**
   * ffmpeg could not be started. Out of file descriptors, processes or memory (a flood of connections, a busy PC) is
   * passing: retried with the backoff, said in the camera's state. A missing or forbidden ffmpeg is not: failed.
   */
  private spawnFailed(err: NodeJS.ErrnoException): void {
    if (this.stopped) return;
    const why = this.redact(err.message);
    if (isResourceShortage(err.code)) {
      const delay = this.backoff.nextDelay('disconnect');
      const reason = resourceShortageReason(err.code, this.options.cameraName, delay);
      this.options.logger.error({ err: why, code: err.code, retryInMs: delay }, 'ffmpeg could not be started: out of resources');
      this.stats.lastError = reason;
      this.setState('reconnecting', reason);
      this.retryIn(delay);
      return;
    }
    this.options.logger.error({ err: why, code: err.code }, 'ffmpeg could not be started');
    this.setState('failed', `ffmpeg could not be started (${why}). Check the ffmpeg path in Settings.`);
  }

  /** A reason is a sentence said with its message (say()), or English only (one that holds ffmpeg's own words). */
  private setState(state: CameraStateName, said: Said | string | null): void {
    const reason = typeof said === 'string' || said === null ? said : said.text;
    if (this.state.state === state && this.state.reason === reason) return;
    const reasonMessage = typeof said === 'string' || said === null ? null : said.message;
    this.state = { state, reason, reasonMessage, since: Date.now() };
    this.options.onState(this.state);
  }

  private redact(text: string): string {
    return redact(text, this.options.secrets);
  }
}
