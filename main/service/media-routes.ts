// Media over HTTP: a snapshot or thumbnail by event id, the latest snapshot by camera id. Files are found by the
// engine from the database row, never from a path in the URL; an id must match the contract's id pattern before the
// engine is even asked, so no request can name a file outside the snapshot folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requests } from '../../preload/contract.ts';

/** What the media routes need from the engine (NvrEngine has these). */
export interface MediaSource {
  snapshotFile(eventId: string, variant: 'full' | 'thumb'): Promise<string | null>;
  latestSnapshotFile(cameraId: string): Promise<string | null>;
}

type Route = { kind: 'event'; id: string; variant: 'full' | 'thumb' } | { kind: 'latest'; id: string };

/** The contract's own id check (the same schema every `{ id }` request uses). */
export function isValidId(id: string): boolean {
  return requests['events.get'].input.safeParse({ id }).success;
}

/** Matches a /media/... path; `null` when it is not a media path at all, 'bad' when it is one with an unusable id. */
export function matchMediaPath(pathname: string): Route | 'bad' | null {
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
  if (group === 'events' && file === 'snapshot.jpg') return { kind: 'event', id, variant: 'full' };
  if (group === 'events' && file === 'thumbnail.jpg') return { kind: 'event', id, variant: 'thumb' };
  if (group === 'cameras' && file === 'latest.jpg') return { kind: 'latest', id };
  return 'bad';
}

/** Answers a /media/ request; returns false when the path is not a media path. */
export async function handleMediaRequest(req: IncomingMessage, res: ServerResponse, pathname: string, media: MediaSource): Promise<boolean> {
  const route = matchMediaPath(pathname);
  if (route === null) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Media can only be read.\n');
    return true;
  }
  if (route === 'bad') {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('There is no such picture.\n');
    return true;
  }
  const file = route.kind === 'event' ? await media.snapshotFile(route.id, route.variant) : await media.latestSnapshotFile(route.id);
  if (!file) {
    const what = route.kind === 'event' ? 'This event has no snapshot (it may have been deleted).' : 'This camera has no snapshot yet.';
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(what + '\n');
    return true;
  }
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The picture was deleted a moment ago.\n');
    return true;
  }
  res.writeHead(200, {
    'Content-Type': 'image/jpeg',
    'Content-Length': size,
    // An event's pictures never change; the latest snapshot of a camera does.
    'Cache-Control': route.kind === 'event' ? 'private, max-age=86400, immutable' : 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
  return true;
}
