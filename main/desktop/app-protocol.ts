// The desktop window's own page through the privileged app:// scheme (app://shopwatch/index.html): the built renderer
// (out/renderer) as files, each answered with a strict Content-Security-Policy header, so the policy holds whatever
// the page's HTML says. Nothing else is ever loaded in the window: no http(s), no file://, no remote content.
// Fetch-style (Request → Response) for Electron's protocol.handle; no Electron import, tested under Node.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MEDIA_SCHEME } from '../../preload/protocols/desktop-bridge.ts';
import { contentTypeOf } from '../core/util/content-types.ts';
import { resolveInside } from '../core/util/resolve-inside.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'shopwatch';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Scripts and styles only from the app itself (Svelte sets style attributes, hence 'unsafe-inline' for styles only);
 * pictures and video from the app and nvr-media:, live MSE streams fetched from nvr-media: into blob: URLs; nothing
 * from the network, no plugins, no frames, no forms, no <base>.
 */
export const DESKTOP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' ${MEDIA_SCHEME}: data: blob:`,
  `media-src ${MEDIA_SCHEME}: blob:`,
  `connect-src ${MEDIA_SCHEME}:`,
  "font-src 'self'",
  "manifest-src 'self'",
  "worker-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const DESKTOP_PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': DESKTOP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/** The route in a URL the window may show: our origin only. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password && !u.port;
  } catch {
    return false;
  }
}

function text(status: number, body: string): Response {
  return new Response(body + '\n', { status, headers: { ...DESKTOP_PAGE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The handler for protocol.handle('app', …): files of `rendererDir` with the page headers. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rendererDir);
  return async (request) => {
    if (!isAppUrl(request.url)) return text(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed.');
    const target = resolveInside(root, new URL(request.url).pathname);
    if (target === null) return text(404, 'Not found.');
    let file = target;
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return text(404, 'Not found.');
    const headers = {
      ...DESKTOP_PAGE_HEADERS,
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(info.size),
    };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(await readFile(file), { status: 200, headers });
  };
}
