// The desktop app's bridge between its page and its main process: the one object the preload (preload/index.ts)
// gives the page as `window.nvr`, the IPC channels behind it, and the nvr-media:// addresses of media. Written once:
// the preload builds a DesktopBridge, the page (renderer/src/api/client.ts) uses one, the main process
// (main/desktop/ipc-router.ts, media-protocol.ts) answers its channels and serves its media URLs. No runtime
// imports, so the sandboxed preload's bundle stays small.
import type { EventName, RequestName } from '../contract.ts';
import type { RpcReply } from './rpc.ts';

/** renderer → main, ipcRenderer.invoke: an IpcRequestMessage ({ name, input }, preload/protocols/rpc.ts) → RpcReply. */
export const IPC_INVOKE = 'nvr:invoke';
/** main → renderer: an IpcEventMessage for every contract event. */
export const IPC_EVENT = 'nvr:event';
/** main → renderer: a route (#/events/<id>) to show, after a notification click. */
export const IPC_NAVIGATE = 'nvr:navigate';
/** renderer → main, ipcRenderer.invoke: the folder the owner picks in the system's folder dialog (string), or null. */
export const IPC_PICK_FOLDER = 'nvr:pick-folder';

/** What the main process sends on IPC_EVENT. Payloads are structured-cloned (plain data). */
export interface IpcEventMessage {
  name: EventName;
  payload: unknown;
}

/** The only routes IPC_NAVIGATE may carry (the preload sets location.hash to them; the page's router opens it). */
export const NAVIGATE_ROUTE = /^#\/events\/[A-Za-z0-9_-]{1,64}$/;

export const MEDIA_SCHEME = 'nvr-media';
export const MEDIA_HOST = 'media';
/** The base the page puts in front of a mediaPaths value minus its leading "/media". */
export const MEDIA_BASE = `${MEDIA_SCHEME}://${MEDIA_HOST}`;

/** A mediaPaths value (/media/…) as the desktop page's URL: nvr-media://media/…. */
export function mediaUrl(path: string): string {
  if (!path.startsWith('/media/')) throw new Error(`not a media path: ${path.slice(0, 80)}`);
  return MEDIA_BASE + path.slice('/media'.length);
}

/** nvr-media://media/events/x/snapshot.jpg → /media/events/x/snapshot.jpg; null for any other URL. */
export function mediaPathname(url: URL): string | null {
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.host !== MEDIA_HOST) return null;
  if (url.username || url.password || url.port) return null;
  return '/media' + (url.pathname.startsWith('/') ? url.pathname : '/' + url.pathname);
}

/**
 * `window.nvr` in the desktop app (the page picks it when present, else the WebSocket client). Replies are plain
 * objects rather than rejected Errors because contextBridge keeps only the message of an Error: the page turns
 * `{ ok: false, error }` into its ApiError(error.code, error.message, error.engineMessage).
 */
export interface DesktopBridge {
  kind: 'desktop';
  /** One request of the contract. Never rejects for an API failure: it resolves with the reply. */
  invoke(name: RequestName, input: unknown): Promise<RpcReply>;
  /** Subscribes to a contract event (ApiEvents[name] payloads); returns the unsubscribe function. */
  on(name: EventName, listener: (payload: unknown) => void): () => void;
  /** A mediaPaths value ('/media/…') as the URL to use in the desktop app: 'nvr-media://media/…'. */
  mediaUrl(path: string): string;
  /** 'nvr-media://media': the same thing as a base (mediaBase + path.slice('/media'.length)). */
  mediaBase: string;
  /** The system's folder dialog (starting at `current` when it is a full path): the chosen folder, or null. */
  pickFolder(current?: string): Promise<string | null>;
}
