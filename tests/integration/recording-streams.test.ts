// The streams a camera can have, with real parts: a main and a sub stream (two inputs of one ffmpeg: analysis and the
// "sub" live view from the sub stream, recording and the "main" live view from the main stream), and an H.265 camera
// (recorded as is; its live view re-encoded to H.264 for the browser).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { NvrEngine } from '../../main/core/engine.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { invokeRequest, mediaPaths } from '../../preload/contract.ts';
import { createMediaRouter } from '../../main/core/media/media-router.ts';
import type { Readable } from 'node:stream';
import { waitFor } from '../fixtures/wait-for.ts';
import { decodeFile } from '../fixtures/media-check.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

function streamOf(file: string): { codec: string; width: number; height: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file], {
    encoding: 'utf8',
  }).trim();
  const [codec, w, h] = out.split(',');
  return { codec: codec!, width: Number(w), height: Number(h) };
}

async function liveBytes(engine: NvrEngine, id: string, quality: 'sub' | 'main', ms: number): Promise<Buffer> {
  const ac = new AbortController();
  const s = engine.media.openLive(id, quality, ac.signal);
  if (!s) throw new Error('no live stream');
  const parts: Buffer[] = [];
  s.on('data', (c: Buffer) => parts.push(c));
  await new Promise((r) => setTimeout(r, ms));
  ac.abort();
  return Buffer.concat(parts);
}

/** The camera's states so far, with their reasons and last errors, for a failure message (filled by watchStates). */
const stateTrail = new Map<string, string[]>();
/** When the engine started watching: the trail's times are from here. */
let started = Date.now();

function watchStates(engine: NvrEngine): void {
  engine.on('camera.state', (s) => {
    const st = s.status;
    const line = `${st.state}${st.reason ? `: ${st.reason}` : ''}${st.lastError ? ` (${st.lastError})` : ''} at +${Date.now() - started} ms`;
    const trail = stateTrail.get(s.cameraId) ?? [];
    trail.push(line);
    stateTrail.set(s.cameraId, trail);
  });
}

const statesOf = (id: string) => (stateTrail.get(id) ?? ['no state pushed']).join(' → ');

describe('camera streams', () => {
  let dataDir: string;
  let main: RtspCamera;
  let sub: RtspCamera;
  let h265: RtspCamera;
  let engine: NvrEngine;

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-streams-');
    [main, sub, h265] = await Promise.all([
      startRtspCamera({ source: 'file:' + courtyardPath() }),
      startRtspCamera({ source: 'pattern:ball' }),
      startRtspCamera({ source: 'pattern:h265' }),
    ]);
    engine = await startTestEngine({ dataDir });
    watchStates(engine);
    started = Date.now();
  });
  afterAll(async () => {
    await engine?.stop();
    await Promise.all([main?.stop(), sub?.stop(), h265?.stop()]);
  });

  it('with a sub stream: analysis and the sub live view from it, recording and the main live view from the main stream', async () => {
    const cam = await engine.cameras.add({ name: 'Two streams', mainUrl: main.url, subUrl: sub.url, recording: { mode: 'continuous' } });
    // Here it streams within about 4 s. A clean-clone rehearsal once saw it take more than 15 s, with nothing to say
    // why: the wait is the 30 s the other start-up waits have, and a timeout says what the camera went through.
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 30_000, () => `streaming (${statesOf(cam.id)})`);
    expect([engine.cameras.status(cam.id)!.width, engine.cameras.status(cam.id)!.height]).toEqual([640, 360]); // analysis: the sub stream
    const subInfo = await invokeRequest(engine.api, 'cameras.liveInfo', { id: cam.id, quality: 'sub' });
    const mainInfo = await invokeRequest(engine.api, 'cameras.liveInfo', { id: cam.id, quality: 'main' });
    expect([subInfo.width, subInfo.height]).toEqual([640, 360]);
    expect([mainInfo.width, mainInfo.height]).toEqual([768, 576]);
    const [subBytes, mainBytes] = await Promise.all([liveBytes(engine, cam.id, 'sub', 5000), liveBytes(engine, cam.id, 'main', 5000)]);
    for (const [name, bytes, w] of [['sub', subBytes, 640], ['main', mainBytes, 768]] as const) {
      const f = path.join(dataDir, `live-${name}.mp4`);
      writeFileSync(f, bytes);
      expect(streamOf(f).width).toBe(w);
      const d = await decodeFile(f);
      expect(d.errors).toBe('');
      expect(d.frames).toBeGreaterThan(10);
    }
    // The media route the UI fetches: /media/cameras/<id>/live.mp4?quality=main, streamed until the viewer leaves.
    const url = new URL(mediaPaths.live(cam.id, 'main'), 'http://x');
    const viewer = new AbortController();
    const res = await createMediaRouter(engine.media)({ method: 'GET', pathname: url.pathname, query: url.searchParams, range: null, signal: viewer.signal });
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe('video/mp4');
    const first = await new Promise<Buffer>((resolve) => (res.body as Readable).once('data', resolve));
    expect(first.readUInt32BE(4)).toBe(0x66747970); // ftyp
    viewer.abort();
    await waitFor(() => engine.cameras.pipeline(cam.id)!.live('main')!.hub.viewerCount === 0, 2000, 'the viewer removed');

    await waitFor(() => engine.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000).length >= 1, 30_000, 'a segment');
    const seg = engine.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000)[0]!;
    expect(streamOf(path.join(dataDir, seg.path))).toEqual({ codec: 'h264', width: 768, height: 576 }); // the main stream
    await engine.cameras.remove(cam.id);
  }, 90_000);

  it('an H.265 camera is recorded as is, and its live view is re-encoded to H.264 and says so', async () => {
    const cam = await engine.cameras.add({ name: 'Gate', mainUrl: h265.url, recording: { mode: 'continuous' } });
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 15_000, 'streaming');
    await waitFor(() => engine.cameras.pipeline(cam.id)?.live('sub')?.transcoded === true, 15_000, 'the live view adapted');
    const info = await invokeRequest(engine.api, 'cameras.liveInfo', { id: cam.id, quality: 'main' });
    expect(info.transcoded).toBe(true);
    expect(info.mime).toMatch(/codecs="avc1\./);
    expect(info.note).toMatch(/H\.265/);
    expect(info.width).toBeLessThanOrEqual(640);
    const bytes = await liveBytes(engine, cam.id, 'main', 5000);
    const f = path.join(dataDir, 'live-h265.mp4');
    writeFileSync(f, bytes);
    expect(streamOf(f).codec).toBe('h264');
    const d = await decodeFile(f);
    expect(d.errors).toBe('');
    expect(d.frames).toBeGreaterThan(10);
    await waitFor(() => engine.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000).length >= 1, 40_000, 'a segment');
    const seg = engine.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000)[0]!;
    expect(streamOf(path.join(dataDir, seg.path)).codec).toBe('hevc'); // recorded without re-encoding
    expect((await decodeFile(path.join(dataDir, seg.path))).errors).toBe('');
    await engine.cameras.remove(cam.id);
  }, 90_000);

  it('the demo camera (no hardware) records and streams live too', async () => {
    const cam = await invokeRequest(engine.api, 'cameras.addDemo', {});
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 15_000, 'streaming');
    const info = await invokeRequest(engine.api, 'cameras.liveInfo', { id: cam.id, quality: 'sub' });
    expect(info.mime).toMatch(/codecs="avc1\./);
    expect([info.width, info.height]).toEqual([640, 480]);
    await waitFor(() => engine.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000).length >= 1, 30_000, 'a segment');
    const seg = engine.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000)[0]!;
    const d = await decodeFile(path.join(dataDir, seg.path));
    expect(d.errors).toBe('');
    expect(Math.abs(d.frames / 10 - seg.durationMs / 1000)).toBeLessThan(1.5); // 10 fps test card
    await engine.cameras.remove(cam.id);
  }, 60_000);

  it('recording off: no segment is written, the live view still works', async () => {
    const cam = await engine.cameras.add({ name: 'Back room', mainUrl: sub.url, recording: { mode: 'off' } });
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 15_000, 'streaming');
    expect(engine.cameras.status(cam.id)!.recording).toEqual({ state: 'off', reason: null });
    const bytes = await liveBytes(engine, cam.id, 'sub', 4000);
    const f = path.join(dataDir, 'live-off.mp4');
    writeFileSync(f, bytes);
    expect((await decodeFile(f)).frames).toBeGreaterThan(10);
    await new Promise((r) => setTimeout(r, 8000)); // a segment would have closed by now (key frames every 2 s)
    expect(engine.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'recordings', cam.id))).toBe(false);
    await engine.cameras.remove(cam.id);
  }, 60_000);
});
