// Camera tests against addresses that are not cameras, and many camera tests at once (issue "Hardening": M1 and the
// non-camera endpoint). Real ffprobe, a real GStreamer camera, real TCP servers speaking HTTP and SSH, a real engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { probeStream } from '../../main/core/capture/stream-probe.ts';
import { createLogger } from '../../main/core/logging/logger.ts';
import { probeCamera } from '../../main/core/cameras/camera-probe.ts';
import { protocolOf, rtspHandshake } from '../../main/core/capture/rtsp-handshake.ts';
import { locateFfmpeg, locateFfprobe } from '../../main/core/capture/ffmpeg-locate.ts';
import type { NvrEngine } from '../../main/core/engine.ts';
import { invokeRequest } from '../../preload/contract.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

const ffprobePath = locateFfprobe({}).path;

/** Processes of this test's own process named `name` (its children, from /proc). */
function childProcessesNamed(name: string): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (comm === name && ppid === process.pid) n++;
    } catch {
      // the process ended meanwhile
    }
  }
  return n;
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('an address that answers, but is not a camera', () => {
  let web: http.Server;
  let ssh: net.Server;
  let silent: net.Server;
  const held: net.Socket[] = [];
  let ports: { web: number; ssh: number; silent: number };
  let camera: RtspCamera;

  beforeAll(async () => {
    web = http.createServer((_req, res) => res.end('<html>router login</html>'));
    web.on('connection', (s) => void held.push(s));
    ssh = net.createServer((s) => {
      held.push(s);
      s.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
    });
    // A hung camera: the connection is accepted, nothing ever comes back.
    silent = net.createServer((s) => void held.push(s));
    ports = { web: await listen(web), ssh: await listen(ssh), silent: await listen(silent) };
    camera = await startRtspCamera({ source: 'pattern:ball' });
  }, 60_000);

  afterAll(async () => {
    for (const s of held) s.destroy();
    await Promise.all([web, ssh, silent].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    await camera?.stop();
  });

  it('names the protocol of the usual wrong ports from the first bytes', () => {
    expect(protocolOf(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toBe('HTTP (a web page)');
    expect(protocolOf(Buffer.from('SSH-2.0-OpenSSH\r\n'))).toBe('SSH');
    expect(protocolOf(Buffer.from('220 ftp.example.com ready\r\n'))).toBe('FTP or e-mail');
    expect(protocolOf(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02]))).toBe('TLS');
    expect(protocolOf(Buffer.from('\x00\x01binary'))).toBeNull();
  });

  it('the RTSP handshake tells a camera, a web server, an SSH port, a hung server and a closed port apart', async () => {
    expect(await rtspHandshake(camera.url, 2000)).toEqual({ kind: 'rtsp' });
    expect(await rtspHandshake(`rtsp://127.0.0.1:${ports.web}/stream1`, 2000)).toEqual({ kind: 'other', protocol: 'HTTP (a web page)' });
    expect(await rtspHandshake(`rtsp://127.0.0.1:${ports.ssh}/`, 2000)).toEqual({ kind: 'other', protocol: 'SSH' });
    expect(await rtspHandshake(`rtsp://127.0.0.1:${ports.silent}/`, 500)).toEqual({ kind: 'silent' });
    const closed = net.createServer();
    const port = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await rtspHandshake(`rtsp://127.0.0.1:${port}/`, 1000)).toEqual({ kind: 'unreachable', code: 'ECONNREFUSED' });
  });

  it('the camera test says the address is no camera stream, naming what answered, instead of "check that it is powered"', async () => {
    const atWeb = await probeStream(`rtsp://127.0.0.1:${ports.web}/stream1`, { ffprobePath, timeoutMs: 10_000 });
    expect(atWeb).toEqual({
      ok: false,
      code: 'not-camera',
      message: 'The address answered, but it is not a camera stream (it speaks HTTP (a web page), not RTSP): check the address and the port (RTSP is usually 554).',
    });
    const atSsh = await probeStream(`rtsp://user:secret@127.0.0.1:${ports.ssh}/`, { ffprobePath, timeoutMs: 10_000 });
    expect(atSsh).toMatchObject({ ok: false, code: 'not-camera' });
    expect(atSsh.ok === false && atSsh.message).toMatch(/it speaks SSH, not RTSP/);
    expect(JSON.stringify(atSsh)).not.toContain('secret');
  }, 30_000);

  it("the wizard's camera test tries a stream that did not start in time once more (a busy camera), within its budget", async () => {
    // A camera that answers RTSP (OPTIONS) but never starts its stream (DESCRIBE gets no answer): a busy camera.
    let connections = 0;
    const stalling = net.createServer((sock) => {
      connections++;
      held.push(sock);
      sock.on('data', (d: Buffer) => {
        const text = d.toString('latin1');
        const cseq = /CSeq:\s*(\d+)/i.exec(text)?.[1] ?? '1';
        if (text.startsWith('OPTIONS')) sock.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n`);
      });
    });
    const port = await listen(stalling);
    try {
      const t0 = Date.now();
      const result = await probeCamera(
        { source: { kind: 'url', mainUrl: `rtsp://127.0.0.1:${port}/stream1` }, username: null, password: null, cameraId: null },
        null,
        { ffprobePath, ffmpegPath: locateFfmpeg({}).path, timeoutMs: 3000, totalMs: 20_000 },
      );
      expect(result).toMatchObject({ ok: false, code: 'timeout' });
      // Each try: ffprobe's connection and the RTSP check that tells a busy camera from a hung one.
      expect(connections).toBe(4);
      expect(Date.now() - t0).toBeLessThan(20_000);
    } finally {
      await new Promise<void>((resolve) => stalling.close(() => resolve()));
    }
  }, 30_000);

  it('a test cut off at its limit says so in the log, with what ffprobe last said', async () => {
    // A camera that answers OPTIONS and then sends its DESCRIBE answer one byte at a time: never silent long enough
    // for ffprobe's own network timeout, never done within the test's limit.
    const trickling = net.createServer((sock) => {
      held.push(sock);
      sock.on('error', () => undefined); // ffprobe is killed: its connection is reset
      sock.on('data', (d: Buffer) => {
        const text = d.toString('latin1');
        const cseq = /CSeq:\s*(\d+)/i.exec(text)?.[1] ?? '1';
        if (text.startsWith('OPTIONS')) sock.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n`);
        if (text.startsWith('DESCRIBE')) {
          const answer = `RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nX-Padding: ${'x'.repeat(200)}`;
          let i = 0;
          const t = setInterval(() => (i < answer.length && !sock.destroyed ? sock.write(answer[i++]!) : clearInterval(t)), 300);
          sock.on('close', () => clearInterval(t));
        }
      });
    });
    const port = await listen(trickling);
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'warn', destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } });
    try {
      const result = await probeStream(`rtsp://127.0.0.1:${port}/stream1`, { ffprobePath, timeoutMs: 4000, logger });
      expect(result.ok).toBe(false);
      const cut = lines.filter((l) => l['msg'] === 'camera test cut off: ffprobe had not described the stream in time');
      expect(cut).toHaveLength(1);
      expect(cut[0]!['elapsedMs']).toBeGreaterThanOrEqual(4000);
      expect(cut[0]).toHaveProperty('ffprobe');
    } finally {
      await new Promise<void>((resolve) => trickling.close(() => resolve()));
    }
  }, 30_000);

  it('a camera that accepts the connection and then hangs is told to be restarted', async () => {
    const hung = await probeStream(`rtsp://127.0.0.1:${ports.silent}/stream1`, { ffprobePath, timeoutMs: 4000 });
    expect(hung).toEqual({
      ok: false,
      code: 'hung',
      message: 'The camera accepts connections but does not answer: it may be hung. Restart it (unplug its power for 10 seconds), then test again.',
    });
  }, 30_000);
});

describe('60 camera tests at once', () => {
  let dataDir: string;
  let recorded: RtspCamera;
  let clipServer: http.Server;
  let clipUrl: string;
  let engine: NvrEngine;

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-probe-limit-');
    recorded = await startRtspCamera({ source: 'file:' + courtyardPath() });
    // What the 60 tests read: a real H.264 stream over HTTP (the GStreamer fixture does not bear 60 clients in a row).
    const clip = path.join(dataDir, 'clip.mp4');
    execFileSync(locateFfmpeg({}).path, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=10', '-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', clip]);
    const bytes = readFileSync(clip);
    clipServer = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': bytes.length }).end(bytes));
    clipUrl = `http://127.0.0.1:${await listen(clipServer)}/camera.mp4`;
    engine = await startTestEngine({ dataDir });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await recorded?.stop();
    clipServer?.closeAllConnections();
    await new Promise<void>((resolve) => (clipServer ? clipServer.close(() => resolve()) : resolve()));
  });

  it('run a few at a time: every one answers, health keeps answering, and the recording camera is never restarted', async () => {
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Till', mainUrl: recorded.url });
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 15_000, 'the camera streaming');
    await invokeRequest(engine.api, 'health.get', {}); // the first call measures the data folder; later ones are cached
    const before = engine.cameras.status(cam.id)!.reconnects;

    const latencies: number[] = [];
    let mostProbesAtOnce = 0;
    let probing = true;
    const sampler = (async () => {
      while (probing) {
        const t0 = performance.now();
        await invokeRequest(engine.api, 'health.get', {});
        latencies.push(performance.now() - t0);
        mostProbesAtOnce = Math.max(mostProbesAtOnce, childProcessesNamed('ffprobe'));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const results = await Promise.all(Array.from({ length: 60 }, () => invokeRequest(engine.api, 'cameras.testStream', { url: clipUrl })));
    probing = false;
    await sampler;

    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results).toHaveLength(60);
    expect(engine.cameras.status(cam.id)).toMatchObject({ state: 'streaming', reconnects: before });
    // The cap, seen in the real processes: never more than a few ffprobes at once (at most 4; 2 on a 2-core machine).
    expect(mostProbesAtOnce).toBeGreaterThan(0);
    expect(mostProbesAtOnce).toBeLessThanOrEqual(Math.max(2, Math.min(4, os.availableParallelism())));
    // Before the cap the service froze for 19–23 s. The 100 ms figure is the benchmark's (noisy shared machines):
    // here, no answer may take a second.
    latencies.sort((a, b) => a - b);
    expect(latencies.length).toBeGreaterThan(3);
    expect(latencies.at(-1)!).toBeLessThan(1000);
  }, 120_000);
});
