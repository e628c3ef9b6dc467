// Where a live player's bytes come from. In the desktop app (window.nvr) a tile fetches its camera's live.mp4 through
// the app's media protocol, as many at once as it likes. In service mode every tile of the page shares one WebSocket
// (renderer/src/api/live-socket.ts), so a 9- or 16-grid is not held back by the browser's 6 connections per address.
// Either way the player reads a stream of MP4 bytes (init segment, then fragments) and gets a LiveSourceError with a
// sentence when it cannot start or breaks.
import { mediaPaths } from '../../../preload/contract.ts';
import { isDesktop, mediaUrl } from '../api/client.ts';
import { pageLiveSocket, type LiveSocketClient } from '../api/live-socket.ts';
import { errorMessage } from '../../../preload/format.ts';
import { i18n } from '../lib/i18n.svelte.ts';

export class LiveSourceError extends Error {
  constructor(
    message: string,
    /** Asking again soon will not help (no such camera, codec the browser cannot play…). */
    readonly fatal = false,
  ) {
    super(message);
  }
}

export interface LiveReader {
  /** The next bytes, or null when the stream ended normally; rejects with a LiveSourceError when it broke. */
  read(): Promise<Uint8Array | null>;
}

/** Opens one live stream; it stops when `signal` aborts. Rejects with a LiveSourceError when it cannot start. */
export type LiveByteSource = (signal: AbortSignal) => Promise<LiveReader>;

/** The camera's live.mp4 over HTTP (or the desktop's media protocol). */
export function httpLiveSource(url: string): LiveByteSource {
  return async (signal) => {
    let response: Response;
    try {
      response = await fetch(url, { signal, cache: 'no-store', credentials: 'same-origin' });
    } catch (err) {
      throw new LiveSourceError(i18n.m.live_unreachable({ reason: errorMessage(err) }));
    }
    if (!response.ok || !response.body) {
      const text = (await response.text().catch(() => '')).trim().slice(0, 300);
      const fatal = response.status === 404 || response.status === 409 || response.status === 415;
      throw new LiveSourceError(text || i18n.m.live_unavailable({ status: response.status }), fatal);
    }
    const reader = response.body.getReader();
    signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
    return {
      async read() {
        const { done, value } = await reader.read();
        return done ? null : (value ?? new Uint8Array(0));
      },
    };
  };
}

/** One stream on the page's shared live socket. */
export function socketLiveSource(socket: LiveSocketClient, cameraId: string, quality: 'sub' | 'main'): LiveByteSource {
  return (signal) => {
    const queue: Uint8Array[] = [];
    let failure: LiveSourceError | null = null;
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const close = socket.open(cameraId, quality, {
      data(bytes) {
        queue.push(bytes);
        notify();
      },
      ended(reason, fatal) {
        failure = new LiveSourceError(reason, fatal);
        notify();
      },
    });
    signal.addEventListener(
      'abort',
      () => {
        close();
        failure ??= new LiveSourceError(i18n.m.live_stopped);
        notify();
      },
      { once: true },
    );
    const reader: LiveReader = {
      async read() {
        for (;;) {
          const next = queue.shift();
          if (next) return next;
          if (failure) throw failure;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
    return Promise.resolve(reader);
  };
}

/** The live bytes of a camera for this page: the desktop's media protocol, or the shared socket in service mode. */
export function liveSource(cameraId: string, quality: 'sub' | 'main'): LiveByteSource {
  if (isDesktop()) return httpLiveSource(mediaUrl(mediaPaths.live(cameraId, quality)));
  return socketLiveSource(pageLiveSocket(), cameraId, quality);
}
