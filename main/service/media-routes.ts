// Media over HTTP: a thin adapter of the core's media router (main/core/media/media-router.ts). The HTTP request
// becomes a transport-neutral MediaRequest; the router's MediaResponse is written back, its body streamed with
// backpressure and stopped when the viewer goes away. Which files exist and where they live is the engine's business.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createMediaRouter, type MediaSource } from '../core/media/media-router.ts';
import type { MediaHandler } from '../core/media/media-types.ts';

export type { MediaSource };

const routers = new WeakMap<MediaSource, MediaHandler>();

function routerFor(source: MediaSource): MediaHandler {
  let router = routers.get(source);
  if (!router) {
    router = createMediaRouter(source);
    routers.set(source, router);
  }
  return router;
}

/** Answers a /media/ request; returns false when the path is not a media path. */
export async function handleMediaRequest(req: IncomingMessage, res: ServerResponse, pathname: string, media: MediaSource): Promise<boolean> {
  if (!pathname.startsWith('/media/')) return false;
  const query = new URL(req.url ?? '/', 'http://service.invalid').searchParams;
  const viewer = new AbortController();
  const gone = () => viewer.abort();
  res.once('close', gone);
  const range = req.headers.range;
  const answer = await routerFor(media)({
    method: req.method ?? 'GET',
    pathname,
    query,
    range: typeof range === 'string' ? range : null,
    signal: viewer.signal,
  });
  if (viewer.signal.aborted) {
    if (answer.body && typeof answer.body !== 'string') answer.body.destroy();
    return true;
  }
  res.writeHead(answer.status, answer.headers);
  if (answer.body === null || req.method === 'HEAD') {
    if (answer.body && typeof answer.body !== 'string') answer.body.destroy();
    res.end();
    return true;
  }
  if (typeof answer.body === 'string') {
    res.end(answer.body);
    return true;
  }
  try {
    await pipeline(answer.body, res);
  } catch {
    // The viewer went away or the file vanished mid-stream: nothing more can be sent on this response.
    res.destroy();
  } finally {
    res.off('close', gone);
  }
  return true;
}
