// A Node client of the WebSocket transport: the `nvr` command line, the tests and the benchmarks use it. It builds an
// ApiClient from the contract's request names, so it too knows no request by name.
import WebSocket from 'ws';
import {
  ApiError,
  eventNames,
  requests,
  type ApiClient,
  type ApiErrorBody,
  type ApiEvents,
  type EventName,
  type RequestName,
} from '../../preload/contract.ts';
import { readServiceInfo, readToken } from './auth.ts';
import { dataPaths } from '../core/config/data-dir.ts';
import { WS_PATH, type ServerMessage } from './ws-protocol.ts';

export interface ConnectOptions {
  /** e.g. http://127.0.0.1:7480 */
  baseUrl: string;
  token: string;
  /** Per request; 30 s by default (a stream test alone may take 10 s). */
  timeoutMs?: number;
}

export interface ApiConnection {
  api: ApiClient;
  /** Raw request by name (tests send unknown names and odd inputs through this). */
  request(name: string, input: unknown): Promise<unknown>;
  on<K extends EventName>(name: K, listener: (payload: ApiEvents[K], seq: number) => void): () => void;
  /** Resolves when the socket closes (by either side). */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
  readonly socket: WebSocket;
}

/** Thrown when there is no running service to talk to. */
export class NoServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoServiceError';
  }
}

export async function connectApi(options: ConnectOptions): Promise<ApiConnection> {
  const wsUrl = options.baseUrl.replace(/^http/, 'ws').replace(/\/$/, '') + WS_PATH;
  const socket = new WebSocket(wsUrl, { headers: { Authorization: `Bearer ${options.token}` }, perMessageDeflate: false });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const listeners = new Map<string, Set<(payload: unknown, seq: number) => void>>();
  let nextId = 1;

  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new ApiError('unavailable', 'The connection to the NVR service closed before it answered.'));
      }
      pending.clear();
      resolve({ code, reason: reason.toString('utf8') });
    });
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      socket.terminate();
      reject(
        status === 401
          ? new NoServiceError('The NVR service refused the session token (it was restarted?): run the command again.')
          : new NoServiceError(`The NVR service answered HTTP ${status} instead of opening the connection.`),
      );
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ECONNREFUSED'
          ? new NoServiceError(`No NVR service is answering at ${options.baseUrl}; start it with \`nvr serve\`.`)
          : err,
      );
    });
  });
  socket.on('error', () => undefined); // after open, failures surface as 'close'

  socket.on('message', (data) => {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
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
      else p.reject(toApiError(message.error));
    } else if (message.type === 'event') {
      const set = listeners.get(message.name);
      if (set) for (const l of set) l(message.payload, message.seq);
    }
  });

  const request = (name: string, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (socket.readyState !== WebSocket.OPEN) {
        reject(new ApiError('unavailable', 'The connection to the NVR service is closed.'));
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new ApiError('unavailable', `The NVR service did not answer ${name} within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify({ type: 'request', id, name, input: input ?? {} }));
    });

  const api = Object.fromEntries(
    (Object.keys(requests) as RequestName[]).map((name) => [name, (input: unknown) => request(name, input)]),
  ) as unknown as ApiClient;

  return {
    api,
    request,
    socket,
    closed,
    on(name, listener) {
      if (!eventNames.includes(name)) throw new Error(`unknown event ${name}`);
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown, seq: number) => void;
      set.add(l);
      return () => set.delete(l);
    },
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close(1000);
      await closed;
    },
  };
}

function toApiError(body: ApiErrorBody | undefined): ApiError {
  return new ApiError(body?.code ?? 'internal', body?.message ?? 'The NVR service answered with an error.');
}

/** Finds the service of a data folder (service.json, service-token) and connects to it. */
export async function connectToDataDir(dataDir: string, overrides: { port?: number; timeoutMs?: number } = {}): Promise<ApiConnection> {
  const paths = dataPaths(dataDir);
  const info = readServiceInfo(paths.root);
  const token = readToken(paths.serviceToken);
  if (!token || (!info && overrides.port === undefined)) {
    throw new NoServiceError(`No NVR service is running for the data folder ${paths.root}; start it with \`nvr serve\` (add --data-dir if you use one).`);
  }
  const port = overrides.port ?? info!.port;
  const host = info && info.host !== '0.0.0.0' && info.host !== '::' ? info.host : '127.0.0.1';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return connectApi({ baseUrl: `http://${shownHost}:${port}`, token, ...(overrides.timeoutMs ? { timeoutMs: overrides.timeoutMs } : {}) });
}
