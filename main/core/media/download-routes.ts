// The media router's downloads: a range export's file, a camera's current picture and an event's snapshot, each sent
// as an attachment (Content-Disposition with a safe ASCII name and the UTF-8 filename*), files with byte ranges.
// Everything is found by the engine from ids; the name in an export's URL is only compared with the export's own list.
import { Readable } from 'node:stream';
import type { MediaRequest, MediaResponse } from './media-types.ts';
import { fileResponse, textResponse } from './file-response.ts';
import { contentDisposition } from '../exports/export-plan.ts';

/** A downloadable file the engine found, or why there is none. */
export type DownloadFileAnswer = { ok: true; file: string; downloadName: string } | { ok: false; status: 400 | 404 | 503; message: string };

/** A picture made now, or why there is none. */
export type FrameAnswer = { ok: true; jpeg: Buffer; downloadName: string } | { ok: false; status: 404 | 503; message: string };

/** What the downloads need from the engine; a part that is missing answers 404. */
export interface DownloadSource {
  /** A finished range export's file (exports.list names them). */
  exportDownload?(exportId: string, file: string): Promise<DownloadFileAnswer>;
  /** The camera's current picture as a JPEG. */
  currentFrame?(cameraId: string, signal: AbortSignal): Promise<FrameAnswer>;
  /** The name an event's snapshot is downloaded under ("Front door 2026-11-25 14-03-12.jpg"). */
  snapshotDownloadName?(eventId: string): string | null;
}

export type DownloadRoute =
  | { kind: 'export'; exportId: string; file: string }
  | { kind: 'frame'; cameraId: string }
  /** `file` is the snapshot's path, already found by the router. */
  | { kind: 'event-snapshot'; eventId: string; file: string };

function attachment(answer: MediaResponse, name: string): MediaResponse {
  if (answer.status !== 200 && answer.status !== 206) return answer;
  return { ...answer, headers: { ...answer.headers, 'Content-Disposition': contentDisposition(name) } };
}

export async function downloadRoute(source: DownloadSource, route: DownloadRoute, req: MediaRequest): Promise<MediaResponse> {
  switch (route.kind) {
    case 'export': {
      if (!source.exportDownload) return textResponse(404, 'There is no such export.');
      const found = await source.exportDownload(route.exportId, route.file);
      if (!found.ok) return textResponse(found.status, found.message);
      const answer = await fileResponse(found.file, req, {
        contentType: 'video/mp4',
        cacheControl: 'private, max-age=3600',
        goneMessage: 'The export was deleted a moment ago.',
      });
      return attachment(answer, found.downloadName);
    }
    case 'event-snapshot': {
      const answer = await fileResponse(route.file, req, {
        contentType: 'image/jpeg',
        cacheControl: 'private, max-age=86400, immutable',
        goneMessage: 'The picture was deleted a moment ago.',
      });
      return attachment(answer, source.snapshotDownloadName?.(route.eventId) ?? `Event ${route.eventId}.jpg`);
    }
    case 'frame': {
      if (!source.currentFrame) return textResponse(404, 'This camera has no live picture.');
      const signal = req.signal ?? new AbortController().signal;
      const frame = await source.currentFrame(route.cameraId, signal);
      if (!frame.ok) return textResponse(frame.status, frame.message);
      const headers = {
        'Content-Type': 'image/jpeg',
        'Content-Length': String(frame.jpeg.length),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': contentDisposition(frame.downloadName),
      };
      return { status: 200, headers, body: req.method === 'HEAD' ? null : Readable.from([frame.jpeg]) };
    }
  }
}
