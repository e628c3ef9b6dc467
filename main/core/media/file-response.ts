// A file as a MediaResponse, with byte ranges (206, 416, Accept-Ranges) and HEAD, so a <video> element can seek.
// The path comes from the engine (a database row or the clip cache), never from a URL.
import { open } from 'node:fs/promises';
import type { MediaRequest, MediaResponse } from './media-types.ts';
import { parseRange } from './byte-range.ts';

export interface FileResponseOptions {
  contentType: string;
  cacheControl: string;
  /** Answer when the file vanished between lookup and open (retention deleted it a moment ago). */
  goneMessage: string;
}

export function textResponse(status: number, text: string, extra: Record<string, string> = {}): MediaResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra },
    body: text.endsWith('\n') ? text : text + '\n',
  };
}

export async function fileResponse(file: string, req: MediaRequest, o: FileResponseOptions): Promise<MediaResponse> {
  // Open first, then stat the open handle: the size and the bytes sent belong to the same file even if retention
  // unlinks the path in between.
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return textResponse(404, o.goneMessage);
  }
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch {
    await handle.close().catch(() => undefined);
    return textResponse(404, o.goneMessage);
  }
  const base: Record<string, string> = {
    'Content-Type': o.contentType,
    'Accept-Ranges': 'bytes',
    'Cache-Control': o.cacheControl,
    'X-Content-Type-Options': 'nosniff',
  };
  const range = parseRange(req.range, size);
  if (range.kind === 'unsatisfiable') {
    await handle.close().catch(() => undefined);
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' }, body: null };
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : size - 1;
  const headers: Record<string, string> = { ...base, 'Content-Length': String(Math.max(0, end - start + 1)) };
  if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const status = range.kind === 'partial' ? 206 : 200;
  if (req.method === 'HEAD' || size === 0) {
    await handle.close().catch(() => undefined);
    return { status, headers, body: null };
  }
  // The stream owns the handle from here and closes it when done or destroyed.
  const body = handle.createReadStream({ start, end, autoClose: true });
  if (req.signal) {
    const onAbort = () => body.destroy();
    if (req.signal.aborted) onAbort();
    else req.signal.addEventListener('abort', onAbort, { once: true });
    body.once('close', () => req.signal?.removeEventListener('abort', onAbort));
  }
  return { status, headers, body };
}
