// Recording and the live view, end to end with real parts: courtyard.mp4 over a real RTSP server, the real engine and
// ffmpeg, a real SQLite file. One ffmpeg per camera writes analysis frames, the live fragmented MP4 and 10 s segments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { invokeRequest } from '../../preload/contract.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { decodeFile, ffprobeDurationSec } from '../fixtures/media-check.ts';
import { listFiles } from '../../main/core/util/list-files.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const RECORD_MS = 60_000;

/** Collects what a live viewer receives for `ms`, then aborts it. */
async function watch(open: (signal: AbortSignal) => Readable | null, ms: number): Promise<Buffer> {
  const ac = new AbortController();
  const stream = open(ac.signal);
  if (!stream) throw new Error('no live stream');
  const parts: Buffer[] = [];
  stream.on('data', (c: Buffer) => parts.push(c));
  await new Promise((r) => setTimeout(r, ms));
  ac.abort();
  return Buffer.concat(parts);
}

describe('recording courtyard.mp4 over RTSP', () => {
  let dataDir: string;
  let camera: RtspCamera;
  let engine: NvrEngine | null = null;

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-rec-');
    camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
  });

  afterAll(async () => {
    await engine?.stop();
    await camera?.stop();
  });

  it('60 s become indexed 10 s segments whose durations sum to the wall time, each playable; two live viewers get decodable video', async () => {
    engine = await NvrEngine.start({ dataDir, logger: silentLogger(), modelPath: '/nonexistent/yolox.onnx' });
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Courtyard', mainUrl: camera.url, recording: { mode: 'continuous' } });
    await waitFor(() => engine!.cameras.status(cam.id)?.state === 'streaming', 15_000, 'camera streaming');
    const streamingAt = Date.now();
    expect(engine.cameras.status(cam.id)!.recording).toEqual({ state: 'recording', reason: null });

    // The live view while it records: codec string from the init segment, two viewers at once.
    const info = await invokeRequest(engine.api, 'cameras.liveInfo', { id: cam.id, quality: 'main' });
    expect(info.mime).toMatch(/^video\/mp4; codecs="avc1\.[0-9a-f]{6}"$/);
    expect([info.width, info.height]).toEqual([768, 576]);
    expect(info.transcoded).toBe(false);
    const e = engine;
    const [a, b] = await Promise.all([
      watch((s) => e.media.openLive(cam.id, 'sub', s), 7000),
      watch((s) => e.media.openLive(cam.id, 'main', s), 7000),
    ]);
    for (const [i, bytes] of [a, b].entries()) {
      expect(bytes.readUInt32BE(4)).toBe(0x66747970); // 'ftyp': the init segment first
      const file = path.join(dataDir, `viewer-${i}.mp4`);
      writeFileSync(file, bytes);
      const decoded = await decodeFile(file);
      expect(decoded.errors).toBe('');
      expect(decoded.ok).toBe(true);
      expect(decoded.frames).toBeGreaterThanOrEqual(30); // ≥ 3 s of 10 fps video in 7 s (starts on a keyframe)
    }
    const pipeline = engine.cameras.pipeline(cam.id)!;
    expect(pipeline.live('sub')!.hub.viewerCount).toBe(0); // aborted viewers are gone

    // The wall clock is read when the first segment closes (its row appears), then 60 s later recording stops: the
    // segments recorded in between must sum to those 60 s. (Measured from a closing, not from the start: how long ffmpeg
    // takes to connect and probe varies with the machine's load, and the packets it probes are recorded too.)
    await waitFor(() => engine!.testSeams.segmentIndex.inRange(cam.id, 0, Date.now() + 60_000).length >= 1, 30_000, 'the first segment', 20);
    const firstClosedAt = Date.now();
    await new Promise((r) => setTimeout(r, RECORD_MS));
    const stoppedAt = Date.now();
    await engine.stop();
    engine = null;

    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(dataDir, 'nvr.sqlite'), { readonly: true });
    const rows = db
      .prepare('SELECT start_ms AS startMs, end_ms AS endMs, duration_ms AS durationMs, size_bytes AS size, path FROM segments ORDER BY start_ms')
      .all() as Array<{ startMs: number; endMs: number; durationMs: number; size: number; path: string }>;
    db.close();
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const total = rows.slice(1).reduce((s, r) => s + r.durationMs, 0);
    const wall = stoppedAt - firstClosedAt;
    console.info(`recorded ${rows.length - 1} segments in ${wall} ms of wall time: their durations sum ${total} ms (difference ${total - wall} ms)`);
    expect(Math.abs(total - wall)).toBeLessThan(2000);
    expect(Math.abs(rows[0]!.endMs - firstClosedAt)).toBeLessThan(1000);
    expect(rows[0]!.startMs).toBeLessThan(streamingAt + 500); // the first segment holds the first pictures
    expect(Math.abs(rows[rows.length - 1]!.endMs - stoppedAt)).toBeLessThan(2000);
    for (let i = 1; i < rows.length; i++) expect(Math.abs(rows[i]!.startMs - rows[i - 1]!.endMs)).toBeLessThan(300);
    for (const r of rows.slice(0, -1)) expect(Math.abs(r.durationMs - 10_000)).toBeLessThan(1500); // cut at keyframes

    // Every segment: in recordings/<camera>/<YYYY-MM-DD>/<HHMMSS>.mp4, its size as indexed, and it plays.
    for (const r of rows) {
      expect(r.path).toMatch(new RegExp(`^recordings/${cam.id}/\\d{4}-\\d{2}-\\d{2}/\\d{6}(-\\d+)?\\.mp4$`));
      const abs = path.join(dataDir, r.path);
      expect(statSync(abs).size).toBe(r.size);
      const sec = await ffprobeDurationSec(abs);
      expect(sec).not.toBeNull();
      expect(Math.abs(sec! * 1000 - r.durationMs)).toBeLessThan(1000);
      const decoded = await decodeFile(abs);
      expect(decoded.errors).toBe('');
      expect(decoded.frames).toBeGreaterThan(0);
    }
    // Nothing left behind: incoming/ is empty and every file has its row.
    const incoming = path.join(dataDir, 'recordings', cam.id, 'incoming');
    expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);
    const files = (await listFiles(path.join(dataDir, 'recordings'))).map((f) => path.relative(dataDir, f));
    expect(files.sort()).toEqual(rows.map((r) => r.path).sort());
  }, 120_000);
});
