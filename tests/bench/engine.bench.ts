// The engine under load: 1, 4, 8 and 16 cameras of courtyard.mp4 served over RTSP by GStreamer, each with its own
// ffmpeg and RTSP connection, analysed at 5 fps. Prints, per run: CPU of Node and of the ffmpeg processes (% of one
// core), Node RSS, dropped analysis frames, frame-arrival → event-row-committed latency, event → notification-dispatched
// latency. Baseline, measured in the same run: one plain ffmpeg decode of the same stream (`-f null`), the least any
// NVR must spend per camera; ratios are against it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { startRtspCamera, courtyardPath } from '../fixtures/rtsp-camera.ts';
import { childPids, fmt, median, percentile, printTable, processCpuSeconds, processRssBytes } from './bench-stats.ts';
import { locateFfmpeg } from '../../main/core/capture/ffmpeg-locate.ts';
import type { NotificationSink } from '../../main/core/notify/notifier.ts';

const RUN_SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = 5;
const counts = (process.env.BENCH_CAMERAS ?? '1,4,8,16').split(',').map(Number);

const camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
const ffmpeg = locateFfmpeg({}).path;

async function baselineDecodeCpu(): Promise<number> {
  const child = spawn(ffmpeg, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', camera.url, '-f', 'null', '-'], {
    stdio: 'ignore',
  });
  await sleep(WARMUP_SECONDS * 1000);
  const c0 = processCpuSeconds(child.pid!);
  await sleep(RUN_SECONDS * 1000);
  const c1 = processCpuSeconds(child.pid!);
  child.kill('SIGKILL');
  return ((c1 - c0) / RUN_SECONDS) * 100;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

const baseline = await baselineDecodeCpu();
console.log(`baseline: plain ffmpeg decode of one stream = ${fmt(baseline)} % of a core (median of one ${RUN_SECONDS} s run)`);

const rows: Record<string, string | number>[] = [];
for (const n of counts) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-'));
  const dispatchedAt: number[] = [];
  const sink: NotificationSink = { name: 'bench', send: async () => void dispatchedAt.push(Date.now()) };
  const engine = await NvrEngine.start({ dataDir, logger: silentLogger(), notificationSinks: [sink], modelPath: '/nonexistent.onnx' });
  for (let i = 0; i < n; i++) {
    await engine.cameras.add({ name: `Cam ${i + 1}`, mainUrl: camera.url, notifications: { cooldownSeconds: 0 } });
  }
  const ids = engine.cameras.list().map((c) => c.id);
  // Steady state: every camera streaming (16 ffmpeg start-ups on 2 cores take a while), then a warm-up.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !ids.every((id) => engine.cameras.status(id)?.state === 'streaming')) await sleep(250);
  await sleep(WARMUP_SECONDS * 1000);
  const frames0 = ids.map((id) => engine.cameras.status(id)!);
  const ff = childPids(process.pid, 'ffmpeg');
  const ff0 = ff.map(processCpuSeconds);
  const node0 = process.cpuUsage();
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(processRssBytes(process.pid)), 1000);
  await sleep(RUN_SECONDS * 1000);
  clearInterval(sampler);
  const nodeCpu = process.cpuUsage(node0);
  const ff1 = ff.map(processCpuSeconds);
  const frames1 = ids.map((id) => engine.cameras.status(id)!);
  const nodePct = ((nodeCpu.user + nodeCpu.system) / 1e6 / RUN_SECONDS) * 100;
  const ffPct = ff1.map((c, i) => ((c - ff0[i]!) / RUN_SECONDS) * 100);
  const ffTotal = ffPct.reduce((s, x) => s + x, 0);
  let framesIn = 0;
  let dropped = 0;
  for (let i = 0; i < ids.length; i++) {
    framesIn += frames1[i]!.frames - frames0[i]!.frames;
    dropped += frames1[i]!.droppedFrames - frames0[i]!.droppedFrames;
  }
  const commit = ids.flatMap((id) => engine.cameras.recorderLatencies(id));
  const notify = engine.testSeams.notifier.status().dispatchLatenciesMs ?? [];
  rows.push({
    cameras: n,
    'node %core': fmt(nodePct),
    'ffmpeg %core (sum)': fmt(ffTotal),
    'ffmpeg %core (median each)': fmt(median(ffPct)),
    'total %core': fmt(nodePct + ffTotal),
    'per cam / decode baseline': fmt((nodePct + ffTotal) / n / baseline),
    'node RSS MB (max)': fmt(Math.max(...rssSamples) / 2 ** 20, 0),
    'frames': framesIn,
    'dropped %': fmt((dropped / Math.max(1, framesIn + dropped)) * 100),
    'commit ms med/p95': `${fmt(median(commit))}/${fmt(percentile(commit, 95))}`,
    'notify ms med/p95': `${fmt(median(notify))}/${fmt(percentile(notify, 95))}`,
  });
  await engine.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
await camera.stop();
printTable(rows);
console.log('targets: 8 cameras within 50 % of a core in total; 16 cameras dropped < 1 %; commit p95 <= 50 ms; Node RSS <= 250 MB');
