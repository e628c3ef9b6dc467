// npm run bench -- credential-relay. What the RTSP credential relay costs (issue 17, H1): N ffmpeg readers of a
// password-protected camera (courtyard.mp4 over GStreamer RTSP, Digest), each copying the stream to nowhere
// (`-c copy -f null`, so that ffmpeg's own work is small and the relay's share shows), in two configurations
// alternated in the same run:
//   direct  — ffmpeg gets rtsp://user:password@camera/… (as before the relay): this Node process does nothing
//   relayed — ffmpeg gets a one-time rtsp://127.0.0.1:PORT/TOKEN/… and this process relays every byte
// CPU: ffmpeg's (from /proc) and this process's (process.cpuUsage), in % of one core, per camera; medians of rounds.
import { spawn, type ChildProcess } from 'node:child_process';
import { locateFfmpeg } from '../../main/core/capture/ffmpeg-locate.ts';
import { childStreamUrl } from '../../main/core/capture/rtsp-credential-relay.ts';
import { withCredentials } from '../../main/core/capture/stream-url.ts';
import { startRtspCamera, courtyardPath } from '../fixtures/rtsp-camera.ts';
import { fmt, median, printTable, processCpuSeconds } from './bench-stats.ts';

const RUN_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const N = Number(process.env.BENCH_CAMERAS ?? 4);
const WARMUP_MS = 3000;
const USER = 'bench';
const PASSWORD = 'Bench-p@ss:w/rd';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const camera = await startRtspCamera({ source: 'file:' + courtyardPath(), user: USER, password: PASSWORD, auth: 'digest' });
const ffmpegPath = locateFfmpeg({}).path;
const cameraUrl = withCredentials(camera.url, USER, PASSWORD);

interface Measure {
  ffmpegPct: number;
  nodePct: number;
}

async function run(relayed: boolean): Promise<Measure> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < N; i++) {
    const input = relayed ? await childStreamUrl(cameraUrl) : cameraUrl;
    const child = spawn(ffmpegPath, ['-nostdin', '-hide_banner', '-loglevel', 'fatal', '-rtsp_transport', 'tcp', '-i', input, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
    children.push(child);
  }
  await sleep(WARMUP_MS);
  const cpu0 = children.map((c) => processCpuSeconds(c.pid!));
  const n0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(RUN_SECONDS * 1000);
  const seconds = (performance.now() - t0) / 1000;
  const n1 = process.cpuUsage(n0);
  const cpu1 = children.map((c) => processCpuSeconds(c.pid!));
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))));
  const ffmpegCpu = cpu1.reduce((s, v, i) => s + (v - cpu0[i]!), 0);
  return { ffmpegPct: (100 * ffmpegCpu) / seconds, nodePct: (100 * (n1.user + n1.system)) / 1e6 / seconds };
}

const direct: Measure[] = [];
const relayed: Measure[] = [];
for (let r = 0; r < ROUNDS; r++) {
  direct.push(await run(false));
  relayed.push(await run(true));
}
await camera.stop();

const perCam = (ms: Measure[], f: (m: Measure) => number) => median(ms.map(f)) / N;
printTable([
  { path: 'direct (password on the command line)', 'ffmpeg %/cam': fmt(perCam(direct, (m) => m.ffmpegPct)), 'node %/cam': fmt(perCam(direct, (m) => m.nodePct)) },
  { path: 'through the relay', 'ffmpeg %/cam': fmt(perCam(relayed, (m) => m.ffmpegPct)), 'node %/cam': fmt(perCam(relayed, (m) => m.nodePct)) },
]);
const added = perCam(relayed, (m) => m.ffmpegPct + m.nodePct) - perCam(direct, (m) => m.ffmpegPct + m.nodePct);
console.log(`the relay adds ${fmt(added)} % of a core per camera (courtyard.mp4, 768x576 H.264 10 fps; ${N} cameras, ${ROUNDS} rounds of ${RUN_SECONDS} s)`);
process.exit(0);
