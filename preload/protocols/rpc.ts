// The request/reply shapes of the API contract's two transports. Both carry a request as a name and an input
// (validated by the contract's own schemas, parseRequestInput / invokeRequest) and answer with an RpcReply: plain
// data rather than a rejected Error, because Electron's contextBridge keeps only the message of an Error.
//   WebSocket (service mode, JSON text frames): a client sends requests with an id of its choosing; the service
//   answers each with a response carrying the same id, in whatever order the core finishes them, and pushes the
//   contract's events with a per-connection sequence number (so a client can tell that none was lost or reordered).
//   Shared by the service (main/service/ws-transport.ts) and both clients through preload/rpc-calls.ts.
//   IPC (the desktop app): one invoke channel carries { name, input } and resolves with the RpcReply; the channels
//   and the window.nvr bridge are preload/protocols/desktop-bridge.ts.
import { z } from 'zod';
import type { ApiErrorBody, EventName } from '../contract.ts';

export const PROTOCOL_VERSION = 1;
/** The path of the WebSocket endpoint on the service's HTTP server. */
export const WS_PATH = '/api/ws';

/** The answer to one request, in either transport. */
export type RpcReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

/** One request over IPC (ipcRenderer.invoke on the invoke channel). */
export const ipcRequestMessage = z.object({ name: z.string().min(1).max(100), input: z.unknown().optional() }).strict();
export type IpcRequestMessage = z.infer<typeof ipcRequestMessage>;

export type RequestId = number | string;

export interface RequestMessage {
  type: 'request';
  id: RequestId;
  name: string;
  input?: unknown;
}

export type ResponseMessage = { type: 'response'; id: RequestId | null } & RpcReply;

export interface EventMessage {
  type: 'event';
  seq: number;
  name: EventName;
  payload: unknown;
}

export interface HelloMessage {
  type: 'hello';
  protocol: number;
  requests: string[];
  events: string[];
}

export type ServerMessage = ResponseMessage | EventMessage | HelloMessage;

/** A request id is a safe non-negative integer or a short string; anything else is not echoed back. */
export function isRequestId(value: unknown): value is RequestId {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0;
  if (typeof value === 'string') return value.length > 0 && value.length <= 64;
  return false;
}
