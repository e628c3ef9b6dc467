// Live video over one WebSocket (/api/live) against the real engine and two GStreamer RTSP cameras: two streams on
// one socket each get an init segment and fragments that ffprobe/ffmpeg accept; the socket is refused without the
// session token or from another site; malformed messages get an error answer and the socket keeps serving; closing a
// stream or the socket gives the camera's live hub its viewer back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startService, type RunningService } from '../../main/service/service.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { LIVE_HEADER_BYTES, LIVE_WS_PATH } from '../../preload/protocols/live-socket.ts';
import type { CoreServices } from '../../main/core/core-services.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { decodeFile, ffprobeDurationSec } from '../fixtures/media-check.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

type Text = { type: string; stream?: number | null; reason?: string; message?: string; fatal?: boolean };

/** A socket that records what it receives: binary per stream, text messages in order. */
class Recorder {
  readonly bytes = new Map<number, Buffer[]>();
  readonly messages = new Map<number, number>();
  readonly texts: Text[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        const stream = data.readUInt32BE(0);
        const list = this.bytes.get(stream) ?? [];
        list.push(Buffer.from(data.subarray(LIVE_HEADER_BYTES)));
        this.bytes.set(stream, list);
        this.messages.set(stream, (this.messages.get(stream) ?? 0) + 1);
      } else this.texts.push(JSON.parse(data.toString('utf8')) as Text);
    });
  }
  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }
  count(stream: number): number {
    return this.messages.get(stream) ?? 0;
  }
}

/** Opens the live socket with the service's token in the Authorization header (a token in the address is refused). */
function connect(service: RunningService, query = '', headers: Record<string, string> = { Authorization: `Bearer ${service.token}` }): Promise<Recorder> {
  const ws = new WebSocket(`ws://127.0.0.1:${service.port}${LIVE_WS_PATH}${query}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(new Recorder(ws)));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function closed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => ws.once('close', () => resolve()));
}

function viewers(engine: CoreServices, cameraId: string): number {
  // The test reads the hub's own count to see that viewers really went away.
  return engine.cameras.pipeline(cameraId)?.live('sub')?.hub.viewerCount ?? -1;
}

describe('live video over one WebSocket in service mode', () => {
  let dataDir: string;
  const cameras: RtspCamera[] = [];
  let service: RunningService;
  const ids: string[] = [];
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-live-socket-');
    mkdirSync(path.join(dataDir, 'page'));
    writeFileSync(path.join(dataDir, 'page', 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
    for (let i = 0; i < 2; i++) cameras.push(await startRtspCamera({ source: 'pattern:static' }));
    service = await startService({
      dataDir,
      port: 0,
      logger: silentLogger(),
      rendererDir: path.join(dataDir, 'page'),
      engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx' },
    });
    for (const [i, cam] of cameras.entries()) {
      const view = await service.engine.cameras.add({ name: `Till ${i + 1}`, mainUrl: cam.url, recording: { mode: 'off' } });
      ids.push(view.id);
    }
    const engine = service.engine;
    await waitFor(() => ids.every((id) => engine.cameras.pipeline(id)?.live('sub')?.hub.initSegment != null), 45_000, 'both cameras live');
  }, 90_000);

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await service?.stop();
    for (const c of cameras) await c.stop();
  });

  it('carries two cameras over one socket: init and fragments that ffprobe accepts', async () => {
    const rec = await connect(service);
    sockets.push(rec.ws);
    rec.send({ type: 'open', stream: 1, cameraId: ids[0], quality: 'sub' });
    rec.send({ type: 'open', stream: 7, cameraId: ids[1], quality: 'sub' });
    // The init segment and at least three fragments (the fixture's keyframe interval is about a second or two).
    await waitFor(() => rec.count(1) >= 4 && rec.count(7) >= 4, 45_000, 'fragments on both streams');
    expect(viewers(service.engine, ids[0]!)).toBe(1);
    expect(viewers(service.engine, ids[1]!)).toBe(1);
    for (const stream of [1, 7]) {
      const parts = rec.bytes.get(stream)!;
      expect(parts[0]!.subarray(4, 8).toString('latin1')).toBe('ftyp');
      expect(parts[1]!.subarray(4, 8).toString('latin1')).toBe('moof');
      const file = path.join(dataDir, `stream-${stream}.mp4`);
      writeFileSync(file, Buffer.concat(parts));
      expect(await ffprobeDurationSec(file)).toBeGreaterThan(1);
      const decoded = await decodeFile(file);
      expect(decoded.ok, decoded.errors).toBe(true);
      expect(decoded.frames).toBeGreaterThan(10);
    }
    // Closing one stream gives its viewer back and stops its bytes; the other keeps going.
    rec.send({ type: 'close', stream: 1 });
    await waitFor(() => viewers(service.engine, ids[0]!) === 0, 10_000, 'the first viewer gone');
    const after = rec.count(1);
    const other = rec.count(7);
    await waitFor(() => rec.count(7) >= other + 2, 20_000, 'the second stream going on');
    expect(rec.count(1)).toBe(after);
    // Closing the socket ends the remaining viewer.
    rec.ws.close();
    await closed(rec.ws);
    await waitFor(() => viewers(service.engine, ids[1]!) === 0, 10_000, 'the second viewer gone');
    expect(service.engine.cameras.pipelinesNow().length).toBe(2);
  }, 90_000);

  it('refuses a socket without the session token, or opened by another site', async () => {
    await expect(connect(service, '', {})).rejects.toThrow('HTTP 401');
    await expect(connect(service, '?token=not-the-token', {})).rejects.toThrow('HTTP 401');
    // The right token in the address is refused too: addresses end up in logs and browser history.
    await expect(connect(service, `?token=${service.token}`, {})).rejects.toThrow('HTTP 401');
    await expect(connect(service, '', { Authorization: `Bearer ${service.token}`, Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    // With the session cookie (what the page sends) it is let in.
    const rec = await connect(service, '', { Cookie: await sessionCookie(service) });
    sockets.push(rec.ws);
    rec.ws.close();
  });

  it('answers malformed messages and unknown cameras, and keeps serving', async () => {
    const rec = await connect(service);
    sockets.push(rec.ws);
    rec.send('not json');
    rec.send({ type: 'open', stream: -1, cameraId: ids[0], quality: 'sub' });
    rec.send({ type: 'open', stream: 2, cameraId: ids[0], quality: 'ultra' });
    rec.send({ type: 'dance' });
    rec.send('null');
    rec.ws.send(Buffer.from([1, 2, 3]));
    rec.send({ type: 'open', stream: 3, cameraId: 'no-such-camera', quality: 'sub' });
    rec.send({ type: 'open', stream: 4, cameraId: '../../etc/passwd', quality: 'sub' });
    await waitFor(() => rec.texts.length >= 8, 10_000, 'eight answers');
    const errors = rec.texts.filter((t) => t.type === 'error');
    expect(errors).toHaveLength(6);
    for (const e of errors) expect(e.message).toMatch(/\.$/);
    expect(errors.find((e) => e.stream === 2)).toBeTruthy();
    const ended = rec.texts.filter((t) => t.type === 'ended');
    expect(ended.map((e) => e.stream).sort()).toEqual([3, 4]);
    for (const e of ended) {
      expect(e.fatal).toBe(true);
      expect(e.reason).toMatch(/camera/);
    }
    // Still serving on the same socket; a second open of the same number is refused while it plays.
    rec.send({ type: 'open', stream: 5, cameraId: ids[1], quality: 'sub' });
    rec.send({ type: 'open', stream: 5, cameraId: ids[1], quality: 'sub' });
    await waitFor(() => rec.count(5) >= 2, 30_000, 'video after the bad messages');
    expect(rec.texts.some((t) => t.type === 'error' && t.stream === 5 && /already open/.test(t.message ?? ''))).toBe(true);
    expect(viewers(service.engine, ids[1]!)).toBe(1);
    rec.ws.terminate();
    await closed(rec.ws);
    await waitFor(() => viewers(service.engine, ids[1]!) === 0, 10_000, 'the viewer gone with the socket');
  }, 60_000);
});

/** The cookie the page gets for its token link. */
async function sessionCookie(service: RunningService): Promise<string> {
  const res = await fetch(service.openUrl, { redirect: 'manual' });
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0]!;
}
