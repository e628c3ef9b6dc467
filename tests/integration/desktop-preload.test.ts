// The built preload (preload/index.ts bundled as the build does it: CommonJS, electron external) run in a fresh V8
// context the way a sandboxed preload runs, with a recording stand-in for the two Electron objects it may use
// (contextBridge, ipcRenderer) — Electron itself cannot run here. What the page gets as window.nvr is checked end to
// end: its invoke messages go through the real IPC router to the real engine, pushed events reach `on` listeners,
// and a notification click's route sets location.hash (only for an event route).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import type { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { IpcRouter, forwardEvents } from '../../main/desktop/ipc-router.ts';
import { IPC_EVENT, IPC_INVOKE, IPC_NAVIGATE, IPC_PICK_FOLDER } from '../../preload/protocols/desktop-bridge.ts';
import type { RpcReply as IpcReply } from '../../preload/protocols/rpc.ts';
import { APP_INDEX_URL, APP_ORIGIN } from '../../main/desktop/app-protocol.ts';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

interface DesktopBridge {
  kind: string;
  invoke(name: string, input?: unknown): Promise<IpcReply>;
  on(name: string, listener: (payload: unknown) => void): () => void;
  mediaUrl(p: string): string;
  mediaBase: string;
  pickFolder(current?: string): Promise<string | null>;
}

describe('the preload: window.nvr over the real IPC router and engine', () => {
  let dir: string;
  let engine: NvrEngine;
  let bridge: DesktopBridge;
  const exposed: string[] = [];
  const rendererListeners = new Map<string, (event: unknown, message: unknown) => void>();
  const windowObject = { location: { hash: '' } };
  const pickRequests: unknown[] = [];
  let pickAnswer: unknown = null;

  beforeAll(async () => {
    dir = tempDataDir('nvr-preload-');
    const outfile = path.join(dir, 'index.cjs');
    await build({
      entryPoints: [path.join(repoRoot, 'preload', 'index.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'cjs',
      external: ['electron'],
      logLevel: 'warning',
    });
    engine = await startTestEngine({
      dataDir: path.join(dir, 'data'),
    });
    const router = new IpcRouter({ handlers: engine.api, origin: APP_ORIGIN, windowIds: () => new Set([1]), logger: silentLogger() });
    const electron = {
      contextBridge: {
        exposeInMainWorld(name: string, api: unknown) {
          exposed.push(name);
          bridge = api as DesktopBridge;
        },
      },
      ipcRenderer: {
        on(channel: string, listener: (event: unknown, message: unknown) => void) {
          rendererListeners.set(channel, listener);
        },
        // What Electron does with invoke: the main process's handler for the channel, with the sender's details.
        invoke(channel: string, message: unknown) {
          if (channel === IPC_PICK_FOLDER) {
            pickRequests.push(message);
            return Promise.resolve(pickAnswer);
          }
          if (channel !== IPC_INVOKE) return Promise.reject(new Error(`No handler registered for '${channel}'`));
          return router.handle({ webContentsId: 1, frameUrl: APP_INDEX_URL, isMainFrame: true }, structuredClone(message));
        },
      },
    };
    const required: string[] = [];
    const context = vm.createContext({
      require: (id: string) => {
        required.push(id);
        if (id === 'electron') return electron;
        throw new Error(`a sandboxed preload cannot require ${id}`);
      },
      module: { exports: {} },
      exports: {},
      window: windowObject,
      console,
    });
    vm.runInContext(readFileSync(outfile, 'utf8'), context, { filename: 'index.cjs' });
    expect(required).toEqual(['electron']);
    forwardEvents(
      (name, listener) => engine.on(name, listener),
      (message) => rendererListeners.get(IPC_EVENT)?.({}, structuredClone(message)),
    );
  }, 60_000);

  afterAll(async () => {
    await engine?.stop();
  });

  it('exposes exactly one object, window.nvr, with invoke, on, the media base and the folder dialog', () => {
    expect(exposed).toEqual(['nvr']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'kind', 'mediaBase', 'mediaUrl', 'on', 'pickFolder']);
    expect(bridge.kind).toBe('desktop');
    expect(bridge.mediaBase).toBe('nvr-media://media');
    expect(bridge.mediaUrl('/media/events/ev1/thumbnail.jpg')).toBe('nvr-media://media/events/ev1/thumbnail.jpg');
  });

  it("pickFolder asks the main process for the system's folder dialog and gives back a folder or null", async () => {
    pickAnswer = '/home/shop/Videos';
    expect(await bridge.pickFolder('/home/shop')).toBe('/home/shop/Videos');
    pickAnswer = { not: 'a path' };
    expect(await bridge.pickFolder()).toBeNull();
    expect(pickRequests).toEqual(['/home/shop', null]);
  });

  it('invoke reaches the engine through the router and resolves with its reply, errors included', async () => {
    const settings = await bridge.invoke('settings.get', {});
    expect(settings.ok).toBe(true);
    expect(settings.ok && (settings.result as { notifications: { armed: boolean } }).notifications.armed).toBe(true);
    expect(await bridge.invoke('cameras.list')).toEqual({ ok: true, result: [] });
    expect(await bridge.invoke('events.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await bridge.invoke('no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
  });

  it('on() delivers pushed events of its name until unsubscribed', async () => {
    const got: unknown[] = [];
    const other: unknown[] = [];
    const off = bridge.on('cameras.changed', (p) => got.push(p));
    bridge.on('event.opened', (p) => other.push(p));
    const added = await bridge.invoke('cameras.add', { name: 'Door', mainUrl: 'rtsp://127.0.0.1:9/s' });
    expect(added.ok).toBe(true);
    const id = added.ok ? (added.result as { id: string }).id : '';
    expect(got).toContainEqual({ cameraIds: [id] });
    expect(other).toEqual([]);
    off();
    const count = got.length;
    await bridge.invoke('cameras.remove', { id });
    expect(got.length).toBe(count);
    expect(() => bridge.on('motion', 'not a function' as unknown as () => void)).toThrow('on(name, listener) needs a function');
  }, 20_000);

  it('a notification click route sets location.hash, and nothing else does', () => {
    const navigate = rendererListeners.get(IPC_NAVIGATE)!;
    navigate({}, '#/events/ev_42');
    expect(windowObject.location.hash).toBe('#/events/ev_42');
    for (const bad of ['javascript:alert(1)', '#/settings', '#/events/../x', 42, null]) navigate({}, bad);
    expect(windowObject.location.hash).toBe('#/events/ev_42');
  });
});
