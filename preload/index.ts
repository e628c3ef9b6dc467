// The desktop app's preload (sandboxed, context-isolated): the page gets exactly one object, `window.nvr`, generic
// over the API contract (preload/contract.ts). The main process checks every message's sender and validates every
// input with the contract's schemas; nothing else from Electron or Node reaches the page. The object's type
// (DesktopBridge), its IPC channels and the media URLs are preload/protocols/desktop-bridge.ts; this file only
// imports from preload/ (and electron).
//
// Event payloads and results are structured-cloned (plain data). After a notification click the main process sends a
// route (#/events/<id>); the preload sets location.hash to it, so the page's hash router opens that event without any
// code of its own.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, RequestName } from './contract.ts';
import type { IpcRequestMessage, RpcReply } from './protocols/rpc.ts';
import {
  IPC_EVENT,
  IPC_INVOKE,
  IPC_NAVIGATE,
  IPC_PICK_FOLDER,
  MEDIA_BASE,
  NAVIGATE_ROUTE,
  mediaUrl,
  type DesktopBridge,
} from './protocols/desktop-bridge.ts';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, message: unknown) => {
  if (!message || typeof message !== 'object') return;
  const { name, payload } = message as { name?: unknown; payload?: unknown };
  if (typeof name !== 'string') return;
  const set = listeners.get(name);
  if (!set) return;
  for (const listener of set) {
    try {
      listener(payload);
    } catch (err) {
      console.error(`a listener of ${name} failed`, err);
    }
  }
});

ipcRenderer.on(IPC_NAVIGATE, (_event: IpcRendererEvent, route: unknown) => {
  if (typeof route === 'string' && NAVIGATE_ROUTE.test(route)) window.location.hash = route;
});

const bridge: DesktopBridge = {
  kind: 'desktop',
  invoke(name: RequestName, input: unknown): Promise<RpcReply> {
    const message: IpcRequestMessage = { name: String(name), input: input ?? {} };
    return ipcRenderer.invoke(IPC_INVOKE, message) as Promise<RpcReply>;
  },
  on(name: EventName, listener: Listener): () => void {
    if (typeof listener !== 'function') throw new TypeError('on(name, listener) needs a function');
    const key = String(name);
    let set = listeners.get(key);
    if (!set) listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
  mediaUrl,
  mediaBase: MEDIA_BASE,
  async pickFolder(current?: string): Promise<string | null> {
    const picked: unknown = await ipcRenderer.invoke(IPC_PICK_FOLDER, typeof current === 'string' ? current : null);
    return typeof picked === 'string' ? picked : null;
  },
};

contextBridge.exposeInMainWorld('nvr', bridge);
