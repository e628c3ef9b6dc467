// The desktop app's preload (sandboxed, context-isolated): the page gets exactly one object, `window.nvr`, generic
// over the API contract (preload/contract.ts). The main process checks every message's sender and validates every
// input with the contract's schemas; nothing else from Electron or Node reaches the page.
//
// The shape of window.nvr (the renderer picks it when present, else the WebSocket client):
//
//   interface DesktopBridge {
//     kind: 'desktop';
//     /** One request of the contract. Never rejects for an API failure: it resolves with the reply. */
//     invoke(name: RequestName, input: unknown):
//       Promise<{ ok: true; result: unknown } | { ok: false; error: { code: ApiErrorBody['code']; message: string } }>;
//     /** Subscribes to a contract event (ApiEvents[name] payloads); returns the unsubscribe function. */
//     on(name: EventName, listener: (payload: unknown) => void): () => void;
//     /** A mediaPaths value ('/media/…') as the URL to use in the desktop app: 'nvr-media://media/…'. */
//     mediaUrl(path: string): string;
//     /** 'nvr-media://media': the same thing as a base (mediaBase + path.slice('/media'.length)). */
//     mediaBase: string;
//     /** The system's folder dialog (starting at `current` when it is a full path): the chosen folder, or null. */
//     pickFolder(current?: string): Promise<string | null>;
//   }
//
// Replies are plain objects rather than rejected Errors because contextBridge keeps only the message of an Error:
// the renderer turns `{ ok: false, error }` into its ApiError(error.code, error.message). Event payloads and results
// are structured-cloned (plain data). After a notification click the main process sends a route (#/events/<id>);
// the preload sets location.hash to it, so the page's hash router opens that event without any code of its own.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, RequestName } from './contract.ts';
import { IPC_EVENT, IPC_INVOKE, IPC_NAVIGATE, IPC_PICK_FOLDER } from '../main/desktop/ipc-channels.ts';
import { MEDIA_BASE, mediaUrl } from '../main/desktop/media-protocol.ts';

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
  if (typeof route === 'string' && /^#\/events\/[A-Za-z0-9_-]{1,64}$/.test(route)) window.location.hash = route;
});

const bridge = {
  kind: 'desktop' as const,
  invoke(name: RequestName, input: unknown): Promise<unknown> {
    return ipcRenderer.invoke(IPC_INVOKE, { name: String(name), input: input ?? {} });
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
