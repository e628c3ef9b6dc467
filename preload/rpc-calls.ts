// The client half of the WebSocket transport, shared by the browser (renderer/src/api/ws-api.ts) and Node
// (main/service/ws-client.ts): request ids, answers matched to their requests, timeouts, event listeners, and an
// ApiClient built from the contract's request names (so no client knows a request by name). The socket itself (the
// browser's or the ws package's, reconnecting or not) stays with each caller, which feeds it in through `receive`,
// `flush` and `connectionLost`.
import { ApiError, eventNames, requests, type ApiClient, type ApiErrorBody, type EventName } from './contract.ts';
import { engineMessageOf } from './i18n/engine-message.ts';
import type { ServerMessage } from './protocols/rpc.ts';

export interface RpcCallsOptions {
  /** Sends one text frame; false when the socket is not open (the request then waits for `flush`, or fails). */
  send: (json: string) => boolean;
  /** Per request. */
  timeoutMs: number;
  timeoutMessage: (name: string) => string;
  /** When set, a request that cannot be sent at once fails with this message instead of waiting for `flush`. */
  notOpenMessage?: string;
}

interface Pending {
  name: string;
  input: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

type Listener = (payload: unknown, seq: number) => void;

export class RpcCalls {
  readonly api: ApiClient;
  private readonly o: RpcCallsOptions;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private nextId = 1;

  constructor(options: RpcCallsOptions) {
    this.o = options;
    this.api = Object.fromEntries(Object.keys(requests).map((name) => [name, (input: unknown) => this.request(name, input)])) as unknown as ApiClient;
  }

  /** A request by name (the Node client's tests send unknown names and odd inputs through this). */
  request(name: string, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ApiError('unavailable', this.o.timeoutMessage(name)));
      }, this.o.timeoutMs);
      const p: Pending = { name, input, resolve, reject, timer, sent: false };
      this.pending.set(id, p);
      if (!this.transmit(id, p) && this.o.notOpenMessage !== undefined) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new ApiError('unavailable', this.o.notOpenMessage));
      }
    });
  }

  /** The socket (re)opened: sends the requests that waited for it. */
  flush(): void {
    for (const [id, p] of this.pending) if (!p.sent) this.transmit(id, p);
  }

  /** One text frame from the service: an answer settles its request, an event reaches its listeners. */
  receive(data: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    if (message.type === 'response') {
      if (typeof message.id !== 'number') return;
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.result);
      else p.reject(toApiError(message.error));
    } else if (message.type === 'event') {
      const set = this.listeners.get(message.name);
      if (set) for (const l of set) l(message.payload, message.seq);
    }
  }

  /** The socket closed: requests already sent have no answer coming; those not sent yet wait for `flush`. */
  connectionLost(message: string): void {
    for (const [id, p] of this.pending) {
      if (!p.sent) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.reject(new ApiError('unavailable', message));
    }
  }

  on(name: EventName, listener: Listener): () => void {
    if (!eventNames.includes(name)) throw new Error(`unknown event ${name}`);
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private transmit(id: number, p: Pending): boolean {
    p.sent = this.o.send(JSON.stringify({ type: 'request', id, name: p.name, input: p.input ?? {} }));
    return p.sent;
  }
}

function toApiError(body: ApiErrorBody | undefined): ApiError {
  return new ApiError(body?.code ?? 'internal', body?.message ?? 'The NVR service answered with an error.', engineMessageOf(body));
}
