// Events-mode retention in the real engine: a static scene recorded over RTSP by the real recorder (so no motion
// events of its own), two events added to its history (one kept for ever), the engine's clock 30 minutes ahead so the
// events-mode buffer has passed: a retention run keeps the segments those events overlap and deletes the others, files
// before rows, and the index and the disk agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NvrEngine } from '../../main/core/engine.ts';
import { listFiles } from '../../main/core/util/list-files.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { openDataFolderDatabase, startTestEngine } from '../fixtures/test-engine.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

describe('events-mode recording retention in the engine', () => {
  let dataDir: string;
  let camera: RtspCamera;
  let engine: NvrEngine | null = null;

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-engine-segret-');
    camera = await startRtspCamera({ source: 'pattern:static' });
  });
  afterAll(async () => {
    await engine?.stop();
    await camera?.stop();
  });

  it('keeps the segments events overlap (no rolls here), deletes the rest once the buffer has passed', async () => {
    engine = await startTestEngine({
      dataDir,
      retentionIntervalMs: 3_600_000,
      now: () => Date.now() + 30 * 60_000,
    });
    const e = engine;
    const cam = await e.cameras.add({ name: 'Stock room', mainUrl: camera.url, recording: { mode: 'events', preRollSeconds: 0, postRollSeconds: 0 } });
    const rowsDb = openDataFolderDatabase(dataDir);
    const rows = () => rowsDb.prepare<[string], { id: number; start_ms: number; end_ms: number; path: string }>('SELECT id, start_ms, end_ms, path FROM segments WHERE camera_id = ? ORDER BY start_ms').all(cam.id);
    await waitFor(() => rows().length >= 4, 90_000, 'four segments', 500);
    const before = rows().slice(0, 4);
    const [s0, s1, s2, s3] = before as [typeof before[0], typeof before[0], typeof before[0], typeof before[0]];
    // A person event inside segment 2, and a keep-forever motion event inside segment 0.
    const inside = (s: typeof s0) => ({ start: s.start_ms + 2000, end: Math.min(s.start_ms + 3000, s.end_ms - 1000) });
    for (const [id, s, keep] of [['ev-2', s2, false], ['ev-0', s0, true]] as const) {
      const w = inside(s);
      e.testSeams.eventRows.open({ id, cameraId: cam.id, kind: 'person', startMs: w.start, updatedMs: w.start, peakRatio: 0.2, boxes: [], frameWidth: 640, frameHeight: 360 });
      e.testSeams.eventRows.close(id, w.end, { snapshotPath: null, thumbnailPath: null, snapshotBytes: 0 });
      if (keep) e.testSeams.eventRows.setKeepForever(id, true);
    }
    expect(rowsDb.prepare('SELECT count(*) AS n FROM events WHERE camera_id = ? AND id NOT IN (?, ?)').get(cam.id, 'ev-0', 'ev-2')).toEqual({ n: 0 }); // a static scene
    await e.testSeams.retention.runNow();
    const after = new Set(rows().map((r) => r.id));
    expect([s0, s1, s2, s3].map((s) => after.has(s.id))).toEqual([true, false, true, false]);
    expect([s0, s1, s2, s3].map((s) => existsSync(path.join(dataDir, s.path)))).toEqual([true, false, true, false]);
    const health = await e.api['health.get']({});
    expect(health.system.retention.segments!.byAge).toBeGreaterThanOrEqual(2);
    // The clip of the kept event still plays from its footage.
    expect((await e.api['recordings.eventFootage']({ id: 'ev-2' })).hasFootage).toBe(true);
    expect((await e.api['recordings.eventFootage']({ id: 'ev-0' })).hasFootage).toBe(true);

    await e.stop();
    engine = null;
    // After a clean stop: every dated file has its row and every row its file.
    const db = (await import('better-sqlite3')).default(path.join(dataDir, 'nvr.sqlite'), { readonly: true });
    try {
      const indexed = db.prepare<[], { path: string }>('SELECT path FROM segments').all().map((r) => r.path).sort();
      const files = (await listFiles(path.join(dataDir, 'recordings'))).map((f) => path.relative(dataDir, f).split(path.sep).join('/')).filter((f) => !f.includes('/incoming/')).sort();
      expect(files).toEqual(indexed);
    } finally {
      db.close();
    }
  }, 150_000);
});
