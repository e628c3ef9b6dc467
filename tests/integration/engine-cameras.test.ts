// Cameras through the core's API against a real password-protected RTSP camera: a password full of URL-special
// characters works end to end, is stored encrypted, never leaves the engine (API outputs, logs), and changing one
// camera restarts that camera's pipeline only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { NvrEngine } from '../../main/core/engine.ts';
import { createLogger } from '../../main/core/logging/logger.ts';
import { invokeRequest } from '../../preload/contract.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

const PASSWORD = 'p@ss:w/rd#%?&x';
const USER = 'shop owner';

describe('cameras: credentials and per-camera restarts', () => {
  let dataDir: string;
  let locked: RtspCamera;
  let open: RtspCamera;
  let engine: NvrEngine;
  let logText = '';

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-cameras-');
    [locked, open] = await Promise.all([
      startRtspCamera({ source: 'pattern:ball', user: USER, password: PASSWORD }),
      startRtspCamera({ source: 'pattern:ball' }),
    ]);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logText += chunk.toString();
        done();
      },
    });
    engine = await startTestEngine({
      dataDir,
      logger: createLogger({ level: 'debug', destination: sink }),
    });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
    await Promise.all([locked?.stop(), open?.stop()]);
  });

  it('streams from a camera whose password has @ : / # % ? & and a user name with a space', async () => {
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Back door', mainUrl: locked.url, username: USER, password: PASSWORD });
    expect(cam.hasPassword).toBe(true);
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 10_000, 'the locked camera streaming');
  }, 20_000);

  it('also takes the credentials inside the URL, percent-encoded', async () => {
    const u = new URL(locked.url);
    const withCreds = `rtsp://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@${u.host}${u.pathname}`;
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Side door', mainUrl: withCreds });
    expect(cam.mainUrl).not.toContain(encodeURIComponent(PASSWORD));
    expect(cam.username).toBe(USER);
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'streaming', 10_000, 'the camera with URL credentials streaming');
    await invokeRequest(engine.api, 'cameras.remove', { id: cam.id });
  }, 20_000);

  it('keeps the password encrypted at rest and out of every API output and log line', async () => {
    const outputs = JSON.stringify([
      await invokeRequest(engine.api, 'cameras.list', {}),
      await invokeRequest(engine.api, 'health.get', {}),
    ]);
    for (const form of [PASSWORD, encodeURIComponent(PASSWORD)]) {
      expect(outputs).not.toContain(form);
      expect(logText).not.toContain(form);
    }
    expect(logText).toContain('camera added');
    const db = new Database(path.join(dataDir, 'nvr.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT password_enc FROM cameras').all() as { password_enc: string | null }[];
    db.close();
    const sealed = rows.map((r) => r.password_enc).filter((p): p is string => p !== null);
    expect(sealed.length).toBeGreaterThan(0);
    for (const s of sealed) {
      expect(s.startsWith('v1:')).toBe(true);
      expect(s).not.toContain(PASSWORD);
    }
    // The raw database file holds no plain copy either (WAL included).
    for (const f of ['nvr.sqlite', 'nvr.sqlite-wal']) {
      let bytes = '';
      try {
        bytes = readFileSync(path.join(dataDir, f)).toString('latin1');
      } catch {
        continue;
      }
      expect(bytes).not.toContain(PASSWORD);
    }
  });

  it('a wrong password gives a failed state that says so', async () => {
    const cam = await invokeRequest(engine.api, 'cameras.add', { name: 'Wrong pw', mainUrl: locked.url, username: USER, password: 'nope' });
    await waitFor(() => engine.cameras.status(cam.id)?.state === 'failed', 15_000, 'the failed state');
    expect(engine.cameras.status(cam.id)!.reason).toMatch(/password/i);
    expect(engine.cameras.status(cam.id)!.reason).toContain('Wrong pw');
    await invokeRequest(engine.api, 'cameras.remove', { id: cam.id });
  }, 25_000);

  it('changing one camera restarts that camera only', async () => {
    const other = await invokeRequest(engine.api, 'cameras.add', { name: 'Till', mainUrl: open.url });
    await waitFor(() => engine.cameras.status(other.id)?.state === 'streaming', 10_000, 'the second camera streaming');
    let backDoor = engine.cameras.list().find((c) => c.name === 'Back door')!;
    const mask = [[0, 0], [0.2, 0], [0.2, 0.2]] as [number, number][];
    backDoor = await invokeRequest(engine.api, 'cameras.update', { id: backDoor.id, patch: { motion: { masks: [mask] } } });
    const before = { back: engine.cameras.pipeline(backDoor.id), till: engine.cameras.pipeline(other.id) };
    const tillFrames = engine.cameras.status(other.id)!.frames;

    // The analysis rate is an ffmpeg option: this change needs a new ffmpeg (a motion setting alone is applied in place).
    const changed = await invokeRequest(engine.api, 'cameras.update', { id: backDoor.id, patch: { motion: { threshold: 40 }, analysis: { fps: 4 } } });
    expect(changed.motion.threshold).toBe(40);
    expect(changed.motion.minAreaRatio).toBe(backDoor.motion.minAreaRatio); // merged, not replaced
    expect(changed.motion.masks).toEqual([mask]); // a patch of one field keeps the others

    expect(engine.cameras.pipeline(backDoor.id)).not.toBe(before.back);
    expect(engine.cameras.pipeline(other.id)).toBe(before.till);
    await waitFor(() => engine.cameras.status(backDoor.id)?.state === 'streaming', 10_000, 'the changed camera streaming again');
    // The other camera never stopped: its frame counter kept growing and it never reconnected.
    const till = engine.cameras.status(other.id)!;
    expect(till.frames).toBeGreaterThan(tillFrames);
    expect(till.reconnects).toBe(0);
    expect(till.state).toBe('streaming');
  }, 30_000);

  it('rejects stream addresses that are not cameras, with a message that says why', async () => {
    for (const bad of ['file:///etc/passwd', '-i /etc/passwd', 'concat:a|b', 'rtsp://host/a\n-f null']) {
      await expect(invokeRequest(engine.api, 'cameras.add', { name: 'Bad', mainUrl: bad })).rejects.toThrow(/stream address/);
    }
    expect(engine.cameras.list().some((c) => c.name === 'Bad')).toBe(false);
  });
});
