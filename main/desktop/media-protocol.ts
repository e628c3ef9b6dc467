// The desktop app's nvr-media:// protocol as a plain fetch-style handler (Request → Response, the types Electron's
// protocol.handle uses), adapting each request to the core's transport-neutral media router: nvr-media://media/x maps
// to /media/x with its query, method and Range header; the router's status, headers and body come back as they are.
// Ranges, ids and files are the router's business. The body is pulled from the router's stream only as fast as the
// page reads it; when the page goes away (the request aborts or the body is cancelled) the router's signal aborts and
// its stream is destroyed, so a live stream stops feeding this viewer. No Electron import: tested under Node. The
// scheme and the URL mapping (MEDIA_SCHEME, mediaUrl, mediaPathname) are preload/protocols/desktop-bridge.ts.
import type { Readable } from 'node:stream';
import type { MediaHandler, MediaRequest, MediaResponse } from '../core/media/media-types.ts';
import { mediaPathname } from '../../preload/protocols/desktop-bridge.ts';

export interface MediaProtocolOptions {
  /** The app page's origin (app://shopwatch): the only one allowed to read media with fetch (live MSE streams). */
  appOrigin: string;
}

function textResponse(status: number, text: string, headers: Record<string, string>): Response {
  return new Response(text + '\n', { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** A web stream that pulls from a Node stream on demand; cancelling it calls `onCancel` and destroys the Node stream. */
function webStreamFrom(body: Readable, onCancel: () => void): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = (await chunks.next()) as IteratorResult<Buffer | string>;
          if (next.done) controller.close();
          else controller.enqueue(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
        } catch (err) {
          controller.error(err);
        }
      },
      cancel() {
        onCancel();
        body.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The Response for a router answer (status, headers and body as given; plus CORS for the app page). */
export function toWebResponse(answer: MediaResponse, corsHeaders: Record<string, string>, onCancel: () => void): Response {
  const headers = { ...answer.headers, ...corsHeaders };
  // A Response cannot carry a body with these statuses (fetch's own rule); the router sends none for them anyway.
  const bodyless = answer.status === 204 || answer.status === 304 || answer.body === null;
  if (bodyless) {
    if (answer.body && typeof answer.body !== 'string') answer.body.destroy();
    return new Response(null, { status: answer.status, headers });
  }
  if (typeof answer.body === 'string') return new Response(answer.body, { status: answer.status, headers });
  return new Response(webStreamFrom(answer.body!, onCancel), { status: answer.status, headers });
}

/** The protocol handler: give it to protocol.handle('nvr-media', …). */
export function createMediaProtocolHandler(media: MediaHandler, options: MediaProtocolOptions): (request: Request) => Promise<Response> {
  const cors = {
    'Access-Control-Allow-Origin': options.appOrigin,
    'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, Content-Disposition',
    Vary: 'Origin',
  };
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return textResponse(400, 'That is not a media address.', cors);
    }
    const pathname = mediaPathname(url);
    if (pathname === null) return textResponse(404, 'There is no such media.', cors);
    if (request.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: { ...cors, 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Range' },
      });
    }
    const abort = new AbortController();
    const onRequestAbort = () => abort.abort();
    if (request.signal.aborted) abort.abort();
    else request.signal.addEventListener('abort', onRequestAbort, { once: true });
    const mediaRequest: MediaRequest = {
      method: request.method,
      pathname,
      query: url.searchParams,
      range: request.headers.get('range'),
      signal: abort.signal,
    };
    let answer: MediaResponse;
    try {
      answer = await media(mediaRequest);
    } catch {
      request.signal.removeEventListener('abort', onRequestAbort);
      abort.abort();
      return textResponse(500, 'The NVR could not read this media; its log has the details.', cors);
    }
    if (typeof answer.body !== 'object' || answer.body === null) request.signal.removeEventListener('abort', onRequestAbort);
    else answer.body.once('close', () => request.signal.removeEventListener('abort', onRequestAbort));
    return toWebResponse(answer, cors, () => abort.abort());
  };
}
