// The alert outbox under a backlog: 1,000 alerts queued on ten webhook-like channels of the tests' own
// (tests/fixtures/test-alert-channels.ts) while their HTTP server is down; the server comes up: alerts per second until
// the last one arrives. Then two more bursts of 1,000 ten seconds apart. Meanwhile two cameras (bottle-detection.mp4
// over RTSP: a hand comes and goes, so events keep opening) run their pipelines; their frame → event-row-committed
// latency is compared between a window without alerts and the window with the bursts, side by side in this run.
// A channel sends at most 600 alerts a minute (the ceiling of its rate limit, preload/alert-channels.ts): a backlog
// of 1,000 on ONE channel takes a minute by design, hence several channels here.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { sharedMediaPath } from '../fixtures/shared-files.ts';
import { httpTestChannel } from '../fixtures/test-alert-channels.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';
import type { CameraView } from '../../preload/contract.ts';
import { fmt, median, percentile, printTable } from './bench-stats.ts';

const BURST = 1000;
const CHANNELS = 10;
const WINDOW_MS = Number(process.env.BENCH_SECONDS ?? 30) * 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// The server's port is taken and released first: the channels point at it while nothing listens (connection refused).
const probe = createServer();
await new Promise<void>((r) => void probe.listen(0, '127.0.0.1', () => r()));
const port = (probe.address() as AddressInfo).port;
await new Promise<void>((r) => probe.close(() => r()));
let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(200).end();
  });
});

const servers: RtspCamera[] = [];
for (let i = 0; i < 2; i++) servers.push(await startRtspCamera({ source: 'file:' + sharedMediaPath('bottle-detection.mp4') }));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-alerts-'));
const engine = await NvrEngine.start({
  dataDir,
  logger: silentLogger(),
  notificationSinks: [quietSink],
  modelPath: '/nonexistent.onnx',
  alertChannelFactories: { webhook: httpTestChannel },
  alertPlan: { curve: { firstMs: 500, maxMs: 2000, jitter: 0.2, clamp: true }, giveUpAfterMs: 24 * 3_600_000 },
});
// Kinds: the bursts only (the cameras' motion events are not alerted, so the counts stay exact).
for (let n = 0; n < CHANNELS; n++) {
  engine.alerts.save({ type: 'webhook', name: `Bench ${n}`, url: `http://127.0.0.1:${port}/hook`, kinds: ['person'], maxPerMinute: 600 }, undefined);
}
const cams: CameraView[] = [];
for (const [i, s] of servers.entries()) cams.push(await engine.cameras.add({ name: `Bench camera ${i}`, mainUrl: s.url, events: { quietGapSeconds: 1 } }));
const deadline = Date.now() + 60_000;
while (Date.now() < deadline && !cams.every((c) => engine.cameras.status(c.id)?.state === 'streaming')) await sleep(250);
await sleep(5000);

/** The recorders' live lists of commit latencies, emptied at a window's start and read at its end. */
const lists = cams.map((c) => engine.cameras.recorderLatencies(c.id) as number[]);
async function window(run: () => Promise<void>): Promise<number[]> {
  for (const l of lists) l.length = 0;
  await run();
  return lists.flat();
}

let burstNo = 0;
/** One burst through the real route (routing, the write guard, the outbox's kick): each event → a row per channel. */
function burst(): void {
  const cam = cams[0]!;
  for (let i = 0; i < BURST / CHANNELS; i++) {
    const t = Date.now();
    const id = `bench-${burstNo}-${i}`;
    engine.alerts.eventAlert(
      { id, cameraId: cam.id, kind: 'person', startMs: t, endMs: null, updatedMs: t, peakRatio: 0.1, boxes: [], frameWidth: 320, frameHeight: 180, topScore: 0.9, personBox: null, hasSnapshot: false, keepForever: false, trackId: null, path: [], zone: null, reviewed: false },
      cam,
      'person',
    );
  }
  burstNo++;
}

const quiet = await window(() => sleep(WINDOW_MS));
let drainMs = NaN;
const loaded = await window(async () => {
  const started = Date.now();
  burst(); // queued while the server is down
  await sleep(1500); // the channels try, find nothing listening, and back off
  const up = Date.now();
  await new Promise<void>((r) => void server.listen(port, '127.0.0.1', () => r()));
  while (received < BURST && Date.now() - up < 60_000) await sleep(10);
  drainMs = Date.now() - up;
  for (let b = 1; b < 3; b++) {
    await sleep(Math.max(0, started + b * (WINDOW_MS / 3) - Date.now()));
    burst();
  }
  while (received < 3 * BURST && Date.now() - started < WINDOW_MS + 30_000) await sleep(20);
  await sleep(Math.max(0, started + WINDOW_MS - Date.now()));
});
printTable([
  { window: 'no alerts', alerts: 0, 'frame→event ms med/p95': `${fmt(median(quiet))}/${fmt(percentile(quiet, 95))}`, events: quiet.length },
  { window: '3 bursts of 1,000', alerts: received, 'frame→event ms med/p95': `${fmt(median(loaded))}/${fmt(percentile(loaded, 95))}`, events: loaded.length },
]);
console.log(`backlog: ${BURST} alerts on ${CHANNELS} channels delivered in ${fmt(drainMs / 1000)} s after the server came up = ${fmt(BURST / (drainMs / 1000), 0)} alerts/s (includes the channels' backoff, at most 2 s)`);
console.log('targets: a backlog of 1,000 drains in under 30 s; frame → event p95 under 50 ms while it drains');
await engine.stop();
server.close();
for (const s of servers) await s.stop();
rmSync(dataDir, { recursive: true, force: true });
