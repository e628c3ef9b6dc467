// The motion pool with real worker threads: frames are transferred (not copied) and come back, each camera keeps its
// own background in its worker, and a worker that dies is replaced without leaving a request hanging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MotionPool, MotionError } from '../../main/core/motion/motion-pool.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { buildWorker } from '../fixtures/build-fixture.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import type { MotionConfig } from '../../native-workers/motion/motion-types.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const W = 320;
const H = 240;
const config: MotionConfig = { threshold: 25, minAreaRatio: 0.0008, masks: [], lightingGuardRatio: 0.6, absorbSeconds: 10, fps: 5 };

function frame(square: { x: number; y: number } | null): ArrayBuffer {
  const f = new Uint8Array((W * H * 3) / 2).fill(80);
  if (square) for (let y = square.y; y < square.y + 40; y++) for (let x = square.x; x < square.x + 40; x++) f[y * W + x] = 230;
  return f.buffer;
}

describe('MotionPool with real workers', () => {
  let workerPath: string;
  let pool: MotionPool;

  beforeAll(async () => {
    workerPath = await buildWorker('motion-worker');
    pool = new MotionPool({ logger: silentLogger(), size: 2, workerPath });
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('transfers frames to the worker and gets them back with a result', async () => {
    pool.configure('cam-a', W, H, config);
    const buf = frame(null);
    const pending = pool.analyze('cam-a', 1, 1000, buf);
    expect(buf.byteLength).toBe(0); // detached: transferred, not copied
    const back = await pending;
    expect(back.frame.byteLength).toBe((W * H * 3) / 2);
    expect(back.result.time).toBe(1000);
    expect(back.result.boxes).toEqual([]);
    expect(back.analysisMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps one background per camera, pinned to its worker', async () => {
    pool.configure('cam-b', W, H, config);
    let seq = 10;
    for (let i = 0; i < 10; i++) {
      await pool.analyze('cam-a', seq++, 2000 + i * 200, frame(null));
      await pool.analyze('cam-b', seq++, 2000 + i * 200, frame(null));
    }
    let lastA = null;
    for (let i = 0; i < 4; i++) lastA = (await pool.analyze('cam-a', seq++, 4000 + i * 200, frame({ x: 40 + i * 20, y: 100 }))).result;
    const quietB = (await pool.analyze('cam-b', seq++, 5000, frame(null))).result;
    expect(lastA!.boxes.length).toBeGreaterThan(0);
    expect(quietB.boxes).toEqual([]);
    expect(pool.stats()).toMatchObject({ workers: 2, cameras: 2, errors: 0 });
  });

  it('rejects a frame of a camera it does not know, giving the frame back', async () => {
    await expect(pool.analyze('nobody', 1, 0, frame(null))).rejects.toBeInstanceOf(MotionError);
    pool.configure('cam-small', W, H, config);
    const err = await pool.analyze('cam-small', 1, 0, new ArrayBuffer(10)).catch((e: MotionError) => e);
    expect(err).toBeInstanceOf(MotionError);
    expect((err as MotionError).frame?.byteLength).toBe(10);
  });

  it('survives a worker that dies: pending requests fail, its cameras work again', async () => {
    const slots = (pool as unknown as { slots: { worker: Worker; cameras: Set<string> }[] }).slots;
    const index = slots.findIndex((s) => s.cameras.has('cam-a'));
    const doomed = slots[index]!.worker;
    const inFlight = pool.analyze('cam-a', 99, 9000, frame(null));
    await doomed.terminate();
    // It either finished just before the worker died or fails with a MotionError: it never hangs.
    const settled = await inFlight.then(
      () => 'answered',
      (e: unknown) => (e instanceof MotionError ? 'failed' : 'other'),
    );
    expect(['answered', 'failed']).toContain(settled);
    await waitFor(() => pool.stats().restarts === 1, 5000, 'the worker restart');
    const after = await pool.analyze('cam-a', 100, 9200, frame(null));
    expect(after.result.time).toBe(9200);
  });
});

describe('MotionPool when the worker code itself dies', () => {
  let dir: string;
  let pool: MotionPool | null = null;

  beforeAll(async () => {
    const real = await buildWorker('motion-worker');
    dir = tempDataDir('motion-crash-');
    // The real worker, whose message handler is wrapped so that a frame of camera "crash-me" ends the thread first
    // (as an out-of-memory or a native fault would): the real handler never answers that frame.
    writeFileSync(
      path.join(dir, 'crashing-motion-worker.mjs'),
      [
        "import { parentPort } from 'node:worker_threads';",
        'const on = parentPort.on.bind(parentPort);',
        "parentPort.on = (event, fn) => on(event, event !== 'message' ? fn : (m) => {",
        "  if (m && m.type === 'analyze' && m.cameraId === 'crash-me') process.exit(3);",
        '  fn(m);',
        '});',
        `await import(${JSON.stringify(pathToFileURL(real).href)});`,
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('rejects the requests of a worker that exits, restarts it and configures its cameras again', async () => {
    pool = new MotionPool({ logger: silentLogger(), size: 1, workerPath: path.join(dir, 'crashing-motion-worker.mjs') });
    pool.configure('cam-kept', W, H, config);
    pool.configure('crash-me', W, H, config);
    for (let i = 0; i < 12; i++) await pool.analyze('cam-kept', i, i * 200, frame(null));
    const moving = await pool.analyze('cam-kept', 12, 2600, frame({ x: 100, y: 100 }));
    expect(moving.result.boxes.length).toBeGreaterThan(0);

    const doomed = pool.analyze('crash-me', 1, 3000, frame(null));
    const err = await doomed.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MotionError);
    expect((err as MotionError).message).toMatch(/motion worker stopped/);
    await waitFor(() => pool!.stats().restarts === 1, 10_000, 'the worker restart');
    expect(pool.stats()).toMatchObject({ workers: 1, cameras: 2, restarts: 1 });
    expect(pool.stats().errors).toBeGreaterThanOrEqual(1);

    // The camera on the restarted worker was configured again: it answers, from a fresh background (first frame quiet).
    const first = await pool.analyze('cam-kept', 13, 3200, frame({ x: 100, y: 100 }));
    expect(first.result.boxes).toEqual([]);
    expect(first.frame.byteLength).toBe((W * H * 3) / 2);
    const next = await pool.analyze('cam-kept', 14, 3400, frame({ x: 180, y: 100 }));
    expect(next.result.boxes.length).toBeGreaterThan(0);
  });

  it('refuses a frame that is already detached, and a frame sequence already in flight', async () => {
    const p = pool!;
    const buf = frame(null);
    const first = p.analyze('cam-kept', 50, 5000, buf);
    await expect(p.analyze('cam-kept', 51, 5000, buf)).rejects.toThrow(/empty/);
    await expect(p.analyze('cam-kept', 50, 5000, frame(null))).rejects.toThrow(/already being analysed/);
    expect((await first).result.time).toBe(5000);
  });
});
