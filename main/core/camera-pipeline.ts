// One camera's pipeline, wired one way (ARCHITECTURE.md "Data flows one way, per camera"):
//   capture (ffmpeg) → motion (worker) → tracker + detection scheduler → person detection (worker, regions only)
//                                      → events (motion events, one person event per tracked visitor) → recorder
// This file holds the capture and the motion half; camera-analysis.ts holds what follows motion.
// Frames are ArrayBuffers from the capture's pool. A frame is in exactly one place at a time (the y4m reader, the
// motion worker, the waiting slot, the analysis or the detector) and goes back to the pool when done. When motion is
// behind, the newest frame wins: the waiting one is dropped and counted.
import type { Logger } from './logging/logger.ts';
import type { Camera, CameraStatus, Box, RecordingStatus } from '../../preload/contract.ts';
import { say, type Said } from '../../preload/i18n/engine-message.ts';
import type { EventRecorder } from './events/event-recorder.ts';
import type { MotionPool } from './motion/motion-pool.ts';
import type { MotionResult } from '../../native-workers/motion/motion-types.ts';
import { CaptureSupervisor, type CapturedFrame, type CaptureState, type LiveDescription } from './capture/capture-supervisor.ts';
import type { SegmentWriter } from './recording/segment-writer.ts';
import type { PersonDetector } from './detection/person-detector.ts';
import type { MinuteActivity } from './events/minute-activity.ts';
import { shownRecordingWithMessage } from './capture/shown-recording.ts';
import { CameraAnalysis, OVERLAY_INTERVAL_MS, type AnalysisStats } from './camera-analysis.ts';
import type { VisitorSink } from './tracking/visitor-sink.ts';
import type { AppliedPart } from './camera-change-plan.ts';
import { LatestSlot } from './util/latest-slot.ts';
import { OverlayThrottle } from './util/overlay-throttle.ts';
import { returnedFrame } from './util/frame-error.ts';
import { errorMessage } from '../../preload/format.ts';

export interface PipelineDeps {
  camera: Camera;
  /** The analysis stream's URL with credentials (sub stream when there is one). Never logged. */
  analysisUrl: string;
  /** The main stream's URL with credentials when the camera also has a sub stream (recorded from it), else null. */
  recordUrl?: string | null;
  /** Recording on (mode events or continuous): the camera's segment writer; null when recording is off. */
  segmentWriter?: SegmentWriter | null;
  /** Recording hit a full disk (the engine frees space at once). */
  onDiskFull?: () => void;
  /** Free bytes needed before a recording paused by a full disk resumes. */
  resumeFreeBytes?: number | (() => number);
  resumePollMs?: number;
  /** Live view outputs (fragmented MP4) on; default true. */
  live?: boolean;
  /** Secrets of this camera, removed from anything printed. */
  secrets: string[];
  ffmpegPath: string | null;
  /** Why there is no ffmpeg, when there is none. */
  ffmpegProblem: string | null;
  motion: MotionPool;
  detector: PersonDetector | null;
  recorder: EventRecorder;
  activity: MinuteActivity;
  logger: Logger;
  emitState: (status: CameraStatus) => void;
  emitMotion: (payload: { cameraId: string; time: number; ratio: number; boxes: Box[]; width: number; height: number }) => void;
  /** Person boxes for the live overlay (optional: tests may leave it out). */
  emitDetections?: (payload: { cameraId: string; time: number; boxes: Array<Box & { score: number }>; width: number; height: number }) => void;
  /** Where visitor counts per minute go; without one they are not stored (tracking/visitor-sink.ts). */
  visitors?: VisitorSink | null;
  now?: () => number;
}

export class CameraPipeline {
  readonly cameraId: string;
  private readonly deps: PipelineDeps;
  private readonly analysis: CameraAnalysis;
  private readonly capture: CaptureSupervisor | null;
  private readonly now: () => number;
  private motionBusy = false;
  /** The frame waiting for the motion worker (newest wins). */
  private readonly pending = new LatestSlot<CapturedFrame>();
  private configuredSize = '';
  private readonly motionOverlay = new OverlayThrottle(OVERLAY_INTERVAL_MS);
  private analysisDropped = 0;
  private stopped = false;
  private tickTimer: NodeJS.Timeout | null = null;
  private status: CameraStatus;
  /** What the supervisor says of recording (on, off, paused by a full disk); the status shows shownRecording() of it. */
  private wantedRecording: RecordingStatus;
  private lastMotionResult: MotionResult | null = null;
  /** When the last picture arrived (the status's lastFrameAt: a dead camera's tile says "last seen …"). */
  private lastFrameAt: number | null = null;

  constructor(deps: PipelineDeps) {
    this.deps = deps;
    this.cameraId = deps.camera.id;
    this.now = deps.now ?? Date.now;
    this.analysis = new CameraAnalysis({
      camera: deps.camera,
      detector: deps.detector,
      recorder: deps.recorder,
      activity: deps.activity,
      logger: deps.logger,
      ...(deps.emitDetections ? { emitDetections: deps.emitDetections } : {}),
      visitors: deps.visitors ?? null,
      now: this.now,
      releaseFrame: (frame) => this.capture?.releaseFrame(frame),
      frameLost: () => this.capture?.frameLost(),
    });
    this.status = initialStatus(deps.camera, this.now(), deps.segmentWriter !== null);
    this.wantedRecording = this.status.recording;
    if (!deps.camera.enabled || !deps.ffmpegPath) {
      this.capture = null;
      if (deps.camera.enabled) {
        this.status = { ...this.status, state: 'failed', reason: deps.ffmpegProblem ?? 'ffmpeg was not found', reasonMessage: null };
      }
      return;
    }
    const currentName = () => this.deps.camera.name;
    this.capture = new CaptureSupervisor({
      cameraId: deps.camera.id,
      // Read when a sentence is made: a rename applied in place (applySettings) shows at once.
      get cameraName(): string {
        return currentName();
      },
      url: deps.analysisUrl,
      demo: deps.camera.demo,
      secrets: deps.secrets,
      ffmpegPath: deps.ffmpegPath,
      fps: deps.camera.analysis.fps,
      maxWidth: deps.camera.analysis.maxWidth,
      logger: deps.logger,
      onFrame: (frame) => this.onFrame(frame),
      onState: (state) => this.onCaptureState(state),
      recordUrl: deps.recordUrl ?? null,
      live: deps.live ?? true,
      recording: deps.segmentWriter ?? null,
      onDiskFull: deps.onDiskFull,
      onRecording: (recording) => {
        this.wantedRecording = recording;
        this.deps.emitState(this.currentStatus());
      },
      ...(deps.resumeFreeBytes !== undefined ? { resumeFreeBytes: deps.resumeFreeBytes } : {}),
      ...(deps.resumePollMs !== undefined ? { resumePollMs: deps.resumePollMs } : {}),
    });
  }

  /** The live view of this camera (null when it is off or not capturing). */
  live(quality: 'sub' | 'main'): LiveDescription | null {
    return this.capture?.live(quality) ?? null;
  }

  /** Recording held for a reason (the data folder is away), or allowed again with null. */
  holdRecording(reason: Said | string | null): void {
    this.capture?.holdRecording(reason);
  }

  start(): void {
    this.deps.emitState(this.currentStatus());
    if (!this.capture) return;
    this.capture.start();
    this.tickTimer = setInterval(() => this.tick(), 1000);
    this.tickTimer.unref();
  }

  /** Stops ffmpeg, closes the open event, waits for its snapshot. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
    if (this.capture) await this.capture.stop();
    const waiting = this.pending.take();
    if (waiting) this.capture?.releaseFrame(waiting.buffer);
    this.analysis.stop(this.now());
    this.deps.motion.remove(this.cameraId);
    await this.deps.recorder.flush();
  }

  currentStatus(): CameraStatus {
    if (this.capture) {
      const c = this.capture.counters();
      this.status = {
        ...this.status,
        fps: c.fps,
        frames: c.frames,
        droppedFrames: c.dropped + this.analysisDropped,
        reconnects: c.reconnects,
        lastError: c.lastError,
        uptimeMs: c.uptimeMs,
      };
    }
    const recording = shownRecordingWithMessage(this.wantedRecording, this.status.state);
    if (recording !== this.status.recording) this.status = { ...this.status, recording };
    if (this.lastFrameAt !== this.status.lastFrameAt) this.status = { ...this.status, lastFrameAt: this.lastFrameAt };
    return this.status;
  }

  /** The camera's name as it is now (a rename is applied in place). */
  get cameraName(): string {
    return this.deps.camera.name;
  }

  /** The ffmpeg process id while one runs (tests: a setting applied in place keeps it). */
  get ffmpegPid(): number | null {
    return this.capture?.pid ?? null;
  }

  /**
   * Settings that need no new ffmpeg (camera-change-plan.ts), applied to the running camera: motion to its worker
   * (which keeps its background), the rest to the analysis. The capture, the recording and the open event go on.
   */
  applySettings(camera: Camera, parts: readonly AppliedPart[]): void {
    this.deps.camera = camera;
    if (parts.includes('motion') && this.configuredSize !== '') {
      const [width, height] = this.configuredSize.split('x').map(Number) as [number, number];
      this.deps.motion.configure(this.cameraId, width, height, { ...camera.motion, fps: camera.analysis.fps });
    }
    this.analysis.applySettings(camera, parts);
  }

  /** For /metrics, read at scrape time: integers the pipeline, its recorder and its writer keep anyway (since start). */
  counters() {
    const writer = this.deps.segmentWriter;
    return {
      motionEvents: this.deps.recorder.counts.motionEvents,
      personEvents: this.deps.recorder.counts.personEvents,
      inferences: this.stats.detections,
      inferenceMs: this.stats.inferenceMs,
      recordingBytes: writer?.stats.bytes ?? 0,
      recordingSegments: writer?.stats.segments ?? 0,
    };
  }

  /** Counters for health and benchmarks (analysed frames, motion frames, detector passes and model runs, …). */
  get stats(): AnalysisStats {
    return this.analysis.stats;
  }

  /** Person tracks followed now (health, tests). */
  get tracks(): number {
    return this.analysis.tracks;
  }

  /** The oldest open event's id, if any (health, tests). */
  get openEventId(): string | null {
    return this.deps.recorder.openEventId;
  }

  private onCaptureState(s: CaptureState): void {
    this.status = { ...this.status, state: s.state, reason: s.reason, reasonMessage: s.reasonMessage, since: s.since };
    this.deps.emitState(this.currentStatus());
  }

  private onFrame(frame: CapturedFrame): void {
    if (this.stopped) {
      this.capture?.releaseFrame(frame.buffer);
      return;
    }
    this.lastFrameAt = this.now();
    const size = `${frame.width}x${frame.height}`;
    if (size !== this.configuredSize) {
      this.configuredSize = size;
      this.status = { ...this.status, width: frame.width, height: frame.height };
      this.deps.motion.configure(this.cameraId, frame.width, frame.height, {
        ...this.deps.camera.motion,
        fps: this.deps.camera.analysis.fps,
      });
    }
    if (!this.motionBusy) {
      this.analyse(frame);
      return;
    }
    const dropped = this.pending.offer(frame); // motion is behind: the newest frame wins
    if (dropped) {
      this.capture?.releaseFrame(dropped.buffer);
      this.analysisDropped++;
    }
  }

  private analyse(frame: CapturedFrame): void {
    this.motionBusy = true;
    const { seq, time, width, height } = frame;
    this.deps.motion.analyze(this.cameraId, seq, time, frame.buffer).then(
      ({ result, frame: buffer }) => {
        this.onMotion(result, buffer, width, height, frame.arrivedAt);
        this.nextFrame();
      },
      (err: unknown) => {
        this.stats.motionErrors++;
        this.deps.logger.warn({ err: errorMessage(err) }, 'motion analysis failed');
        const back = returnedFrame(err);
        if (back) this.capture?.releaseFrame(back);
        else this.capture?.frameLost(); // it died with a worker: the pool makes a new one
        this.nextFrame();
      },
    );
  }

  private nextFrame(): void {
    this.motionBusy = false;
    const next = this.pending.take();
    if (next && !this.stopped) this.analyse(next);
    else if (next) this.capture?.releaseFrame(next.buffer);
  }

  private onMotion(result: MotionResult, buffer: ArrayBuffer, width: number, height: number, arrivedAt: number): void {
    this.lastMotionResult = result;
    const has = result.boxes.length > 0;
    if (this.motionOverlay.shouldPush(has, this.now())) {
      this.deps.emitMotion({ cameraId: this.cameraId, time: result.time, ratio: result.ratio, boxes: result.boxes, width, height });
    }
    if (this.stopped) {
      this.capture?.releaseFrame(buffer);
      return;
    }
    this.analysis.onMotion(result, buffer, width, height, arrivedAt);
  }

  private tick(): void {
    // A timer: nothing thrown here may end the process (the recorder's writes go through the write guard).
    try {
      this.analysis.tick(this.now());
    } catch (err) {
      this.deps.logger.error({ err: errorMessage(err) }, 'the camera timer failed');
    }
  }

  /** The last motion result, for tests and health. */
  get lastMotion(): MotionResult | null {
    return this.lastMotionResult;
  }
}

const TURNED_OFF = say('engine_camera_turned_off');

/** A camera's status before its first frame: starting (or turned off), recording when it records at all. */
export function initialStatus(camera: Camera, now: number, records: boolean): CameraStatus {
  return {
    state: camera.enabled ? 'starting' : 'disabled',
    reason: camera.enabled ? null : TURNED_OFF.text,
    reasonMessage: camera.enabled ? null : TURNED_OFF.message,
    since: now,
    fps: 0,
    frames: 0,
    droppedFrames: 0,
    reconnects: 0,
    lastError: null,
    uptimeMs: 0,
    width: null,
    height: null,
    recording: { state: records && camera.enabled ? 'recording' : 'off', reason: null },
    lastFrameAt: null,
  };
}
