// A Node client of the WebSocket transport: the `nvr` command line, the tests and the benchmarks use it. Requests,
// answers and events are preload/rpc-calls.ts (shared with the browser client); this adds the token, one connection
// without reconnecting, and messages for a service that is not there.
import WebSocket from 'ws';
import type { ApiClient, ApiEvents, EventName } from '../../preload/contract.ts';
import { RpcCalls } from '../../preload/rpc-calls.ts';
import { WS_PATH } from '../../preload/protocols/rpc.ts';
import { readServiceInfo, readToken } from './auth.ts';
import { dataPaths } from '../core/config/data-dir.ts';

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
  const calls = new RpcCalls({
    timeoutMs,
    timeoutMessage: (name) => `The NVR service did not answer ${name} within ${Math.round(timeoutMs / 1000)} s.`,
    notOpenMessage: 'The connection to the NVR service is closed.',
    send: (json) => {
      if (socket.readyState !== WebSocket.OPEN) return false;
      socket.send(json);
      return true;
    },
  });

  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      calls.connectionLost('The connection to the NVR service closed before it answered.');
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

  socket.on('message', (data) => calls.receive(String(data)));

  return {
    api: calls.api,
    request: (name, input) => calls.request(name, input),
    socket,
    closed,
    on(name, listener) {
      return calls.on(name, listener as (payload: unknown, seq: number) => void);
    },
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close(1000);
      await closed;
    },
  };
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
