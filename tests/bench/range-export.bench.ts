// Range export benchmark: a 1-hour range of 2 cameras (360 real 10 s segments each, courtyard.mp4 cut by ffmpeg, linked
// into the recordings layout and indexed) exported by exports.create's service (range-exports.ts: both cameras' joins
// at once, -c copy) until export.done, as a multiple of real time (the range's hour over the wall time), against a
// baseline in the same run: copying the same segment bytes into one file per camera. Target ≥ 50× real time.
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../main/core/storage/database.ts';
import { SegmentRepository } from '../../main/core/storage/segment-repository.ts';
import { ExportRepository } from '../../main/core/storage/export-repository.ts';
import { dayFolderName } from '../../main/core/config/data-dir.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { ClipService } from '../../main/core/recording/clip-service.ts';
import { RangeExports } from '../../main/core/exports/range-exports.ts';
import { ffmpegPath, ffprobePath, makeCourtyardSegments, probeDurationSec } from '../fixtures/recording-segments.ts';
import { fmt, median, printTable } from './bench-stats.ts';

const source = makeCourtyardSegments();
const work = mkdtempSync(path.join(os.tmpdir(), 'nvr-rangebench-'));
const CAMERAS = ['front', 'till'];
const SEGMENTS = 360;
const RUNS = 3;

try {
  const db = openDatabase(path.join(work, 'nvr.sqlite'), { logger: silentLogger() });
  const segments = new SegmentRepository(db);
  const T0 = new Date(2026, 10, 25, 9).getTime();
  const files = new Map<string, string[]>();
  for (const cam of CAMERAS) {
    const list: string[] = [];
    for (let i = 0; i < SEGMENTS; i++) {
      const startMs = T0 + i * 10_000;
      const rel = path.join('recordings', cam, dayFolderName(startMs), `${String(i).padStart(4, '0')}.mp4`);
      const abs = path.join(work, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      linkSync(source.files[i % source.files.length]!, abs); // the same bytes as a copy, without filling the disk
      segments.insert({ cameraId: cam, startMs, endMs: startMs + 10_000, sizeBytes: statSync(abs).size, path: rel });
      list.push(abs);
    }
    files.set(cam, list);
  }
  const clips = new ClipService({ db, dataRoot: work, logger: silentLogger(), event: () => null, camera: () => null, tools: () => ({ ffmpegPath: ffmpegPath(), ffprobePath: ffprobePath() }) });
  const doneBytes = new Map<string, number>();
  const whenDone = (id: string) =>
    new Promise<number>((resolve) => {
      const check = () => (doneBytes.has(id) ? resolve(doneBytes.get(id)!) : setTimeout(check, 10));
      check();
    });
  const exportsDir = path.join(work, 'exports');
  mkdirSync(exportsDir);
  const service = new RangeExports({
    repo: new ExportRepository(db),
    clips,
    dir: exportsDir,
    logger: silentLogger(),
    tools: () => ({ ffmpegPath: ffmpegPath(), ffprobePath: ffprobePath() }),
    cameraName: (id) => (id === 'front' ? 'Front door' : 'Till'),
    emit: (name, payload) => {
      if (name === 'export.failed') throw new Error((payload as { message: string }).message);
      if (name === 'export.done') doneBytes.set(payload.exportId, (payload as { bytes: number }).bytes);
    },
  });
  // The hour, cut inside the first and the last segment as a dragged range would be.
  const from = T0 + 2_500;
  const to = T0 + 2_500 + 3_600_000 - 5_000;
  const realSec = (to - from) / 1000;
  const exportMs: number[] = [];
  const copyMs: number[] = [];
  let bytes = 0;
  let durations: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    const started = await service.create({ cameraIds: CAMERAS, from, to }, 'en');
    bytes = await whenDone(started.exportId);
    exportMs.push(performance.now() - t);
    const row = service.list().find((e) => e.id === started.exportId)!;
    durations = row.files.map((f) => probeDurationSec(path.join(exportsDir, row.id, f.file)));
    await service.delete(started.exportId);
    const c = performance.now();
    for (const cam of CAMERAS) {
      const copy = path.join(work, `copy-${cam}.bin`);
      writeFileSync(copy, '');
      for (const f of files.get(cam)!) appendFileSync(copy, readFileSync(f));
      rmSync(copy);
    }
    copyMs.push(performance.now() - c);
  }
  await service.close();
  db.close();
  printTable([
    { what: `export 2 cameras × ${realSec.toFixed(0)} s (${SEGMENTS} segments each, ${(bytes / 1e6).toFixed(0)} MB), concat -c copy, both at once`, median_ms: fmt(median(exportMs), 0), x_real_time: fmt(realSec / (median(exportMs) / 1000), 0) },
    { what: 'baseline: copy the same segment bytes into one file per camera', median_ms: fmt(median(copyMs), 0), x_real_time: fmt(realSec / (median(copyMs) / 1000), 0) },
  ]);
  console.log(`export / copy = ${fmt(median(exportMs) / median(copyMs))}×; durations ${durations.map((d) => d.toFixed(2)).join(' s, ')} s for a ${realSec.toFixed(1)} s range (target ≥ 50× real time)`);
} finally {
  rmSync(work, { recursive: true, force: true });
  source.cleanup();
}
