// The browser's client of the API contract over the service's WebSocket (/api/ws). Same ApiClient type as the
// desktop shell's `window.nvr`, so the page does not care which one it has. The session cookie authenticates the
// socket. It reconnects by itself; the page reloads its lists on each (re)connection, since events pushed while the
// socket was down are gone. The message shapes repeat main/service/ws-protocol.ts (the renderer imports nothing
// from main/).
import { ApiError, eventNames, requests, type ApiClient, type ApiErrorBody, type ApiEvents, type EventName } from '../../../preload/contract.ts';

type ServerMessage =
  | { type: 'response'; id: number | string | null; ok: true; result: unknown }
  | { type: 'response'; id: number | string | null; ok: false; error: ApiErrorBody }
  | { type: 'event'; seq: number; name: EventName; payload: unknown }
  | { type: 'hello'; protocol: number; requests: string[]; events: string[] };

export type ConnectionState = 'connecting' | 'open' | 'lost';

export interface BrowserApi {
  api: ApiClient;
  on<K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void): () => void;
  /** Called with every change of the connection; 'open' again after a reconnection. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

interface Pending {
  name: string;
  input: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

export function createWsApi(options: { url?: string; timeoutMs?: number } = {}): BrowserApi {
  const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 500;
  let closedByUs = false;
  let state: ConnectionState = 'connecting';

  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of connectionListeners) l(next);
  };

  const send = (id: number, p: Pending) => {
    if (socket?.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: 'request', id, name: p.name, input: p.input ?? {} }));
    p.sent = true;
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      for (const [id, p] of pending) if (!p.sent) send(id, p);
      setState('open');
    };
    ws.onmessage = (ev: MessageEvent) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      if (message.type === 'response') {
        if (typeof message.id !== 'number') return;
        const p = pending.get(message.id);
        if (!p) return;
        pending.delete(message.id);
        clearTimeout(p.timer);
        if (message.ok) p.resolve(message.result);
        else p.reject(new ApiError(message.error.code, message.error.message));
      } else if (message.type === 'event') {
        const set = listeners.get(message.name);
        if (set) for (const l of set) l(message.payload);
      }
    };
    ws.onclose = () => {
      // Requests already sent have no answer coming; the ones not sent yet wait for the next connection.
      for (const [id, p] of pending) {
        if (!p.sent) continue;
        pending.delete(id);
        clearTimeout(p.timer);
        p.reject(new ApiError('unavailable', 'The connection to the NVR was lost before it answered; try again.'));
      }
      if (closedByUs) return;
      if (state !== 'lost') setState('lost');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };
  connect();

  const request = (name: string, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new ApiError('unavailable', 'The NVR did not answer in time. Is it still running?'));
      }, timeoutMs);
      const p: Pending = { name, input, resolve, reject, timer, sent: false };
      pending.set(id, p);
      send(id, p);
    });

  const api = Object.fromEntries(Object.keys(requests).map((name) => [name, (input: unknown) => request(name, input)])) as unknown as ApiClient;

  return {
    api,
    on(name, listener) {
      if (!eventNames.includes(name)) throw new Error(`unknown event ${name}`);
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      socket?.close(1000);
    },
  };
}
