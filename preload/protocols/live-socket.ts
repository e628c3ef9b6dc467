// Service mode's live video socket (/api/live): one WebSocket carries every live tile of a page (a browser keeps at
// most 6 HTTP/1.1 connections per address, so one endless live.mp4 response per tile cannot play a 9- or 16-grid).
// The page numbers its streams:
//   client → server (JSON text)  {type:'open', stream, cameraId, quality:'sub'|'main'}   {type:'close', stream}
//   server → client (binary)     4-byte big-endian stream number + MP4 bytes: the init segment, then whole fragments
//   server → client (JSON text)  {type:'ended', stream, reason, fatal}   {type:'error', stream|null, message}
// Shared by the server (main/service/live-socket.ts) and the page's client (renderer/src/api/live-socket.ts).
import { z } from 'zod';

/** The path of the live video socket on the service's HTTP server. */
export const LIVE_WS_PATH = '/api/live';
/** Bytes before the MP4 data of every binary message: the stream number (uint32, big-endian). */
export const LIVE_HEADER_BYTES = 4;
/** The server answers longer text messages with an error, unread. */
export const LIVE_MAX_TEXT_BYTES = 4096;

export const liveQuality = z.enum(['sub', 'main']);
export type LiveQuality = z.infer<typeof liveQuality>;

export const liveStreamNumber = z.number().int().min(0).max(0xffff_ffff);

export const liveClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), stream: liveStreamNumber, cameraId: z.string().min(1).max(64), quality: liveQuality }).strict(),
  z.object({ type: z.literal('close'), stream: liveStreamNumber }).strict(),
]);
export type LiveClientMessage = z.infer<typeof liveClientMessage>;

export const liveServerText = z.discriminatedUnion('type', [
  /** The stream is over or could not start: a sentence, and whether asking again soon is useless. */
  z.object({ type: z.literal('ended'), stream: liveStreamNumber, reason: z.string(), fatal: z.boolean() }),
  /** A message the server could not take (stream null when it could not tell which). */
  z.object({ type: z.literal('error'), stream: liveStreamNumber.nullable(), message: z.string() }),
]);
export type LiveServerText = z.infer<typeof liveServerText>;

