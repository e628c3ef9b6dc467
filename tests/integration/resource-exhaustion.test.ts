// Running out of file descriptors must never end the service (issue "Hardening", H4): before, 1,100 idle TCP
// connections under `ulimit -n 1024` and an ffmpeg restart crashed it (`TypeError … reading '3'` in the spawn: Node
// gives a child no stdio at all when EMFILE hits). Here the real service runs under a real `prlimit --nofile`, idle
// connections use up its descriptors, its camera's ffmpeg is killed, and the service must stay up, say why in the
// camera's state, and stream again once the connections are gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { connectToDataDir, type ApiConnection } from '../../main/service/ws-client.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const cliPath = path.join(repoRoot, 'out', 'main', 'cli.js');
const FD_LIMIT = 160;

const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

function childrenNamed(pid: number, name: string): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid), name], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).map(Number);
}

describe('the service out of file descriptors', () => {
  let dataDir: string;
  let camera: RtspCamera;
  let service: ChildProcess;
  let output = '';
  let port = 0;
  let nodePid = 0;
  const idle: net.Socket[] = [];

  beforeAll(async () => {
    if (!readdirSync(path.join(repoRoot, 'out', 'main')).includes('cli.js')) {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error('build failed: ' + r.stderr);
    }
    dataDir = tempDataDir('nvr-fds-');
    camera = await startRtspCamera({ source: 'pattern:ball' });
    service = spawn('prlimit', [`--nofile=${FD_LIMIT}:${FD_LIMIT}`, process.execPath, cliPath, 'serve', '--data-dir', dataDir, '--port', '0', '--no-open'], {
      cwd: repoRoot,
      env: { ...process.env, NVR_LOG_LEVEL: 'info', NVR_MODEL_PATH: '/nonexistent/model.onnx', NVR_NO_OPEN: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    service.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor(() => /Open http:\/\/127\.0\.0\.1:(\d+)\//.test(output), 30_000, 'the service printing its address');
    port = Number(/Open http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)![1]);
    // prlimit execs node in its own process: same pid.
    nodePid = service.pid!;
  }, 60_000);

  afterAll(async () => {
    for (const s of idle) s.destroy();
    if (service && service.exitCode === null) {
      const exited = new Promise((r) => service.once('exit', r));
      service.kill('SIGTERM');
      await exited;
    }
    await camera?.stop();
  });

  it('stays up, says why the camera cannot start, and streams again when descriptors are free', async () => {
    const limits = readFileSync(`/proc/${nodePid}/limits`, 'utf8');
    expect(limits).toMatch(new RegExp(`Max open files\\s+${FD_LIMIT}\\s+${FD_LIMIT}`));

    let conn: ApiConnection | null = await connectToDataDir(dataDir);
    const cam = await conn.api['cameras.add']({ name: 'Till', mainUrl: camera.url });
    const state = async () => (await conn!.api['cameras.list']({})).find((c) => c.id === cam.id)!.status;
    await waitFor(async () => (await state()).state === 'streaming', 20_000, 'the camera streaming');
    await conn.close();
    conn = null;

    // Idle connections until the service has no descriptor left (its accept fails: it has hit the limit).
    for (let i = 0; i < FD_LIMIT + 40 && openFds(nodePid) < FD_LIMIT - 1; i++) {
      const s = net.connect({ host: '127.0.0.1', port });
      s.on('error', () => undefined);
      idle.push(s);
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => openFds(nodePid) >= FD_LIMIT - 1, 10_000, 'the service at its descriptor limit');

    // The camera's ffmpeg goes away; the supervisor's restart now cannot create its pipes.
    const [ffmpeg] = childrenNamed(nodePid, 'ffmpeg');
    expect(ffmpeg).toBeGreaterThan(0);
    process.kill(ffmpeg!, 'SIGKILL');
    await waitFor(() => /out of resources/.test(output), 20_000, 'a failed ffmpeg start logged');
    expect(service.exitCode).toBeNull();
    expect(service.signalCode).toBeNull();
    expect(output).not.toMatch(/TypeError|uncaught/i);

    for (const s of idle.splice(0)) s.destroy();
    await waitFor(() => openFds(nodePid) < FD_LIMIT - 20, 10_000, 'descriptors released');
    conn = await connectToDataDir(dataDir);
    await waitFor(async () => (await state()).state === 'streaming', 40_000, 'the camera streaming again');
    await conn.close();
    expect(service.exitCode).toBeNull();
  }, 120_000);
});
