// Playback and export of recorded footage with real segment files (courtyard.mp4 cut by ffmpeg), a real SQLite file
// and real ffmpeg: an event's export is one file whose ffprobe duration matches the range within 1 s and that decodes
// from end to end; the media router serves clips with byte ranges that match the file; timeline spans; and the
// destination folder is checked with sentences the owner can act on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { openDatabase, type Db } from '../../main/core/storage/database.ts';
import { EventRepository } from '../../main/core/storage/event-repository.ts';
import { SegmentRepository } from '../../main/core/storage/segment-repository.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { ClipService, type FootageCamera } from '../../main/core/recording/clip-service.ts';
import { defaultExportFolder, ExportManager, exportFileName } from '../../main/core/recording/export-job.ts';
import { createMediaRouter } from '../../main/core/media/media-router.ts';
import type { MediaRequest, MediaResponse } from '../../main/core/media/media-types.ts';
import type { ApiEvents } from '../../preload/contract.ts';
import { addSegment, decodeAll, ffmpegPath, ffprobePath, makeCourtyardSegments, probeDurationSec } from '../fixtures/recording-segments.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const T0 = new Date(2026, 10, 25, 14, 3, 0).getTime(); // local time: the export's name shows it
let source: ReturnType<typeof makeCourtyardSegments>;
let root: string;
let dest: string;
let db: Db;
let events: EventRepository;
let segments: SegmentRepository;
let clips: ClipService;
let exports: ExportManager;
const pushed: Array<{ name: keyof ApiEvents; payload: unknown }> = [];
const cameras: Record<string, FootageCamera> = {
  front: { name: 'Front door', recording: { mode: 'events', preRollSeconds: 5, postRollSeconds: 5 } },
  back: { name: 'Back/yard: "stock"', recording: { mode: 'off', preRollSeconds: 5, postRollSeconds: 5 } },
};
let now = T0 + 120_000;

beforeAll(() => {
  source = makeCourtyardSegments();
  root = tempDataDir('nvr-playback-');
  dest = tempDataDir('nvr-export-dest-');
  db = openDatabase(path.join(root, 'nvr.sqlite'), { logger: silentLogger() });
  events = new EventRepository(db);
  segments = new SegmentRepository(db);
  // 50 s of contiguous footage, then a gap, then 20 s more.
  source.files.forEach((f, i) => addSegment(root, segments, 'front', T0 + i * 10_000, f));
  addSegment(root, segments, 'front', T0 + 80_000, source.files[0]!);
  addSegment(root, segments, 'front', T0 + 90_000, source.files[1]!);
  const tools = () => ({ ffmpegPath: ffmpegPath(), ffprobePath: ffprobePath() });
  clips = new ClipService({ db, dataRoot: root, logger: silentLogger(), event: (id) => events.get(id), camera: (id) => cameras[id] ?? null, tools, now: () => now });
  exports = new ExportManager({
    clips,
    logger: silentLogger(),
    tools,
    cameraName: (id) => cameras[id]?.name ?? null,
    emit: (name, payload) => pushed.push({ name, payload }),
    workDir: root,
    defaultFolder: () => path.join(dest, 'videos', 'ShopWatch NVR exports'),
  });
  events.open({ id: 'ev1', cameraId: 'front', kind: 'person', startMs: T0 + 12_300, updatedMs: T0 + 12_300, peakRatio: 0.2, boxes: [], frameWidth: 768, frameHeight: 576 });
  events.close('ev1', T0 + 31_700, { snapshotPath: null, thumbnailPath: null, snapshotBytes: 0 });
  events.open({ id: 'nofootage', cameraId: 'back', kind: 'motion', startMs: T0, updatedMs: T0, peakRatio: 0.2, boxes: [], frameWidth: 768, frameHeight: 576 });
  events.close('nofootage', T0 + 5000, { snapshotPath: null, thumbnailPath: null, snapshotBytes: 0 });
});

afterAll(async () => {
  await exports.close();
  db.close();
  source.cleanup();
});

async function waitForExport(exportId: string): Promise<{ name: keyof ApiEvents; payload: Record<string, unknown> }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const end = pushed.find((p) => (p.name === 'export.done' || p.name === 'export.failed') && (p.payload as { exportId: string }).exportId === exportId);
    if (end) return end as { name: keyof ApiEvents; payload: Record<string, unknown> };
    if (Date.now() > deadline) throw new Error('export did not end');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function bodyOf(res: MediaResponse): Promise<Buffer> {
  if (res.body === null) return Buffer.alloc(0);
  if (typeof res.body === 'string') return Buffer.from(res.body);
  const chunks: Buffer[] = [];
  for await (const c of res.body as Readable) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('export', () => {
  it('exports an event as one MP4 named for the owner, its duration within 1 s of [start − pre-roll, end + post-roll]', async () => {
    const started = await exports.start({ eventId: 'ev1', folder: dest });
    expect(started.fromMs).toBe(T0 + 7_300);
    expect(started.toMs).toBe(T0 + 36_700);
    expect(path.basename(started.file)).toBe('Front door 2026-11-25 14-03-07.mp4');
    const end = await waitForExport(started.exportId);
    expect(end.name).toBe('export.done');
    expect(end.payload.file).toBe(started.file);
    expect(end.payload.bytes).toBe(statSync(started.file).size);
    const seconds = probeDurationSec(started.file);
    expect(Math.abs(seconds - 29.4)).toBeLessThan(1);
    expect(Math.abs((end.payload.durationMs as number) / 1000 - seconds)).toBeLessThan(0.01);
    decodeAll(started.file);
    const fractions = pushed.filter((p) => p.name === 'export.progress').map((p) => (p.payload as { fraction: number }).fraction);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
    // The same export again gets its own name instead of overwriting the first.
    const again = await exports.start({ eventId: 'ev1', folder: dest });
    expect(path.basename(again.file)).toBe('Front door 2026-11-25 14-03-07 (2).mp4');
    expect((await waitForExport(again.exportId)).name).toBe('export.done');
  }, 90_000);

  it('exports a range across a gap: the joined file holds the recorded time only', async () => {
    const started = await exports.start({ cameraId: 'front', from: T0 + 45_000, to: T0 + 95_000, folder: dest });
    expect((await waitForExport(started.exportId)).name).toBe('export.done');
    // 5 s before the gap, 15 s after it.
    expect(Math.abs(probeDurationSec(started.file) - 20)).toBeLessThan(1);
  }, 90_000);

  it('exports into the default exports folder when none is named, creating it', async () => {
    const started = await exports.start({ cameraId: 'front', from: T0 + 10_000, to: T0 + 20_000 });
    expect(path.dirname(started.file)).toBe(path.join(dest, 'videos', 'ShopWatch NVR exports'));
    expect((await waitForExport(started.exportId)).name).toBe('export.done');
    expect(Math.abs(probeDurationSec(started.file) - 10)).toBeLessThan(1);
  }, 90_000);

  it('picks the videos folder of the platform for the default, else the home folder', () => {
    const dirs = new Set(['/home/ann/Videos', '/Users/bo/Movies', '/data/vids']);
    const isDir = (p: string) => dirs.has(p);
    expect(defaultExportFolder({ home: '/home/ann', platform: 'linux', env: {}, isDir })).toBe('/home/ann/Videos/ShopWatch NVR exports');
    expect(defaultExportFolder({ home: '/home/ann', platform: 'linux', env: { XDG_VIDEOS_DIR: '/data/vids' }, isDir })).toBe('/data/vids/ShopWatch NVR exports');
    expect(defaultExportFolder({ home: '/home/ann', platform: 'linux', env: { XDG_VIDEOS_DIR: 'relative' }, isDir })).toBe('/home/ann/Videos/ShopWatch NVR exports');
    expect(defaultExportFolder({ home: '/Users/bo', platform: 'darwin', env: {}, isDir })).toBe('/Users/bo/Movies/ShopWatch NVR exports');
    expect(defaultExportFolder({ home: '/root', platform: 'linux', env: {}, isDir })).toBe('/root/ShopWatch NVR exports');
  });

  it('notes a running export in the data folder, and at the next start removes what a crash left in the owner folder', async () => {
    const started = await exports.start({ cameraId: 'front', from: T0 + 10_000, to: T0 + 20_000, folder: dest });
    const journals = () => readdirSync(root).filter((f) => f.endsWith('.export.json'));
    expect(journals()).toEqual([`${started.exportId}.export.json`]);
    expect((await waitForExport(started.exportId)).name).toBe('export.done');
    await exports.idle();
    expect(journals()).toEqual([]);
    // What a power cut in the middle of an export leaves: its journal, the partial file, the concat list.
    const partial = path.join(dest, 'Front door 2026-11-25 14-00-00.mp4.partial');
    writeFileSync(partial, Buffer.alloc(1000));
    writeFileSync(path.join(root, 'dead.export.json'), JSON.stringify({ partial }));
    writeFileSync(path.join(root, 'dead.ffconcat'), 'ffconcat version 1.0\n');
    // A journal naming anything but a partial export is never followed.
    const precious = path.join(dest, 'precious.mp4');
    writeFileSync(precious, 'keep me');
    writeFileSync(path.join(root, 'odd.export.json'), JSON.stringify({ partial: precious }));
    writeFileSync(path.join(root, 'garbled.export.json'), '{not json');
    expect(await exports.recover()).toBe(1);
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(precious)).toBe(true);
    expect(readdirSync(root).filter((f) => f.endsWith('.export.json') || f.endsWith('.ffconcat'))).toEqual([]);
  }, 90_000);

  it('refuses a destination it cannot use, with a sentence', async () => {
    const file = path.join(dest, 'a-file.txt');
    writeFileSync(file, 'x');
    await expect(exports.start({ eventId: 'ev1', folder: 'Videos' })).rejects.toThrow(/full folder path/);
    await expect(exports.start({ eventId: 'ev1', folder: path.join(dest, 'missing') })).rejects.toThrow(/does not exist/);
    await expect(exports.start({ eventId: 'ev1', folder: file })).rejects.toThrow(/is a file, not a folder/);
    await expect(exports.start({ eventId: 'nofootage', folder: dest })).rejects.toThrow(/No footage was recorded/);
    await expect(exports.start({ eventId: 'gone', folder: dest })).rejects.toThrow(/no such event/);
    await expect(exports.start({ cameraId: 'front', from: T0, to: T0 + 25 * 3600_000, folder: dest })).rejects.toThrow(/at most 24 hours/);
  });

  it('names files safely on every file system', () => {
    expect(exportFileName('Back/yard: "stock"', T0)).toBe('Back-yard- -stock- 2026-11-25 14-03-00.mp4');
    expect(exportFileName('..', T0)).toBe('Camera 2026-11-25 14-03-00.mp4');
  });
});

describe('the media router over recorded footage', () => {
  const router = () =>
    createMediaRouter({
      snapshotFile: async () => null,
      latestSnapshotFile: async () => null,
      eventClipFile: (id) => clips.eventClipFile(id),
      recordingFile: (id, from, to) => clips.recordingFile(id, from, to),
    });
  const req = (pathname: string, extra: Partial<MediaRequest> = {}): MediaRequest => ({ method: 'GET', pathname, query: new URLSearchParams(), range: null, ...extra });

  it('serves an event clip with byte ranges that match the file (200, 206, HEAD, 416)', async () => {
    const r = router();
    const whole = await r(req('/media/events/ev1/clip.mp4'));
    expect(whole.status).toBe(200);
    expect(whole.headers['Content-Type']).toBe('video/mp4');
    expect(whole.headers['Accept-Ranges']).toBe('bytes');
    const bytes = await bodyOf(whole);
    expect(bytes.length).toBe(Number(whole.headers['Content-Length']));
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    // The cached clip is the file served: a range must match it byte for byte.
    const cached = clips.cache.dir;
    const clipFile = (await clips.eventClipFile('ev1')) as { ok: true; file: string };
    expect(path.dirname(clipFile.file)).toBe(cached);
    const onDisk = readFileSync(clipFile.file);
    expect(bytes.equals(onDisk)).toBe(true);
    const part = await r(req('/media/events/ev1/clip.mp4', { range: 'bytes=1000-4999' }));
    expect(part.status).toBe(206);
    expect(part.headers['Content-Range']).toBe(`bytes 1000-4999/${onDisk.length}`);
    expect((await bodyOf(part)).equals(onDisk.subarray(1000, 5000))).toBe(true);
    const tail = await r(req('/media/events/ev1/clip.mp4', { range: 'bytes=-100' }));
    expect((await bodyOf(tail)).equals(onDisk.subarray(onDisk.length - 100))).toBe(true);
    const head = await r(req('/media/events/ev1/clip.mp4', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(head.headers['Content-Length']).toBe(String(onDisk.length));
    const beyond = await r(req('/media/events/ev1/clip.mp4', { range: `bytes=${onDisk.length}-` }));
    expect(beyond.status).toBe(416);
    expect(beyond.headers['Content-Range']).toBe(`bytes */${onDisk.length}`);
    expect(Math.abs(probeDurationSec(clipFile.file) - 29.4)).toBeLessThan(1);
  }, 60_000);

  it('serves a camera recording by range, bounded to an hour, and says why when there is nothing', async () => {
    const r = router();
    const ok = await r(req('/media/cameras/front/recording.mp4', { query: new URLSearchParams(`from=${T0}&to=${T0 + 20_000}`) }));
    expect(ok.status).toBe(200);
    expect((await bodyOf(ok)).length).toBeGreaterThan(100_000);
    const long = await r(req('/media/cameras/front/recording.mp4', { query: new URLSearchParams(`from=${T0}&to=${T0 + 2 * 3600_000}`) }));
    expect(long.status).toBe(400);
    expect(String(long.body)).toMatch(/at most one hour/);
    const none = await r(req('/media/events/nofootage/clip.mp4'));
    expect(none.status).toBe(404);
    expect(String(none.body)).toMatch(/No footage was recorded for this event \(recording is off for this camera\)/);
    const noLive = await r(req('/media/cameras/front/live.mp4'));
    expect(noLive.status).toBe(404);
  }, 60_000);

  it('rebuilds an open event’s clip when new footage arrives', async () => {
    now = T0 + 95_000;
    events.open({ id: 'open1', cameraId: 'front', kind: 'motion', startMs: T0 + 85_000, updatedMs: T0 + 85_000, peakRatio: 0.2, boxes: [], frameWidth: 768, frameHeight: 576 });
    const first = (await clips.eventClipFile('open1')) as { ok: true; file: string; immutable: boolean };
    expect(first.ok).toBe(true);
    expect(first.immutable).toBe(false);
    // Time passes without a new segment: the same clip (the byte ranges of one <video> come from one file).
    now = T0 + 99_000;
    expect(((await clips.eventClipFile('open1')) as { file: string }).file).toBe(first.file);
    addSegment(root, segments, 'front', T0 + 100_000, source.files[2]!);
    now = T0 + 112_000;
    const second = (await clips.eventClipFile('open1')) as { ok: true; file: string };
    expect(second.file).not.toBe(first.file);
    expect(probeDurationSec(second.file)).toBeGreaterThan(probeDurationSec(first.file) + 5);
  }, 60_000);
});

describe('timeline and footage requests', () => {
  it('merges recorded spans per camera and tells whether an event has footage', () => {
    const spans = clips.spans(null, T0 - 60_000, T0 + 200_000);
    expect(spans).toEqual([{ cameraId: 'front', spans: [{ startMs: T0, endMs: T0 + 50_000 }, { startMs: T0 + 80_000, endMs: T0 + 110_000 }] }]);
    expect(clips.spans(['back'], T0, T0 + 100_000)).toEqual([]);
    expect(clips.spans(['front'], T0 + 20_000, T0 + 30_000)).toEqual([{ cameraId: 'front', spans: [{ startMs: T0 + 20_000, endMs: T0 + 30_000 }] }]);
    expect(clips.eventFootage('ev1')).toEqual({ hasFootage: true, fromMs: T0 + 7_300, toMs: T0 + 36_700, coveredMs: 29_400 });
    expect(clips.eventFootage('nofootage')).toMatchObject({ hasFootage: false, coveredMs: 0 });
    expect(clips.eventFootage('gone')).toBeNull();
  });
});
