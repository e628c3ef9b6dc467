// Recording under faults, with real parts: `kill -9` of the engine process while it records (then a restart), and a
// full disk (a real tmpfs mounted on the recordings folder: we run as root in CI and here).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildFixture } from '../fixtures/build-fixture.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { decodeFile } from '../fixtures/media-check.ts';
import { TmpfsMounts } from '../fixtures/tmpfs.ts';
import type { NvrEngine } from '../../main/core/engine.ts';
import { createLogger, silentLogger } from '../../main/core/logging/logger.ts';
import { listFiles } from '../../main/core/util/list-files.ts';
import { RECORDING_PAUSED_DISK_FULL } from '../../main/core/capture/ffmpeg-errors.ts';
import { CaptureSupervisor } from '../../main/core/capture/capture-supervisor.ts';
import { SegmentWriter } from '../../main/core/recording/segment-writer.ts';
import { SegmentRepository } from '../../main/core/storage/segment-repository.ts';
import { closeDatabase, openDatabase } from '../../main/core/storage/database.ts';
import { locateFfmpeg, locateFfprobe } from '../../main/core/capture/ffmpeg-locate.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

function ffmpegPidsFor(url: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `ffmpeg.*${new URL(url).port}`], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function segmentRows(dataDir: string): Array<{ startMs: number; endMs: number; path: string }> {
  const db = new Database(path.join(dataDir, 'nvr.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT start_ms AS startMs, end_ms AS endMs, path FROM segments ORDER BY start_ms').all() as Array<{
      startMs: number;
      endMs: number;
      path: string;
    }>;
  } catch {
    return []; // not migrated yet
  } finally {
    db.close();
  }
}

/** Every segment file has its row and every row its file; incoming/ holds only files of runs begun after `since`. */
async function expectConsistent(dataDir: string, since: number): Promise<void> {
  const rows = segmentRows(dataDir);
  const files = (await listFiles(path.join(dataDir, 'recordings'))).map((f) => path.relative(dataDir, f).split(path.sep).join('/'));
  const dated = files.filter((f) => !f.includes('/incoming/'));
  expect(dated.sort()).toEqual(rows.map((r) => r.path).sort());
  for (const f of files.filter((x) => x.includes('/incoming/'))) {
    const runStart = parseInt(path.basename(f).split('-')[0]!, 36);
    expect(runStart).toBeGreaterThanOrEqual(since - 1000);
  }
}

describe('recording under faults', () => {
  let camera: RtspCamera;
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const mounts = new TmpfsMounts();
  let engine: NvrEngine | null = null;

  beforeAll(async () => {
    camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await engine?.stop();
    engine = null;
    mounts.unmountAll();
  });
  afterAll(async () => {
    await camera?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('kill -9 while recording: integrity ok, the cut segment is kept playable or removed, no orphan, no dangling row, recording resumes', async () => {
    const script = await buildFixture('engine-child');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-reccrash-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, [script, dataDir, camera.url, '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let cameraId = '';
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const m = /"type":"camera","id":"([^"]+)"/.exec(l);
      if (m) cameraId = m[1]!;
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // Two whole segments, and the kill lands a few seconds into the third.
    await waitFor(() => existsSync(path.join(dataDir, 'nvr.sqlite')) && segmentRows(dataDir).length >= 2, 60_000, 'two recorded segments');
    await new Promise((r) => setTimeout(r, 4000));
    const before = segmentRows(dataDir).length;
    const incoming = path.join(dataDir, 'recordings', cameraId, 'incoming');
    const partial = readdirSync(incoming).map((n) => statSync(path.join(incoming, n)).size);
    child.kill('SIGKILL');
    await exited;
    // The orphaned ffmpeg ends on its broken pipes.
    await waitFor(() => ffmpegPidsFor(camera.url).length === 0, 10_000, 'the crashed engine’s ffmpeg to end');

    const db = new Database(path.join(dataDir, 'nvr.sqlite'));
    expect((db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
    db.close();

    const restartAt = Date.now();
    engine = await startTestEngine({ dataDir });
    const afterRecovery = segmentRows(dataDir).filter((r) => r.startMs < restartAt);
    // The cut segment had whole fragments (several keyframes in 4 s): it is kept, not lost.
    if (partial.some((size) => size > 200_000)) expect(afterRecovery.length).toBe(before + 1);
    else expect(afterRecovery.length).toBeGreaterThanOrEqual(before);
    for (const r of afterRecovery) {
      const decoded = await decodeFile(path.join(dataDir, r.path));
      expect(decoded.errors, r.path).toBe('');
      expect(decoded.frames).toBeGreaterThan(0);
    }
    await expectConsistent(dataDir, restartAt);
    // Recording resumes: a new segment closes after the restart.
    await waitFor(() => segmentRows(dataDir).some((r) => r.startMs >= restartAt - 1000), 40_000, 'a segment recorded after the restart');
    expect(engine.cameras.status(cameraId)!.recording.state).toBe('recording');
    await engine.stop();
    engine = null;
    await expectConsistent(dataDir, Date.now() + 1000); // after a clean stop, incoming/ is empty
  }, 150_000);

  it('a full disk pauses recording with a health reason, motion events go on, and recording resumes when space is back', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-recfull-'));
    dirs.push(dataDir);
    const recordings = path.join(dataDir, 'recordings');
    mkdirSync(recordings);
    mounts.mount(recordings, '12m');
    engine = await startTestEngine({
      dataDir,
      recordingResumeFreeBytes: 6 * 1024 * 1024,
      recordingResumePollMs: 1000,
    });
    const e = engine;
    const freed: string[] = [];
    e.testSeams.onRecordingFullDisk((id) => freed.push(id));
    const cam = await e.cameras.add({ name: 'Till', mainUrl: camera.url, events: { minMotionFrames: 2, quietGapSeconds: 1 } });
    await waitFor(() => e.cameras.status(cam.id)?.state === 'streaming', 15_000, 'streaming');
    await waitFor(() => segmentRows(dataDir).length >= 1, 30_000, 'a first segment');

    // Fill the disk, leaving less than one segment's worth.
    const filler = path.join(recordings, 'filler.bin');
    const s = statfsSync(recordings);
    writeFileSync(filler, Buffer.alloc(Math.max(0, s.bavail * s.bsize - 600 * 1024)));
    await waitFor(() => e.cameras.status(cam.id)?.recording.reason === RECORDING_PAUSED_DISK_FULL, 40_000, 'recording paused for the full disk');
    const health = await e.api['health.get']({});
    const mine = health.cameras.find((c) => c.cameraId === cam.id)!;
    expect(mine.recording).toEqual({ state: 'paused', reason: RECORDING_PAUSED_DISK_FULL, reasonMessage: { key: 'engine_recording_paused_disk_full', params: {} } });
    expect(freed).toContain(cam.id); // retention was asked to run at once

    // Live analysis, motion and events go on while paused (ffmpeg restarted without the segment output).
    const { analysed, motionFrames } = { ...e.cameras.pipeline(cam.id)!.stats };
    await waitFor(() => e.cameras.pipeline(cam.id)!.stats.analysed > analysed + 25, 30_000, 'analysis going on while paused');
    expect(e.cameras.pipeline(cam.id)!.stats.motionFrames).toBeGreaterThan(motionFrames);
    const analysingAgainAt = Date.now();
    await waitFor(
      () => e.events.list({ cameraIds: [cam.id], limit: 20 }).events.some((ev) => ev.updatedMs > analysingAgainAt),
      30_000,
      'an event row written while recording is paused',
    );
    expect(e.cameras.status(cam.id)!.state).toBe('streaming');
    expect(e.cameras.status(cam.id)!.recording.state).toBe('paused');
    const rowsWhilePaused = segmentRows(dataDir).length;

    // Space comes back (what retention does): recording resumes by itself.
    unlinkSync(filler);
    await waitFor(() => e.cameras.status(cam.id)?.recording.state === 'recording', 15_000, 'recording resumed');
    const resumedAt = Date.now();
    await waitFor(() => segmentRows(dataDir).some((r) => r.startMs >= resumedAt - 1500), 40_000, 'a segment after resuming');
    expect(segmentRows(dataDir).length).toBeGreaterThan(rowsWhilePaused);
    await e.stop();
    engine = null;
    for (const r of segmentRows(dataDir)) {
      const decoded = await decodeFile(path.join(dataDir, r.path));
      expect(decoded.errors, r.path).toBe('');
    }
    await expectConsistent(dataDir, Date.now() + 1000);
  }, 180_000);

  it('a camera that hangs: the watchdog ends ffmpeg, and the segment it was writing is kept playable and indexed', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-rechang-'));
    dirs.push(dataDir);
    const hung = await startRtspCamera({ source: 'pattern:ball' });
    const db = openDatabase(path.join(dataDir, 'nvr.sqlite'), { logger: silentLogger() });
    const segments = new SegmentRepository(db);
    const writer = new SegmentWriter({
      cameraId: 'cam-h',
      dataRoot: dataDir,
      recordingsRoot: path.join(dataDir, 'recordings'),
      segments,
      ffprobePath: locateFfprobe({}).path,
      logger: process.env.DEBUG_REC ? createLogger({ level: 'debug', destination: process.stderr }) : silentLogger(),
    });
    const sup: CaptureSupervisor = new CaptureSupervisor({
      cameraId: 'cam-h',
      cameraName: 'Hall',
      url: hung.url,
      demo: false,
      secrets: [],
      ffmpegPath: locateFfmpeg({}).path,
      fps: 5,
      maxWidth: 640,
      logger: silentLogger(),
      onFrame: (f) => sup.releaseFrame(f.buffer),
      onState: () => undefined,
      watchdogMs: 3000,
      live: true,
      recording: writer,
    });
    try {
      sup.start();
      await waitFor(() => writer.stats.segments >= 1, 40_000, 'a first segment');
      await new Promise((r) => setTimeout(r, 5000)); // half of the next one
      hung.freeze();
      await waitFor(() => sup.current.state === 'reconnecting', 20_000, 'the watchdog');
      await waitFor(() => writer.stats.recovered + writer.stats.discarded >= 1, 15_000, 'the cut segment handled');
      await writer.idle();
      expect(writer.stats.recovered).toBe(1); // 5 s of a 2 s-GOP stream: whole fragments to keep
      expect(readdirSync(writer.incoming)).toEqual([]); // the next run cannot start writing while the camera hangs
      const rows = db.prepare('SELECT path, start_ms AS startMs, end_ms AS endMs FROM segments ORDER BY start_ms').all() as Array<{
        path: string;
        startMs: number;
        endMs: number;
      }>;
      expect(rows.length).toBe(writer.stats.segments);
      const last = rows[rows.length - 1]!;
      expect(last.endMs - last.startMs).toBeGreaterThan(2000);
      expect(last.startMs).toBeGreaterThanOrEqual(rows[rows.length - 2]!.endMs - 1500); // it follows the one before
      expect((await decodeFile(path.join(dataDir, last.path))).errors).toBe('');
    } finally {
      hung.thaw();
      await sup.stop();
      await hung.stop();
      closeDatabase(db);
    }
  }, 120_000);
});
