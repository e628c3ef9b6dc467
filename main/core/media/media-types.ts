// Media (snapshots, live fMP4, clips) does not go through the contract: it is fetched by URL, `/media/...` over HTTP
// and `nvr-media://media/...` in the desktop app. Both transports hand the same transport-neutral request to the
// core's media router and stream back what it answers; neither knows where files live.
import type { Readable } from 'node:stream';

export interface MediaRequest {
  method: string;
  /** The URL's path, starting with /media/ (the desktop protocol maps nvr-media://media/x to /media/x). */
  pathname: string;
  /** The URL's query parameters (e.g. from/to of a recording range, the live stream's quality). */
  query: URLSearchParams;
  /** The Range header as sent, or null. */
  range: string | null;
  /** Aborted when the viewer goes away (a live stream then stops feeding this viewer). */
  signal?: AbortSignal;
}

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  /** null for HEAD, errors with a text body given as a string, or 304/416 without a body. */
  body: Readable | string | null;
}

export type MediaHandler = (req: MediaRequest) => Promise<MediaResponse>;
