// One camera's analysis, after motion (the second half of camera-pipeline.ts's one-way flow):
//
//   motion result ──▶ tracker.predictBoxes ──▶ detection scheduler ──(regions it asks for)──▶ person detector
//        │                                                                                         │
//        │  motion no track explains ──▶ motion events (event-tracker.ts)                          ▼
//        │                                                tracker.update ──▶ track rules ──▶ track events (planner)
//        └─────────────────────────────────────────────────────────────────────────▶ event recorder ◀──┘
//
// With detection on, every confirmed person track is one person event (track-events.ts) that ends at the track's last
// sighting when it is lost; motion events are kept for motion that no followed person explains and that lasts
// (UNEXPLAINED_MOTION_MS: a person walking in is explained by their first detection well before that). With detection
// off (no model, or turned off for the camera) motion events are the only events, as before.
// The frame handed to onMotion is this module's until it goes back through `releaseFrame` (or is reported lost).
import type { Logger } from './logging/logger.ts';
import type { Camera } from '../../preload/settings-schema.ts';
import type { MotionResult } from '../../native-workers/motion/motion-types.ts';
import { EventTracker, type TrackerAction } from './events/event-tracker.ts';
import type { EventRecorder, RecorderFrame } from './events/event-recorder.ts';
import type { PersonDetector, DetectOutcome } from './detection/person-detector.ts';
import { filterPersons } from './detection/person-filter.ts';
import type { MinuteActivity } from './events/minute-activity.ts';
import { ObjectTracker } from './tracking/object-tracker.ts';
import { DetectionScheduler, type RegionReason, type SchedulePlan } from './tracking/detection-schedule.ts';
import { TrackRules } from './tracking/track-rules.ts';
import { trackingConfigs, type TrackingConfigs } from './tracking/tracking-settings.ts';
import type { VisitorSink } from './tracking/visitor-sink.ts';
import { TrackEventPlanner, unexplainedMotion } from './events/track-events.ts';
import type { AppliedPart } from './camera-change-plan.ts';
import { OverlayThrottle } from './util/overlay-throttle.ts';
import { FrameError, returnedFrame } from './util/frame-error.ts';
import { errorMessage } from '../../preload/format.ts';

export interface AnalysisDeps {
  camera: Camera;
  detector: PersonDetector | null;
  recorder: EventRecorder;
  activity: MinuteActivity;
  logger: Logger;
  /** Person boxes for the live overlay (optional). */
  emitDetections?: (payload: { cameraId: string; time: number; boxes: Array<{ x: number; y: number; w: number; h: number; score: number }>; width: number; height: number }) => void;
  /** Where visitor counts per minute go; without one they are not stored (see tracking/visitor-sink.ts). */
  visitors?: VisitorSink | null;
  now: () => number;
  releaseFrame: (frame: ArrayBuffer) => void;
  /** A frame that died with a worker: the capture's pool makes a new one. */
  frameLost: () => void;
}

/** Motion no tracked person explains must last this long before it is a motion event (detection on). */
export const UNEXPLAINED_MOTION_MS = 3000;
/** While people are followed, motion nobody explains is looked at this often (all of it in one pass). */
export const MOTION_RECHECK_MS = 1000;
/** Overlay pushes: at most 5 a second. */
export const OVERLAY_INTERVAL_MS = 200;

export interface AnalysisStats {
  analysed: number;
  motionFrames: number;
  /** Detector passes (one request: one or a few regions). */
  detections: number;
  /** Model runs (a pass runs the model once per region). */
  modelRuns: number;
  /** Canvas pixels of those runs (what they cost: about 0.13 ms of CPU per thousand on the machines measured). */
  modelPixels: number;
  motionErrors: number;
  inferenceMs: number;
  /** Regions asked for, by the scheduler's reason (a region may have several). */
  reasons: Record<RegionReason, number>;
}

export class CameraAnalysis {
  readonly stats: AnalysisStats = {
    analysed: 0,
    motionFrames: 0,
    detections: 0,
    modelRuns: 0,
    modelPixels: 0,
    motionErrors: 0,
    inferenceMs: 0,
    reasons: { 'new-motion': 0, 'tentative-track': 0, 'active-track': 0, 'missing-track': 0, 'stationary-track': 0, 'full-frame': 0 },
  };
  private readonly deps: AnalysisDeps;
  private readonly cameraId: string;
  private readonly motionEvents: EventTracker;
  private detecting: boolean;
  private configs: TrackingConfigs;
  private readonly tracker: ObjectTracker;
  private readonly scheduler: DetectionScheduler;
  private readonly planner: TrackEventPlanner;
  private rules: TrackRules | null = null;
  private readonly personOverlay = new OverlayThrottle(OVERLAY_INTERVAL_MS);
  /** When motion was last offered to the scheduler while people were followed (see detect()). */
  private lastMotionAskAt = -Infinity;
  private detectBusy = false;
  private stopped = false;

  constructor(deps: AnalysisDeps) {
    this.deps = deps;
    this.cameraId = deps.camera.id;
    const cam = deps.camera;
    this.detecting = deps.detector !== null && cam.detection.enabled;
    this.motionEvents = new EventTracker(this.motionEventConfig(cam));
    this.configs = trackingConfigs(cam.tracking, cam.detection.scoreThreshold);
    this.tracker = new ObjectTracker(this.configs.tracker);
    this.scheduler = new DetectionScheduler(this.configs.schedule);
    this.planner = new TrackEventPlanner({ maxEventMs: cam.events.maxEventSeconds * 1000 });
  }

  /**
   * The camera's settings changed in a way that needs no new ffmpeg (camera-change-plan.ts): the new values apply from
   * the next frame, and the open events go on (an event is not split by a change of its settings). Only turning person
   * detection off ends the person events open now (nobody is followed any more).
   */
  applySettings(camera: Camera, parts: readonly AppliedPart[]): void {
    this.deps.camera = camera;
    const wasDetecting = this.detecting;
    this.detecting = this.deps.detector !== null && camera.detection.enabled;
    if (wasDetecting && !this.detecting) {
      this.tracker.stop();
      this.apply(this.planner.stop(), null);
    }
    this.motionEvents.reconfigure(this.motionEventConfig(camera));
    this.planner.reconfigure({ maxEventMs: camera.events.maxEventSeconds * 1000 });
    this.configs = trackingConfigs(camera.tracking, camera.detection.scoreThreshold);
    this.tracker.reconfigure(this.configs.tracker);
    this.scheduler.reconfigure(this.configs.schedule);
    // New lines or zones: the rules start their per-person state again (the minutes counted so far are kept).
    if (parts.includes('tracking')) this.rules?.configure({ lines: this.configs.lines, zones: this.configs.zones });
  }

  private motionEventConfig(cam: Camera): Parameters<EventTracker['reconfigure']>[0] {
    const ev = cam.events;
    const unexplainedFrames = Math.ceil((UNEXPLAINED_MOTION_MS / 1000) * cam.analysis.fps);
    return {
      minMotionFrames: this.detecting ? Math.max(ev.minMotionFrames, unexplainedFrames) : ev.minMotionFrames,
      quietGapMs: ev.quietGapSeconds * 1000,
      maxEventMs: ev.maxEventSeconds * 1000,
    };
  }

  /** Person tracks followed now (tentative ones included). */
  get tracks(): number {
    return this.tracker.tracks.length;
  }

  /** One analysed frame and its motion; `buffer` is the frame, this module's until released. */
  onMotion(result: MotionResult, buffer: ArrayBuffer, width: number, height: number, arrivedAt: number): void {
    this.stats.analysed++;
    const moving = result.boxes.length > 0 && result.ratio > 0;
    if (moving) this.stats.motionFrames++;
    this.deps.activity.add(result.time, moving, result.ratio);
    const frame: RecorderFrame = { data: new Uint8Array(buffer), width, height, time: result.time };
    let sample: MotionResult = result;
    if (this.detecting) {
      this.tracker.predictBoxes(result.time);
      if (this.tracker.tracks.length > 0) {
        const boxes = unexplainedMotion(result.boxes, this.tracker.tracks);
        sample = { ...result, boxes, ratio: boxes.length > 0 ? result.ratio : 0 };
      }
    }
    const action = this.motionEvents.onMotion(sample);
    if (action) this.deps.recorder.handle(action, frame, arrivedAt);
    if (!this.detect(result, buffer, width, height, arrivedAt)) this.deps.releaseFrame(buffer);
  }

  /** About once a second: events close even when frames stop, rows get their heartbeat, counts are stored. */
  tick(now: number): void {
    const action = this.motionEvents.tick(now);
    if (action) this.deps.recorder.handle(action, null);
    if (this.detecting) this.apply(this.planner.onLost(this.tracker.tick(now).lost), null);
    this.deps.recorder.heartbeat();
    this.deps.activity.flushIfDue(now);
    this.storeVisitors(this.rules?.takeMinutes(now) ?? []);
  }

  /** The camera stops: every open event closes, the counted minutes are stored. */
  stop(now: number): void {
    this.stopped = true;
    const closing = this.motionEvents.stop(now);
    if (closing) this.deps.recorder.handle(closing, null);
    this.tracker.stop();
    this.apply(this.planner.stop(), null);
    this.storeVisitors(this.rules?.flushMinutes() ?? []);
  }

  /** Runs the detector when the scheduler asks for something on this frame; false when the frame is not taken. */
  private detect(result: MotionResult, buffer: ArrayBuffer, width: number, height: number, arrivedAt: number): boolean {
    if (!this.detecting || this.detectBusy || this.stopped) return false;
    // While people are followed (a busy scene), motion no one explains (a far pedestrian the model cannot see, a plant)
    // is offered to the scheduler at most once per MOTION_RECHECK_MS, all of it in that one pass: otherwise it would
    // run the detector on nearly every frame. Followed people are checked at their own rate meanwhile, and a newcomer
    // is found within the recheck time. In a scene where nobody is followed, motion is looked at at once.
    const busy = this.tracker.tracks.some((t) => t.state !== 'tentative');
    const askMotion = !busy || result.time - this.lastMotionAskAt >= MOTION_RECHECK_MS || result.time < this.lastMotionAskAt;
    const motion = askMotion ? result.boxes : [];
    const plan = this.scheduler.plan({ time: result.time, width, height, motion, tracks: this.tracker.tracks });
    if (plan.regions.length === 0) return false;
    if (motion.length > 0 && plan.regions.some((r) => r.reasons.includes('new-motion'))) this.lastMotionAskAt = result.time;
    for (const r of plan.regions) for (const why of r.reasons) this.stats.reasons[why]++;
    const regionBoxes = plan.regions.map((r) => ({ ...r.box, scale: r.scale }));
    const detector = this.deps.detector as PersonDetector;
    this.detectBusy = true;
    const lowScore = this.configs.tracker.lowScore ?? this.deps.camera.detection.scoreThreshold;
    detector.detect(this.cameraId, buffer, width, height, regionBoxes, lowScore).then(
      (out) => this.onDetected(out, plan, width, height, arrivedAt),
      (err: unknown) => this.onDetectFailed(err),
    );
    return true;
  }

  private onDetected(out: DetectOutcome, plan: SchedulePlan, width: number, height: number, arrivedAt: number): void {
    this.detectBusy = false;
    this.stats.detections++;
    this.stats.modelRuns += plan.regions.length;
    this.stats.modelPixels += out.pixels;
    this.stats.inferenceMs += out.inferenceMs;
    if (!this.stopped) {
      try {
        this.track(out, plan, width, height, arrivedAt);
      } catch (err) {
        this.deps.logger.error({ err: errorMessage(err) }, 'tracking a detection failed');
      }
    }
    this.deps.releaseFrame(out.frame);
  }

  private track(out: DetectOutcome, plan: SchedulePlan, width: number, height: number, arrivedAt: number): void {
    const time = plan.time;
    const settings = this.deps.camera.detection;
    const lowScore = this.configs.tracker.lowScore ?? settings.scoreThreshold;
    // Size and zones as the owner set them; weak boxes (down to lowScore) may only continue a followed person.
    const detections = filterPersons(out.persons, width, height, { ...settings, scoreThreshold: lowScore });
    const report = this.tracker.update({ time, detections, regions: plan.regions.map((r) => r.box), width, height });
    const rules = this.rulesFor(width, height).update(time, this.tracker.tracks);
    const actions = this.planner.onUpdate(time, report, this.tracker.tracks, rules.loitering);
    this.apply(actions, { data: new Uint8Array(out.frame), width, height, time }, arrivedAt);
    const confident = detections.filter((d) => d.score >= settings.scoreThreshold);
    this.pushPersons(confident, time, width, height);
  }

  private onDetectFailed(err: unknown): void {
    this.detectBusy = false;
    const back = returnedFrame(err);
    if (back) this.deps.releaseFrame(back);
    else this.deps.frameLost();
    const skipped = err instanceof FrameError && err.skipped;
    if (!skipped) this.deps.logger.warn({ err: errorMessage(err) }, 'person detection failed');
  }

  private apply(actions: readonly TrackerAction[], frame: RecorderFrame | null, arrivedAt?: number): void {
    for (const a of actions) this.deps.recorder.handle(a, frame, arrivedAt);
  }

  private rulesFor(width: number, height: number): TrackRules {
    if (!this.rules) this.rules = new TrackRules({ width, height, lines: this.configs.lines, zones: this.configs.zones });
    else if (this.rules.size.width !== width || this.rules.size.height !== height) this.rules.configure({ width, height });
    return this.rules;
  }

  private storeVisitors(minutes: ReturnType<TrackRules['takeMinutes']>): void {
    const sink = this.deps.visitors;
    if (!sink) return;
    for (const m of minutes) {
      try {
        sink.add(this.cameraId, m);
      } catch (err) {
        this.deps.logger.warn({ err: errorMessage(err) }, 'visitor counts could not be stored');
      }
    }
  }

  /** Person boxes for the overlay: at most 5 a second, and one empty push when people leave. */
  private pushPersons(persons: ReadonlyArray<{ box: { x: number; y: number; w: number; h: number }; score: number }>, time: number, width: number, height: number): void {
    if (!this.deps.emitDetections) return;
    if (!this.personOverlay.shouldPush(persons.length > 0, this.deps.now())) return;
    const boxes = persons.map((p) => ({ x: p.box.x, y: p.box.y, w: p.box.w, h: p.box.h, score: p.score }));
    this.deps.emitDetections({ cameraId: this.cameraId, time, boxes, width, height });
  }
}
