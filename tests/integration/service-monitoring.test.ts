// Health for machines against a real service (real engine, SQLite in a temporary folder, real ffmpeg, real motion
// workers and the real person model) with real GStreamer RTSP cameras: /health and /ready answer without a token in
// well under 10 ms and reveal no name, address or password; /ready reports every camera (one that cannot connect is
// listed but the NVR stays ready) and is 503 naming the failing part when ffmpeg is missing; /metrics is 401 without
// the session token or the metrics token and 200 with either, is what a strict Prometheus text parser accepts, and
// its counters move with the cameras between two scrapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startService, type RunningService } from '../../main/service/service.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { invokeRequest, type CameraView } from '../../preload/contract.ts';
import { healthReportSchema, readyReportSchema } from '../../preload/health-protocol.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { sharedModelPath } from '../fixtures/shared-files.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { parsePrometheusText, samplesOf, valueOf, type MetricFamily } from '../fixtures/prometheus-text.ts';

const CAMERA_USER = 'viewer';
const CAMERA_PASSWORD = 'Till-Secret-7731';
const METRICS_TOKEN = 'prometheus-reads-this-0123456789';
const sentNotifications: string[] = [];
const recordingSink = { name: 'test-channel', send: async (n: { title: string }) => void sentNotifications.push(n.title) };

function pageDir(root: string): string {
  const dir = path.join(root, 'page');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
  return dir;
}

async function get(service: RunningService, pathname: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${service.port}${pathname}`, { headers });
  const body = await res.text();
  return { status: res.status, headers: res.headers, body, ms: performance.now() - started };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('monitoring routes of a running service with real cameras', () => {
  let dataDir: string;
  let courtyard: RtspCamera;
  let ballSource: RtspCamera;
  let service: RunningService;
  let till: CameraView;
  let unreachable: CameraView;
  let backDoor: CameraView;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const scrape = async (): Promise<Map<string, MetricFamily>> => {
    const r = await get(service, '/metrics', bearer(METRICS_TOKEN));
    expect(r.status).toBe(200);
    return parsePrometheusText(r.body);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-monitoring-'));
    courtyard = await startRtspCamera({ source: 'file:' + courtyardPath(), user: CAMERA_USER, password: CAMERA_PASSWORD });
    ballSource = await startRtspCamera({ source: 'pattern:ball' });
    service = await startService({
      dataDir,
      port: 0,
      logger: silentLogger(),
      rendererDir: pageDir(dataDir),
      engine: { notificationSinks: [recordingSink], modelPath: sharedModelPath() },
    });
    const api = service.api;
    till = await invokeRequest(api, 'cameras.add', { name: 'Till', mainUrl: courtyard.url, username: CAMERA_USER, password: CAMERA_PASSWORD });
    // Nothing listens on port 9: this camera never connects.
    unreachable = await invokeRequest(api, 'cameras.add', { name: 'Stock room', mainUrl: 'rtsp://127.0.0.1:9/stream', username: 'admin', password: 'Other-Secret-55' });
    // A ball that keeps moving and that no person explains: motion events. (In the courtyard, tracked people explain
    // nearly all motion, so a motion event there may take minutes: one per visitor is the person event.)
    backDoor = await invokeRequest(api, 'cameras.add', { name: 'Back door', mainUrl: ballSource.url });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await courtyard?.stop();
    await ballSource?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /health and /ready without a token in well under 10 ms', async () => {
    const health = await get(service, '/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    expect(healthReportSchema.parse(JSON.parse(health.body)).status).toBe('ok');
    const times: Record<string, number[]> = { '/health': [], '/ready': [] };
    for (let i = 0; i < 40; i++) {
      for (const p of ['/health', '/ready'] as const) {
        const r = await get(service, p);
        expect(r.status).toBe(200);
        times[p]!.push(r.ms);
      }
    }
    // Round trips over loopback, measured by the client (server time is smaller still).
    expect(median(times['/health']!)).toBeLessThan(10);
    expect(median(times['/ready']!)).toBeLessThan(10);
    const head = await fetch(`http://127.0.0.1:${service.port}/ready`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${service.port}/health`, { method: 'POST' })).status).toBe(405);
  }, 30_000);

  it('reports on /ready every camera by id and state, the unreachable one included, and stays ready', async () => {
    await waitFor(() => service.engine.cameras.status(till.id)?.state === 'streaming', 30_000, 'the till camera streaming');
    await waitFor(() => ['reconnecting', 'failed'].includes(service.engine.cameras.status(unreachable.id)?.state ?? ''), 30_000, 'the stock room camera failing');
    const r = await get(service, '/ready');
    expect(r.status).toBe(200);
    const report = readyReportSchema.parse(JSON.parse(r.body));
    expect(report).toMatchObject({ ready: true, checks: { engine: 'ok', database: 'ok', ffmpeg: 'ok' }, problems: [] });
    const byId = new Map(report.cameras.map((c) => [c.id, c]));
    expect(byId.get(till.id)).toEqual({ id: till.id, state: 'streaming', recording: 'recording' });
    expect(['reconnecting', 'failed']).toContain(byId.get(unreachable.id)?.state);
    // Anyone on the network may read these: no names, addresses, user names or passwords.
    const health = await get(service, '/health');
    for (const secretish of ['Till', 'Stock room', 'rtsp://', '127.0.0.1:9', CAMERA_USER, CAMERA_PASSWORD, 'Other-Secret-55', dataDir, service.token]) {
      expect(r.body).not.toContain(secretish);
      expect(health.body).not.toContain(secretish);
    }
  }, 70_000);

  it('refuses /metrics without the session token or the metrics token', async () => {
    const none = await get(service, '/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.body).toMatch(/needs a token/);
    expect((await get(service, '/metrics', bearer('not-the-token-0123456789'))).status).toBe(401);
    // No metrics token is set yet: that bearer token opens nothing.
    expect((await get(service, '/metrics', bearer(METRICS_TOKEN))).status).toBe(401);
    // The session token opens it, as a bearer token or as the page's cookie.
    expect((await get(service, '/metrics', bearer(service.token))).status).toBe(200);
    expect((await get(service, '/metrics', { Cookie: `nvr_session=${service.token}` })).status).toBe(200);
    // Set through the contract (settings.update): from now on Prometheus' bearer token works too.
    await invokeRequest(service.api, 'settings.update', { service: { metricsToken: METRICS_TOKEN } });
    const withMetricsToken = await get(service, '/metrics', bearer(METRICS_TOKEN));
    expect(withMetricsToken.status).toBe(200);
    expect(withMetricsToken.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    // The metrics token is read-only: it opens neither the API socket's pages nor the media routes.
    expect((await get(service, '/', bearer(METRICS_TOKEN))).status).toBe(401);
    expect((await get(service, `/media/cameras/${till.id}/live.mp4`, bearer(METRICS_TOKEN))).status).toBe(401);
    await expect(
      invokeRequest(service.api, 'settings.update', { service: { metricsToken: 'short' } }),
    ).rejects.toThrow(/metrics token needs at least 16 characters/);
  }, 30_000);

  it('serves Prometheus text whose counters move with the real cameras', async () => {
    const first = await scrape();
    for (const [name, family] of first) {
      if (!name.startsWith('nvr_')) continue;
      expect(family.help, name).toBeTruthy();
      expect(['counter', 'gauge'], name).toContain(family.type);
    }
    for (const name of ['process_resident_memory_bytes', 'process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(first.get(name)?.samples.length, name).toBeGreaterThan(0);
    }
    const tillLabels = { camera_id: till.id, camera_name: 'Till' };
    const framesBefore = valueOf(first, 'nvr_camera_frames_total', tillLabels);
    await new Promise((r) => setTimeout(r, 2500));
    const second = await scrape();
    expect(valueOf(second, 'nvr_camera_frames_total', tillLabels)).toBeGreaterThan(framesBefore);
    expect(valueOf(second, 'nvr_camera_fps', tillLabels)).toBeGreaterThan(0);
    expect(valueOf(second, 'nvr_camera_state', { ...tillLabels, state: 'streaming' })).toBe(1);
    expect(valueOf(second, 'nvr_camera_recording_state', { ...tillLabels, state: 'recording' })).toBe(1);
    const stock = { camera_id: unreachable.id, camera_name: 'Stock room' };
    expect(samplesOf(second, 'nvr_camera_state', stock).filter((s) => s.value === 1).map((s) => s.labels.state)).toEqual([
      service.engine.cameras.status(unreachable.id)?.state === 'failed' ? 'failed' : 'reconnecting',
    ]);
    expect(valueOf(second, 'nvr_camera_frames_total', stock)).toBe(0);
    expect(valueOf(second, 'nvr_disk_free_bytes')).toBeGreaterThan(0);
    expect(valueOf(second, 'nvr_disk_total_bytes')).toBeGreaterThanOrEqual(valueOf(second, 'nvr_disk_free_bytes'));
    expect(valueOf(second, 'nvr_detection_enabled')).toBe(1);

    // People cross the courtyard all the time: persons are confirmed, the model runs, segments close (10 s each), the
    // alert channel delivers. The ball at the back door opens motion events.
    const backDoorLabels = { camera_id: backDoor.id, camera_name: 'Back door' };
    let latest = second;
    const counts = () =>
      ['motion events (back door)', valueOf(latest, 'nvr_camera_motion_events_total', backDoorLabels), 'person events (till)', valueOf(latest, 'nvr_camera_person_events_total', tillLabels),
        'recorded bytes (till)', valueOf(latest, 'nvr_camera_recording_bytes_total', tillLabels), 'sent', valueOf(latest, 'nvr_notifications_sent_total', { channel: 'test-channel' })].join(' ');
    await waitFor(
      async () => {
        latest = await scrape();
        return (
          valueOf(latest, 'nvr_camera_motion_events_total', backDoorLabels) > 0 &&
          valueOf(latest, 'nvr_camera_person_events_total', tillLabels) > 0 &&
          valueOf(latest, 'nvr_camera_recording_bytes_total', tillLabels) > 0 &&
          valueOf(latest, 'nvr_notifications_sent_total', { channel: 'test-channel' }) > 0
        );
      },
      60_000,
      () => `motion and person events, a recorded segment and a sent notification in the metrics (last scrape: ${counts()})`,
      1000,
    );
    expect(valueOf(latest, 'nvr_camera_inferences_total', tillLabels)).toBeGreaterThan(0);
    expect(valueOf(latest, 'nvr_camera_inference_seconds_total', tillLabels)).toBeGreaterThan(0);
    expect(valueOf(latest, 'nvr_camera_recording_segments_total', tillLabels)).toBeGreaterThan(0);
    expect(valueOf(latest, 'nvr_detection_inferences_total')).toBeGreaterThanOrEqual(valueOf(latest, 'nvr_camera_inferences_total', tillLabels));
    expect(valueOf(latest, 'nvr_notifications_failed_total', { channel: 'test-channel' })).toBe(0);
    expect(sentNotifications.length).toBeGreaterThan(0);
    // What the engine's own health says agrees with the metrics.
    const health = await invokeRequest(service.api, 'health.get', {});
    const tillHealth = health.cameras.find((c) => c.cameraId === till.id)!;
    expect(tillHealth.frames).toBeGreaterThanOrEqual(valueOf(latest, 'nvr_camera_frames_total', tillLabels));

    // Never a password, a stream address or a token in the text.
    const text = (await get(service, '/metrics', bearer(METRICS_TOKEN))).body;
    for (const secret of [CAMERA_PASSWORD, 'Other-Secret-55', 'rtsp://', service.token, METRICS_TOKEN]) expect(text).not.toContain(secret);
  }, 120_000);
});

describe('/ready when a part of the NVR is missing', () => {
  it('is 503 and names ffmpeg when it cannot be found, while /health still says the process is alive', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-monitoring-noffmpeg-'));
    const service = await startService({
      dataDir,
      port: 0,
      logger: silentLogger(),
      rendererDir: pageDir(dataDir),
      engine: { notificationSinks: [recordingSink], modelPath: '/nonexistent/model.onnx', ffmpegPath: '/nonexistent/ffmpeg' },
    });
    try {
      const cam = await invokeRequest(service.api, 'cameras.add', { name: 'Door', mainUrl: 'rtsp://127.0.0.1:9/stream' });
      const ready = await get(service, '/ready');
      expect(ready.status).toBe(503);
      const report = readyReportSchema.parse(JSON.parse(ready.body));
      expect(report.ready).toBe(false);
      expect(report.checks).toEqual({ engine: 'ok', database: 'ok', ffmpeg: 'failed' });
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatch(/ffmpeg was not found.*install ffmpeg/);
      expect(report.cameras.map((c) => [c.id, c.state])).toEqual([[cam.id, 'failed']]);
      expect(ready.body).not.toContain('/nonexistent');
      expect((await get(service, '/health')).status).toBe(200);
      const metrics = parsePrometheusText((await get(service, '/metrics', { Authorization: `Bearer ${service.token}` })).body);
      expect(valueOf(metrics, 'nvr_camera_state', { camera_id: cam.id, state: 'failed' })).toBe(1);
      expect(valueOf(metrics, 'nvr_detection_enabled')).toBe(0);
    } finally {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
