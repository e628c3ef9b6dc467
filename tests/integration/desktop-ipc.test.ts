// The desktop app's IPC transport (main/desktop/ipc-router.ts) against the real engine: real SQLite in a temporary
// data folder, the core API, camera passwords sealed by an OS sealer (a real reversible one). Requests round-trip
// over the contract, inputs are validated by the contract's schemas, events are forwarded, and messages from any
// sender but our window's main frame showing app://shopwatch are refused without reaching the core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { createSealerSecretBox } from '../../main/core/cameras/secret-box.ts';
import { IpcRouter, forwardEvents, checkSender, originOf, type IpcSender } from '../../main/desktop/ipc-router.ts';
import type { RpcReply as IpcReply } from '../../preload/protocols/rpc.ts';
import { APP_INDEX_URL, APP_ORIGIN } from '../../main/desktop/app-protocol.ts';
import type { CameraView, EventName } from '../../preload/contract.ts';
import { createTestSealer } from '../fixtures/test-sealer.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

const WINDOW_ID = 7;
const ours: IpcSender = { webContentsId: WINDOW_ID, frameUrl: APP_INDEX_URL + '#/events', isMainFrame: true };

describe('desktop IPC over the contract, against the real engine', () => {
  let dataDir: string;
  let engine: NvrEngine;
  let router: IpcRouter;
  const sealer = createTestSealer();

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-desktop-ipc-');
    engine = await startTestEngine({
      dataDir,
      secretBox: createSealerSecretBox(sealer),
    });
    router = new IpcRouter({ handlers: engine.api, origin: APP_ORIGIN, windowIds: () => new Set([WINDOW_ID]), logger: silentLogger() });
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
  });

  const ok = (reply: IpcReply): unknown => {
    if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
    return reply.result;
  };

  it('answers requests from our window with the core API results', async () => {
    const settings = ok(await router.handle(ours, { name: 'settings.get', input: {} })) as { notifications: { armed: boolean } };
    expect(settings.notifications.armed).toBe(true);
    expect(ok(await router.handle(ours, { name: 'cameras.list' }))).toEqual([]);
    const events = ok(await router.handle(ours, { name: 'events.list', input: { limit: 10 } })) as { events: unknown[]; nextCursor: null };
    expect(events).toEqual({ events: [], nextCursor: null });
    const updated = ok(await router.handle(ours, { name: 'settings.update', input: { notifications: { armed: false, maxPerMinute: 4 } } })) as {
      notifications: { armed: boolean; maxPerMinute: number };
    };
    expect(updated.notifications).toEqual({ armed: false, maxPerMinute: 4 });
    expect(engine.settings.get().notifications.armed).toBe(false);
  });

  it('adds a camera whose password is sealed by the OS sealer and never sent back, and forwards the events it causes', async () => {
    const forwarded: Array<{ name: EventName; payload: unknown }> = [];
    const stop = forwardEvents((name, listener) => engine.on(name, listener), (m) => forwarded.push(m));
    const sealedBefore = sealer.sealed;
    const reply = await router.handle(ours, {
      name: 'cameras.add',
      input: { name: 'Till', mainUrl: 'rtsp://127.0.0.1:9/stream1', username: 'admin', password: 'p@ss:w/rd#%' },
    });
    const camera = ok(reply) as CameraView;
    expect(camera.name).toBe('Till');
    expect(camera.hasPassword).toBe(true);
    expect(JSON.stringify(reply)).not.toContain('p@ss:w/rd#%');
    expect(sealer.sealed).toBe(sealedBefore + 1);
    const stored = engine.testSeams.storedSecret(camera.id)!;
    expect(stored.startsWith('os1:')).toBe(true);
    expect(sealer.unseal(Buffer.from(stored.slice(4), 'base64'))).toBe('p@ss:w/rd#%');
    await waitFor(() => forwarded.some((m) => m.name === 'cameras.changed'), 5000, 'cameras.changed forwarded');
    const changed = forwarded.find((m) => m.name === 'cameras.changed')!;
    expect((changed.payload as { cameraIds: string[] }).cameraIds).toContain(camera.id);
    stop();
    const count = forwarded.length;
    engine.emit('cameras.changed', { cameraIds: ['x'] });
    expect(forwarded.length).toBe(count); // unsubscribed
    ok(await router.handle(ours, { name: 'cameras.remove', input: { id: camera.id } }));
  }, 20_000);

  it('validates inputs with the contract and names unknown requests', async () => {
    const bad = await router.handle(ours, { name: 'events.list', input: { limit: 100000 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(!bad.ok && bad.error.message).toMatch(/limit/);
    const unknown = await router.handle(ours, { name: 'engine.shutdown', input: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-request', message: 'There is no request named "engine.shutdown".' } });
    const proto = await router.handle(ours, { name: '__proto__', input: {} });
    expect(proto).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    const notFound = await router.handle(ours, { name: 'events.get', input: { id: 'missing' } });
    expect(notFound).toMatchObject({ ok: false, error: { code: 'not-found' } });
    for (const junk of [null, 'cameras.list', 42, [], { name: 5 }, { name: 'cameras.list', input: {}, extra: 1 }]) {
      expect(await router.handle(ours, junk)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
  });

  it('refuses messages from another window, an embedded frame, another origin or a gone frame, before the core runs', async () => {
    const before = engine.settings.get().notifications;
    const attempt = { name: 'settings.update', input: { notifications: { armed: !before.armed, maxPerMinute: 9 } } };
    const others: Array<[IpcSender, RegExp]> = [
      [{ ...ours, webContentsId: 99 }, /not one of its windows/],
      [{ ...ours, isMainFrame: false }, /embedded frame/],
      [{ ...ours, frameUrl: 'https://evil.example/app' }, /sent from https:\/\/evil\.example/],
      [{ ...ours, frameUrl: 'app://other/index.html' }, /sent from app:\/\/other/],
      [{ ...ours, frameUrl: 'file:///tmp/index.html' }, /an unknown page/],
      [{ ...ours, frameUrl: null }, /an unknown page/],
    ];
    for (const [sender, why] of others) {
      const reply = await router.handle(sender, attempt);
      expect(reply.ok).toBe(false);
      expect(!reply.ok && reply.error.message).toMatch(/^Refused: this request did not come from the ShopWatch NVR window/);
      expect(!reply.ok && reply.error.message).toMatch(why);
    }
    expect(engine.settings.get().notifications).toEqual(before); // nothing reached the core
    expect(() => checkSender(ours, { webContentsIds: new Set([WINDOW_ID]), origin: APP_ORIGIN })).not.toThrow();
    expect(originOf('app://shopwatch/index.html#/x')).toBe('app://shopwatch');
    expect(originOf('not a url')).toBeNull();
  });
});
