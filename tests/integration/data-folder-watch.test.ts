// The data folder watched while running (issue 17, M2), with real parts: a real engine on a temp folder, a GStreamer
// RTSP camera recording, the folder renamed away (as a user deleting or moving it would) and put back; and, as root,
// a real tmpfs holding the data folder unmounted under the running engine and mounted again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { TmpfsMounts } from '../fixtures/tmpfs.ts';
import { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import type { OutgoingNotification } from '../../main/core/notify/notifier.ts';
import type { Health } from '../../preload/contract.ts';

function rows<T>(dataDir: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'nvr.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

describe('the data folder is watched', () => {
  let camera: RtspCamera;
  let engine: NvrEngine | null = null;
  const dirs: string[] = [];
  const mounts = new TmpfsMounts();
  const binds: string[] = [];

  beforeAll(async () => {
    camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
  });
  afterEach(async () => {
    await engine?.stop();
    engine = null;
    for (const b of binds.splice(0)) {
      try {
        execFileSync('umount', ['-l', b]);
      } catch {
        // already unmounted by the test
      }
    }
    mounts.unmountAll();
  });
  afterAll(async () => {
    await camera?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function startRecording(dataDir: string, alerts: OutgoingNotification[]) {
    const e = await NvrEngine.start({
      dataDir,
      logger: silentLogger(),
      modelPath: '/nonexistent/model.onnx',
      notificationSinks: [{ name: 'test', send: async (n) => void alerts.push(n) }],
    });
    engine = e;
    const cam = await e.cameras.add({ name: 'Till', mainUrl: camera.url, recording: { mode: 'continuous' }, events: { minMotionFrames: 2, quietGapSeconds: 1 } });
    await waitFor(() => e.cameras.status(cam.id)?.state === 'streaming', 20_000, 'streaming');
    await waitFor(() => rows(dataDir, 'SELECT id FROM segments').length >= 1, 40_000, 'a first segment');
    const health = async () => (await e.api['health.get']({})) as Health;
    return { e, cam, health };
  }

  it('renamed away while recording: health says so within seconds, nothing is written at the old path; put back: recording resumes, held writes written', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'nvr-folderwatch-'));
    dirs.push(parent);
    const dataDir = path.join(parent, 'data');
    const away = path.join(parent, 'moved-away');
    const alerts: OutgoingNotification[] = [];
    const { e, cam, health } = await startRecording(dataDir, alerts);
    expect((await health()).system.dataFolder).toMatchObject({ state: 'ok', reason: null });

    const gone = Date.now();
    renameSync(dataDir, away);
    await waitFor(async () => (await health()).system.dataFolder?.state === 'missing', 6000, 'health says the folder is gone');
    const h = await health();
    expect(h.system.dataFolder!.reason).toMatch(/The data folder .* is gone .*recording is paused.*put the folder back/);
    expect(Date.now() - gone).toBeLessThan(6000);
    expect(h.cameras[0]!.recording).toEqual({ state: 'paused', reason: h.system.dataFolder!.reason, reasonMessage: h.system.dataFolder!.reasonMessage });
    expect(h.system.disk!.full).toBe(false); // not a full disk
    expect(alerts.some((a) => /Recording paused: the data folder/.test(a.title) && a.body === h.system.dataFolder!.reason)).toBe(true);
    // Past a segment's length and the camera's motion events: the camera goes on, writes are held, no folder is made.
    await new Promise((r) => setTimeout(r, 14_000));
    expect(existsSync(dataDir)).toBe(false);
    expect(e.cameras.status(cam.id)?.state).toBe('streaming');
    expect(e.testSeams.writes.heldCount).toBeGreaterThan(0);
    expect(e.running).toBe(true);
    const heldDuring = e.testSeams.writes.heldCount;

    renameSync(away, dataDir);
    const back = Date.now();
    await waitFor(async () => (await health()).system.dataFolder?.state === 'ok', 6000, 'health says the folder is back');
    expect(e.testSeams.writes.heldCount).toBe(0);
    expect(e.testSeams.writes.lostCount).toBe(0);
    expect(heldDuring).toBeGreaterThan(0);
    // The events of the outage are in the database: rows of events alive while the folder was away (courtyard's people
    // may keep one event going across the whole outage, updated again after it, so its last update can be later).
    expect(rows(dataDir, 'SELECT id FROM events WHERE start_ms < ? AND (end_ms IS NULL OR end_ms >= ?)', back, gone + 1000).length).toBeGreaterThan(0);
    // The outage's minutes of motion activity: a minute is written when it ends, so the last one may come a little later.
    await waitFor(
      () => rows(dataDir, 'SELECT minute_ms FROM motion_activity WHERE minute_ms >= ?', Math.floor(gone / 60_000) * 60_000).length > 0,
      70_000,
      "the outage's motion minutes",
    );
    await waitFor(() => e.cameras.status(cam.id)?.recording.state === 'recording', 10_000, 'recording again');
    await waitFor(() => rows(dataDir, 'SELECT id FROM segments WHERE start_ms >= ?', back - 1000).length >= 1, 40_000, 'a segment after the folder came back');
    expect(alerts.some((a) => /Recording resumed/.test(a.title))).toBe(true);
  }, 220_000);

  it.runIf(process.getuid?.() === 0)('its disk unmounted while recording: paused, nothing made on the bare mount point; mounted again: resumes', async () => {
    // A real mount: a tmpfs holds the folder, bind-mounted at the data folder's path (so the same disk can come back).
    const parent = mkdtempSync(path.join(os.tmpdir(), 'nvr-folderumount-'));
    dirs.push(parent);
    const store = path.join(parent, 'store');
    const dataDir = path.join(parent, 'data');
    mkdirSync(store);
    mkdirSync(dataDir);
    mounts.mount(store, '300m');
    mkdirSync(path.join(store, 'nvr'));
    execFileSync('mount', ['--bind', path.join(store, 'nvr'), dataDir]);
    binds.push(dataDir);
    const alerts: OutgoingNotification[] = [];
    const { e, cam, health } = await startRecording(dataDir, alerts);
    // Lazily, as a pulled disk goes: the engine's open files keep it alive, the path shows the bare mount point.
    execFileSync('umount', ['-l', dataDir]);
    await waitFor(async () => (await health()).system.dataFolder?.state === 'unmounted', 6000, 'health says the disk is gone');
    expect((await health()).system.dataFolder!.reason).toMatch(/no longer mounted.*mount the disk again/);
    await new Promise((r) => setTimeout(r, 12_000));
    expect(readdirSync(dataDir)).toEqual([]); // nothing made on the disk under the mount point
    expect(e.cameras.status(cam.id)?.recording.state).toBe('paused');
    expect(e.running).toBe(true);

    execFileSync('mount', ['--bind', path.join(store, 'nvr'), dataDir]);
    const back = Date.now();
    await waitFor(async () => (await health()).system.dataFolder?.state === 'ok', 6000, 'health says the folder is back');
    expect(e.testSeams.writes.heldCount).toBe(0);
    expect(e.testSeams.writes.lostCount).toBe(0);
    await waitFor(() => rows(dataDir, 'SELECT id FROM segments WHERE start_ms >= ?', back - 1000).length >= 1, 40_000, 'a segment after the disk came back');
    expect(existsSync(path.join(dataDir, 'nvr.sqlite'))).toBe(true);
  }, 150_000);
});
