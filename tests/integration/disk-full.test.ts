// A full disk is survived (issue 17, C2), with real parts: the data folder on a real tmpfs, real GStreamer RTSP
// cameras (one server each), the whole engine in a child process (an uncaught error would be its exit), a filler
// file that takes every byte the disk frees while it is "full". Runs as root (mount), like recording-faults.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildFixture } from '../fixtures/build-fixture.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { sharedMediaPath } from '../fixtures/shared-files.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { TmpfsMounts } from '../fixtures/tmpfs.ts';
import { RECORDING_PAUSED_DISK_FULL } from '../../main/core/capture/ffmpeg-errors.ts';
import type { Health } from '../../preload/contract.ts';

/** The engine child: its JSON lines, and questions asked on its stdin. */
class EngineChild {
  readonly opened = new Map<string, number>();
  readonly cameraIds: string[] = [];
  exit: { code: number | null; signal: string | null } | null = null;
  stderrTail = '';
  private readonly waiting = new Map<string, Array<(o: Record<string, unknown>) => void>>();
  private readyResolve!: () => void;
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));
  readonly exited: Promise<void>;

  constructor(readonly proc: ChildProcess) {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (o.type === 'opened') this.opened.set(o.id as string, o.at as number);
      else if (o.type === 'camera') this.cameraIds.push(o.id as string);
      else if (o.type === 'ready') this.readyResolve();
      const queue = this.waiting.get(o.type as string);
      queue?.shift()?.(o);
    });
    proc.stderr!.on('data', (d: Buffer) => (this.stderrTail = (this.stderrTail + d.toString()).slice(-4000)));
    this.exited = new Promise((r) => proc.once('exit', (code, signal) => ((this.exit = { code, signal }), r())));
  }

  /** Resolves once the engine is up; fails at once when the child exits first. */
  async started(): Promise<void> {
    await Promise.race([this.ready, this.exited]);
    if (this.exit) throw new Error(`the engine child exited at start (${JSON.stringify(this.exit)}): ${this.stderrTail}`);
  }

  ask(command: string, answer: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(answer) ?? [];
      const timer = setTimeout(() => reject(new Error(`no answer to ${command}; child exit ${JSON.stringify(this.exit)}; ${this.stderrTail}`)), 10_000);
      list.push((o) => (clearTimeout(timer), resolve(o)));
      this.waiting.set(answer, list);
      this.proc.stdin!.write(command + '\n');
    });
  }

  async health(): Promise<Health> {
    return (await this.ask('health', 'health')).health as Health;
  }

  async count(after = 0): Promise<{ events: number; segments: number; segmentsAfter: number }> {
    return (await this.ask(`count ${after}`, 'count')) as unknown as { events: number; segments: number; segmentsAfter: number };
  }

  async found(ids: string[]): Promise<string[]> {
    return (await this.ask(`events ${ids.join(',')}`, 'events')).found as string[];
  }
}

/** Takes every byte of the disk and keeps taking whatever is freed, until stopped (something else filling the disk). */
function greedyFiller(file: string): { stop: () => void; bytes: () => number } {
  const fd = openSync(file, 'w');
  const big = Buffer.alloc(1024 * 1024);
  const small = Buffer.alloc(4096);
  let bytes = 0;
  const grab = () => {
    for (const chunk of [big, small]) {
      for (;;) {
        try {
          bytes += writeSync(fd, chunk);
        } catch {
          break; // ENOSPC: try the smaller chunk, then wait for more to be freed
        }
      }
    }
  };
  grab();
  const timer = setInterval(grab, 100);
  return {
    stop: () => {
      clearInterval(timer);
      closeSync(fd);
    },
    bytes: () => bytes,
  };
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]!.integrity_check;
  } finally {
    db.close();
  }
}

describe.runIf(process.getuid?.() === 0)('a full disk is survived', () => {
  let script = '';
  const cameras: RtspCamera[] = [];
  const children: EngineChild[] = [];
  const mounts = new TmpfsMounts();
  const dirs: string[] = [];
  const fillers: Array<{ stop: () => void }> = [];

  beforeAll(async () => {
    script = await buildFixture('engine-disk-child');
    // car-detection.mp4: cars pass now and then, so events open and close all along (bottle-detection.mp4 served
    // over RTSP is refused now and then by ffmpeg at a reconnect, "Invalid data found": not usable for restarts).
    for (let i = 0; i < 4; i++) cameras.push(await startRtspCamera({ source: 'file:' + sharedMediaPath('car-detection.mp4') }));
  }, 60_000);
  afterEach(async () => {
    for (const f of fillers.splice(0)) f.stop();
    for (const c of children.splice(0)) {
      if (!c.exit) {
        c.proc.kill('SIGKILL');
        await c.exited;
      }
    }
    mounts.unmountAll();
  });
  afterAll(async () => {
    for (const c of cameras) await c.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function tmpfsDataDir(size: string): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-diskfull-'));
    dirs.push(dir);
    return mounts.mount(dir, size, 0o700);
  }

  function startChild(dataDir: string, urls: string[]): EngineChild {
    const child = new EngineChild(spawn(process.execPath, [script, dataDir, ...urls], { stdio: ['pipe', 'pipe', 'pipe'] }));
    children.push(child);
    return child;
  }

  async function stopChild(child: EngineChild): Promise<void> {
    child.proc.kill('SIGTERM');
    await child.exited;
    expect(child.exit, child.stderrTail).toEqual({ code: 0, signal: null });
  }

  it('4 cameras record on a 200 MB disk that fills up: the process lives, events are kept, recording resumes', async () => {
    const dataDir = tmpfsDataDir('200m');
    const child = startChild(dataDir, cameras.map((c) => c.url));
    await child.started();
    expect(child.cameraIds).toHaveLength(4);
    await waitFor(async () => (await child.count()).segmentsAfter === 4, 60_000, 'a recorded segment from every camera');
    await waitFor(async () => (await child.health()).system.disk?.reserve === 'ready', 20_000, 'the reserve in place');

    const filledAt = Date.now();
    const filler = greedyFiller(path.join(dataDir, 'filler.bin'));
    fillers.push(filler);
    // Writes are held: the disk refuses the database's writes (heartbeats, segment rows, activity minutes).
    await waitFor(async () => ((await child.health()).system.disk?.heldWrites ?? 0) > 0, 60_000, 'writes held on the full disk');
    let health = await child.health();
    expect(health.system.disk).toMatchObject({ full: true, reserve: 'released' });
    expect(health.system.disk!.reason).toMatch(/^The disk that holds the data folder is full: .*\(\d+ waiting\)\.$/);
    await waitFor(
      // (paused for the full disk: while a camera is between two ffmpeg runs its recording shows paused too, with that reason)
      async () => (await child.health()).cameras.filter((c) => c.recording.reason === RECORDING_PAUSED_DISK_FULL).length === 4,
      60_000,
      'recording paused on every camera',
    );
    health = await child.health();
    for (const c of health.cameras) expect(c.recording).toMatchObject({ state: 'paused', reason: RECORDING_PAUSED_DISK_FULL, reasonMessage: { key: 'engine_recording_paused_disk_full' } });
    // Events go on while the disk is full (motion never stops), and the process stays up for a good while.
    await waitFor(() => [...child.opened.values()].filter((at) => at > filledAt).length >= 3, 90_000, 'events opened while the disk is full');
    await waitFor(() => Date.now() - filledAt > 25_000, 30_000, 'the disk full for 25 s');
    expect(child.exit, child.stderrTail).toBeNull();
    const duringFull = [...child.opened].filter(([, at]) => at > filledAt).map(([id]) => id);
    health = await child.health();
    expect(health.system.disk!.full).toBe(true);
    expect(health.system.disk!.heldWrites).toBeGreaterThan(0);

    // Space returns: every held write lands, recording resumes on every camera.
    filler.stop();
    fillers.splice(0);
    unlinkSync(path.join(dataDir, 'filler.bin'));
    const spaceAt = Date.now();
    await waitFor(async () => (await child.health()).system.disk?.heldWrites === 0, 30_000, 'held writes written');
    expect(await child.found(duringFull)).toEqual(duringFull);
    await waitFor(async () => (await child.count(spaceAt)).segmentsAfter === 4, 60_000, 'every camera recording again').catch(async (err: unknown) => {
      const h = await child.health();
      throw new Error(`${String(err)}: ${JSON.stringify({ cameras: h.cameras.map((c) => [c.state, c.recording]), disk: h.system.disk, free: h.system.diskFreeBytes })} ${child.stderrTail}`);
    });
    await waitFor(async () => (await child.health()).system.disk?.reserve === 'ready', 30_000, 'the reserve made again');
    health = await child.health();
    expect(health.system.disk).toMatchObject({ full: false, reason: null, heldWrites: 0, lostWrites: 0 });
    for (const c of health.cameras) expect(c.recording.state).toBe('recording');
    expect(child.exit, child.stderrTail).toBeNull();

    await stopChild(child);
    const db = path.join(dataDir, 'nvr.sqlite');
    expect(integrity(db)).toBe('ok');
    const conn = new Database(db, { readonly: true });
    const rows = conn.prepare(`SELECT id, end_ms FROM events WHERE id IN (${duringFull.map(() => '?').join(',')})`).all(...duringFull) as Array<{ id: string; end_ms: number | null }>;
    conn.close();
    expect(rows.map((r) => r.id).sort()).toEqual([...duringFull].sort()); // each once
    for (const r of rows) expect(r.end_ms).not.toBeNull(); // closed, at the latest by the clean stop
  }, 400_000);

  it('start-up with the disk already full (no reserve left): the service starts, says why, and records once space returns', async () => {
    const dataDir = tmpfsDataDir('64m');
    const first = startChild(dataDir, [cameras[0]!.url]);
    await first.started();
    await waitFor(async () => (await first.count()).segments >= 1, 60_000, 'a first segment');
    await stopChild(first);
    // The hardest case: the reserve was used up by an earlier full disk, and then nothing is left at all.
    rmSync(path.join(dataDir, 'reserve.bin'), { force: true });
    const filler = greedyFiller(path.join(dataDir, 'filler.bin'));
    fillers.push(filler);
    expect(existsSync(path.join(dataDir, 'nvr.sqlite-shm'))).toBe(false);

    const child = startChild(dataDir, []);
    await child.started();
    const health = await child.health();
    expect(health.system.disk!.full).toBe(true);
    expect(health.system.disk!.reason).toMatch(/^The disk that holds the data folder is full/);
    await waitFor(async () => (await child.health()).cameras[0]?.recording.reason === RECORDING_PAUSED_DISK_FULL, 40_000, 'recording paused on the full disk');
    expect((await child.health()).cameras[0]!.recording.reason).toBe(RECORDING_PAUSED_DISK_FULL);
    await new Promise((r) => setTimeout(r, 5000));
    expect(child.exit, child.stderrTail).toBeNull();

    filler.stop();
    fillers.splice(0);
    unlinkSync(path.join(dataDir, 'filler.bin'));
    const spaceAt = Date.now();
    await waitFor(async () => (await child.count(spaceAt)).segmentsAfter === 1, 60_000, 'recording after space returned');
    await waitFor(async () => (await child.health()).system.disk?.reserve === 'ready', 30_000, 'the reserve made');
    const after = await child.health();
    expect(after.system.disk).toMatchObject({ full: false, reason: null, heldWrites: 0 });
    expect(after.cameras[0]!.recording.state).toBe('recording');
    await stopChild(child);
    expect(integrity(path.join(dataDir, 'nvr.sqlite'))).toBe('ok');
  }, 300_000);
});
