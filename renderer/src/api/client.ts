// One contract client for both transports: the desktop shell's `window.nvr` (DesktopBridge, preload/protocols/
// desktop-bridge.ts: invoke(name, input) → { ok, result | error }, on(event, listener), mediaUrl(path)) when it is
// there, else the WebSocket client of service mode. Both give the same ApiClient; media URLs go through mediaUrl().
import { ApiError, requests, type ApiClient, type ApiEvents, type EventName, type RequestName } from '../../../preload/contract.ts';
import type { DesktopBridge } from '../../../preload/protocols/desktop-bridge.ts';
import { engineMessageOf } from '../../../preload/i18n/engine-message.ts';
import { createWsApi, type BrowserApi, type ConnectionState } from './ws-api.ts';
import { i18n } from '../lib/i18n.svelte.ts';

let toMediaUrl: (path: string) => string = (path) => path;

/** The address of a media path (/media/...), for <img>, <video> and fetch, in either transport. */
export function mediaUrl(path: string): string {
  return toMediaUrl(path);
}

/** The system's folder dialog in the desktop app; null in a browser (service mode: the folder is typed). */
export function folderPicker(): ((current?: string) => Promise<string | null>) | null {
  // An older shell's bridge may have no folder dialog: the folder is typed then.
  const pick = (desktopBridge() as Partial<DesktopBridge> | null)?.pickFolder;
  return typeof pick === 'function' ? pick : null;
}

/** In the desktop app (window.nvr), not a browser on service mode. */
export function isDesktop(): boolean {
  return desktopBridge() !== null;
}

function desktopBridge(): DesktopBridge | null {
  const nvr = (globalThis as { nvr?: Partial<DesktopBridge> }).nvr;
  return nvr && typeof nvr.invoke === 'function' && typeof nvr.on === 'function' && typeof nvr.mediaUrl === 'function' ? (nvr as DesktopBridge) : null;
}

export function pickClient(): BrowserApi {
  const bridge = desktopBridge();
  if (!bridge) return createWsApi({ words: () => ({ noAnswer: i18n.m.shell_no_answer, lostBeforeAnswer: i18n.m.shell_lost_before_answer }) });
  toMediaUrl = (path) => bridge.mediaUrl(path);
  const api = Object.fromEntries(
    (Object.keys(requests) as RequestName[]).map((name) => [
      name,
      async (input: unknown) => {
        const reply = await bridge.invoke(name, input ?? {});
        if (reply.ok) return reply.result;
        throw new ApiError(reply.error.code, reply.error.message, engineMessageOf(reply.error));
      },
    ]),
  ) as unknown as ApiClient;
  return {
    api,
    on: <K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void) => bridge.on(name, listener as (payload: unknown) => void),
    onConnection(listener: (state: ConnectionState) => void) {
      // The desktop shell's IPC is there as long as the window is.
      listener('open');
      return () => undefined;
    },
    close: () => undefined,
  };
}

/** Whether the contract has a request; UI for a feature shows only when it does. */
export function hasRequest(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(requests, name);
}
