// One camera wired one way: its stream addresses (with the password, which never leaves the core), the segment writer,
// the minute activity, the event recorder (rows, snapshots, notifications) and the pipeline that drives them. Built
// anew each time a camera starts or its settings change (camera-lifecycle.ts).
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Camera } from '../../preload/settings-schema.ts';
import type { ApiEvents, EventName, EventView } from '../../preload/contract.ts';
import type { Logger } from './logging/logger.ts';
import type { DataPaths } from './config/data-dir.ts';
import type { WriteGuard } from './storage/write-guard.ts';
import type { SnapshotWriter } from './snapshots/snapshot-writer.ts';
import type { MotionPool } from './motion/motion-pool.ts';
import type { PersonDetector } from './detection/person-detector.ts';
import type { Notifier } from './notify/notifier.ts';
import type { MediaTools } from './media-tools.ts';
import { withCredentials } from './capture/stream-url.ts';
import { SegmentWriter } from './recording/segment-writer.ts';
import { EventRecorder } from './events/event-recorder.ts';
import { MinuteActivity } from './events/minute-activity.ts';
import { CameraPipeline } from './camera-pipeline.ts';
import { errorMessage } from '../../preload/format.ts';
import type { Said } from '../../preload/i18n/engine-message.ts';

/** What every camera's pipeline shares: the engine's parts a camera writes to or reads from. */
export interface CameraWiringDeps {
  paths: DataPaths;
  logger: Logger;
  tools: MediaTools;
  writes: WriteGuard;
  snapshots: SnapshotWriter;
  motion: MotionPool;
  detector: PersonDetector | null;
  notifier: Notifier;
  /** The camera as saved now (a notification names it as it is when it is sent). */
  camera: (id: string) => Camera | null;
  emit: <K extends EventName>(name: K, payload: ApiEvents[K]) => void;
  /** Retention at once for this camera's recording, which hit a full disk (retention is the only code that deletes footage). */
  runRetention: (cameraId: string) => Promise<unknown>;
  resumeFreeBytes: () => number;
  recordingResumePollMs?: number;
  /** Why recording is held for every camera (the data folder is away, data-folder-guard.ts), else null. */
  recordingHeld?: () => Said | string | null;
}

export interface WiredCamera {
  pipeline: CameraPipeline;
  recorder: EventRecorder;
  activity: MinuteActivity;
}

export function wireCamera(deps: CameraWiringDeps, camera: Camera, password: string | null): WiredCamera {
  const log = deps.logger.child({ cameraId: camera.id, cameraName: camera.name });
  const baseUrl = camera.subUrl ?? camera.mainUrl;
  const analysisUrl = camera.demo ? baseUrl : withCredentials(baseUrl, camera.username, password);
  // With a sub stream, the analysis reads it and the recording copies the main stream (a second input of the same
  // ffmpeg process: one connection per stream, one process per camera).
  const recordUrl = camera.subUrl && !camera.demo ? withCredentials(camera.mainUrl, camera.username, password) : null;
  const segmentWriter =
    camera.recording.mode === 'off'
      ? null
      : new SegmentWriter({
          cameraId: camera.id,
          dataRoot: deps.paths.root,
          recordingsRoot: deps.paths.recordings,
          segments: deps.writes.segmentIndex,
          ffprobePath: deps.tools.ffprobePath,
          logger: log.child({ component: 'recording' }),
        });
  const secrets = [password ?? ''].filter(Boolean);
  const activity = new MinuteActivity(camera.id, deps.writes.activitySink);
  const recorder = new EventRecorder({
    cameraId: camera.id,
    events: deps.writes.eventStore,
    canWriteFiles: () => deps.writes.writable,
    snapshots: deps.snapshots,
    logger: log.child({ component: 'events' }),
    emit: (name, view) => deps.emit(name, view),
    notify: (view, trigger, icon) => notify(deps, camera.id, view, trigger, icon),
    resolvePath: (rel) => path.join(deps.paths.root, rel),
  });
  const pipeline = new CameraPipeline({
    camera,
    analysisUrl,
    secrets,
    ffmpegPath: deps.tools.ffmpegPath,
    ffmpegProblem: deps.tools.ffmpegProblem,
    motion: deps.motion,
    detector: deps.detector,
    recorder,
    activity,
    visitors: deps.writes.visitorSink,
    logger: log,
    emitState: (status) => deps.emit('camera.state', { cameraId: camera.id, status }),
    emitMotion: (payload) => deps.emit('motion', payload),
    emitDetections: (payload) => deps.emit('detections', payload),
    recordUrl,
    segmentWriter,
    onDiskFull: () => freeSpaceForRecording(deps, camera.id),
    resumeFreeBytes: () => deps.resumeFreeBytes(),
    ...(deps.recordingResumePollMs !== undefined ? { resumePollMs: deps.recordingResumePollMs } : {}),
  });
  return { pipeline, recorder, activity };
}

function notify(deps: CameraWiringDeps, cameraId: string, view: EventView, trigger: 'opened' | 'person', iconPath: string | null): void {
  const camera = deps.camera(cameraId);
  if (!camera) return;
  deps.notifier.consider({ event: view, camera, trigger, iconPath: iconPath && existsSync(iconPath) ? iconPath : null });
}

/**
 * A camera's recording hit a full disk: run retention at once (it is the only code that deletes footage). The
 * recording resumes by itself once free space is back.
 */
function freeSpaceForRecording(deps: CameraWiringDeps, cameraId: string): void {
  deps.logger.warn({ cameraId }, 'the disk is full: running retention now');
  void deps.runRetention(cameraId).catch((err: unknown) => deps.logger.error({ err: errorMessage(err) }, 'retention failed'));
}
