// Health while 60 camera tests run at once (issue 17, M1's benchmark): the service in this process with one camera
// recording (courtyard.mp4 over RTSP), a WebSocket client asking health.get every 20 ms, first alone (the baseline,
// same run) and then while 60 cameras.testStream requests (a real H.264 clip over HTTP, probed by ffprobe) are in
// flight. Target: health.get p95 under 100 ms during the probes, and the recording camera never restarted.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startService } from '../../main/service/service.ts';
import { connectApi, type ApiConnection } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { locateFfmpeg } from '../../main/core/capture/ffmpeg-locate.ts';
import { startRtspCamera, courtyardPath } from '../fixtures/rtsp-camera.ts';
import { fmt, median, percentile, printTable } from './bench-stats.ts';

const PROBES = Number(process.env.BENCH_PROBES ?? 60);
const BASELINE_MS = 5000;

async function sampleHealth(client: ApiConnection, until: () => boolean): Promise<number[]> {
  const out: number[] = [];
  while (!until()) {
    const t0 = performance.now();
    await client.api['health.get']({});
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-probes-'));
const clip = path.join(dataDir, 'clip.mp4');
execFileSync(locateFfmpeg({}).path, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=10', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', clip]);
const bytes = readFileSync(clip);
const clipServer = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': bytes.length }).end(bytes));
await new Promise<void>((r) => clipServer.listen(0, '127.0.0.1', () => r()));
const clipUrl = `http://127.0.0.1:${(clipServer.address() as AddressInfo).port}/camera.mp4`;
const camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
const service = await startService({
  dataDir,
  port: 0,
  logger: silentLogger(),
  engine: { notificationSinks: [{ name: 'none', send: async () => undefined }], modelPath: '/nonexistent/model.onnx' },
});
const client = await connectApi({ baseUrl: service.url, token: service.token, timeoutMs: 120_000 });
const cam = await client.api['cameras.add']({ name: 'Till', mainUrl: camera.url });
for (let i = 0; i < 150 && service.engine.cameras.status(cam.id)?.state !== 'streaming'; i++) await new Promise((r) => setTimeout(r, 100));
if (service.engine.cameras.status(cam.id)?.state !== 'streaming') throw new Error('the recording camera did not start');
await client.api['health.get']({}); // the first call measures the data folder; later ones are cached

const baseEnd = performance.now() + BASELINE_MS;
const baseline = await sampleHealth(client, () => performance.now() >= baseEnd);
const reconnectsBefore = service.engine.cameras.status(cam.id)!.reconnects;
let done = false;
const t0 = performance.now();
const sampling = sampleHealth(client, () => done);
const results = await Promise.all(Array.from({ length: PROBES }, () => client.api['cameras.testStream']({ url: clipUrl })));
const probeSeconds = (performance.now() - t0) / 1000;
done = true;
const during = await sampling;
const restarted = service.engine.cameras.status(cam.id)!.reconnects !== reconnectsBefore;

console.log(`\nhealth.get over the WebSocket, one camera recording; ${PROBES} camera tests at once took ${fmt(probeSeconds, 1)} s (${results.filter((r) => r.ok).length} answered ok):`);
printTable([
  { phase: 'alone (baseline)', samples: baseline.length, median_ms: fmt(median(baseline), 2), p95_ms: fmt(percentile(baseline, 95), 2), max_ms: fmt(Math.max(...baseline), 2) },
  { phase: `during ${PROBES} probes`, samples: during.length, median_ms: fmt(median(during), 2), p95_ms: fmt(percentile(during, 95), 2), max_ms: fmt(Math.max(...during), 2) },
]);
const p95 = percentile(during, 95);
console.log(`ratio p95 during/alone = ${fmt(p95 / percentile(baseline, 95))}×; recording camera restarted: ${restarted ? 'yes' : 'no'}`);
console.log(`target p95 < 100 ms and no camera restarted: ${p95 < 100 && !restarted ? 'MET' : 'NOT MET'} (${fmt(p95, 2)} ms)`);

await client.close();
await service.stop();
await camera.stop();
clipServer.closeAllConnections();
await new Promise<void>((r) => clipServer.close(() => r()));
rmSync(dataDir, { recursive: true, force: true });
