// The browser's client of the API contract over the service's WebSocket (/api/ws). Same ApiClient type as the
// desktop shell's `window.nvr`, so the page does not care which one it has. The session cookie authenticates the
// socket. It reconnects by itself; the page reloads its lists on each (re)connection, since events pushed while the
// socket was down are gone. Requests, answers and events are preload/rpc-calls.ts (shared with the Node client).
// When the socket cannot open (the NVR restarted, a session expired), the page asks why (session-check.ts): a LAN
// visitor whose session is gone goes to /login; on the PC, 'signed-out' says to open the NVR's address again; while
// the NVR is down, or once it is back with the session intact (sessions survive restarts), it retries with backoff.
import type { ApiClient, ApiEvents, EventName } from '../../../preload/contract.ts';
import { RpcCalls } from '../../../preload/rpc-calls.ts';
import { BackoffSequence } from '../../../preload/backoff.ts';
import { WS_PATH } from '../../../preload/protocols/rpc.ts';
import { checkSession, type SessionCheck } from './session-check.ts';

export type ConnectionState = 'connecting' | 'open' | 'lost' | 'signed-out';

export interface BrowserApi {
  api: ApiClient;
  on<K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void): () => void;
  /** Called with every change of the connection; 'open' again after a reconnection. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

export function createWsApi(
  options: {
    url?: string;
    timeoutMs?: number;
    check?: () => Promise<SessionCheck>;
    toLogin?: () => void;
    /** The two sentences this client writes itself, read when they are needed (the page's language); English else. */
    words?: () => { noAnswer: string; lostBeforeAnswer: string };
  } = {},
): BrowserApi {
  // The page's address (typed narrowly: this module is also type-checked, and tested, without the DOM library).
  const page = () => (globalThis as unknown as { location: { protocol: string; host: string; assign(url: string): void } }).location;
  const check = options.check ?? (() => checkSession());
  const toLogin = options.toLogin ?? (() => page().assign('/login'));
  const url = options.url ?? `${page().protocol === 'https:' ? 'wss' : 'ws'}://${page().host}${WS_PATH}`;
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  /** Reconnections: 0.5 s doubling to 10 s, from the first again once open. */
  const retries = new BackoffSequence({ firstMs: 500, maxMs: 10_000 });
  let closedByUs = false;
  let state: ConnectionState = 'connecting';
  const calls = new RpcCalls({
    timeoutMs: options.timeoutMs ?? 30_000,
    timeoutMessage: () => options.words?.().noAnswer ?? 'The NVR did not answer in time. Is it still running?',
    send: (json) => {
      if (socket?.readyState !== WebSocket.OPEN) return false; // waits for the next connection
      socket.send(json);
      return true;
    },
  });

  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of connectionListeners) l(next);
  };

  const connect = () => {
    const ws = new WebSocket(url);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      retries.reset();
      calls.flush();
      setState('open');
    };
    ws.onmessage = (ev: MessageEvent) => calls.receive(String(ev.data));
    ws.onclose = () => {
      calls.connectionLost(options.words?.().lostBeforeAnswer ?? 'The connection to the NVR was lost before it answered; try again.');
      if (closedByUs) return;
      const wait = retries.next();
      if (opened) {
        if (state !== 'lost') setState('lost');
        setTimeout(connect, wait);
        return;
      }
      // It never opened: the NVR is down, or it refused this page's session (ask which).
      void check().then((why) => {
        if (closedByUs) return;
        if (why === 'login') return toLogin();
        const next: ConnectionState = why === 'signed-out' ? 'signed-out' : 'lost';
        if (state !== next) setState(next);
        setTimeout(connect, wait);
      });
    };
  };
  connect();

  return {
    api: calls.api,
    on(name, listener) {
      return calls.on(name, listener as (payload: unknown) => void);
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
