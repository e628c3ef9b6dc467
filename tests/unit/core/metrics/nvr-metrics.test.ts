// The metrics module against readers of our own (no engine): every value appears under its name with the right type
// and labels, readers are read once per scrape and again at the next, unknown values are NaN (never a fake 0), label
// values are escaped, and the text is what a strict Prometheus text parser accepts. Also the parser's own strictness
// and the readiness decision.
import { describe, expect, it } from 'vitest';
import { createNvrMetrics, type CameraReading, type MetricsReaders } from '../../../../main/core/metrics/nvr-metrics.ts';
import { readiness } from '../../../../main/core/metrics/readiness.ts';
import { readyReportSchema } from '../../../../preload/health-protocol.ts';
import { parsePrometheusText, samplesOf, valueOf } from '../../../fixtures/prometheus-text.ts';

function camera(id: string, name: string, over: Partial<CameraReading> = {}): CameraReading {
  return {
    id,
    name,
    state: 'streaming',
    recording: 'recording',
    fps: 5,
    frames: 100,
    droppedFrames: 2,
    reconnects: 1,
    motionEvents: 3,
    personEvents: 1,
    inferences: 40,
    inferenceMs: 1200,
    recordingBytes: 5_000_000,
    recordingSegments: 7,
    ...over,
  };
}

function readers(cams: CameraReading[]) {
  const calls = { cameras: 0, disk: 0, retention: 0 };
  let disk: { free: number; total: number } | null = { free: 40e9, total: 100e9 };
  const r: MetricsReaders = {
    cameras: () => (calls.cameras++, cams),
    disk: async () => (calls.disk++, disk),
    retention: () => (
      calls.retention++,
      { deletedEvents: 4, deletedEventBytes: 4000, deletedSegments: { age: 10, quota: 2, space: 3 }, deletedSegmentBytes: 9e6, floorBytes: 2 * 1024 ** 3, lastRunAt: 1_700_000_000_000 }
    ),
    detection: () => ({ enabled: true, inferences: 55, skippedFrames: 6, queueDepth: 1, inferenceMsMedian: 30 }),
    notifications: () => ({ channels: [{ channel: 'os', sent: 9, failed: 2 }, { channel: 'webhook', sent: 0, failed: 1 }], suppressed: { cooldown: 5, disarmed: 1 } }),
    uptimeSeconds: () => 120,
  };
  return { r, calls, setDisk: (d: typeof disk) => (disk = d) };
}

describe('nvr metrics', () => {
  it('shows every camera counter with camera_id and camera_name, typed and parsable', async () => {
    const cams = [camera('cam-1', 'Front door'), camera('cam-2', 'Back "store" room\\2', { state: 'reconnecting', recording: 'paused', fps: 0, frames: 7 })];
    const { r } = readers(cams);
    const metrics = createNvrMetrics(r, { defaultMetrics: false });
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.scrape();
    const f = parsePrometheusText(text);
    const front = { camera_id: 'cam-1', camera_name: 'Front door' };
    const back = { camera_id: 'cam-2', camera_name: 'Back "store" room\\2' };
    const expected: Array<[string, 'counter' | 'gauge', number, number]> = [
      ['nvr_camera_frames_total', 'counter', 100, 7],
      ['nvr_camera_fps', 'gauge', 5, 0],
      ['nvr_camera_dropped_frames_total', 'counter', 2, 2],
      ['nvr_camera_reconnects_total', 'counter', 1, 1],
      ['nvr_camera_motion_events_total', 'counter', 3, 3],
      ['nvr_camera_person_events_total', 'counter', 1, 1],
      ['nvr_camera_inferences_total', 'counter', 40, 40],
      ['nvr_camera_inference_seconds_total', 'counter', 1.2, 1.2],
      ['nvr_camera_recording_bytes_total', 'counter', 5_000_000, 5_000_000],
      ['nvr_camera_recording_segments_total', 'counter', 7, 7],
    ];
    for (const [name, type, a, b] of expected) {
      expect(f.get(name)?.type, name).toBe(type);
      expect(f.get(name)?.help?.length, name).toBeGreaterThan(10);
      expect(valueOf(f, name, front), name).toBeCloseTo(a);
      expect(valueOf(f, name, back), name).toBeCloseTo(b);
    }
    // States: one series per state, 1 for the current one.
    expect(f.get('nvr_camera_state')?.type).toBe('gauge');
    expect(samplesOf(f, 'nvr_camera_state', front)).toHaveLength(5);
    expect(valueOf(f, 'nvr_camera_state', { ...front, state: 'streaming' })).toBe(1);
    expect(valueOf(f, 'nvr_camera_state', { ...front, state: 'failed' })).toBe(0);
    expect(valueOf(f, 'nvr_camera_state', { ...back, state: 'reconnecting' })).toBe(1);
    expect(samplesOf(f, 'nvr_camera_state', back).filter((s) => s.value === 1)).toHaveLength(1);
    expect(valueOf(f, 'nvr_camera_recording_state', { ...back, state: 'paused' })).toBe(1);
    expect(valueOf(f, 'nvr_camera_recording_state', { ...front, state: 'recording' })).toBe(1);
    // The quote and backslash in the name went through the text format's escapes and came back.
    expect(text).toContain('camera_name="Back \\"store\\" room\\\\2"');
  });

  it('shows the system figures: disk, retention, detection, alert channels, uptime', async () => {
    const { r } = readers([]);
    const f = parsePrometheusText(await createNvrMetrics(r, { defaultMetrics: false }).scrape());
    expect(valueOf(f, 'nvr_disk_free_bytes')).toBe(40e9);
    expect(valueOf(f, 'nvr_disk_total_bytes')).toBe(100e9);
    expect(valueOf(f, 'nvr_retention_deleted_events_total')).toBe(4);
    expect(valueOf(f, 'nvr_retention_deleted_segments_total', { rule: 'age' })).toBe(10);
    expect(valueOf(f, 'nvr_retention_deleted_segments_total', { rule: 'quota' })).toBe(2);
    expect(valueOf(f, 'nvr_retention_deleted_segments_total', { rule: 'space' })).toBe(3);
    expect(valueOf(f, 'nvr_retention_deleted_bytes_total', { kind: 'events' })).toBe(4000);
    expect(valueOf(f, 'nvr_retention_deleted_bytes_total', { kind: 'segments' })).toBe(9e6);
    expect(valueOf(f, 'nvr_retention_free_space_floor_bytes')).toBe(2 * 1024 ** 3);
    expect(valueOf(f, 'nvr_retention_last_run_timestamp_seconds')).toBe(1_700_000_000);
    expect(valueOf(f, 'nvr_detection_enabled')).toBe(1);
    expect(valueOf(f, 'nvr_detection_inferences_total')).toBe(55);
    expect(valueOf(f, 'nvr_detection_skipped_frames_total')).toBe(6);
    expect(valueOf(f, 'nvr_detection_queue_depth')).toBe(1);
    expect(valueOf(f, 'nvr_detection_inference_median_seconds')).toBeCloseTo(0.03);
    expect(valueOf(f, 'nvr_notifications_sent_total', { channel: 'os' })).toBe(9);
    expect(valueOf(f, 'nvr_notifications_failed_total', { channel: 'os' })).toBe(2);
    expect(valueOf(f, 'nvr_notifications_failed_total', { channel: 'webhook' })).toBe(1);
    expect(valueOf(f, 'nvr_notifications_suppressed_total', { reason: 'cooldown' })).toBe(5);
    expect(valueOf(f, 'nvr_uptime_seconds')).toBe(120);
    for (const name of ['nvr_retention_deleted_events_total', 'nvr_notifications_sent_total', 'nvr_detection_inferences_total']) {
      expect(f.get(name)?.type).toBe('counter');
    }
    // No camera: the per-camera families are declared, with no samples.
    expect(f.get('nvr_camera_frames_total')?.type).toBe('counter');
    expect(f.get('nvr_camera_frames_total')?.samples).toEqual([]);
  });

  it('reads each reader once per scrape, afresh at the next, and never shows an unknown value as 0', async () => {
    const cams = [camera('cam-1', 'Front door')];
    const { r, calls, setDisk } = readers(cams);
    const metrics = createNvrMetrics(r, { defaultMetrics: false });
    await metrics.scrape();
    expect(calls).toEqual({ cameras: 1, disk: 1, retention: 1 });
    cams[0] = camera('cam-1', 'Front door', { frames: 250, state: 'failed' });
    setDisk(null);
    const f = parsePrometheusText(await metrics.scrape());
    expect(calls).toEqual({ cameras: 2, disk: 2, retention: 2 });
    expect(valueOf(f, 'nvr_camera_frames_total', { camera_id: 'cam-1' })).toBe(250);
    expect(valueOf(f, 'nvr_camera_state', { camera_id: 'cam-1', state: 'failed' })).toBe(1);
    expect(valueOf(f, 'nvr_disk_free_bytes')).toBeNaN();
    expect(valueOf(f, 'nvr_disk_total_bytes')).toBeNaN();
  });

  it("includes prom-client's process metrics (memory, CPU, event-loop lag) in the same text", async () => {
    const { r } = readers([camera('cam-1', 'Front door')]);
    const f = parsePrometheusText(await createNvrMetrics(r).scrape());
    expect(f.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(valueOf(f, 'process_resident_memory_bytes')).toBeGreaterThan(1e6);
    expect(f.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(f.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    expect(valueOf(f, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(f.get('nodejs_gc_duration_seconds')?.type).toBe('histogram');
  });
});

describe('the Prometheus text parser of the tests', () => {
  const ok = '# HELP a_total A thing.\n# TYPE a_total counter\na_total{x="1"} 3\na_total{x="2"} NaN 1700000000000\n';
  it('accepts well-formed text', () => {
    const f = parsePrometheusText(ok);
    expect(f.get('a_total')?.samples.map((s) => s.labels.x)).toEqual(['1', '2']);
    expect(valueOf(f, 'a_total', { x: '2' })).toBeNaN();
  });
  it.each([
    ['a value that is no number', '# TYPE a gauge\na 1,5\n'],
    ['a bad metric name', '1a 3\n'],
    ['an unquoted label value', 'a{x=1} 3\n'],
    ['an unterminated label', 'a{x="1} 3\n'],
    ['a bad escape', 'a{x="\\t"} 3\n'],
    ['TYPE after samples', 'a 1\n# TYPE a gauge\n'],
    ['two TYPE lines', '# TYPE a gauge\n# TYPE a gauge\na 1\n'],
    ['two HELP lines', '# HELP a x\n# HELP a y\na 1\n'],
    ['an unknown type', '# TYPE a thing\na 1\n'],
    ['a repeated series', 'a{x="1"} 1\na{x="1"} 2\n'],
    ['a split family', 'a 1\nb 1\na{x="2"} 1\n'],
    ['no trailing newline', 'a 1'],
    ['a missing value', 'a{x="1"}\n'],
    ['a bad histogram sample', '# TYPE h histogram\nh 1\n'],
  ])('rejects %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow(/line \d+/);
  });
});

describe('readiness', () => {
  const cams = [{ id: 'cam-1', state: 'failed' as const, recording: 'off' as const }];
  it('is ready with the engine running, the database open and ffmpeg found, whatever the cameras do', () => {
    const r = readiness({ engineRunning: true, databaseOpen: true, ffmpegFound: true, cameras: cams });
    expect(readyReportSchema.parse(r)).toEqual({
      ready: true,
      checks: { engine: 'ok', database: 'ok', ffmpeg: 'ok' },
      problems: [],
      cameras: [{ id: 'cam-1', state: 'failed', recording: 'off' }],
    });
  });
  it('names each failing part in one sentence', () => {
    const r = readiness({ engineRunning: false, databaseOpen: false, ffmpegFound: false, cameras: [] });
    expect(r.ready).toBe(false);
    expect(r.checks).toEqual({ engine: 'failed', database: 'failed', ffmpeg: 'failed' });
    expect(r.problems).toHaveLength(3);
    expect(r.problems.join(' ')).toMatch(/stopping.*database.*install ffmpeg/s);
  });
});
