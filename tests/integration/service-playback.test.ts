// Playback and export end to end in service mode: courtyard.mp4 over a real RTSP server recorded by the real engine
// (events mode), then over the real transports: the event's footage and the timeline's spans by WebSocket, the event's
// clip over HTTP with byte ranges (what <video> asks for), an export with its pushed progress and completion, and the
// recordings' retention counts in health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startService, type RunningService } from '../../main/service/service.ts';
import { connectToDataDir, type ApiConnection } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { mediaPaths, type ApiEvents, type EventView } from '../../preload/contract.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { decodeAll, probeDurationSec } from '../fixtures/recording-segments.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';

describe('playback and export in service mode', () => {
  let dataDir: string;
  let dest: string;
  let camera: RtspCamera;
  let service: RunningService;
  let client: ApiConnection;
  const pushed: Array<{ name: keyof ApiEvents; payload: unknown }> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-service-playback-'));
    dest = mkdtempSync(path.join(os.tmpdir(), 'nvr-service-export-'));
    mkdirSync(path.join(dataDir, 'page'));
    writeFileSync(path.join(dataDir, 'page', 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
    camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
    service = await startService({
      dataDir,
      port: 0,
      logger: silentLogger(),
      rendererDir: path.join(dataDir, 'page'),
      engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx' },
    });
    client = await connectToDataDir(dataDir);
    for (const name of ['export.progress', 'export.done', 'export.failed'] as const) client.on(name, (payload) => pushed.push({ name, payload }));
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await service?.stop();
    await camera?.stop();
    for (const d of [dataDir, dest]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('plays an event’s clip with ranges over HTTP, exports it, and shows recorded spans', async () => {
    const cam = await client.api['cameras.add']({ name: 'Front door', mainUrl: camera.url, recording: { mode: 'events' } });
    // Courtyard has people walking all the time: the first event opens within seconds and stays open.
    let event: EventView | undefined;
    await waitFor(
      async () => {
        event = (await client.api['events.list']({ cameraIds: [cam.id] })).events.at(-1);
        return event !== undefined && (await client.api['recordings.eventFootage']({ id: event.id })).coveredMs >= 10_000;
      },
      60_000,
      'an event with 10 s of footage',
      500,
    );
    const footage = await client.api['recordings.eventFootage']({ id: event!.id });
    expect(footage.hasFootage).toBe(true);

    const spans = await client.api['recordings.spans']({ cameraIds: [cam.id], from: footage.fromMs - 60_000, to: Date.now() });
    expect(spans).toHaveLength(1);
    expect(spans[0]!.spans.length).toBeGreaterThanOrEqual(1);
    await expect(client.api['recordings.spans']({ from: 10, to: 5 })).rejects.toThrow(/range must end after it starts/);

    // The clip over HTTP, as a <video> element fetches it.
    const url = `http://127.0.0.1:${service.port}${mediaPaths.clip(event!.id)}`;
    const headers = { cookie: `nvr_session=${service.token}` };
    const whole = await fetch(url, { headers });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.length).toBe(Number(whole.headers.get('content-length')));
    const part = await fetch(url, { headers: { ...headers, Range: 'bytes=100-1099' } });
    expect(part.status).toBe(206);
    const partBytes = Buffer.from(await part.arrayBuffer());
    // The event is still open: a newer clip may have been built meanwhile; the range must match the file it names.
    const size = Number(part.headers.get('content-range')!.split('/')[1]);
    expect(partBytes.length).toBe(1000);
    if (size === bytes.length) expect(partBytes.equals(bytes.subarray(100, 1100))).toBe(true);
    const clipFile = path.join(dataDir, 'clip-check.mp4');
    writeFileSync(clipFile, bytes);
    decodeAll(clipFile);
    expect(probeDurationSec(clipFile)).toBeGreaterThan(9);
    expect((await fetch(url)).status).toBe(401); // no session, no footage

    // The live view through the same adapter: streamed as it comes, stopped when the viewer goes away.
    const viewer = new AbortController();
    const live = await fetch(`http://127.0.0.1:${service.port}${mediaPaths.live(cam.id, 'main')}`, { headers, signal: viewer.signal });
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toBe('video/mp4');
    const reader = live.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).subarray(4, 8).toString('latin1')).toBe('ftyp');
    viewer.abort();
    await reader.cancel().catch(() => undefined);

    // Export the event into a folder the owner picked.
    await expect(client.api['recordings.export']({ eventId: event!.id, folder: 'relative/folder' })).rejects.toThrow(/full folder path/);
    const started = await client.api['recordings.export']({ eventId: event!.id, folder: dest });
    expect(path.basename(started.file)).toMatch(/^Front door \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.mp4$/);
    await waitFor(() => pushed.some((p) => p.name !== 'export.progress' && (p.payload as { exportId: string }).exportId === started.exportId), 60_000, 'the export to end');
    const done = pushed.find((p) => p.name === 'export.done')!.payload as ApiEvents['export.done'];
    expect(done.file).toBe(started.file);
    expect(done.bytes).toBe(statSync(done.file).size);
    decodeAll(done.file);
    // An open event's range ends when the export was asked for: the file holds what was recorded of it by then.
    const covered = (await client.api['recordings.eventFootage']({ id: event!.id })).coveredMs;
    expect(done.durationMs).toBeGreaterThan(9_000);
    expect(done.durationMs).toBeLessThanOrEqual(covered + 1_000);
    expect(readFileSync(done.file).subarray(4, 8).toString('latin1')).toBe('ftyp');

    const health = await client.api['health.get']({});
    expect(health.system.retention.segments).toMatchObject({ deletedSegments: expect.any(Number), lastError: null });
    await client.api['cameras.remove']({ id: cam.id });
  }, 150_000);
});
