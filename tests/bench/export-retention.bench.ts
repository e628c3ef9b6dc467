// Recording benchmarks: playback/export and retention of segments.
// 1. Export speed: 5 minutes of real 10 s segments (courtyard.mp4, 1.1 Mbit/s) joined into one MP4 without re-encoding,
//    as a multiple of real time, against a baseline in the same run: copying the same bytes into one file (the least
//    any join must do). Target ≥ 50× real time.
// 2. A retention pass over 100,000 indexed segments (4 cameras, ~29 days of events): reading the index and planning
//    (nothing due, and 1 % due with real files deleted), against a baseline in the same run: reading the same columns
//    of every row once. Target < 1 s.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../main/core/storage/database.ts';
import { SegmentRepository } from '../../main/core/storage/segment-repository.ts';
import { EventRepository } from '../../main/core/storage/event-repository.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { ClipService } from '../../main/core/recording/clip-service.ts';
import { buildClip } from '../../main/core/recording/clip-builder.ts';
import { SegmentRetentionJob } from '../../main/core/retention/segment-retention-job.ts';
import type { CameraPolicy } from '../../main/core/retention/segment-retention-plan.ts';
import { addSegment, ffmpegPath, ffprobePath, makeCourtyardSegments } from '../fixtures/recording-segments.ts';
import { fmt, median, printTable } from './bench-stats.ts';

const source = makeCourtyardSegments();
const work = mkdtempSync(path.join(os.tmpdir(), 'nvr-recbench-'));

try {
  // ---- 1. export speed ----------------------------------------------------------------------------------------
  {
    const root = path.join(work, 'export');
    mkdirSync(root);
    const db = openDatabase(path.join(root, 'nvr.sqlite'), { logger: silentLogger() });
    const repo = new SegmentRepository(db);
    const T0 = Date.UTC(2026, 10, 25, 9);
    const SEGMENTS = 30;
    const files: string[] = [];
    for (let i = 0; i < SEGMENTS; i++) files.push(addSegment(root, repo, 'cam', T0 + i * 10_000, source.files[i % source.files.length]!).abs);
    const clips = new ClipService({ db, dataRoot: root, logger: silentLogger(), event: () => null, camera: () => null, tools: () => ({ ffmpegPath: ffmpegPath(), ffprobePath: ffprobePath() }) });
    // An event-like range: starts and ends inside segments, so the first and last are cut.
    const from = T0 + 3_500;
    const to = T0 + SEGMENTS * 10_000 - 4_200;
    const plan = clips.plan('cam', from, to)!;
    const realSec = (to - from) / 1000;
    const exportMs: number[] = [];
    const copyMs: number[] = [];
    let bytes = 0;
    let duration = 0;
    for (let r = 0; r < 7; r++) {
      const out = path.join(work, `export-${r}.mp4`);
      let t = performance.now();
      const built = await buildClip({ ffmpegPath: ffmpegPath(), ffprobePath: ffprobePath(), plan, outFile: out });
      exportMs.push(performance.now() - t);
      bytes = built.bytes;
      duration = built.durationMs;
      rmSync(out);
      const copy = path.join(work, `copy-${r}.bin`);
      t = performance.now();
      writeFileSync(copy, '');
      for (const f of files) appendFileSync(copy, readFileSync(f));
      copyMs.push(performance.now() - t);
      rmSync(copy);
    }
    db.close();
    // buildClip includes the ffprobe of the finished file; the export request does the same.
    printTable([
      { what: `export ${realSec.toFixed(1)} s (${SEGMENTS} segments, ${(bytes / 1e6).toFixed(1)} MB), ffmpeg concat -c copy`, median_ms: fmt(median(exportMs), 1), x_real_time: fmt(realSec / (median(exportMs) / 1000), 0) },
      { what: 'baseline: copy the same segment bytes into one file', median_ms: fmt(median(copyMs), 1), x_real_time: fmt(realSec / (median(copyMs) / 1000), 0) },
    ]);
    console.log(`export / copy = ${fmt(median(exportMs) / median(copyMs))}×; exported duration ${fmt(duration / 1000, 2)} s for a ${realSec.toFixed(1)} s range (target ≥ 50× real time)`);
  }

  // ---- 2. retention pass over 100,000 segments ----------------------------------------------------------------
  {
    const root = path.join(work, 'retention');
    mkdirSync(root);
    const db = openDatabase(path.join(root, 'nvr.sqlite'), { logger: silentLogger() });
    const repo = new SegmentRepository(db);
    const events = new EventRepository(db);
    const N = 100_000;
    const CAMERAS = ['a', 'b', 'c', 'd'];
    const NOW = Date.UTC(2026, 10, 25, 12);
    const per = N / CAMERAS.length;
    const t0 = NOW - per * 10_000;
    db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const cam = CAMERAS[i % 4]!;
        const start = t0 + Math.floor(i / 4) * 10_000;
        repo.insert({ cameraId: cam, startMs: start, endMs: start + 10_000, sizeBytes: 1_300_000, path: `recordings/${cam}/x/${i}.mp4` });
      }
      for (let k = 0; k < 5000; k++) {
        const cam = CAMERAS[k % 4]!;
        const start = t0 + k * 50_000;
        const id = `e${k}`;
        events.open({ id, cameraId: cam, kind: 'motion', startMs: start, updatedMs: start, peakRatio: 0.1, boxes: [], frameWidth: 640, frameHeight: 480 });
        events.close(id, start + 20_000, { snapshotPath: null, thumbnailPath: null, snapshotBytes: 0 });
      }
    })();
    const policyOf = (p: Partial<CameraPolicy>) => new Map(CAMERAS.map((c) => [c, { mode: 'continuous' as const, preRollMs: 5000, postRollMs: 5000, continuousDays: 60, eventRetainDays: 60, ...p }]));
    const job = (policies: Map<string, CameraPolicy>) =>
      new SegmentRetentionJob({ db, dataRoot: root, logger: silentLogger(), policies: () => policies, quotaBytes: () => 0, floorSettingBytes: () => 0, now: () => NOW, diskSpace: async () => ({ free: 1e13, total: 2e13 }) });
    const readAll = db.prepare('SELECT id, camera_id, start_ms, end_ms, size_bytes FROM segments WHERE deleting = 0 ORDER BY start_ms').raw(true);
    const baseline: number[] = [];
    const planOnly: number[] = [];
    const nothingDue = job(policyOf({}));
    for (let r = 0; r < 9; r++) {
      let t = performance.now();
      const rows = readAll.all();
      baseline.push(performance.now() - t);
      if (rows.length !== N) throw new Error('rows missing');
      t = performance.now();
      const result = await nothingDue.runOnce();
      planOnly.push(performance.now() - t);
      if (result.deleted.age !== 0) throw new Error('nothing should be due');
    }
    // 1 % due: the oldest 1,000 segments (250 per camera) past continuousDays, their files real.
    const withDeletes: number[] = [];
    for (let r = 0; r < 5; r++) {
      const due = db.prepare<[], { id: number; path: string }>('SELECT id, path FROM segments ORDER BY start_ms LIMIT 1000').all();
      for (const d of due) {
        mkdirSync(path.dirname(path.join(root, d.path)), { recursive: true });
        writeFileSync(path.join(root, d.path), 'x');
      }
      const oldest = db.prepare<[], { s: number }>('SELECT min(start_ms) AS s FROM segments').get()!.s;
      const days = (NOW - (oldest + 250 * 10_000)) / 86_400_000;
      const t = performance.now();
      const result = await job(policyOf({ continuousDays: days, eventRetainDays: 0.0001 })).runOnce();
      withDeletes.push(performance.now() - t);
      if (result.deleted.age < 900) throw new Error(`expected ~1000 deletions, got ${result.deleted.age}`);
      // Put the rows back for the next round.
      db.transaction(() => {
        for (const d of due) {
          const i = Number(path.basename(d.path, '.mp4'));
          const start = t0 + Math.floor(i / 4) * 10_000;
          repo.insert({ cameraId: CAMERAS[i % 4]!, startMs: start, endMs: start + 10_000, sizeBytes: 1_300_000, path: d.path });
        }
      })();
    }
    db.close();
    printTable([
      { what: 'baseline: read every row’s columns once', median_ms: fmt(median(baseline), 1), ratio: '1.00' },
      { what: 'retention pass, 100,000 segments + 5,000 events, nothing due', median_ms: fmt(median(planOnly), 1), ratio: fmt(median(planOnly) / median(baseline)) },
      { what: 'retention pass deleting 1 % (1,000 files and rows)', median_ms: fmt(median(withDeletes), 1), ratio: fmt(median(withDeletes) / median(baseline)) },
    ]);
    console.log('target: a pass under 1,000 ms');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  source.cleanup();
}
