// A running camera whose stream changes under it, with real parts (GStreamer RTSP cameras, real ffmpeg, the engine):
// its owner changes its resolution (issue 17, M5), it is a slow 1 fps camera (issue 17, low item: analysed as it is,
// no frames made up), or its address stops being a camera (a web server answers there now).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { CaptureSupervisor } from '../../main/core/capture/capture-supervisor.ts';
import { locateFfmpeg, locateFfprobe } from '../../main/core/capture/ffmpeg-locate.ts';

const quiet = { name: 'none', send: async () => undefined };
const ffprobe = locateFfprobe({ ffmpegPath: locateFfmpeg({}).path }).path;

function videoSize(file: string): string {
  return execFileSync(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0:s=x', file], { encoding: 'utf8' }).trim();
}

function segments(dataDir: string): Array<{ startMs: number; path: string }> {
  const db = new Database(path.join(dataDir, 'nvr.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT start_ms AS startMs, path FROM segments ORDER BY start_ms').all() as Array<{ startMs: number; path: string }>;
  } finally {
    db.close();
  }
}

describe('a running camera whose stream changes', () => {
  const cameras: RtspCamera[] = [];
  const dirs: string[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  let engine: NvrEngine | null = null;

  afterEach(async () => {
    await engine?.stop();
    engine = null;
    for (const c of cleanups.splice(0).reverse()) await c();
    for (const c of cameras.splice(0)) await c.stop();
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function startEngine(): Promise<{ e: NvrEngine; dataDir: string }> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-streamchange-'));
    dirs.push(dataDir);
    engine = await NvrEngine.start({ dataDir, logger: silentLogger(), modelPath: '/nonexistent/model.onnx', notificationSinks: [quiet] });
    return { e: engine, dataDir };
  }

  it('a resolution change mid-stream restarts ffmpeg: status, live view and the new segments carry the new size', async () => {
    const cam = await startRtspCamera({ source: 'pattern:resize' }); // 768×576, then 1280×720 8 s in
    cameras.push(cam);
    const { e, dataDir } = await startEngine();
    const c = await e.cameras.add({ name: 'Till', mainUrl: cam.url, recording: { mode: 'continuous' }, analysis: { maxWidth: 1280 } });
    await waitFor(() => e.cameras.status(c.id)?.state === 'streaming', 20_000, 'streaming');
    expect(e.cameras.status(c.id)).toMatchObject({ width: 768, height: 576 });
    expect(await e.media.liveInfo(c.id, 'sub')).toMatchObject({ width: 768, height: 576 });
    const before = e.cameras.status(c.id)!.reconnects;

    await waitFor(() => e.cameras.status(c.id)?.width === 1280, 25_000, 'the status showing the new size');
    const changedAt = Date.now();
    expect(e.cameras.status(c.id)).toMatchObject({ width: 1280, height: 720, state: 'streaming' });
    // Restarted as a planned restart: no reconnect counted, no error shown.
    expect(e.cameras.status(c.id)!.reconnects).toBe(before);
    await waitFor(async () => (await e.media.liveInfo(c.id, 'sub')).width === 1280, 10_000, 'the live view at the new size');
    expect(await e.media.liveInfo(c.id, 'sub')).toMatchObject({ width: 1280, height: 720 });

    // Segments: the first ones in the old size; one begun after the change has the new size in its MP4 header.
    await waitFor(() => segments(dataDir).some((s) => s.startMs >= changedAt - 2000), 40_000, 'a segment recorded after the change');
    const all = segments(dataDir);
    expect(videoSize(path.join(dataDir, all[0]!.path))).toBe('768x576');
    const after = all.filter((s) => s.startMs >= changedAt - 2000);
    for (const s of after) expect(videoSize(path.join(dataDir, s.path))).toBe('1280x720');
  }, 120_000);

  it('a 1 fps camera is analysed at 1 fps: no frames made up, none dropped', async () => {
    const cam = await startRtspCamera({ source: 'pattern:1fps' });
    cameras.push(cam);
    const { e } = await startEngine();
    const c = await e.cameras.add({ name: 'Yard', mainUrl: cam.url, analysis: { fps: 5 } });
    await waitFor(() => e.cameras.status(c.id)?.state === 'streaming', 20_000, 'streaming');
    // Past the start (the motion worker is made at the first picture: a frame or two can wait on it and be replaced).
    await new Promise((r) => setTimeout(r, 5000));
    const warm = e.cameras.status(c.id)!;
    await new Promise((r) => setTimeout(r, 12_000));
    const s = e.cameras.status(c.id)!;
    expect(s.state).toBe('streaming');
    expect(s.fps).toBeGreaterThanOrEqual(0.7);
    expect(s.fps).toBeLessThanOrEqual(1.3);
    expect(s.droppedFrames - warm.droppedFrames, `dropped at the start: ${warm.droppedFrames}`).toBe(0);
    expect(warm.droppedFrames).toBeLessThanOrEqual(2);
    // About one frame a second (with duplicates up to 5 fps it was five a second, and frames dropped all along).
    expect(s.frames - warm.frames).toBeGreaterThanOrEqual(10);
    expect(s.frames - warm.frames).toBeLessThanOrEqual(14);
  }, 60_000);

  it('a camera whose address starts answering as a web server says it is no camera, not "cannot be reached"', async () => {
    const cam = await startRtspCamera({ source: 'pattern:ball' });
    cameras.push(cam);
    const states: string[] = [];
    const sup = new CaptureSupervisor({
      cameraId: 'cam-web',
      cameraName: 'Back door',
      url: cam.url,
      demo: false,
      secrets: [],
      ffmpegPath: locateFfmpeg({}).path,
      fps: 5,
      maxWidth: 320,
      logger: silentLogger(),
      onFrame: (f) => sup.releaseFrame(f.buffer),
      onState: (s) => void states.push(`${s.state}: ${s.reason ?? ''}`),
    });
    cleanups.push(() => sup.stop());
    sup.start();
    await waitFor(() => sup.current.state === 'streaming', 15_000, 'streaming');
    // The camera goes; a web page answers at its address and port (another device took its IP address).
    await cam.stop();
    const web = http.createServer((_req, res) => res.end('<html>router login</html>'));
    await new Promise<void>((resolve, reject) => {
      web.once('error', reject);
      web.listen(cam.port, '127.0.0.1', () => resolve());
    });
    cleanups.push(() => new Promise<void>((r) => web.close(() => r())));
    await waitFor(() => /not a camera stream/.test(sup.current.reason ?? ''), 30_000, 'the not-a-camera reason');
    expect(sup.current).toMatchObject({
      state: 'reconnecting',
      reason: 'The address of Back door answered, but it is not a camera stream (it speaks HTTP (a web page), not RTSP): check the address and the port (RTSP is usually 554).',
    });
    expect(states.some((s) => /cannot be reached/.test(s))).toBe(false);
  }, 60_000);
});
