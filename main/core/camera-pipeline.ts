// One camera's pipeline, wired one way (ARCHITECTURE.md "Data flows one way, per camera"):
//   capture (ffmpeg) → motion (worker) → event tracker → event recorder (row, snapshot, notification)
//                                      ↘ person detection (worker, only while motion is active) ↗
// Frames are ArrayBuffers from the capture's pool. A frame is in exactly one place at a time (the y4m reader, the
// motion worker, the pending slot, or the detector) and goes back to the pool when done. When motion is behind, the
// newest frame wins: the waiting one is dropped and counted.
import type { Logger } from './logging/logger.ts';
import type { Camera, CameraStatus, Box, RecordingStatus } from '../../preload/contract.ts';
import { EventTracker, type PersonSighting, type TrackerAction } from './events/event-tracker.ts';
import type { EventRecorder } from './events/event-recorder.ts';
import type { MotionPool } from './motion/motion-pool.ts';
import type { MotionResult } from '../../native-workers/motion/motion-types.ts';
import { CaptureSupervisor, type CapturedFrame, type CaptureState, type LiveDescription } from './capture/capture-supervisor.ts';
import type { SegmentWriter } from './recording/segment-writer.ts';
import type { PersonDetector } from './detection/person-detector.ts';
import { regionsForMotion } from './detection/detection-regions.ts';
import { filterPersons } from './detection/person-filter.ts';
import type { MinuteActivity } from './events/minute-activity.ts';
import { shownRecording } from './capture/shown-recording.ts';

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
  now?: () => number;
}

/** Analysed frames between full-frame detection passes while motion lasts (the regions cover the rest). */
const FULL_FRAME_EVERY = 5;
/** Motion overlay pushes: at most 5 a second. */
const OVERLAY_INTERVAL_MS = 200;
/** Detection continues this long after the last motion of an event, Scrypted-style, so a person who stops is kept. */
const DETECT_AFTER_MOTION_MS = 3000;

export class CameraPipeline {
  readonly cameraId: string;
  private readonly deps: PipelineDeps;
  private readonly tracker: EventTracker;
  private readonly capture: CaptureSupervisor | null;
  private readonly now: () => number;
  private motionBusy = false;
  private pending: CapturedFrame | null = null;
  private configuredSize = '';
  private detectBusy = false;
  private detectCount = 0;
  private lastOverlayAt = 0;
  private lastOverlayHadBoxes = false;
  private lastPersonsAt = 0;
  private lastPersonsHad = false;
  private lastMotionAt = 0;
  private analysisDropped = 0;
  private stopped = false;
  private tickTimer: NodeJS.Timeout | null = null;
  private status: CameraStatus;
  /** What the supervisor says of recording (on, off, paused by a full disk); the status shows shownRecording() of it. */
  private wantedRecording: RecordingStatus;
  private lastMotionResult: MotionResult | null = null;
  /** Counters for health and benchmarks. */
  readonly stats = { analysed: 0, motionFrames: 0, detections: 0, motionErrors: 0, inferenceMs: 0 };

  constructor(deps: PipelineDeps) {
    this.deps = deps;
    this.cameraId = deps.camera.id;
    this.now = deps.now ?? Date.now;
    const ev = deps.camera.events;
    this.tracker = new EventTracker({
      minMotionFrames: ev.minMotionFrames,
      quietGapMs: ev.quietGapSeconds * 1000,
      maxEventMs: ev.maxEventSeconds * 1000,
    });
    this.status = {
      state: deps.camera.enabled ? 'starting' : 'disabled',
      reason: deps.camera.enabled ? null : 'The camera is turned off',
      since: this.now(),
      fps: 0,
      frames: 0,
      droppedFrames: 0,
      reconnects: 0,
      lastError: null,
      uptimeMs: 0,
      width: null,
      height: null,
      recording: { state: deps.segmentWriter && deps.camera.enabled ? 'recording' : 'off', reason: null },
    };
    this.wantedRecording = this.status.recording;
    if (!deps.camera.enabled || !deps.ffmpegPath) {
      this.capture = null;
      if (deps.camera.enabled) {
        this.status = { ...this.status, state: 'failed', reason: deps.ffmpegProblem ?? 'ffmpeg was not found' };
      }
      return;
    }
    this.capture = new CaptureSupervisor({
      cameraId: deps.camera.id,
      cameraName: deps.camera.name,
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
  holdRecording(reason: string | null): void {
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
    if (this.pending) {
      this.capture?.releaseFrame(this.pending.buffer);
      this.pending = null;
    }
    const closing = this.tracker.stop(this.now());
    if (closing) this.deps.recorder.handle(closing, null);
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
    const recording = shownRecording(this.wantedRecording, this.status.state);
    if (recording !== this.status.recording) this.status = { ...this.status, recording };
    return this.status;
  }

  /** The camera's name as this pipeline was started with it (a rename restarts the pipeline). */
  get cameraName(): string {
    return this.deps.camera.name;
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

  /** The open event's id, if any (health, tests). */
  get openEventId(): string | null {
    return this.deps.recorder.openEventId;
  }

  private onCaptureState(s: CaptureState): void {
    this.status = { ...this.status, state: s.state, reason: s.reason, since: s.since };
    this.deps.emitState(this.currentStatus());
  }

  private onFrame(frame: CapturedFrame): void {
    if (this.stopped) {
      this.capture?.releaseFrame(frame.buffer);
      return;
    }
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
    if (this.pending) {
      // Motion is behind: the newest frame wins.
      this.capture?.releaseFrame(this.pending.buffer);
      this.analysisDropped++;
    }
    this.pending = frame;
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
        this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'motion analysis failed');
        const back = (err as { frame?: ArrayBuffer | null } | null)?.frame;
        if (back && back.byteLength) this.capture?.releaseFrame(back);
        else this.capture?.frameLost(); // it died with a worker: the pool makes a new one
        this.nextFrame();
      },
    );
  }

  private nextFrame(): void {
    this.motionBusy = false;
    const next = this.pending;
    this.pending = null;
    if (next && !this.stopped) this.analyse(next);
    else if (next) this.capture?.releaseFrame(next.buffer);
  }

  private onMotion(result: MotionResult, buffer: ArrayBuffer, width: number, height: number, arrivedAt: number): void {
    this.stats.analysed++;
    this.lastMotionResult = result;
    const moving = result.boxes.length > 0 && result.ratio > 0;
    if (moving) {
      this.stats.motionFrames++;
      this.lastMotionAt = result.time;
    }
    this.deps.activity.add(result.time, moving, result.ratio);
    this.pushOverlay(result, width, height);

    const data = new Uint8Array(buffer);
    const action = this.tracker.onMotion(result);
    if (action) this.deps.recorder.handle(action, { data, width, height, time: result.time }, arrivedAt);

    if (this.shouldDetect(result.time)) {
      this.detect(buffer, width, height, result, arrivedAt);
      return;
    }
    this.capture?.releaseFrame(buffer);
  }

  private shouldDetect(time: number): boolean {
    if (!this.deps.detector || !this.deps.camera.detection.enabled || this.detectBusy || this.stopped) return false;
    if (!this.tracker.open) return false;
    return time - this.lastMotionAt <= DETECT_AFTER_MOTION_MS;
  }

  private detect(buffer: ArrayBuffer, width: number, height: number, result: MotionResult, arrivedAt: number): void {
    const detector = this.deps.detector as PersonDetector;
    this.detectBusy = true;
    const full = this.detectCount++ % FULL_FRAME_EVERY === 0;
    const regions = regionsForMotion(result.boxes, width, height, { fullFrame: full });
    const settings = this.deps.camera.detection;
    const time = result.time;
    detector.detect(this.cameraId, buffer, width, height, regions, settings.scoreThreshold).then(
      (out) => {
        this.detectBusy = false;
        this.stats.detections++;
        this.stats.inferenceMs += out.inferenceMs;
        if (out.frame && out.frame.byteLength) {
          if (!this.stopped) {
            const persons: PersonSighting[] = filterPersons(out.persons, width, height, settings);
            this.pushPersons(persons, time, width, height);
            const action: TrackerAction | null = this.tracker.onPersons(time, persons);
            if (action) this.deps.recorder.handle(action, { data: new Uint8Array(out.frame), width, height, time }, arrivedAt);
          }
          this.capture?.releaseFrame(out.frame);
        }
      },
      (err: unknown) => {
        this.detectBusy = false;
        const back = (err as { frame?: ArrayBuffer | null } | null)?.frame;
        if (back && back.byteLength) this.capture?.releaseFrame(back);
        else this.capture?.frameLost();
        const skipped = (err as { skipped?: boolean } | null)?.skipped;
        if (!skipped) this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'person detection failed');
      },
    );
  }

  private pushOverlay(result: MotionResult, width: number, height: number): void {
    const has = result.boxes.length > 0;
    if (!has && !this.lastOverlayHadBoxes) return;
    const now = this.now();
    if (has && now - this.lastOverlayAt < OVERLAY_INTERVAL_MS) return;
    this.lastOverlayAt = now;
    this.lastOverlayHadBoxes = has;
    this.deps.emitMotion({ cameraId: this.cameraId, time: result.time, ratio: result.ratio, boxes: result.boxes, width, height });
  }

  /** Person boxes for the overlay: at most 5 a second, and one empty push when people leave. */
  private pushPersons(persons: PersonSighting[], time: number, width: number, height: number): void {
    if (!this.deps.emitDetections) return;
    const has = persons.length > 0;
    if (!has && !this.lastPersonsHad) return;
    const now = this.now();
    if (has && now - this.lastPersonsAt < OVERLAY_INTERVAL_MS) return;
    this.lastPersonsAt = now;
    this.lastPersonsHad = has;
    const boxes = persons.map((p) => ({ x: p.box.x, y: p.box.y, w: p.box.w, h: p.box.h, score: p.score }));
    this.deps.emitDetections({ cameraId: this.cameraId, time, boxes, width, height });
  }

  private tick(): void {
    // A timer: nothing thrown here may end the process (the recorder's writes go through the write guard).
    try {
      const now = this.now();
      const action = this.tracker.tick(now);
      if (action) this.deps.recorder.handle(action, null);
      this.deps.recorder.heartbeat();
      this.deps.activity.flushIfDue(now);
    } catch (err) {
      this.deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'the camera timer failed');
    }
  }

  /** The last motion result, for tests and health. */
  get lastMotion(): MotionResult | null {
    return this.lastMotionResult;
  }
}
