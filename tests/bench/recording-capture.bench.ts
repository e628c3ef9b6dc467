// npm run bench -- recording-capture. What recording costs: N cameras of courtyard.mp4 over RTSP (GStreamer), each with its own capture supervisor and
// ffmpeg, analysed at 5 fps. Two configurations, alternated in the same run (rounds × each):
//   analysis only                       — the baseline: what watching a camera costs without recording
//   analysis + 10 s segments + live fMP4 — the same ffmpeg also copies the stream into segments (moved and indexed in
//                                          a real SQLite file as they close) and into the live hub
// CPU is ffmpeg's (from /proc) plus Node's (process.cpuUsage), in % of one core; the figure that matters is the
// difference per camera (target: recording adds under 1 % of a core per camera).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaptureSupervisor } from '../../main/core/capture/capture-supervisor.ts';
import { SegmentWriter } from '../../main/core/recording/segment-writer.ts';
import { SegmentRepository } from '../../main/core/storage/segment-repository.ts';
import { closeDatabase, openDatabase } from '../../main/core/storage/database.ts';
import { locateFfmpeg, locateFfprobe } from '../../main/core/capture/ffmpeg-locate.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { startRtspCamera, courtyardPath } from '../fixtures/rtsp-camera.ts';
import { childPids, fmt, median, printTable, processCpuSeconds } from './bench-stats.ts';

const RUN_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const N = Number(process.env.BENCH_CAMERAS ?? 4);
const WARMUP_MS = 4000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
const ffmpegPath = locateFfmpeg({}).path;
const ffprobePath = locateFfprobe({}).path;
const logger = silentLogger();

interface Measure {
  ffmpegPct: number;
  nodePct: number;
  segments: number;
  liveBytes: number;
}

async function measure(record: boolean): Promise<Measure> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-recbench-'));
  const db = openDatabase(path.join(dataDir, 'nvr.sqlite'), { logger });
  const segments = new SegmentRepository(db);
  const writers: SegmentWriter[] = [];
  const sups: CaptureSupervisor[] = [];
  for (let i = 0; i < N; i++) {
    const writer = record
      ? new SegmentWriter({
          cameraId: `cam${i}`,
          dataRoot: dataDir,
          recordingsRoot: path.join(dataDir, 'recordings'),
          segments,
          ffprobePath,
          logger,
        })
      : null;
    if (writer) writers.push(writer);
    const sup: CaptureSupervisor = new CaptureSupervisor({
      cameraId: `cam${i}`,
      cameraName: `Cam ${i + 1}`,
      url: camera.url,
      demo: false,
      secrets: [],
      ffmpegPath,
      fps: 5,
      maxWidth: 640,
      logger,
      onFrame: (f) => sup.releaseFrame(f.buffer),
      onState: () => undefined,
      live: record,
      recording: writer,
    });
    sups.push(sup);
    sup.start();
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !sups.every((s) => s.current.state === 'streaming')) await sleep(200);
  await sleep(WARMUP_MS);
  const pids = childPids(process.pid, 'ffmpeg');
  const c0 = pids.map(processCpuSeconds);
  const n0 = process.cpuUsage();
  const live0 = sups.reduce((s, x) => s + (x.live('sub')?.hub.stats.bytes ?? 0), 0);
  await sleep(RUN_SECONDS * 1000);
  const n1 = process.cpuUsage(n0);
  const c1 = pids.map(processCpuSeconds);
  const live1 = sups.reduce((s, x) => s + (x.live('sub')?.hub.stats.bytes ?? 0), 0);
  await Promise.all(sups.map((s) => s.stop()));
  await Promise.all(writers.map((w) => w.idle()));
  const count = writers.reduce((s, w) => s + w.stats.segments, 0);
  closeDatabase(db);
  rmSync(dataDir, { recursive: true, force: true });
  const ffmpegPct = (c1.reduce((s, c, i) => s + (c - c0[i]!), 0) / RUN_SECONDS) * 100;
  const nodePct = ((n1.user + n1.system) / 1e6 / RUN_SECONDS) * 100;
  return { ffmpegPct, nodePct, segments: count, liveBytes: live1 - live0 };
}

const base: Measure[] = [];
const rec: Measure[] = [];
for (let r = 0; r < ROUNDS; r++) {
  base.push(await measure(false));
  rec.push(await measure(true));
}
await camera.stop();

const perCam = (ms: Measure[], f: (m: Measure) => number) => median(ms.map(f)) / N;
const rows = [
  {
    config: 'analysis only (baseline)',
    'ffmpeg %/cam': fmt(perCam(base, (m) => m.ffmpegPct)),
    'node %/cam': fmt(perCam(base, (m) => m.nodePct)),
    'total %/cam': fmt(perCam(base, (m) => m.ffmpegPct + m.nodePct)),
    segments: '-',
  },
  {
    config: 'analysis + segments + live',
    'ffmpeg %/cam': fmt(perCam(rec, (m) => m.ffmpegPct)),
    'node %/cam': fmt(perCam(rec, (m) => m.nodePct)),
    'total %/cam': fmt(perCam(rec, (m) => m.ffmpegPct + m.nodePct)),
    segments: String(median(rec.map((m) => m.segments))),
  },
];
console.log(`${N} cameras, ${ROUNDS} rounds of ${RUN_SECONDS} s each configuration, medians; % of one core per camera`);
printTable(rows);
const added = perCam(rec, (m) => m.ffmpegPct + m.nodePct) - perCam(base, (m) => m.ffmpegPct + m.nodePct);
const ratio = perCam(rec, (m) => m.ffmpegPct + m.nodePct) / perCam(base, (m) => m.ffmpegPct + m.nodePct);
console.log(
  `recording + live adds ${fmt(added)} % of a core per camera (${fmt(ratio, 3)}× the analysis-only path); live bytes per camera ` +
    `${fmt(median(rec.map((m) => m.liveBytes)) / N / RUN_SECONDS / 1024, 0)} KiB/s; target < 1 %`,
);
