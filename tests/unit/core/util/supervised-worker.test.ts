// The supervised worker with real worker threads: one that crashes on request, one that cannot even start, one that
// hangs. Restarts, their delays, the healthy reset, giving up, and close().
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SupervisedWorker, type RestartPolicy, type WorkerGone } from '../../../../main/core/util/supervised-worker.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { waitFor } from '../../../fixtures/wait-for.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'supervised-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${body}\n`);
  return file;
}

/** Echoes { n } back as { n: n + 1 }; exits with code 7 on 'crash'; never answers 'hang'. */
const echo = script(
  'echo.mjs',
  `parentPort.on('message', (m) => {
  if (m === 'crash') process.exit(7);
  if (m === 'hang') return;
  parentPort.postMessage({ n: m.n + 1 });
});`,
);
/** Dies as soon as it starts (a broken script). */
const broken = script('broken.mjs', `process.exit(3);`);

interface Harness {
  sup: SupervisedWorker;
  gone: WorkerGone[];
  starts: boolean[];
  created: () => number;
}

const open: SupervisedWorker[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function supervise(file: string, policy: RestartPolicy, hooks: { now?: () => number; onGone?: (sup: SupervisedWorker, g: WorkerGone) => void } = {}): Harness {
  const gone: WorkerGone[] = [];
  const starts: boolean[] = [];
  let created = 0;
  const sup: SupervisedWorker = new SupervisedWorker({
    name: 'the test worker',
    logger: silentLogger(),
    policy,
    create: () => {
      created++;
      return new Worker(file);
    },
    onStart: (_worker, restarted) => {
      starts.push(restarted);
    },
    onGone: (g) => {
      gone.push(g);
      hooks.onGone?.(sup, g);
    },
    ...(hooks.now ? { now: hooks.now } : {}),
  });
  open.push(sup);
  sup.start();
  return { sup, gone, starts, created: () => created };
}

function ask(worker: Worker, n: number): Promise<number> {
  return new Promise((resolve) => {
    worker.once('message', (m: { n: number }) => resolve(m.n));
    worker.postMessage({ n });
  });
}

describe('SupervisedWorker', () => {
  it('replaces a worker that crashes, saying why, and the replacement works', async () => {
    const h = supervise(echo, { firstMs: 50, maxMs: 1000 });
    expect(h.sup.state).toBe('running');
    expect(await ask(h.sup.worker!, 1)).toBe(2);
    h.sup.worker!.postMessage('crash');
    await waitFor(() => h.gone.length === 1, 5000, 'the crash');
    expect(h.gone[0]).toEqual({ reason: 'the test worker stopped unexpectedly (exit code 7)', code: 7, restartInMs: 50 });
    expect(h.sup.reason).toBe('the test worker stopped unexpectedly (exit code 7)');
    expect(['restarting', 'running']).toContain(h.sup.state);
    await waitFor(() => h.sup.restarts === 1 && h.sup.worker !== null, 5000, 'the restart');
    expect(h.starts).toEqual([false, true]);
    expect(await ask(h.sup.worker!, 41)).toBe(42);
  });

  it('backs off a worker that dies at start, doubling, and gives up after too many deaths in a row', async () => {
    const h = supervise(broken, { firstMs: 20, maxMs: 60, giveUpAfter: 4 });
    await waitFor(() => h.sup.state === 'gave-up', 10_000, 'giving up');
    expect(h.gone.map((g) => g.restartInMs)).toEqual([20, 40, 60, null]);
    expect(h.gone.every((g) => g.code === 3)).toBe(true);
    expect(h.created()).toBe(4);
    expect(h.sup.restarts).toBe(3);
    expect(h.sup.worker).toBeNull();
    expect(h.sup.reason).toMatch(/^the test worker stopped 4 times in a row soon after starting and is no longer restarted\. The last time: .*\(exit code 3\)\. Restart ShopWatch NVR/);
    // No more attempts after giving up.
    await new Promise((r) => setTimeout(r, 200));
    expect(h.created()).toBe(4);
  });

  it('replaces a healthy worker at once (by age or by markHealthy) and starts the backoff over', async () => {
    let clock = 0;
    const h = supervise(echo, { firstMs: 100, maxMs: 1000, healthyAfterMs: 5000, afterHealthyMs: 0 }, { now: () => clock });
    // Young and not marked: an unhealthy death, the first delay.
    h.sup.worker!.postMessage('crash');
    await waitFor(() => h.sup.restarts === 1 && h.sup.worker !== null, 5000, 'first restart');
    // Old enough: healthy, replaced at once.
    clock += 6000;
    h.sup.worker!.postMessage('crash');
    await waitFor(() => h.sup.restarts === 2 && h.sup.worker !== null, 5000, 'second restart');
    // Young again but marked healthy (it answered): also at once.
    expect(await ask(h.sup.worker!, 1)).toBe(2);
    h.sup.markHealthy();
    h.sup.worker!.postMessage('crash');
    await waitFor(() => h.sup.restarts === 3 && h.sup.worker !== null, 5000, 'third restart');
    // And an unhealthy death after that starts from the first delay again.
    h.sup.worker!.postMessage('crash');
    await waitFor(() => h.gone.length === 4, 5000, 'fourth death');
    expect(h.gone.map((g) => g.restartInMs)).toEqual([100, 0, 0, 100]);
  });

  it('ends a hung worker with the owner’s reason, and replaces it', async () => {
    const h = supervise(echo, { firstMs: 30, maxMs: 1000 });
    h.sup.worker!.postMessage('hang');
    h.sup.end('the test worker did not answer within 1 s');
    await waitFor(() => h.gone.length === 1, 5000, 'the end');
    expect(h.gone[0]!.reason).toBe('the test worker did not answer within 1 s');
    await waitFor(() => h.sup.restarts === 1 && h.sup.worker !== null, 5000, 'the restart');
    expect(await ask(h.sup.worker!, 5)).toBe(6);
  });

  it('does not restart when the owner gives up in onGone, nor after close()', async () => {
    const h = supervise(echo, { firstMs: 10, maxMs: 100 }, { onGone: (sup, g) => sup.giveUp(`never came up: ${g.reason}`) });
    h.sup.worker!.postMessage('crash');
    await waitFor(() => h.gone.length === 1, 5000, 'the crash');
    expect(h.sup.state).toBe('gave-up');
    expect(h.sup.reason).toMatch(/^never came up: .*exit code 7/);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.created()).toBe(1);

    const c = supervise(echo, { firstMs: 10, maxMs: 100 });
    const worker = c.sup.worker!;
    await c.sup.close();
    expect(c.sup.state).toBe('closed');
    expect(c.sup.worker).toBeNull();
    expect(worker.threadId).toBe(-1); // terminated
    await new Promise((r) => setTimeout(r, 100));
    expect(c.gone).toEqual([]);
    expect(c.created()).toBe(1);
  });
});
