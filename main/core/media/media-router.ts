// The core's media router, shared by both transports: the HTTP service (main/service/media-routes.ts) and the desktop's
// nvr-media:// protocol hand it a transport-neutral MediaRequest and stream back its MediaResponse.
//
//   /media/events/<id>/snapshot.jpg | thumbnail.jpg     an event's pictures
//   /media/events/<id>/clip.mp4                         the event's footage, [start − pre-roll, end + post-roll]
//   /media/cameras/<id>/latest.jpg                      the camera's newest event snapshot
//   /media/cameras/<id>/live.mp4?quality=sub|main       live fragmented MP4 (streamed while the viewer stays)
//   /media/cameras/<id>/recording.mp4?from=<ms>&to=<ms> a camera's recording over a range (at most MAX_RECORDING_MS)
//   /media/cameras/<id>/snapshot.jpg                    the camera's current picture, as a download
//   /media/exports/<id>/<file>                          one file of a range export, as a download
//   (?download=1 on an event's snapshot.jpg: the same picture as a download)
//
// Ids must pass the contract's own id schema before the engine is asked; files are found by the engine from database
// rows (or its clip cache), so no path in a URL ever reaches the file system. Files are served with byte ranges.
import type { Readable } from 'node:stream';
import { requests } from '../../../preload/contract.ts';
import type { MediaHandler, MediaRequest, MediaResponse } from './media-types.ts';
import { fileResponse, textResponse } from './file-response.ts';
import { downloadRoute, type DownloadSource } from './download-routes.ts';

export type LiveQuality = 'sub' | 'main';

/** A media file the engine found, or why there is none (a sentence for the owner) and the status to answer with. */
export type MediaFileAnswer = { ok: true; file: string; immutable: boolean } | { ok: false; status: 400 | 404 | 503; message: string };

/** What the router needs from the engine (NvrEngine implements it). Optional parts answer 404 until they exist. */
export interface MediaSource extends DownloadSource {
  snapshotFile(eventId: string, variant: 'full' | 'thumb'): Promise<string | null>;
  latestSnapshotFile(cameraId: string): Promise<string | null>;
  /** Whether the camera is saved: a saved camera with no snapshot yet answers 204 (a live tile's poster, not an error). */
  cameraSaved?(cameraId: string): boolean;
  /** The event's clip as one cached MP4 (rebuilt while the event is still growing). */
  eventClipFile?(eventId: string): Promise<MediaFileAnswer>;
  /** A camera's recording over [fromMs, toMs) as one cached MP4. */
  recordingFile?(cameraId: string, fromMs: number, toMs: number): Promise<MediaFileAnswer>;
  /** Live fragmented MP4 for one viewer, ended when `signal` aborts; null when the camera has no live stream now. */
  liveStream?(cameraId: string, quality: LiveQuality, signal: AbortSignal): Promise<Readable | null>;
}

/** The longest range /recording.mp4 serves in one request (the timeline asks for the hour it shows). */
export const MAX_RECORDING_MS = 3_600_000;

export type MediaRoute =
  | { kind: 'snapshot'; eventId: string; variant: 'full' | 'thumb' }
  | { kind: 'latest'; cameraId: string }
  | { kind: 'clip'; eventId: string }
  | { kind: 'live'; cameraId: string }
  | { kind: 'recording'; cameraId: string }
  | { kind: 'frame'; cameraId: string }
  | { kind: 'export'; exportId: string; file: string };

/** The contract's own id check (the same schema every `{ id }` request uses). */
export function isValidId(id: string): boolean {
  return requests['events.get'].input.safeParse({ id }).success;
}

/** Matches a /media/... path; `null` when it is not a media path at all, 'bad' when it is one with an unusable id or name. */
export function matchMediaPath(pathname: string): MediaRoute | 'bad' | null {
  if (!pathname.startsWith('/media/')) return null;
  const parts = pathname.slice('/media/'.length).split('/');
  if (parts.length !== 3) return 'bad';
  const [group, rawId, file] = parts as [string, string, string];
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return 'bad';
  }
  if (!isValidId(id)) return 'bad';
  if (group === 'exports') {
    let name: string;
    try {
      name = decodeURIComponent(file);
    } catch {
      return 'bad';
    }
    // The name is only compared with the export's own list of files; it never becomes a path.
    return name === '' || /[\\/\u0000]/.test(name) || name.length > 255 ? 'bad' : { kind: 'export', exportId: id, file: name };
  }
  if (group === 'events') {
    if (file === 'snapshot.jpg') return { kind: 'snapshot', eventId: id, variant: 'full' };
    if (file === 'thumbnail.jpg') return { kind: 'snapshot', eventId: id, variant: 'thumb' };
    if (file === 'clip.mp4') return { kind: 'clip', eventId: id };
  } else if (group === 'cameras') {
    if (file === 'latest.jpg') return { kind: 'latest', cameraId: id };
    if (file === 'live.mp4') return { kind: 'live', cameraId: id };
    if (file === 'recording.mp4') return { kind: 'recording', cameraId: id };
    if (file === 'snapshot.jpg') return { kind: 'frame', cameraId: id };
  }
  return 'bad';
}

const MS = /^\d{1,16}$/;

/** from/to of a recording request: whole milliseconds, from < to, at most MAX_RECORDING_MS apart. */
export function parseRecordingRange(query: URLSearchParams): { fromMs: number; toMs: number } | string {
  const from = query.get('from');
  const to = query.get('to');
  if (from === null || to === null || !MS.test(from) || !MS.test(to)) {
    return 'A recording needs from and to, as milliseconds since 1970 (…/recording.mp4?from=…&to=…).';
  }
  const fromMs = Number(from);
  const toMs = Number(to);
  if (toMs <= fromMs) return 'The end of the recording range must be after its start.';
  if (toMs - fromMs > MAX_RECORDING_MS) return 'A recording can be played at most one hour at a time; ask for a shorter range.';
  return { fromMs, toMs };
}

const NOT_READ_ONLY = textResponse(405, 'Media can only be read.', { Allow: 'GET, HEAD' });

export function createMediaRouter(source: MediaSource): MediaHandler {
  return async (req: MediaRequest): Promise<MediaResponse> => {
    const route = matchMediaPath(req.pathname);
    if (route === null) return textResponse(404, 'There is no such page.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return { ...NOT_READ_ONLY, headers: { ...NOT_READ_ONLY.headers } };
    if (route === 'bad') return textResponse(404, 'There is no such picture or video.');
    switch (route.kind) {
      case 'snapshot': {
        const file = await source.snapshotFile(route.eventId, route.variant);
        if (!file) return textResponse(404, 'This event has no snapshot (it may have been deleted).');
        // An event's pictures never change.
        if (route.variant === 'full' && req.query.get('download') === '1') return downloadRoute(source, { kind: 'event-snapshot', eventId: route.eventId, file }, req);
        return fileResponse(file, req, { contentType: 'image/jpeg', cacheControl: 'private, max-age=86400, immutable', goneMessage: 'The picture was deleted a moment ago.' });
      }
      case 'latest': {
        const file = await source.latestSnapshotFile(route.cameraId);
        if (!file) {
          // A new camera has no picture yet: that is not a failed request (the live tile asks for it as its poster).
          if (source.cameraSaved?.(route.cameraId)) return { status: 204, headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }, body: null };
          return textResponse(404, 'There is no such camera.');
        }
        return fileResponse(file, req, { contentType: 'image/jpeg', cacheControl: 'no-store', goneMessage: 'The picture was deleted a moment ago.' });
      }
      case 'clip': {
        if (!source.eventClipFile) return textResponse(404, 'Playing recorded footage is not available in this version.');
        return videoFile(await source.eventClipFile(route.eventId), req);
      }
      case 'recording': {
        const range = parseRecordingRange(req.query);
        if (typeof range === 'string') return textResponse(400, range);
        if (!source.recordingFile) return textResponse(404, 'Playing recorded footage is not available in this version.');
        return videoFile(await source.recordingFile(route.cameraId, range.fromMs, range.toMs), req);
      }
      case 'frame':
        return downloadRoute(source, { kind: 'frame', cameraId: route.cameraId }, req);
      case 'export':
        return downloadRoute(source, { kind: 'export', exportId: route.exportId, file: route.file }, req);
      case 'live': {
        const q = req.query.get('quality') ?? 'sub';
        if (q !== 'sub' && q !== 'main') return textResponse(400, 'The live quality is sub or main.');
        if (!source.liveStream) return textResponse(404, 'Live view is not available for this camera yet.');
        const headers = { 'Content-Type': 'video/mp4', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
        if (req.method === 'HEAD') return { status: 200, headers, body: null };
        const signal = req.signal ?? new AbortController().signal;
        const body = await source.liveStream(route.cameraId, q, signal);
        if (!body) return textResponse(404, 'Live view is not available for this camera yet.');
        return { status: 200, headers, body };
      }
    }
  };
}

function videoFile(answer: MediaFileAnswer, req: MediaRequest): Promise<MediaResponse> | MediaResponse {
  if (!answer.ok) return textResponse(answer.status, answer.message);
  return fileResponse(answer.file, req, {
    contentType: 'video/mp4',
    cacheControl: answer.immutable ? 'private, max-age=3600' : 'no-cache',
    goneMessage: 'The video was deleted a moment ago; try again.',
  });
}
