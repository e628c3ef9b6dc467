// Range exports over the contract (service mode's WebSocket) with real segments cut by ffmpeg from courtyard.mp4:
// two cameras' range exported into the data folder's exports/, progress and completion pushed, the files downloaded
// over HTTP as attachments with byte ranges, listed, renamed, deleted; a full disk (a real 5 MB tmpfs on exports/) fails
// the export with the sentence and leaves no file and no row; snapshots downloaded (an event's, a live camera's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startService, type RunningService } from '../../main/service/service.ts';
import { connectToDataDir, type ApiConnection } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { mediaPaths, type ApiEvents, type CameraView } from '../../preload/contract.ts';
import { EXPORT_DISK_FULL } from '../../main/core/exports/range-exports.ts';
import { addSegment, decodeAll, makeCourtyardSegments, probeDurationSec } from '../fixtures/recording-segments.ts';
import { courtyardFrame, seedFootage } from '../fixtures/footage-folder.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { openDataFolderDatabase, quietSink, testSeams } from '../fixtures/test-engine.ts';
import { NvrEngine } from '../../main/core/engine.ts';
import { TmpfsMounts } from '../fixtures/tmpfs.ts';
import { waitFor } from '../fixtures/wait-for.ts';

type Pushed = { name: keyof ApiEvents; payload: { exportId: string } & Record<string, unknown> };

describe('range exports in service mode', () => {
  let dataDir: string;
  let service: RunningService;
  let client: ApiConnection;
  let front: CameraView;
  let till: CameraView;
  const source = makeCourtyardSegments();
  const mounts = new TmpfsMounts();
  const pushed: Pushed[] = [];
  // Footage recorded twenty minutes ago (60 s of each camera, six real 10 s segments): in events mode, with no event,
  // retention's 10-minute buffer is past, so the first test's retention pass deletes it. The later tests get footage
  // of five minutes ago (T1), which retention keeps.
  const T0 = Date.now() - 1_200_000;
  const T1 = Date.now() - 300_000;
  const seed = (t: number) => {
    const seams = testSeams(service.engine);
    for (const cam of [front, till]) {
      for (let i = 0; i < 6; i++) addSegment(dataDir, seams.segmentIndex, cam.id, t + i * 10_000, source.files[i % source.files.length]!);
    }
  };

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-range-export-');
    mkdirSync(path.join(dataDir, 'page'));
    writeFileSync(path.join(dataDir, 'page', 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
    service = await startService({ dataDir, port: 0, logger: silentLogger(), rendererDir: path.join(dataDir, 'page'), engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx' } });
    client = await connectToDataDir(dataDir);
    for (const name of ['export.progress', 'export.done', 'export.failed'] as const) client.on(name, (payload) => pushed.push({ name, payload: payload as Pushed['payload'] }));
    front = await client.api['cameras.add']({ name: 'Front door', mainUrl: 'rtsp://127.0.0.1:9/front', enabled: false });
    till = await client.api['cameras.add']({ name: 'Caisse entrée', mainUrl: 'rtsp://127.0.0.1:9/till', enabled: false });
    seed(T0);
  }, 60_000);

  afterAll(async () => {
    mounts.unmountAll();
    await client?.close();
    await service?.stop();
    source.cleanup();
  });

  const http = (p: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${service.port}${p}`, { headers: { cookie: `nvr_session=${service.token}`, ...headers } });
  const ended = (exportId: string) => pushed.find((p) => p.payload.exportId === exportId && p.name !== 'export.progress');

  it('exports two cameras over a range, downloads them with ranges, lists, renames and deletes the export', async () => {
    await expect(client.api['exports.create']({ cameraIds: [], from: T0, to: T0 + 1000 })).rejects.toThrow(/cameraIds/);
    await expect(client.api['exports.create']({ cameraIds: [front.id], from: T0 - 7_200_000, to: T0 - 3_600_000 })).rejects.toThrow(
      'No footage of Front door was recorded in this time range, so there is nothing to export.',
    );
    const from = T0 + 3_500;
    const to = T0 + 48_200;
    const started = await client.api['exports.create']({ cameraIds: [front.id, till.id], from, to });
    expect(started.parts.map((p) => p.cameraId)).toEqual([front.id, till.id]);
    expect(started.name).toMatch(/ on Front door, Caisse entrée$/);
    await waitFor(() => ended(started.exportId) !== undefined, 60_000, 'the export to end');
    expect(ended(started.exportId)!.name).toBe('export.done');
    for (const part of started.parts) {
      expect(pushed.some((p) => p.name === 'export.done' && p.payload.exportId === part.progressId)).toBe(true);
      expect(pushed.some((p) => p.name === 'export.progress' && p.payload.exportId === part.progressId && p.payload.fraction === 1)).toBe(true);
    }

    const [listed] = await client.api['exports.list']({});
    expect(listed).toMatchObject({ id: started.exportId, state: 'done', cameraIds: [front.id, till.id], fromMs: from, toMs: to });
    expect(listed!.files).toHaveLength(2);
    expect(listed!.bytes).toBe(listed!.files[0]!.bytes + listed!.files[1]!.bytes);
    for (const f of listed!.files) {
      const url = mediaPaths.exportFile(listed!.id, f.file);
      const whole = await http(url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-type')).toBe('video/mp4');
      expect(whole.headers.get('content-disposition')).toMatch(/^attachment; filename="[\x20-\x7e]+\.mp4"; filename\*=UTF-8''/);
      const bytes = Buffer.from(await whole.arrayBuffer());
      expect(bytes.length).toBe(f.bytes);
      const part = await http(url, { Range: 'bytes=1000-1999' });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${f.bytes}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
      const file = path.join(dataDir, `download-${f.cameraId}.mp4`);
      writeFileSync(file, bytes);
      decodeAll(file);
      expect(Math.abs(probeDurationSec(file) - (to - from) / 1000)).toBeLessThan(1);
      expect((await fetch(`http://127.0.0.1:${service.port}${url}`)).status).toBe(401); // no session, no download
    }
    const tillFile = listed!.files[1]!.file;
    expect(tillFile).toMatch(/^Caisse entrée \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.mp4$/);
    const header = (await http(mediaPaths.exportFile(listed!.id, tillFile), { Range: 'bytes=0-0' })).headers.get('content-disposition')!;
    expect(header).toContain('filename="Caisse entree ');
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe(tillFile);
    expect((await http(mediaPaths.exportFile(listed!.id, '../nvr.sqlite'))).status).toBe(404);
    expect((await http(mediaPaths.exportFile(listed!.id, 'other.mp4'))).status).toBe(404);

    // Retention deletes the footage the export was made from (past its buffer, no event), never the export.
    await testSeams(service.engine).retention.runOnce();
    expect(await client.api['recordings.spans']({ cameraIds: [front.id, till.id], from: T0 - 60_000, to: T0 + 120_000 })).toEqual([]);
    expect(readdirSync(path.join(dataDir, 'exports', listed!.id)).sort()).toEqual(listed!.files.map((f) => f.file).sort());
    expect((await client.api['exports.list']({}))[0]!.id).toBe(listed!.id);
    expect((await http(mediaPaths.exportFile(listed!.id, listed!.files[0]!.file), { Range: 'bytes=0-99' })).status).toBe(206);

    const renamed = await client.api['exports.rename']({ id: listed!.id, name: '  Break-in at the till ' });
    expect(renamed.name).toBe('Break-in at the till');
    expect((await client.api['exports.list']({}))[0]!.name).toBe('Break-in at the till');
    await client.api['exports.delete']({ id: listed!.id });
    expect(existsSync(path.join(dataDir, 'exports', listed!.id))).toBe(false);
    expect(await client.api['exports.list']({})).toEqual([]);
    expect((await http(mediaPaths.exportFile(listed!.id, tillFile))).status).toBe(404);
    await expect(client.api['exports.delete']({ id: listed!.id })).rejects.toThrow('There is no such export');
  }, 120_000);

  it('fails an export on a full disk with the sentence and leaves nothing half-written', async () => {
    const exportsDir = path.join(dataDir, 'exports');
    seed(T1);
    mounts.mount(exportsDir, '5m');
    try {
      const started = await client.api['exports.create']({ cameraIds: [front.id, till.id], from: T1, to: T1 + 60_000, name: 'Too big' });
      await waitFor(() => ended(started.exportId) !== undefined, 60_000, 'the export to end');
      const failed = ended(started.exportId)!;
      expect(failed.name).toBe('export.failed');
      expect(failed.payload.message).toBe(EXPORT_DISK_FULL);
      expect(readdirSync(exportsDir)).toEqual([]);
      expect(await client.api['exports.list']({})).toEqual([]);
      const db = openDataFolderDatabase(dataDir);
      expect(db.prepare('SELECT COUNT(*) AS n FROM exports').get()).toEqual({ n: 0 });
    } finally {
      mounts.unmountAll();
    }
    // The footage is untouched: with room again the same export works.
    const again = await client.api['exports.create']({ cameraIds: [front.id], from: T1, to: T1 + 20_000 });
    await waitFor(() => ended(again.exportId) !== undefined, 60_000, 'the second export to end');
    expect(ended(again.exportId)!.name).toBe('export.done');
    await client.api['exports.delete']({ id: again.exportId });
  }, 120_000);

  it('downloads an event’s snapshot and a live camera’s current picture as JPEG attachments', async () => {
    const seams = testSeams(service.engine);
    if (!(service.engine instanceof NvrEngine)) throw new Error('service mode runs the NvrEngine');
    await seedFootage(service.engine, { cameraId: front.id, segmentFiles: [], frame: courtyardFrame(), snapshots: 1, daysAgo: 0 });
    const [event] = (await client.api['events.list']({ cameraIds: [front.id] })).events;
    expect(seams.eventRows.get(event!.id)).not.toBeNull();
    const shot = await http(mediaPaths.snapshotDownload(event!.id));
    expect(shot.status).toBe(200);
    expect(shot.headers.get('content-disposition')).toMatch(/^attachment; filename="Front door \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.jpg"/);
    expect(Buffer.from(await shot.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // The picture without ?download=1 is still shown inline.
    expect((await http(mediaPaths.snapshot(event!.id))).headers.get('content-disposition')).toBeNull();

    const camera: RtspCamera = await startRtspCamera({ source: 'file:' + courtyardPath() });
    try {
      const live = await client.api['cameras.add']({ name: 'Stock room', mainUrl: camera.url, recording: { mode: 'off' } });
      const off = await http(mediaPaths.cameraSnapshot(front.id));
      expect(off.status).toBe(503);
      expect(await off.text()).toContain('Front door is not sending a picture right now');
      await waitFor(async () => (await client.api['cameras.get']({ id: live.id })).status.state === 'streaming', 30_000, 'the camera to stream');
      let res: Response | null = null;
      await waitFor(async () => (res = await http(mediaPaths.cameraSnapshot(live.id))).status === 200, 20_000, 'a current picture');
      expect(res!.headers.get('content-type')).toBe('image/jpeg');
      expect(res!.headers.get('content-disposition')).toMatch(/^attachment; filename="Stock room \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.jpg"/);
      const jpeg = Buffer.from(await res!.arrayBuffer());
      expect(jpeg.length).toBeGreaterThan(5_000);
      expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      await client.api['cameras.remove']({ id: live.id });
    } finally {
      await camera.stop();
    }
  }, 120_000);
});
