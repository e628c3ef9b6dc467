// The capture supervisor against a real GStreamer RTSP camera and real ffmpeg, under the faults a shop's cameras
// really have: a wrong password, a camera that dies and comes back, a camera that hangs, an address that is no camera.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { CaptureSupervisor, type CaptureState } from '../../main/core/capture/capture-supervisor.ts';
import { locateFfmpeg } from '../../main/core/capture/ffmpeg-locate.ts';
import { withCredentials } from '../../main/core/capture/stream-url.ts';
import { createLogger, silentLogger, type Logger } from '../../main/core/logging/logger.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';

const ffmpegPath = locateFfmpeg({}).path;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function supervise(name: string, url: string, secrets: string[] = [], ffmpeg = ffmpegPath, logger: Logger = silentLogger()) {
  const states: CaptureState[] = [];
  let frames = 0;
  let size = '';
  const sup: CaptureSupervisor = new CaptureSupervisor({
    cameraId: 'cam-1',
    cameraName: name,
    url,
    demo: false,
    secrets,
    ffmpegPath: ffmpeg,
    fps: 5,
    maxWidth: 640,
    logger,
    onFrame: (f) => {
      frames++;
      size = `${f.width}x${f.height}`;
      sup.releaseFrame(f.buffer);
    },
    onState: (s) => states.push(s),
  });
  cleanups.push(() => sup.stop());
  sup.start();
  return { sup, states, frames: () => frames, size: () => size, state: () => sup.current.state };
}

async function camera(opts: Parameters<typeof startRtspCamera>[0]): Promise<RtspCamera> {
  const cam = await startRtspCamera(opts);
  cleanups.push(async () => {
    cam.thaw();
    await cam.stop();
  });
  return cam;
}

describe('capture under faults', () => {
  it('streams courtyard.mp4 at 640x480 within 5 s', async () => {
    const cam = await camera({ source: 'file:' + courtyardPath() });
    const t0 = Date.now();
    const c = supervise('Courtyard', cam.url);
    await waitFor(() => c.state() === 'streaming', 5000, 'streaming');
    expect(Date.now() - t0).toBeLessThan(5000);
    await waitFor(() => c.frames() >= 10, 5000, 'ten frames');
    expect(c.size()).toBe('640x480');
    expect(c.states[0]!.state).toBe('starting');
    await waitFor(() => c.sup.counters().fps > 3 && c.sup.counters().fps < 7, 8000, 'about 5 frames a second');
    expect(c.sup.counters().dropped).toBeLessThanOrEqual(2);
  }, 20_000);

  it('a file camera plays its clip in a loop for ever (a 3 s clip, watched through four laps)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nvr-loop-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const clip = path.join(dir, 'clip.mp4');
    execFileSync(ffmpegPath, ['-nostdin', '-v', 'error', '-i', courtyardPath(), '-t', '3', '-c', 'copy', clip]);
    const cam = await camera({ source: 'file:' + clip });
    const c = supervise('Loop', cam.url);
    await waitFor(() => c.state() === 'streaming', 5000, 'streaming');
    const from = c.frames();
    await new Promise((r) => setTimeout(r, 12_000));
    // 5 frames a second for 12 s is 60 frames; a clip that ended after its first lap would give at most 15.
    expect(c.frames() - from).toBeGreaterThan(45);
    expect(c.state()).toBe('streaming');
    expect(c.sup.counters().reconnects).toBe(0);
  }, 30_000);

  it('an ffmpeg that cannot be run fails at once with a reason, without retrying', async () => {
    const c = supervise('Porch', 'rtsp://127.0.0.1:9/stream', [], '/nonexistent/bin/ffmpeg');
    await waitFor(() => c.state() === 'failed', 5000, 'failed');
    expect(c.sup.current.reason).toMatch(/ffmpeg could not be started .*Settings/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(c.sup.attempts).toBe(1);
    expect(c.sup.pid).toBeNull();
  });

  it('a password with @ : / # % ? works, and neither it nor its encoded form is ever logged', async () => {
    const password = 'p@ss:w/rd#%?';
    const wrong = 'n0t:it@#%';
    const cam = await camera({ source: 'pattern:ball', user: 'admin', password });
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    const good = supervise('Office', withCredentials(cam.url, 'admin', password), [password], ffmpegPath, logger);
    const bad = supervise('Office 2', withCredentials(cam.url, 'admin', wrong), [wrong], ffmpegPath, logger);
    await waitFor(() => good.state() === 'streaming' && bad.state() === 'failed', 10_000, 'one streaming, one failed');
    await good.sup.stop();
    await bad.sup.stop();
    const text = lines.join('');
    expect(text).toContain('camera stream ended'); // the failure was logged, with ffmpeg's words
    expect(text).toContain('401 Unauthorized');
    for (const secret of [password, wrong]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
    expect(bad.sup.counters().lastError ?? '').not.toContain(encodeURIComponent(wrong));
  }, 30_000);

  it('a wrong password fails with the right message and does not retry in a storm', async () => {
    const cam = await camera({ source: 'pattern:ball', user: 'admin', password: 'right' });
    const c = supervise('Front door', withCredentials(cam.url, 'admin', 'wrong-pw'), ['wrong-pw']);
    await waitFor(() => c.state() === 'failed', 10_000, 'failed');
    expect(c.sup.current.reason).toMatch(/^Wrong username or password for Front door/);
    expect(c.sup.counters().lastError ?? '').not.toContain('wrong-pw');
    await new Promise((r) => setTimeout(r, 20_000));
    expect(c.sup.attempts).toBeLessThanOrEqual(2);
    expect(c.state()).toBe('failed');
  }, 40_000);

  it('a camera that dies is reconnecting, and streams again within 10 s of coming back', async () => {
    const cam = await camera({ source: 'pattern:ball' });
    const c = supervise('Till', cam.url);
    await waitFor(() => c.state() === 'streaming', 10_000, 'streaming');
    await cam.kill();
    await waitFor(() => c.state() === 'reconnecting', 15_000, 'reconnecting');
    expect(c.sup.current.reason).toMatch(/Till/);
    await new Promise((r) => setTimeout(r, 3000)); // stays away a while
    await cam.restart();
    const back = Date.now();
    await waitFor(() => c.state() === 'streaming', 10_000, 'streaming again');
    expect(Date.now() - back).toBeLessThan(10_000);
    expect(c.sup.counters().reconnects).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('a camera that hangs (SIGSTOP) is noticed within 15 s', async () => {
    const cam = await camera({ source: 'pattern:ball' });
    const c = supervise('Stockroom', cam.url);
    await waitFor(() => c.state() === 'streaming', 10_000, 'streaming');
    cam.freeze();
    const frozenAt = Date.now();
    await waitFor(() => c.state() !== 'streaming', 15_000, 'the hang noticed');
    expect(Date.now() - frozenAt).toBeLessThan(15_000);
    expect(c.sup.current.reason).toMatch(/Stockroom/);
    cam.thaw();
    await waitFor(() => c.state() === 'streaming', 15_000, 'streaming after the thaw');
  }, 50_000);

  it('an address that is no camera gives a clear reason', async () => {
    const server = http.createServer((_req, res) => res.end('<html>router login</html>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const web = supervise('Web page', `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const closed = supervise('Closed port', 'rtsp://127.0.0.1:9/stream');
    const wrongPath = await camera({ source: 'pattern:ball' });
    const lost = supervise('Wrong path', wrongPath.url.replace('/stream', '/nothing-here'));
    await waitFor(() => [web, closed, lost].every((c) => c.sup.current.reason !== null), 15_000, 'reasons');
    expect(web.sup.current.reason).toMatch(/not a video stream/);
    expect(closed.sup.current.reason).toMatch(/refused the connection/);
    expect(lost.sup.current.reason).toMatch(/stream path was not found/);
    for (const c of [web, closed, lost]) expect(c.state()).toBe('reconnecting');
  }, 30_000);
});
