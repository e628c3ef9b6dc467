// npm run soak -- --cameras 8 --minutes 60: the service (in this process: the engine, the HTTP/WebSocket server, a
// client of its own) with N cameras from the GStreamer RTSP fixture (one server each: courtyard.mp4, car-detection.mp4
// and a moving test pattern in turn), recording. Every --sample-seconds it samples this process's RSS and heap, its
// open file descriptors (/proc/self/fd), its ffmpeg children, the WAL's size, the events in the database, the
// event loop's lag and health.get's latency over the WebSocket; at the end it prints the growth per hour of each
// (a least-squares line, tests/soak/growth-fit.ts) and exits 1 when one is over its limit beyond noise:
// RSS 10 MiB/h, file descriptors 0, ffmpeg processes 0, WAL 0 (flat).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startService } from '../../main/service/service.ts';
import { connectApi } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { sharedMediaPath } from '../fixtures/shared-files.ts';
import { childPids, fmt, percentile, printTable } from '../bench/bench-stats.ts';
import Database from 'better-sqlite3';
import { judgeMetric, type MetricLimit, type Sample } from './growth-fit.ts';

interface Args {
  cameras: number;
  minutes: number;
  sampleSeconds: number;
  warmupMinutes: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): number | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
    return v;
  };
  const minutes = get('minutes') ?? 60;
  return {
    cameras: Math.round(get('cameras') ?? 8),
    minutes,
    sampleSeconds: get('sample-seconds') ?? 10,
    // Caches, the JIT, the first segments and the WAL's first checkpoint settle in the first minutes: not fitted.
    warmupMinutes: get('warmup-minutes') ?? Math.min(5, minutes / 5),
  };
}

const MIB = 1024 * 1024;
const METRICS: Record<string, MetricLimit> = {
  rss: { name: 'RSS', unit: 'MiB', perHour: 10, scale: MIB },
  heap: { name: 'heap used', unit: 'MiB', perHour: null, scale: MIB },
  fds: { name: 'file descriptors', unit: 'fds', perHour: 0 },
  ffmpeg: { name: 'ffmpeg processes', unit: 'procs', perHour: 0 },
  wal: { name: 'WAL size', unit: 'MiB', perHour: 0, scale: MIB },
  events: { name: 'events in the database', unit: 'events', perHour: null },
  lag: { name: 'event-loop lag p99', unit: 'ms', perHour: null },
  health: { name: 'health.get latency', unit: 'ms', perHour: null },
};

const sources = (): string[] => ['file:' + courtyardPath(), 'file:' + sharedMediaPath('car-detection.mp4'), 'pattern:ball'];

function fileSize(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`soak: ${args.cameras} cameras for ${args.minutes} min, a sample every ${args.sampleSeconds} s (first ${fmt(args.warmupMinutes, 1)} min not fitted)`);
  const cameras: RtspCamera[] = [];
  for (let i = 0; i < args.cameras; i++) cameras.push(await startRtspCamera({ source: sources()[i % sources().length]! }));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-soak-'));
  const service = await startService({
    dataDir,
    port: 0,
    logger: silentLogger(),
    engine: { notificationSinks: [{ name: 'none', send: async () => undefined }], modelPath: '/nonexistent/model.onnx' },
  });
  const client = await connectApi({ baseUrl: service.url, token: service.token });
  for (let i = 0; i < cameras.length; i++) {
    await client.api['cameras.add']({ name: `Soak ${i + 1}`, mainUrl: cameras[i]!.url, recording: { mode: 'events' }, notifications: { enabled: false } });
  }
  const series: Record<string, Sample[]> = Object.fromEntries(Object.keys(METRICS).map((k) => [k, []]));
  const healthMs: number[] = [];
  const lagMs: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const wal = path.join(dataDir, 'nvr.sqlite-wal');
  // The WAL file keeps its high-water mark: bounded by one auto-checkpoint's worth of pages (and a transaction's slack).
  // A second, read-only connection (the core hands out no database): the page size and the checkpoint are the file's.
  const db = new Database(path.join(dataDir, 'nvr.sqlite'), { readonly: true, fileMustExist: true });
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const checkpointPages = 1000; // SQLite's default wal_autocheckpoint, which the engine keeps
  const walCeiling = ((checkpointPages + 100) * (pageSize + 24) + 32) / MIB;
  METRICS.wal = { ...METRICS.wal!, ceiling: walCeiling };
  const countEvents = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events');
  const t0 = performance.now();
  const end = t0 + args.minutes * 60_000;
  let lastPrint = 0;
  while (performance.now() < end) {
    await new Promise((r) => setTimeout(r, args.sampleSeconds * 1000));
    const t = performance.now() - t0;
    const h0 = performance.now();
    const health = await client.api['health.get']({});
    const hMs = performance.now() - h0;
    const lag = loop.percentile(99) / 1e6;
    loop.reset();
    const mem = process.memoryUsage();
    const values: Record<string, number> = {
      rss: mem.rss,
      heap: mem.heapUsed,
      fds: readdirSync('/proc/self/fd').length,
      ffmpeg: childPids(process.pid, 'ffmpeg').length,
      wal: fileSize(wal),
      events: countEvents.get()?.n ?? 0,
      lag,
      health: hMs,
    };
    for (const [k, v] of Object.entries(values)) series[k]!.push({ t, v });
    healthMs.push(hMs);
    lagMs.push(lag);
    if (t - lastPrint >= 60_000) {
      lastPrint = t;
      const streaming = health.cameras.filter((c) => c.state === 'streaming').length;
      console.log(
        `${fmt(t / 60_000, 1)} min: rss ${fmt(mem.rss / MIB, 1)} MiB, fds ${values.fds}, ffmpeg ${values.ffmpeg}, wal ${fmt(values.wal! / MIB, 2)} MiB, events ${values.events}, streaming ${streaming}/${args.cameras}, lag p99 ${fmt(lag, 1)} ms, health ${fmt(hMs, 1)} ms`,
      );
    }
  }
  loop.disable();

  const skip = args.warmupMinutes * 60_000;
  const verdicts = Object.entries(METRICS).map(([k, limit]) => judgeMetric(limit, series[k]!, skip));
  console.log(`\nGrowth per hour over ${fmt(args.minutes, 1)} min with ${args.cameras} cameras (least squares, ${series.rss!.filter((s) => s.t >= skip).length} samples after the warm-up):`);
  printTable(
    verdicts.map((v) => ({
      metric: v.name,
      unit: v.unit,
      first: fmt(v.first, 1),
      last: fmt(v.last, 1),
      min: fmt(v.min, 1),
      max: fmt(v.max, 1),
      growth_per_h: fmt(v.perHour, 2),
      noise_2se_per_h: fmt(v.noisePerHour, 2),
      limit_per_h: v.limitPerHour === null ? '—' : fmt(v.limitPerHour, 0),
      verdict: v.limitPerHour === null ? 'reported' : v.bounded ? `ok (bounded ≤ ${fmt(METRICS.wal!.ceiling ?? NaN, 1)})` : v.ok ? 'ok' : 'FAIL',
    })),
  );
  console.log(`health.get latency: p50 ${fmt(percentile(healthMs, 50), 1)} ms, p95 ${fmt(percentile(healthMs, 95), 1)} ms, max ${fmt(Math.max(...healthMs), 1)} ms`);
  console.log(`event-loop lag p99 per sample: median ${fmt(percentile(lagMs, 50), 1)} ms, worst ${fmt(Math.max(...lagMs), 1)} ms`);

  await client.close();
  db.close();
  await service.stop();
  for (const c of cameras) await c.stop();
  rmSync(dataDir, { recursive: true, force: true });
  const failed = verdicts.filter((v) => !v.ok);
  console.log(failed.length ? `soak FAILED: ${failed.map((v) => v.name).join(', ')} grew beyond the limit` : 'soak passed: no growth beyond the limits');
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(2);
  },
);
