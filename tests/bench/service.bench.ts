// Service mode over the WebSocket on loopback, against the real engine.
// 1. Request round trip for events.list of 100 events (median, p95), with the same request called on the core
//    directly in the same run as the baseline (the difference is the transport's cost). Target: p95 ≤ 5 ms.
// 2. Pushed-event fan-out to 10 connected clients while 8 cameras (courtyard.mp4 over RTSP) stream: every client must
//    receive every event the engine emitted, in the engine's order (none lost or reordered); delivery latency from the
//    engine's emit to each client's receipt (median, p95).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startService } from '../../main/service/service.ts';
import { connectApi, type ApiConnection } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { invokeRequest, eventNames, type EventName } from '../../preload/contract.ts';
import { startRtspCamera, courtyardPath } from '../fixtures/rtsp-camera.ts';
import { fmt, median, percentile, printTable } from './bench-stats.ts';
import { testSeams } from '../fixtures/test-engine.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';

const RUN_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 2000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- 1. round trip ------------------------------------------------------------------------------------------------
{
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-service-'));
  const service = await startService({ dataDir, port: 0, logger: silentLogger(), engine: { notificationSinks: [quietSink], modelPath: '/nonexistent.onnx' } });
  const engine = service.engine;
  const cam = await engine.cameras.add({ name: 'Bench', mainUrl: 'rtsp://127.0.0.1:9/stream', enabled: false });
  const t0 = Date.now() - 3_600_000;
  for (let i = 0; i < 100; i++) {
    const id = randomUUID();
    const boxes = [{ x: 10 + i, y: 20, w: 64, h: 120 }, { x: 300, y: 40 + i, w: 32, h: 48 }];
    testSeams(engine).eventRows.open({ id, cameraId: cam.id, kind: 'motion', startMs: t0 + i * 30_000, updatedMs: t0 + i * 30_000, peakRatio: 0.05, boxes, frameWidth: 640, frameHeight: 480 });
    testSeams(engine).eventRows.close(id, t0 + i * 30_000 + 12_000, { topScore: null });
  }
  const client = await connectApi({ baseUrl: service.url, token: service.token });
  const input = { limit: 100 };
  const first = await client.api['events.list'](input);
  if (first.events.length !== 100) throw new Error(`expected 100 events, got ${first.events.length}`);
  const bytes = Buffer.byteLength(JSON.stringify(first));

  const core: number[] = [];
  const wire: number[] = [];
  for (let i = 0; i < 200; i++) await client.api['events.list'](input); // warm-up
  // Interleaved, so both see the same machine noise.
  for (let i = 0; i < ROUND_TRIPS; i++) {
    let s = performance.now();
    await invokeRequest(service.api, 'events.list', input);
    core.push(performance.now() - s);
    s = performance.now();
    await client.api['events.list'](input);
    wire.push(performance.now() - s);
  }
  const wireHealth: number[] = [];
  for (let i = 0; i < 500; i++) {
    const s = performance.now();
    await client.api['settings.get']({});
    wireHealth.push(performance.now() - s);
  }
  console.log(`\nRound trip over the WebSocket, loopback, ${ROUND_TRIPS} requests (response ${(bytes / 1024).toFixed(1)} KiB for 100 events):`);
  printTable([
    { path: 'core only: events.list (100)', median_ms: fmt(median(core), 3), p95_ms: fmt(percentile(core, 95), 3), p99_ms: fmt(percentile(core, 99), 3) },
    { path: 'WebSocket: events.list (100)', median_ms: fmt(median(wire), 3), p95_ms: fmt(percentile(wire, 95), 3), p99_ms: fmt(percentile(wire, 99), 3) },
    { path: 'WebSocket: settings.get (tiny)', median_ms: fmt(median(wireHealth), 3), p95_ms: fmt(percentile(wireHealth, 95), 3), p99_ms: fmt(percentile(wireHealth, 99), 3) },
  ]);
  const p95 = percentile(wire, 95);
  console.log(`transport cost (median wire − median core) = ${fmt(median(wire) - median(core), 3)} ms; ratio wire/core = ${fmt(median(wire) / median(core))}×`);
  console.log(`target p95 ≤ 5 ms: ${p95 <= 5 ? 'MET' : 'NOT MET'} (${fmt(p95, 3)} ms)`);
  await client.close();
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

// ---- 2. fan-out ---------------------------------------------------------------------------------------------------
{
  const CLIENTS = 10;
  const CAMERAS = 8;
  const camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-fanout-'));
  const service = await startService({ dataDir, port: 0, logger: silentLogger(), engine: { notificationSinks: [quietSink], modelPath: '/nonexistent.onnx' } });
  const engine = service.engine;

  // What the engine emitted, in order, with the time (same process clock as the clients).
  const emitted: Array<{ name: EventName; at: number }> = [];
  for (const name of eventNames) engine.on(name, () => void emitted.push({ name, at: performance.now() }));

  const clients: ApiConnection[] = [];
  const received: Array<Array<{ name: EventName; seq: number; at: number }>> = [];
  for (let c = 0; c < CLIENTS; c++) {
    const conn = await connectApi({ baseUrl: service.url, token: service.token });
    const log: Array<{ name: EventName; seq: number; at: number }> = [];
    for (const name of eventNames) conn.on(name, (_p, seq) => void log.push({ name, seq, at: performance.now() }));
    clients.push(conn);
    received.push(log);
  }
  for (let i = 0; i < CAMERAS; i++) await engine.cameras.add({ name: `Cam ${i + 1}`, mainUrl: camera.url, notifications: { enabled: false } });
  const cpu0 = process.cpuUsage();
  await sleep(RUN_SECONDS * 1000);
  const cpu = process.cpuUsage(cpu0);
  for (const id of engine.cameras.list().map((c) => c.id)) await engine.cameras.remove(id);
  await sleep(500); // let the last messages arrive
  const streaming = engine.cameras.list().length;

  let lost = 0;
  let reordered = 0;
  const latencies: number[] = [];
  for (const log of received) {
    lost += Math.max(0, emitted.length - log.length);
    log.forEach((r, i) => {
      const e = emitted[i];
      if (r.seq !== i + 1 || !e || e.name !== r.name) reordered++;
      else latencies.push(r.at - e.at);
    });
  }
  const byName = new Map<string, number>();
  for (const e of emitted) byName.set(e.name, (byName.get(e.name) ?? 0) + 1);
  console.log(`\nFan-out: ${CLIENTS} clients, ${CAMERAS} cameras streaming courtyard.mp4 over RTSP for ${RUN_SECONDS} s (${streaming} left after removal):`);
  console.log(`engine emitted ${emitted.length} events (${fmt(emitted.length / RUN_SECONDS, 1)}/s): ${[...byName].map(([n, c]) => `${n} ${c}`).join(', ')}`);
  printTable([
    {
      clients: CLIENTS,
      messages_delivered: received.reduce((n, l) => n + l.length, 0),
      lost,
      reordered,
      latency_median_ms: fmt(median(latencies), 3),
      latency_p95_ms: fmt(percentile(latencies, 95), 3),
      latency_max_ms: fmt(Math.max(...latencies), 3),
      node_cpu_pct_of_core: fmt(((cpu.user + cpu.system) / 1e6 / RUN_SECONDS) * 100, 1),
    },
  ]);
  console.log(`target none lost or reordered: ${lost === 0 && reordered === 0 ? 'MET' : 'NOT MET'}`);
  for (const c of clients) await c.close();
  await service.stop();
  await camera.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
