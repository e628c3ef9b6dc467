// The whole product with its defaults (recording in events mode, person detection on with the real model, tracking)
// on 4 and 8 cameras of courtyard.mp4 over RTSP (people walking all the time), against a plain ffmpeg decode of the
// same number of streams (`-f null`, one process per stream) measured in the same run. Prints CPU (% of one core:
// Node with its worker threads, plus every ffmpeg), the ratio to the decode, and detection's share of the work:
// detector passes and model runs per analysed frame (1.00 would be detecting on every analysed frame; 0.98 before
// tracking), person events per camera. Target: at most 2.0× the plain decode.
// A second row per camera count runs the same product with person detection off (motion, recording, events): the
// floor under everything detection and tracking add, so the table shows what is left for them under the target.
// BENCH_SECONDS (default 30), BENCH_TRACKED_CAMERAS (default "4,8"), BENCH_ACTIVE_CHECKS (the cameras' tracking
// setting activeChecksPerSecond; default: the setting's default), BENCH_MOTION_ONLY=0 leaves the floor rows out.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { locateFfmpeg } from '../../main/core/capture/ffmpeg-locate.ts';
import { startRtspCamera, courtyardPath } from '../fixtures/rtsp-camera.ts';
import { sharedModelPath } from '../fixtures/shared-files.ts';
import { childPids, fmt, printTable, processCpuSeconds, threadCpuByName } from './bench-stats.ts';

const RUN_SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = 8;
const counts = (process.env.BENCH_TRACKED_CAMERAS ?? '4,8').split(',').map(Number);
const activeChecks = process.env.BENCH_ACTIVE_CHECKS ? Number(process.env.BENCH_ACTIVE_CHECKS) : undefined;
const tracking = activeChecks !== undefined ? { tracking: { activeChecksPerSecond: activeChecks } } : {};
const withFloor = process.env.BENCH_MOTION_ONLY !== '0';
const quiet = [{ name: 'none', send: async () => undefined }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
const ffmpeg = locateFfmpeg({}).path!;

/** n plain decodes of the stream side by side: % of a core, summed. */
async function decodeCpu(n: number): Promise<number> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    children.push(spawn(ffmpeg, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', camera.url, '-f', 'null', '-'], { stdio: 'ignore' }));
  }
  await sleep(WARMUP_SECONDS * 1000);
  const c0 = children.map((c) => processCpuSeconds(c.pid!));
  await sleep(RUN_SECONDS * 1000);
  const c1 = children.map((c) => processCpuSeconds(c.pid!));
  for (const c of children) c.kill('SIGKILL');
  return (c1.reduce((s, x, i) => s + x - c0[i]!, 0) / RUN_SECONDS) * 100;
}

async function product(n: number, detection = true) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-tracked-'));
  const engine = await NvrEngine.start({ dataDir, logger: silentLogger(), modelPath: sharedModelPath(), notificationSinks: quiet });
  for (let i = 0; i < n; i++) await engine.cameras.add({ name: `Cam ${i + 1}`, mainUrl: camera.url, ...tracking, detection: { enabled: detection } });
  const ids = engine.cameras.list().map((c) => c.id);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !ids.every((id) => engine.cameras.status(id)?.state === 'streaming')) await sleep(250);
  await sleep(WARMUP_SECONDS * 1000);
  const stats = () =>
    ids.map((id) => {
      const st = engine.cameras.pipeline(id)!.stats;
      return { ...st, reasons: { ...st.reasons } };
    });
  const s0 = stats();
  const ff = childPids(process.pid, 'ffmpeg');
  const ff0 = ff.map(processCpuSeconds);
  const snaps0 = engine.testSeams.snapshots.written;
  const node0 = process.cpuUsage();
  const threads0 = threadCpuByName(process.pid);
  await sleep(RUN_SECONDS * 1000);
  const nodeCpu = process.cpuUsage(node0);
  const threads1 = threadCpuByName(process.pid);
  // Where the node process's CPU goes, by thread name (a thread that started in the window counts from zero).
  const threads = [...threads1]
    .map(([name, sec]) => [name, ((sec - (threads0.get(name) ?? 0)) / RUN_SECONDS) * 100] as const)
    .filter(([, pct]) => pct >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, pct]) => `${name} ${fmt(pct)}`);
  const ff1 = ff.map(processCpuSeconds);
  const s1 = stats();
  const snapshots = engine.testSeams.snapshots.written - snaps0;
  const nodePct = ((nodeCpu.user + nodeCpu.system) / 1e6 / RUN_SECONDS) * 100;
  const ffPct = ff1.reduce((s, c, i) => s + c - ff0[i]!, 0) / RUN_SECONDS * 100;
  const sum = (k: 'analysed' | 'detections' | 'modelRuns' | 'modelPixels') => s1.reduce((s, x, i) => s + x[k] - s0[i]![k], 0);
  const reasons = Object.keys(s1[0]!.reasons).map((k) => {
    const key = k as keyof (typeof s1)[number]['reasons'];
    return `${k} ${s1.reduce((s, x, i) => s + x.reasons[key] - s0[i]!.reasons[key], 0)}`;
  });
  const personRows = ids.map((id) => engine.events.list({ cameraIds: [id], kinds: ['person'], limit: 500 }).events);
  const personEvents = personRows.map((events) => events.length);
  // How long the closed person events lasted: a visitor cut in two by a lost track shows as short ones.
  const lasted = personRows.flat().flatMap((e) => (e.endMs === null ? [] : [(e.endMs - e.startMs) / 1000])).sort((a, b) => a - b);
  const motionEvents = ids.map((id) => engine.events.list({ cameraIds: [id], kinds: ['motion'], limit: 500 }).events.length);
  const counters = engine.testSeams.detector?.counters();
  const accelerator = counters?.accelerator?.running ?? 'none';
  const modelMs = counters?.inferenceMsMedian ?? null;
  await engine.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { nodePct, ffPct, analysed: sum('analysed'), passes: sum('detections'), runs: sum('modelRuns'), pixels: sum('modelPixels'), personEvents, lasted, motionEvents, accelerator, modelMs, reasons, snapshots, threads };
}

const rows: Record<string, string | number>[] = [];
const budgets: string[] = [];
for (const n of counts) {
  const decode = await decodeCpu(n);
  const runs = [{ what: 'defaults', p: await product(n) }];
  if (withFloor) runs.push({ what: 'motion only (floor)', p: await product(n, false) });
  for (const { what, p } of runs) {
    const total = p.nodePct + p.ffPct;
    rows.push({
      cameras: n,
      product: what,
      'decode %core': fmt(decode),
      'product %core': fmt(total),
      'node %core': fmt(p.nodePct),
      'ffmpeg %core': fmt(p.ffPct),
      '× decode': fmt(total / decode),
      'analysed frames': p.analysed,
      'passes / analysed': fmt(p.passes / Math.max(1, p.analysed)),
      'model runs / analysed': fmt(p.runs / Math.max(1, p.analysed)),
      // A model run costs about in proportion to its canvas: 416 × 416 (173 kpx) is what every run cost before crops.
      'model kpx / s / camera': fmt(p.pixels / 1000 / RUN_SECONDS / n),
      'person events / camera': p.personEvents.join(','),
      'closed person events: median s, under 3 s': p.lasted.length ? `${fmt(p.lasted[p.lasted.length >> 1]!)}, ${p.lasted.filter((d) => d < 3).length} of ${p.lasted.length}` : '-',
      'snapshots / s / camera': fmt(p.snapshots / RUN_SECONDS / n),
      'motion events / camera': p.motionEvents.join(','),
      accelerator: p.accelerator,
    });
  }
  console.log(`${n} cameras: regions asked for, by reason: ${runs[0]!.p.reasons.join(', ')}`);
  for (const { what, p } of runs) console.log(`${n} cameras, ${what}: node %core by thread: ${p.threads.join(', ')}`);
  const floor = runs[1]?.p;
  if (floor) {
    const defaults = runs[0]!.p;
    const added = defaults.nodePct + defaults.ffPct - (floor.nodePct + floor.ffPct);
    const left = 2 * decode - (floor.nodePct + floor.ffPct);
    // What one model run costs the whole product (CPU added over the floor, per run), against the model alone.
    const runsPerSecond = defaults.runs / RUN_SECONDS;
    const perRunMs = runsPerSecond > 0 ? ((added / 100) * 1000) / runsPerSecond : 0;
    budgets.push(
      `${n} cameras: detection and tracking add ${fmt(added)} % of a core (${fmt(added / n)} per camera); under the 2.0× target ` +
        `${fmt(left)} % is left for them (${fmt(left / n)} per camera)`,
      `${n} cameras: ${fmt(runsPerSecond / n)} model runs a second per camera; each costs the product ${fmt(perRunMs)} ms of CPU, ` +
        `the model itself ${defaults.modelMs === null ? 'n/a' : fmt(defaults.modelMs)} ms (median of a pass in the worker)`,
    );
  }
}
await camera.stop();
printTable(rows);
for (const line of budgets) console.log(line);
if (activeChecks !== undefined) console.log(`tracking.activeChecksPerSecond = ${activeChecks} on every camera`);
console.log(`${RUN_SECONDS} s per run. Targets: product at most 2.0× the plain decode of the same streams (5.1× before tracking); inferences per analysed frame far below 1 (0.98 before).`);
