// The NVR's Prometheus metrics (prom-client). Nothing here runs on the hot path: every metric has a collect() callback
// that reads counters the engine keeps anyway (plain integers incremented where things happen) at scrape time, so a
// frame costs the same with or without a Prometheus server watching. The module sees the engine only through narrow
// readers (MetricsReaders), which tests and benchmarks can give from anything. Process metrics (memory, CPU, event
// loop lag, handles) are prom-client's collectDefaultMetrics, in the same registry.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { CameraStateName, RecordingStatus } from '../../../preload/contract.ts';

/** One camera as /metrics reads it at scrape time. */
export interface CameraReading {
  id: string;
  name: string;
  state: CameraStateName;
  recording: RecordingStatus['state'];
  fps: number;
  frames: number;
  droppedFrames: number;
  reconnects: number;
  /** Events opened (every event starts as motion) and events confirmed as a person. */
  motionEvents: number;
  personEvents: number;
  /** Person detection requests answered for this camera, and the model's time they took in total, ms. */
  inferences: number;
  inferenceMs: number;
  /** Recording segments stored and their bytes. */
  recordingBytes: number;
  recordingSegments: number;
}

export interface RetentionReading {
  deletedEvents: number;
  /** Bytes of event snapshots deleted. */
  deletedEventBytes: number;
  deletedSegments: { age: number; quota: number; space: number };
  deletedSegmentBytes: number;
  /** The free-space floor retention keeps (bytes), 0 before it is known. */
  floorBytes: number;
  lastRunAt: number | null;
}

export interface DetectionReading {
  enabled: boolean;
  inferences: number;
  skippedFrames: number;
  queueDepth: number;
  inferenceMsMedian: number | null;
}

export interface NotificationReading {
  channels: ReadonlyArray<{ channel: string; sent: number; failed: number }>;
  suppressed: Readonly<Record<string, number>>;
}

/** Everything the metrics read. Each is called at most once per scrape. */
export interface MetricsReaders {
  cameras(): readonly CameraReading[];
  /** Free and total bytes of the data folder's disk; null when it cannot be read. */
  disk(): Promise<{ free: number; total: number } | null>;
  retention(): RetentionReading;
  detection(): DetectionReading;
  notifications(): NotificationReading;
  uptimeSeconds(): number;
}

export interface NvrMetricsOptions {
  /** prom-client's process metrics (memory, CPU, event-loop lag); default true. */
  defaultMetrics?: boolean;
}

export interface NvrMetrics {
  readonly registry: Registry;
  /** The Content-Type of scrape()'s text (Prometheus text format 0.0.4). */
  readonly contentType: string;
  /** Every metric, read now, as Prometheus text. */
  scrape(): Promise<string>;
}

const CAMERA_STATES: readonly CameraStateName[] = ['starting', 'streaming', 'reconnecting', 'failed', 'disabled'];
const RECORDING_STATES: ReadonlyArray<RecordingStatus['state']> = ['recording', 'paused', 'off'];
const CAMERA_LABELS = ['camera_id', 'camera_name'] as const;

type Labels = Record<string, string | number>;
type Fill = (put: (labels: Labels, value: number) => void) => void | Promise<void>;

// Over 80 lines on purpose: one declaration per metric, read top to bottom like the list in the README; split up, the
// names and their help texts would be scattered over helpers that each add nothing.
export function createNvrMetrics(readers: MetricsReaders, options: NvrMetricsOptions = {}): NvrMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  // Unknown values (no disk reading, no run yet) are NaN, never 0: an alert on "free space < X" must not fire on them.
  // One reading per scrape, shared by the metrics that need it (the memo is dropped when the scrape ends).
  let memo: { cameras?: readonly CameraReading[]; disk?: Promise<{ free: number; total: number } | null>; retention?: RetentionReading; detection?: DetectionReading; notifications?: NotificationReading } = {};
  const cameras = () => (memo.cameras ??= readers.cameras());
  const disk = () => (memo.disk ??= readers.disk().catch(() => null));
  const retention = () => (memo.retention ??= readers.retention());
  const detection = () => (memo.detection ??= readers.detection());
  const notifications = () => (memo.notifications ??= readers.notifications());

  const counter = (name: string, help: string, labelNames: readonly string[], fill: Fill) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        await fill((labels, value) => this.inc(labels, Math.max(0, value)));
      },
    });
  const gauge = (name: string, help: string, labelNames: readonly string[], fill: Fill) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        await fill((labels, value) => this.set(labels, value));
      },
    });
  const perCamera = (pick: (c: CameraReading) => number): Fill => (put) => {
    for (const c of cameras()) put({ camera_id: c.id, camera_name: c.name }, pick(c));
  };

  // ---- per camera ----
  counter('nvr_camera_frames_total', 'Analysis frames received from the camera since its pipeline started.', CAMERA_LABELS, perCamera((c) => c.frames));
  gauge('nvr_camera_fps', 'Analysis frames per second over the last seconds.', CAMERA_LABELS, perCamera((c) => c.fps));
  counter('nvr_camera_dropped_frames_total', 'Frames dropped because analysis was behind (the newest frame wins).', CAMERA_LABELS, perCamera((c) => c.droppedFrames));
  counter('nvr_camera_reconnects_total', 'Times the camera was reconnected after its stream stopped.', CAMERA_LABELS, perCamera((c) => c.reconnects));
  gauge('nvr_camera_state', 'The camera state: 1 for the state it is in, 0 for the others.', [...CAMERA_LABELS, 'state'], (put) => {
    for (const c of cameras()) for (const s of CAMERA_STATES) put({ camera_id: c.id, camera_name: c.name, state: s }, c.state === s ? 1 : 0);
  });
  counter('nvr_camera_motion_events_total', 'Motion events opened (motion no tracked person explains; all motion on cameras without person detection).', CAMERA_LABELS, perCamera((c) => c.motionEvents));
  counter('nvr_camera_person_events_total', 'Person events (with tracking: one per confirmed person track, one per visitor).', CAMERA_LABELS, perCamera((c) => c.personEvents));
  counter('nvr_camera_inferences_total', 'Person detection requests answered for the camera.', CAMERA_LABELS, perCamera((c) => c.inferences));
  counter('nvr_camera_inference_seconds_total', 'Model time of those requests, in total (divide by the inferences for the mean).', CAMERA_LABELS, perCamera((c) => c.inferenceMs / 1000));
  counter('nvr_camera_recording_bytes_total', 'Bytes of recording segments stored for the camera.', CAMERA_LABELS, perCamera((c) => c.recordingBytes));
  counter('nvr_camera_recording_segments_total', 'Recording segments stored for the camera.', CAMERA_LABELS, perCamera((c) => c.recordingSegments));
  gauge('nvr_camera_recording_state', 'Whether footage is written: 1 for the state it is in (recording, paused by a full disk, off).', [...CAMERA_LABELS, 'state'], (put) => {
    for (const c of cameras()) for (const s of RECORDING_STATES) put({ camera_id: c.id, camera_name: c.name, state: s }, c.recording === s ? 1 : 0);
  });

  // ---- system ----
  gauge('nvr_disk_free_bytes', "Free bytes on the data folder's disk.", [], async (put) => {
    put({}, (await disk())?.free ?? Number.NaN);
  });
  gauge('nvr_disk_total_bytes', "Size of the data folder's disk.", [], async (put) => {
    put({}, (await disk())?.total ?? Number.NaN);
  });
  gauge('nvr_retention_free_space_floor_bytes', 'The free space retention keeps on the disk.', [], (put) => put({}, retention().floorBytes));
  gauge('nvr_retention_last_run_timestamp_seconds', 'When the retention job last ran (Unix time).', [], (put) => {
    const at = retention().lastRunAt;
    put({}, at === null ? Number.NaN : at / 1000);
  });
  counter('nvr_retention_deleted_events_total', 'Events deleted by retention.', [], (put) => put({}, retention().deletedEvents));
  counter('nvr_retention_deleted_segments_total', 'Recording segments deleted by retention, by rule.', ['rule'], (put) => {
    const d = retention().deletedSegments;
    put({ rule: 'age' }, d.age);
    put({ rule: 'quota' }, d.quota);
    put({ rule: 'space' }, d.space);
  });
  counter('nvr_retention_deleted_bytes_total', 'Bytes deleted by retention: event snapshots and recording segments.', ['kind'], (put) => {
    const r = retention();
    put({ kind: 'events' }, r.deletedEventBytes);
    put({ kind: 'segments' }, r.deletedSegmentBytes);
  });
  gauge('nvr_detection_enabled', 'Whether person detection runs (1) or is off (0, e.g. no model).', [], (put) => put({}, detection().enabled ? 1 : 0));
  counter('nvr_detection_inferences_total', 'Person detection requests answered, all cameras.', [], (put) => put({}, detection().inferences));
  counter('nvr_detection_skipped_frames_total', 'Detection requests a newer frame of the same camera replaced.', [], (put) => put({}, detection().skippedFrames));
  gauge('nvr_detection_queue_depth', 'Detection requests waiting for a worker.', [], (put) => put({}, detection().queueDepth));
  gauge('nvr_detection_inference_median_seconds', 'Median model time of the last 100 requests.', [], (put) => {
    const ms = detection().inferenceMsMedian;
    put({}, ms === null ? Number.NaN : ms / 1000);
  });
  counter('nvr_notifications_sent_total', 'Notifications a channel delivered.', ['channel'], (put) => {
    for (const c of notifications().channels) put({ channel: c.channel }, c.sent);
  });
  counter('nvr_notifications_failed_total', 'Notifications a channel failed to deliver or did not answer in time.', ['channel'], (put) => {
    for (const c of notifications().channels) put({ channel: c.channel }, c.failed);
  });
  counter('nvr_notifications_suppressed_total', 'Notifications the policy held back, by reason (disarmed, cooldown, schedule, …).', ['reason'], (put) => {
    for (const [reason, n] of Object.entries(notifications().suppressed)) put({ reason }, n);
  });
  gauge('nvr_uptime_seconds', 'Seconds since the engine started.', [], (put) => put({}, readers.uptimeSeconds()));

  return {
    registry,
    contentType: registry.contentType,
    async scrape() {
      memo = {};
      try {
        return await registry.metrics();
      } finally {
        memo = {};
      }
    },
  };
}
