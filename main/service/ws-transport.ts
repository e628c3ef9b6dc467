// The WebSocket transport of the contract, generic over preload/contract.ts: it knows no request by name. Each text
// message is checked (size, JSON, shape, id), its input validated with the request's own schema (parseRequestInput),
// and only then handed to the core; the answer goes back with the request's id. Pushed events are serialised once and
// sent to every client in order. Nothing a client sends can crash the process: every failure becomes an error message.
import type { WebSocket, RawData } from 'ws';
import { ZodError } from 'zod';
import {
  ApiError,
  describeZodError,
  eventNames,
  invokeRequest,
  localOnlyRefusal,
  PC_OWNER,
  requests,
  type ApiErrorBody,
  type Caller,
  type ApiEvents,
  type ApiHandlers,
  type EventName,
  type RequestName,
} from '../../preload/contract.ts';
import type { Logger } from '../core/logging/logger.ts';
import { redactUrl } from '../core/capture/redact.ts';
import { isLoopbackHost } from './auth.ts';
import { PROTOCOL_VERSION, isRequestId, type RequestId, type ResponseMessage } from '../../preload/protocols/rpc.ts';
import { errorMessage } from '../../preload/format.ts';

export type Subscribe = <K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void) => () => void;

export interface WsTransportOptions {
  handlers: ApiHandlers;
  /** Where pushed events come from (the engine's `on`). */
  subscribe: Subscribe;
  logger: Logger;
  /** Larger text messages get an error answer without being parsed. */
  maxMessageBytes?: number;
  /** Requests one connection may have running at once; more get an error answer. */
  maxInFlight?: number;
  /** A client that stops reading is disconnected once this much is queued for it (rather than events being dropped). */
  maxBufferedBytes?: number;
  /** Ping interval; a client that misses a pong is disconnected. */
  heartbeatMs?: number;
}

interface Client {
  socket: WebSocket;
  remote: string;
  /** On this PC (a loopback address): may change what only the PC may (localOnlyRefusal). */
  local: boolean;
  /** Who signed in on this socket (its session's role): invokeRequest checks each request against it. */
  caller: Caller;
  /** Whether the socket's session still lives (an account removed, a password reset, LAN access switched off). */
  stillSignedIn: () => boolean;
  inFlight: number;
  seq: number;
  alive: boolean;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

export class WsTransport {
  private readonly clients = new Set<Client>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly maxMessageBytes: number;
  private readonly maxInFlight: number;
  private readonly maxBufferedBytes: number;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly hello: string;
  private closed = false;

  constructor(private readonly options: WsTransportOptions) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.maxInFlight = options.maxInFlight ?? 64;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 16 * 1024 * 1024;
    this.hello = JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, requests: Object.keys(requests), events: [...eventNames] });
    for (const name of eventNames) {
      this.unsubscribe.push(options.subscribe(name, (payload) => this.broadcast(name, payload)));
    }
    this.heartbeat = setInterval(() => this.ping(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * Takes over an authenticated socket, signed in as `caller` (the owner when not told: the PC's master token);
   * `stillSignedIn` is asked before each request (a session the owner ended closes the socket).
   */
  attach(socket: WebSocket, remote: string, caller: Caller = PC_OWNER, stillSignedIn: () => boolean = () => true): void {
    if (this.closed) {
      socket.close(1001, 'the service is stopping');
      return;
    }
    const client: Client = { socket, remote, local: isLoopbackHost(remote.replace(/^::ffff:/, '')), caller, stillSignedIn, inFlight: 0, seq: 0, alive: true };
    this.clients.add(client);
    socket.on('message', (data, isBinary) => this.onMessage(client, data, isBinary));
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', (err) => {
      // ws reports protocol violations (bad frames, a message over maxPayload) here and closes the socket itself.
      this.options.logger.debug({ remote, err: err.message }, 'websocket error');
      this.clients.delete(client);
    });
    socket.send(this.hello);
  }

  /** Closes every connection and stops listening to the engine. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const off of this.unsubscribe.splice(0)) off();
    for (const client of this.clients) client.socket.close(1001, 'the service is stopping');
    this.clients.clear();
  }

  private ping(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  private broadcast(name: EventName, payload: unknown): void {
    if (this.clients.size === 0) return;
    // One serialisation for all clients; the sequence number is spliced in per client.
    const body = JSON.stringify(payload);
    const head = `{"type":"event","name":${JSON.stringify(name)},"payload":${body},"seq":`;
    for (const client of this.clients) {
      if (client.socket.readyState !== client.socket.OPEN) continue;
      if (client.socket.bufferedAmount > this.maxBufferedBytes) {
        this.options.logger.warn({ remote: client.remote, buffered: client.socket.bufferedAmount }, 'client stopped reading events: disconnecting it');
        client.socket.close(1013, 'too slow: events were piling up');
        this.clients.delete(client);
        continue;
      }
      client.seq += 1;
      client.socket.send(head + client.seq + '}');
    }
  }

  private onMessage(client: Client, data: RawData, isBinary: boolean): void {
    try {
      const size = byteLength(data);
      if (isBinary) return this.reply(client, fail(null, 'bad-request', 'Requests are JSON text messages, not binary ones.'));
      if (size > this.maxMessageBytes) {
        return this.reply(
          client,
          fail(null, 'bad-request', `The message is ${size} bytes; a request may be at most ${this.maxMessageBytes} bytes.`),
        );
      }
      let message: unknown;
      try {
        message = JSON.parse(rawToString(data));
      } catch {
        return this.reply(client, fail(null, 'bad-request', 'The message is not valid JSON.'));
      }
      if (typeof message !== 'object' || message === null || Array.isArray(message)) {
        return this.reply(client, fail(null, 'bad-request', 'A request is a JSON object: {"type":"request","id":1,"name":"cameras.list","input":{}}.'));
      }
      const m = message as Record<string, unknown>;
      const id = isRequestId(m.id) ? m.id : null;
      if (id === null) {
        return this.reply(client, fail(null, 'bad-request', 'A request needs an "id": a non-negative integer or a string of at most 64 characters.'));
      }
      if (m.type !== 'request') return this.reply(client, fail(id, 'bad-request', 'A message must have "type": "request".'));
      if (typeof m.name !== 'string') return this.reply(client, fail(id, 'bad-request', 'A request needs a "name", e.g. "cameras.list".'));
      if (client.inFlight >= this.maxInFlight) {
        return this.reply(client, fail(id, 'unavailable', `Too many requests at once (at most ${this.maxInFlight}); wait for answers first.`));
      }
      client.inFlight += 1;
      void this.run(client, id, m.name, m.input).finally(() => {
        client.inFlight -= 1;
      });
    } catch (err) {
      // Never reached by design; a last guard so that no input can take the process down.
      this.options.logger.error({ remote: client.remote, err: errorText(err) }, 'unexpected failure handling a websocket message');
    }
  }

  private async run(client: Client, id: RequestId, name: string, input: unknown): Promise<void> {
    const started = performance.now();
    let response: ResponseMessage;
    try {
      if (!client.stillSignedIn()) {
        // The page reconnects, is refused, and goes to sign in again (renderer/src/api/ws-api.ts).
        this.reply(client, fail(id, 'forbidden', 'This session has ended (the owner changed the account or LAN access): sign in again.'));
        client.socket.close(4401, 'session ended');
        return;
      }
      const refusal = client.local ? null : localOnlyRefusal(name, input);
      if (refusal) throw new ApiError('bad-request', refusal);
      const result = await invokeRequest(this.options.handlers, name as RequestName, input, client.caller);
      response = { type: 'response', id, ok: true, result: result ?? null };
    } catch (err) {
      response = { type: 'response', id, ok: false, error: this.toErrorBody(err, name) };
    }
    this.reply(client, response);
    this.options.logger.trace({ request: name, ms: Math.round((performance.now() - started) * 10) / 10, ok: response.ok }, 'request');
  }

  private toErrorBody(err: unknown, name: string): ApiErrorBody {
    if (err instanceof ApiError) return err.body();
    if (err instanceof ZodError) return { code: 'bad-request', message: `Invalid input for ${safeName(name)}: ${describeZodError(err)}` };
    // Inputs are never logged: they can hold camera passwords.
    this.options.logger.error({ request: safeName(name), err: errorText(err) }, 'request failed inside the engine');
    return { code: 'internal', message: `Something went wrong inside the NVR while handling ${safeName(name)}; its log has the details.` };
  }

  private reply(client: Client, response: ResponseMessage): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(response);
    } catch (err) {
      this.options.logger.error({ err: errorText(err) }, 'a response could not be serialised');
      text = JSON.stringify(fail(response.id, 'internal', 'The answer could not be sent; the NVR log has the details.'));
    }
    client.socket.send(text);
  }
}

function fail(id: RequestId | null, code: ApiErrorBody['code'], message: string): ResponseMessage {
  return { type: 'response', id, ok: false, error: { code, message } };
}

function byteLength(data: RawData): number {
  if (Buffer.isBuffer(data)) return data.length;
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function safeName(name: string): string {
  return Object.prototype.hasOwnProperty.call(requests, name) ? name : 'an unknown request';
}

/** An error's message for the log, with any `user:pass@` in URLs removed. */
function errorText(err: unknown): string {
  return redactUrl(errorMessage(err)).slice(0, 500);
}
