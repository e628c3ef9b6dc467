// The motion pool with real worker threads: frames are transferred (not copied) and come back, each camera keeps its
// own background in its worker, and a worker that dies is replaced without leaving a request hanging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { MotionPool, MotionError } from '../../main/core/motion/motion-pool.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { buildWorker } from '../fixtures/build-fixture.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import type { MotionConfig } from '../../native-workers/motion/motion-types.ts';

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
