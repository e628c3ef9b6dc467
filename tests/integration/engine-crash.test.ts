// Faults of the whole process: `kill -9` while events are being written, then a restart; and a clean SIGTERM.
// The engine runs in a child process (tests/fixtures/engine-child.ts) against a real RTSP camera.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildFixture } from '../fixtures/build-fixture.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

interface ChildLine {
  type: string;
  id?: string;
  state?: string;
}

function startChild(script: string, dataDir: string, url: string) {
  const child = spawn(process.execPath, [script, dataDir, url, '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: ChildLine[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    try {
      lines.push(JSON.parse(l) as ChildLine);
    } catch {
      return;
    }
    for (const w of waiters.splice(0)) w();
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const until = (pred: (all: ChildLine[]) => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; child stderr: ${stderr.slice(-2000)}`)), timeoutMs);
      const check = () => {
        if (pred(lines)) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, until, exited };
}

/** ffmpeg processes reading from this camera's URL (the port makes it unique to this test). */
function ffmpegPidsFor(url: string): number[] {
  try {
    const out = execFileSync('pgrep', ['-f', `ffmpeg.*${new URL(url).port}`], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('the engine process under faults', () => {
  let script: string;
  let camera: RtspCamera;
  const children: ChildProcess[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    script = await buildFixture('engine-child');
    camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  afterAll(async () => {
    await camera?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('kill -9 while events are written loses no committed event and leaves none open after restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-crash-'));
    dirs.push(dataDir);
    const run = startChild(script, dataDir, camera.url);
    children.push(run.child);
    // Pedestrians cross the courtyard all the time: the camera is paused (SIGSTOP) for a moment to end each event
    // (quiet gap 1 s), so several events are written, and the kill lands while the last one is open.
    for (let n = 1; n <= 3; n++) {
      await run.until((l) => l.filter((x) => x.type === 'opened').length >= n, 30_000, `committed event ${n}`);
      if (n === 3) break;
      camera.freeze();
      try {
        await run.until((l) => l.filter((x) => x.type === 'closed').length >= n, 15_000, `event ${n} closed`);
      } finally {
        camera.thaw();
      }
    }
    run.child.kill('SIGKILL');
    await run.exited;
    const committed = run.lines.filter((l) => l.type === 'opened').map((l) => l.id!);

    const db = new Database(path.join(dataDir, 'nvr.sqlite'));
    expect((db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
    const ids = new Set((db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
    db.close();
    for (const id of committed) expect(ids.has(id)).toBe(true);

    // Restart: events left open by the crash are closed at their last update.
    const engine = await startTestEngine({ dataDir });
    try {
      const open = engine.events.list({ limit: 500 }).events.filter((e) => e.endMs === null);
      // The camera restarts with the engine and may open a fresh event; none of the crashed ones stays open.
      for (const e of open) expect(committed).not.toContain(e.id);
      for (const id of committed) {
        const e = engine.events.get(id)!;
        expect(e.endMs).not.toBeNull();
        expect(e.endMs!).toBeGreaterThanOrEqual(e.startMs);
      }
    } finally {
      await engine.stop();
    }
  }, 120_000);

  it('SIGTERM stops ffmpeg, closes open events and the database within 5 s', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-term-'));
    dirs.push(dataDir);
    const run = startChild(script, dataDir, camera.url);
    children.push(run.child);
    await run.until((l) => l.some((x) => x.type === 'state' && x.state === 'streaming'), 20_000, 'streaming');
    await run.until((l) => l.some((x) => x.type === 'opened'), 60_000, 'an open event');
    expect(ffmpegPidsFor(camera.url).length).toBeGreaterThan(0);
    const sentAt = Date.now();
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(Date.now() - sentAt).toBeLessThan(5000);
    expect(exit.code).toBe(0);
    // No ffmpeg left behind (no zombie, no orphan).
    await new Promise((r) => setTimeout(r, 200));
    expect(ffmpegPidsFor(camera.url)).toEqual([]);
    const db = new Database(path.join(dataDir, 'nvr.sqlite'));
    expect((db.prepare('SELECT count(*) AS n FROM events WHERE end_ms IS NULL').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBeGreaterThan(0);
    // A clean close checkpoints the WAL: the -wal file is gone or empty.
    db.close();
  }, 90_000);
});
