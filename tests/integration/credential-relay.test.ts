// Issue 17, H1: no camera password in any process's arguments. Real GStreamer cameras that ask for a password
// (Digest on the main stream, Basic on the sub stream), the real engine, ffmpeg and ffprobe: the camera streams and
// records through the app's RTSP relay, a wrong password gives the same sentence as before, the wizard's test works,
// and all the while every descendant process of this test is read from /proc: none has the password in its command line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { NvrEngine } from '../../main/core/engine.ts';
import { createLogger } from '../../main/core/logging/logger.ts';
import { probeCamera } from '../../main/core/cameras/camera-probe.ts';
import { locateFfmpeg, locateFfprobe } from '../../main/core/capture/ffmpeg-locate.ts';
import { credentialRelay } from '../../main/core/capture/rtsp-credential-relay.ts';
import { probeStream } from '../../main/core/capture/stream-probe.ts';
import { loadOrCreateLanCertificate } from '../../main/service/lan-certificate.ts';
import { withCredentials } from '../../main/core/capture/stream-url.ts';
import { invokeRequest } from '../../preload/contract.ts';
import { courtyardPath, startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { decodeFile } from '../fixtures/media-check.ts';
import { watchDescendants, type SeenProcess } from '../fixtures/process-tree.ts';
import { waitFor } from '../fixtures/wait-for.ts';

const USER = 'caisse@shop';
const PASSWORD = 'Relay-p@ss:w/rd#?%&é "x"';
const SECRET_FORMS = [PASSWORD, encodeURIComponent(PASSWORD), `${USER}:${PASSWORD}`, `${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}`];
const RELAY_URL = /^rtsp:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{24}\/stream$/;
const tools = { ffmpegPath: locateFfmpeg({}).path, ffprobePath: locateFfprobe({}).path };

/** No process seen had the password (or the user:password pair) anywhere in its arguments. */
function expectNoSecretIn(seen: SeenProcess[]): void {
  for (const p of seen) {
    const line = p.args.join(' ');
    for (const form of SECRET_FORMS) expect(line, `process ${p.pid}: ${p.args[0]}`).not.toContain(form);
  }
}

const named = (seen: SeenProcess[], tool: string) => seen.filter((p) => path.basename(p.args[0] ?? '') === tool);
/** The value after each "-i" of a command line. */
const inputsOf = (p: SeenProcess) => p.args.flatMap((a, i) => (a === '-i' ? [p.args[i + 1] ?? ''] : []));

function rtspRequest(url: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) }, () => s.write(`OPTIONS ${url} RTSP/1.0\r\nCSeq: 1\r\n\r\n`));
    let got = '';
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(got));
  });
}

describe('camera credentials never in a command line (the RTSP relay)', () => {
  let dataDir: string;
  let main: RtspCamera;
  let sub: RtspCamera;
  let engine: NvrEngine;
  let logText = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-relay-'));
    [main, sub] = await Promise.all([
      startRtspCamera({ source: 'file:' + courtyardPath(), user: USER, password: PASSWORD, auth: 'digest' }),
      startRtspCamera({ source: 'pattern:ball', user: USER, password: PASSWORD, auth: 'basic' }),
    ]);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logText += chunk.toString();
        done();
      },
    });
    engine = await NvrEngine.start({
      dataDir,
      logger: createLogger({ level: 'debug', destination: sink }),
      modelPath: '/nonexistent/model.onnx',
      notificationSinks: [{ name: 'none', send: async () => undefined }],
    });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await Promise.all([main?.stop(), sub?.stop()]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams and records a camera with a password through the relay; no descendant process shows the password', async () => {
    const watch = watchDescendants();
    let seen: SeenProcess[] = [];
    try {
      const cam = await engine.cameras.add({ name: 'Till', mainUrl: main.url, subUrl: sub.url, username: USER, password: PASSWORD, recording: { mode: 'continuous' } });
      await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 20_000, 'streaming through the relay');
      await waitFor(() => (engine.cameras.status(cam.id)?.frames ?? 0) >= 20, 15_000, 'frames');
      expect([engine.cameras.status(cam.id)!.width, engine.cameras.status(cam.id)!.height]).toEqual([640, 360]); // the sub stream
      await waitFor(() => engine.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000).length >= 1, 40_000, 'a recorded segment');
      const seg = engine.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000)[0]!;
      const probe = execFileSync(tools.ffprobePath, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path.join(dataDir, seg.path)]);
      expect(probe.toString().trim()).toBe('768,576'); // the main stream, through its own relay connection
      const decoded = await decodeFile(path.join(dataDir, seg.path));
      expect(decoded.errors).toBe('');
      expect(decoded.frames).toBeGreaterThan(50);
    } finally {
      seen = watch.stop();
    }
    const ffmpegs = named(seen, 'ffmpeg');
    expect(ffmpegs.length).toBeGreaterThan(0);
    for (const p of ffmpegs) {
      const inputs = inputsOf(p);
      expect(inputs).toHaveLength(2);
      for (const input of inputs) expect(input).toMatch(RELAY_URL);
      expect(p.args[p.args.indexOf('-rtsp_transport') + 1]).toBe('tcp');
    }
    expect(named(seen, 'python3').length).toBeGreaterThanOrEqual(2); // the cameras themselves were in the tree too
    expectNoSecretIn(seen);
    for (const form of SECRET_FORMS.slice(0, 2)) expect(logText).not.toContain(form);
  }, 120_000);

  it('a wrong password gives the wrong-password sentence, as without the relay', async () => {
    const watch = watchDescendants();
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Back door', mainUrl: main.url, username: USER, password: 'Wrong-' + PASSWORD });
    try {
      await waitFor(() => engine.cameras.status(cam.id)?.state === 'failed', 15_000, 'the failed state');
      expect(engine.cameras.status(cam.id)!.reason).toMatch(/^Wrong username or password for Back door/);
    } finally {
      const seen = watch.stop();
      expect(named(seen, 'ffmpeg').length).toBeGreaterThan(0);
      expectNoSecretIn(seen);
      await invokeRequest(engine.api, 'cameras.remove', { id: cam.id });
    }
  }, 30_000);

  it("the wizard's test (ffprobe, and ffmpeg for the still) and the stream test go through the relay", async () => {
    const watch = watchDescendants();
    let seen: SeenProcess[];
    try {
      const result = await probeCamera({ source: { kind: 'url', mainUrl: main.url, subUrl: sub.url }, username: USER, password: PASSWORD, cameraId: null }, PASSWORD, {
        ...tools,
        timeoutMs: 20_000,
      });
      expect(result.ok).toBe(true);
      expect(result.main).toMatchObject({ codec: 'h264', width: 768, height: 576 });
      expect(result.sub).toMatchObject({ codec: 'h264', width: 640, height: 360 });
      expect(result.snapshot).not.toBeNull();
      const tested = await invokeRequest(engine.api, 'cameras.testStream', { url: main.url, username: USER, password: PASSWORD });
      expect(tested.ok).toBe(true);
      const wrong = await invokeRequest(engine.api, 'cameras.testStream', { url: main.url, username: USER, password: 'nope' });
      expect(wrong).toMatchObject({ ok: false, code: 'auth' });
    } finally {
      seen = watch.stop();
    }
    const probes = named(seen, 'ffprobe');
    expect(probes.length).toBeGreaterThanOrEqual(2);
    for (const p of [...probes, ...named(seen, 'ffmpeg')]) for (const input of inputsOf(p)) expect(input).toMatch(RELAY_URL);
    expectNoSecretIn(seen);
  }, 90_000);

  it('an rtsps:// camera (TLS to the camera) is relayed too', async () => {
    // The real camera behind a real TLS socket: what a camera with RTSP over TLS looks like from the network.
    const { key, cert } = await loadOrCreateLanCertificate(dataDir, ['127.0.0.1']);
    const open = new Set<net.Socket>();
    const front = tls.createServer({ key, cert }, (secure) => {
      const plain = net.connect({ host: '127.0.0.1', port: sub.port });
      open.add(secure).add(plain);
      secure.pipe(plain).pipe(secure);
      secure.on('error', () => plain.destroy());
      plain.on('error', () => secure.destroy());
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const port = (front.address() as net.AddressInfo).port;
    const watch = watchDescendants();
    try {
      const url = withCredentials(`rtsps://127.0.0.1:${port}/stream`, USER, PASSWORD);
      const result = await probeStream(url, { ffprobePath: tools.ffprobePath, timeoutMs: 15_000 });
      expect(result).toMatchObject({ ok: true, video: { codec: 'h264', width: 640, height: 360 } });
    } finally {
      const seen = watch.stop();
      expect(named(seen, 'ffprobe').flatMap(inputsOf)).toEqual([expect.stringMatching(RELAY_URL)]);
      expectNoSecretIn(seen);
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    }
  }, 30_000);

  it('a relay address is good for one connection; an unknown one gets 404', async () => {
    const relay = credentialRelay();
    await relay.start();
    const url = relay.issue(withCredentials(sub.url, USER, PASSWORD));
    expect(url).toMatch(RELAY_URL);
    const first = await rtspRequest(url);
    expect(first).toMatch(/^RTSP\/1\.0 200 /); // the relay logged in to the camera for it
    expect(first).not.toContain(PASSWORD);
    expect(await rtspRequest(url)).toMatch(/^RTSP\/1\.0 404 /);
    expect(await rtspRequest(url.replace(/\/[A-Za-z0-9_-]{24}\//, '/AAAAAAAAAAAAAAAAAAAAAAAA/'))).toMatch(/^RTSP\/1\.0 404 /);
    expect(logText).toContain('relay: a connection named an unknown or used address');
  }, 20_000);
});
