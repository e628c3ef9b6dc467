// /metrics with 16 cameras: what one Prometheus scrape costs. Targets: scrape time under 20 ms (median and p95), and
// the CPU of one scrape every 15 s (Prometheus' usual interval) under 0.1 % of a core.
// What is measured, exactly:
// 1. A real service (real engine, SQLite, motion workers) with 16 camera rows, all with live counters: 4 stream the
//    moving test pattern from one GStreamer RTSP server (frames, fps, motion events, recording segments move) and 12
//    point at a closed port (they reconnect with backoff: state and reconnect counters move). Every camera gives all
//    its series (about 400 samples in all, with prom-client's process metrics). Scrapes are HTTP GETs over loopback
//    with the metrics token, one after another; /health is timed the same way, interleaved, as the baseline
//    (the HTTP round trip alone). CPU per scrape is this process's CPU (server and client both) over the scrapes,
//    minus the same count of /health requests, divided by their number: an upper bound of the server's cost.
// 2. The metrics module alone (no HTTP, no engine), 16 cameras of synthetic readers: registry.metrics() itself.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startService } from '../../main/service/service.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { invokeRequest } from '../../preload/contract.ts';
import { createNvrMetrics, type CameraReading } from '../../main/core/metrics/nvr-metrics.ts';
import { createEngineMonitoring } from '../../main/core/metrics/engine-monitoring.ts';
import { startRtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { fmt, median, percentile, printTable } from './bench-stats.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';

const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 300);
const STREAMING = 4;
const CAMERAS = 16;
const SCRAPE_INTERVAL_S = 15;
const TOKEN = 'bench-metrics-token-0123456789';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// ---- 1. a real service with 16 cameras -----------------------------------------------------------------------------
const ball = await startRtspCamera({ source: 'pattern:ball' });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-metrics-'));
const service = await startService({ dataDir, port: 0, logger: silentLogger(), engine: { notificationSinks: [quietSink], modelPath: '/nonexistent.onnx' } });
const ids: string[] = [];
try {
  const api = service.api;
  await invokeRequest(api, 'settings.update', { service: { metricsToken: TOKEN } });
  for (let i = 0; i < CAMERAS; i++) {
    const live = i < STREAMING;
    const cam = await invokeRequest(api, 'cameras.add', {
      name: live ? `Till ${i + 1}` : `Aisle ${i + 1}`,
      mainUrl: live ? ball.url : 'rtsp://127.0.0.1:9/stream',
      username: 'viewer',
      password: 'Bench-Secret-99',
    });
    ids.push(cam.id);
  }
  await waitFor(() => ids.slice(0, STREAMING).every((id) => service.engine.cameras.status(id)?.state === 'streaming'), 30_000, 'the streaming cameras');
  await new Promise((r) => setTimeout(r, 3000));

  const base = `http://127.0.0.1:${service.port}`;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const get = async (p: string) => {
    const res = await fetch(base + p, { headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
    return text;
  };
  const sample = await get('/metrics');
  const samples = sample.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  for (let i = 0; i < 30; i++) await get('/metrics'); // warm-up

  const scrapeMs: number[] = [];
  const healthMs: number[] = [];
  let scrapeCpu = 0;
  let healthCpu = 0;
  for (let i = 0; i < SCRAPES; i++) {
    let c = cpuMs();
    let t = performance.now();
    await get('/metrics');
    scrapeMs.push(performance.now() - t);
    scrapeCpu += cpuMs() - c;
    c = cpuMs();
    t = performance.now();
    await get('/health');
    healthMs.push(performance.now() - t);
    healthCpu += cpuMs() - c;
  }
  const direct: number[] = [];
  const monitoringCpu0 = cpuMs();
  const monitoring = createEngineMonitoring(service.engine.health);
  for (let i = 0; i < SCRAPES; i++) {
    const t = performance.now();
    await monitoring.metrics.scrape();
    direct.push(performance.now() - t);
  }
  const directCpuPerScrape = (cpuMs() - monitoringCpu0) / SCRAPES;

  const perScrapeCpu = scrapeCpu / SCRAPES;
  const perScrapeNet = Math.max(0, (scrapeCpu - healthCpu) / SCRAPES);
  const pctOfCore = (ms: number) => (ms / (SCRAPE_INTERVAL_S * 1000)) * 100;
  const states = ids.map((id) => service.engine.cameras.status(id)?.state ?? 'none');
  console.log(
    `\n/metrics of a real service, ${CAMERAS} cameras (${states.filter((s) => s === 'streaming').length} streaming, ` +
      `${states.filter((s) => s !== 'streaming').length} ${[...new Set(states.filter((s) => s !== 'streaming'))].join('/')}), ` +
      `${samples} samples, ${(Buffer.byteLength(sample) / 1024).toFixed(1)} KiB, ${SCRAPES} scrapes:`,
  );
  printTable([
    { what: 'GET /metrics (HTTP, loopback)', median_ms: fmt(median(scrapeMs), 3), p95_ms: fmt(percentile(scrapeMs, 95), 3), cpu_ms_per_request: fmt(perScrapeCpu, 3) },
    { what: 'GET /health (baseline: HTTP alone)', median_ms: fmt(median(healthMs), 3), p95_ms: fmt(percentile(healthMs, 95), 3), cpu_ms_per_request: fmt(healthCpu / SCRAPES, 3) },
    { what: 'metrics.scrape() in process', median_ms: fmt(median(direct), 3), p95_ms: fmt(percentile(direct, 95), 3), cpu_ms_per_request: fmt(directCpuPerScrape, 3) },
  ]);
  const p95 = percentile(scrapeMs, 95);
  console.log(`scrape time: median ${fmt(median(scrapeMs), 3)} ms, p95 ${fmt(p95, 3)} ms; target under 20 ms: ${p95 < 20 ? 'MET' : 'NOT MET'}`);
  console.log(
    `CPU at one scrape every ${SCRAPE_INTERVAL_S} s: ${fmt(pctOfCore(perScrapeCpu), 4)} % of a core (whole request, client included), ` +
      `${fmt(pctOfCore(perScrapeNet), 4)} % beyond a /health request; target under 0.1 %: ${pctOfCore(perScrapeCpu) < 0.1 ? 'MET' : 'NOT MET'}`,
  );
} finally {
  await service.stop();
  await ball.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

// ---- 2. the metrics module alone ----------------------------------------------------------------------------------
{
  const cams: CameraReading[] = Array.from({ length: CAMERAS }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Camera ${i + 1}`,
    state: 'streaming',
    recording: 'recording',
    fps: 5,
    frames: 1_000_000 + i,
    droppedFrames: i,
    reconnects: 2,
    motionEvents: 300 + i,
    personEvents: 40 + i,
    inferences: 90_000 + i,
    inferenceMs: 2_700_000,
    recordingBytes: 50e9,
    recordingSegments: 100_000,
  }));
  const metrics = createNvrMetrics({
    cameras: () => cams.map((c) => ({ ...c, frames: c.frames + 1 })),
    disk: async () => ({ free: 4e11, total: 1e12 }),
    retention: () => ({ deletedEvents: 10, deletedEventBytes: 1e6, deletedSegments: { age: 1, quota: 2, space: 3 }, deletedSegmentBytes: 1e9, floorBytes: 2e9, lastRunAt: Date.now() }),
    detection: () => ({ enabled: true, inferences: 1e6, skippedFrames: 10, queueDepth: 0, inferenceMsMedian: 25 }),
    notifications: () => ({ channels: [{ channel: 'os', sent: 10, failed: 0 }], suppressed: { cooldown: 3 } }),
    uptimeSeconds: () => 1000,
  });
  for (let i = 0; i < 50; i++) await metrics.scrape();
  const times: number[] = [];
  const c0 = cpuMs();
  for (let i = 0; i < SCRAPES * 3; i++) {
    const t = performance.now();
    await metrics.scrape();
    times.push(performance.now() - t);
  }
  const cpu = (cpuMs() - c0) / (SCRAPES * 3);
  console.log(`\nThe metrics module alone, ${CAMERAS} synthetic cameras with prom-client's process metrics, ${SCRAPES * 3} scrapes:`);
  printTable([{ what: 'scrape()', median_ms: fmt(median(times), 3), p95_ms: fmt(percentile(times, 95), 3), cpu_ms_per_scrape: fmt(cpu, 3), pct_of_core_at_15s: fmt((cpu / 15000) * 100, 4) }]);
}
