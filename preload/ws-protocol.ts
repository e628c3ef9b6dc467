// The messages of the WebSocket transport (JSON text frames). A client sends requests with an id of its choosing; the
// service answers each with a response carrying the same id, in whatever order the core finishes them, and pushes the
// contract's events with a per-connection sequence number (so a client can tell that none was lost or reordered).
// Shared by the service (main/service/ws-transport.ts) and both clients through preload/rpc-calls.ts.
import type { ApiErrorBody, EventName } from './contract.ts';

export const PROTOCOL_VERSION = 1;
/** The path of the WebSocket endpoint on the service's HTTP server. */
export const WS_PATH = '/api/ws';

export type RequestId = number | string;

export interface RequestMessage {
  type: 'request';
  id: RequestId;
  name: string;
  input?: unknown;
}

export type ResponseMessage =
  | { type: 'response'; id: RequestId | null; ok: true; result: unknown }
  | { type: 'response'; id: RequestId | null; ok: false; error: ApiErrorBody };

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
