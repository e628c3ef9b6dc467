// Start-up recovery of recordings against real files (fragmented MP4 written by the real ffmpeg) and a real SQLite
// index: every case an unclean stop can leave, then files and rows agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync, copyFileSync, existsSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, closeDatabase, type Db } from '../../main/core/storage/database.ts';
import { SegmentRepository } from '../../main/core/storage/segment-repository.ts';
import { recoverRecordings } from '../../main/core/recording/recording-recovery.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { listFiles } from '../../main/core/util/list-files.ts';
import { courtyardPath } from '../fixtures/rtsp-camera.ts';
import { decodeFile } from '../fixtures/media-check.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

describe('recordings recovery at start-up', () => {
  let dir: string;
  let db: Db;
  let segments: SegmentRepository;
  let sample: string;

  beforeAll(() => {
    dir = tempDataDir('nvr-recover-');
    db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
    segments = new SegmentRepository(db);
    // A real 6 s fragmented segment, as the recorder writes them.
    sample = path.join(dir, 'sample.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-i', courtyardPath(), '-t', '6', '-an', '-c', 'copy', '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', sample]);
  });
  afterAll(() => {
    closeDatabase(db);
  });

  it('keeps what is playable, deletes what is not, drops rows without files, indexes files without rows', async () => {
    const rec = path.join(dir, 'recordings');
    const cam = 'cam-a';
    const day = path.join(rec, cam, '2026-11-24');
    const inc = path.join(rec, cam, 'incoming');
    mkdirSync(day, { recursive: true });
    mkdirSync(inc, { recursive: true });
    const whole = readFileSync(sample);
    const endMs = Date.UTC(2026, 10, 24, 12, 0, 0);

    // 1. A dated file whose row was never written (a crash between the move and the insert).
    copyFileSync(sample, path.join(day, '120000.mp4'));
    utimesSync(path.join(day, '120000.mp4'), endMs / 1000, endMs / 1000);
    // 2. A row whose file is gone.
    segments.insert({ cameraId: cam, startMs: endMs - 20_000, endMs: endMs - 10_000, sizeBytes: 1, path: `recordings/${cam}/2026-11-24/115940.mp4` });
    // 3. A row with its file: untouched.
    copyFileSync(sample, path.join(day, '115950.mp4'));
    segments.insert({ cameraId: cam, startMs: endMs - 10_000, endMs: endMs - 4000, sizeBytes: whole.length, path: `recordings/${cam}/2026-11-24/115950.mp4` });
    // 4. A segment cut mid-fragment by the crash: made playable and indexed.
    writeFileSync(path.join(inc, 'run1-0-000003.mp4'), whole.subarray(0, Math.floor(whole.length * 0.7)));
    // 5. Only the init segment was written: nothing playable.
    writeFileSync(path.join(inc, 'run1-0-000004.mp4'), whole.subarray(0, 1200));
    // 6. Not a video at all.
    writeFileSync(path.join(inc, 'junk.tmp'), 'x');
    // 7. A row retention was deleting (its tombstone): retention's to finish, not ours.
    segments.insert({ cameraId: cam, startMs: 1000, endMs: 2000, sizeBytes: 1, path: `recordings/${cam}/2026-11-20/000001.mp4` });
    const tombstone = segments.byPath(`recordings/${cam}/2026-11-20/000001.mp4`)!;
    segments.markDeleting([tombstone.id]);

    const result = await recoverRecordings({ dataRoot: dir, recordingsRoot: rec, segments, ffprobePath: 'ffprobe', logger: silentLogger() });
    expect(result).toEqual({ kept: 1, deleted: 2, danglingRows: 1, indexed: 1 });

    const rows = db.prepare('SELECT path, start_ms AS startMs, end_ms AS endMs, size_bytes AS size, deleting FROM segments ORDER BY path').all() as Array<{
      path: string;
      startMs: number;
      endMs: number;
      size: number;
      deleting: number;
    }>;
    const live = rows.filter((r) => r.deleting === 0);
    const files = (await listFiles(rec)).map((f) => path.relative(dir, f).split(path.sep).join('/'));
    expect(files.sort()).toEqual(live.map((r) => r.path).sort()); // no orphan, no dangling row
    expect(rows.filter((r) => r.deleting === 1).map((r) => r.path)).toEqual([tombstone.path]);
    expect(existsSync(inc) ? files.filter((f) => f.includes('incoming')) : []).toEqual([]);

    const indexed = live.find((r) => r.path.endsWith('/120000.mp4'))!;
    expect(indexed.endMs).toBe(endMs);
    expect(Math.abs(indexed.endMs - indexed.startMs - 6000)).toBeLessThan(500);
    const kept = live.find((r) => !r.path.endsWith('/120000.mp4') && !r.path.endsWith('/115950.mp4'))!;
    expect(kept.size).toBe(statSync(path.join(dir, kept.path)).size);
    expect(kept.size).toBeLessThan(whole.length * 0.7); // cut back to its last whole fragment
    const decoded = await decodeFile(path.join(dir, kept.path));
    expect(decoded.errors).toBe('');
    expect(decoded.frames).toBeGreaterThan(10);

    // A second run finds nothing to do.
    expect(await recoverRecordings({ dataRoot: dir, recordingsRoot: rec, segments, ffprobePath: 'ffprobe', logger: silentLogger() })).toEqual({
      kept: 0,
      deleted: 0,
      danglingRows: 0,
      indexed: 0,
    });
  });
});
