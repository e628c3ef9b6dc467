// The desktop's nvr-media:// protocol handler (main/desktop/media-protocol.ts) in front of the core's real media
// router, with web Request objects as Electron's protocol.handle gives them: URL → /media path and query, method,
// Range header, the router's status and headers (206 / 416 / HEAD on a real video file), the body streamed, and
// aborts (the request's signal, or the page cancelling the body) reaching the router's live stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDefaultHighWaterMark } from 'node:stream';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createMediaRouter, type MediaSource } from '../../main/core/media/media-router.ts';
import type { MediaRequest } from '../../main/core/media/media-types.ts';
import { createMediaProtocolHandler } from '../../main/desktop/media-protocol.ts';
import { mediaPathname, mediaUrl, MEDIA_BASE } from '../../preload/protocols/desktop-bridge.ts';
import { APP_ORIGIN } from '../../main/desktop/app-protocol.ts';
import { mediaPaths } from '../../preload/contract.ts';
import { waitFor } from '../fixtures/wait-for.ts';

const SHARED = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'media');

describe('the nvr-media:// protocol over the real media router', () => {
  let dir: string;
  let clip: string;
  let jpeg: string;
  const seen: MediaRequest[] = [];
  const live = { signal: null as AbortSignal | null, stream: null as Readable | null, chunks: 0 };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-desktop-media-'));
    clip = path.join(dir, 'clip.mp4');
    jpeg = path.join(dir, 'snapshot.jpg');
    copyFileSync(path.join(SHARED, 'courtyard.mp4'), clip);
    copyFileSync(path.join(SHARED, 'coco-000000000139.jpg'), jpeg);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const source: MediaSource = {
    snapshotFile: async (eventId) => (eventId === 'ev1' ? jpeg : null),
    latestSnapshotFile: async () => null,
    cameraSaved: (cameraId) => cameraId === 'c1',
    eventClipFile: async (eventId) => (eventId === 'ev1' ? { ok: true, file: clip, immutable: true } : { ok: false, status: 404, message: 'No clip.' }),
    liveStream: async (_cameraId, _quality, signal) => {
      live.signal = signal;
      live.chunks = 0;
      // An endless live stream, like the engine's fMP4 feed: a chunk whenever the reader asks.
      const stream = new Readable({
        read() {
          live.chunks++;
          setTimeout(() => this.push(Buffer.alloc(1024, live.chunks % 256)), 5);
        },
      });
      live.stream = stream;
      signal.addEventListener('abort', () => stream.destroy(), { once: true });
      return stream;
    },
  };
  const router = createMediaRouter(source);
  const handler = createMediaProtocolHandler(
    (req) => {
      seen.push(req);
      return router(req);
    },
    { appOrigin: APP_ORIGIN },
  );
  const get = (url: string, init: RequestInit = {}) => handler(new Request(url, init));
  const clipUrl = mediaUrl('/media/events/ev1/clip.mp4');

  it('answers a saved camera without a picture yet with 204 (a live poster, not an error) and an unknown one with 404', async () => {
    const none = await get(mediaUrl(mediaPaths.latestSnapshot('c1')));
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');
    const unknown = await get(mediaUrl(mediaPaths.latestSnapshot('c9')));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/no such camera/);
  });

  it('maps nvr-media://media/x to /media/x with its query and method, and refuses other hosts', async () => {
    expect(mediaUrl(mediaPaths.snapshot('ev1'))).toBe(`${MEDIA_BASE}/events/ev1/snapshot.jpg`);
    expect(mediaPathname(new URL('nvr-media://media/cameras/c1/live.mp4?quality=main'))).toBe('/media/cameras/c1/live.mp4');
    expect(mediaPathname(new URL('nvr-media://elsewhere/events/ev1/snapshot.jpg'))).toBeNull();
    expect(() => mediaUrl('/etc/passwd')).toThrow(/not a media path/);

    const res = await get(`${MEDIA_BASE}/cameras/c1/recording.mp4?from=1000&to=2000`);
    const last = seen.at(-1)!;
    expect(last.pathname).toBe('/media/cameras/c1/recording.mp4');
    expect(last.query.get('from')).toBe('1000');
    expect(last.method).toBe('GET');
    expect(last.range).toBeNull();
    expect(res.status).toBe(404); // no recordings in this source: the router's answer, passed through
    expect(await res.text()).toMatch(/not available/);

    const other = await get('nvr-media://elsewhere/events/ev1/snapshot.jpg');
    expect(other.status).toBe(404);
    expect(seen.at(-1)).toBe(last); // never reached the router
  });

  it('serves a whole real file with the router headers, plus CORS for the app page only', async () => {
    const res = await get(mediaUrl(mediaPaths.snapshot('ev1')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(readFileSync(jpeg))).toBe(true);
    expect(res.headers.get('content-length')).toBe(String(body.length));
  });

  it('passes the Range header through: 206 with the exact bytes, open-ended and suffix ranges, 416 past the end', async () => {
    const whole = readFileSync(clip);
    const partial = await get(clipUrl, { headers: { Range: 'bytes=1000-1999' } });
    expect(seen.at(-1)!.range).toBe('bytes=1000-1999');
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 1000-1999/${whole.length}`);
    expect(partial.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await partial.arrayBuffer()).equals(whole.subarray(1000, 2000))).toBe(true);

    const tail = await get(clipUrl, { headers: { Range: 'bytes=-500' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(whole.subarray(whole.length - 500))).toBe(true);

    const open = await get(clipUrl, { headers: { Range: `bytes=${whole.length - 10}-` } });
    expect(Buffer.from(await open.arrayBuffer()).equals(whole.subarray(whole.length - 10))).toBe(true);

    const beyond = await get(clipUrl, { headers: { Range: `bytes=${whole.length + 5}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${whole.length}`);
    expect(beyond.body).toBeNull();

    const head = await get(clipUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(whole.length));
    expect(head.body).toBeNull();

    const post = await get(clipUrl, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });

  it('stops the live stream when the page cancels the body', async () => {
    const res = await get(mediaUrl('/media/cameras/c1/live.mp4'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.value!.byteLength).toBe(1024);
    expect(live.signal!.aborted).toBe(false);
    await reader.cancel();
    expect(live.signal!.aborted).toBe(true);
    await waitFor(() => live.stream!.destroyed, 2000, 'the live stream destroyed');
  });

  it('stops the live stream when the request is aborted', async () => {
    const controller = new AbortController();
    const res = await get(mediaUrl('/media/cameras/c1/live.mp4?quality=main'), { signal: controller.signal });
    expect(seen.at(-1)!.query.get('quality')).toBe('main');
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    expect(live.signal!.aborted).toBe(true);
    await waitFor(() => live.stream!.destroyed, 2000, 'the live stream destroyed');
  });

  it('pulls from the router stream only as fast as the page reads (no unbounded buffering)', async () => {
    const res = await get(mediaUrl('/media/cameras/c2/live.mp4'));
    const reader = res.body!.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 200));
    // Node's readable buffer fills to its high-water mark (16 KiB before Node 22, 64 KiB since: 64 chunks of 1 KiB) and
    // then stops asking; an unbounded pull would have taken thousands of chunks in 200 ms.
    const bufferedChunks = getDefaultHighWaterMark(false) / 1024;
    expect(live.chunks).toBeLessThan(bufferedChunks + 24);
    await reader.cancel();
  });
});
