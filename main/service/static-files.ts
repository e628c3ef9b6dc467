// The built renderer (out/renderer) as static files. Paths are resolved inside that folder and anything that would
// leave it is refused; a folder gives its index.html; anything else that is not a file there is a 404.
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeOf } from '../core/util/content-types.ts';
import { resolveInside } from '../core/util/resolve-inside.ts';

/** Security headers for every page the service serves. */
export const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;

/** out/renderer next to the bundle (out/main/cli.js) or, from the sources, under the checkout. */
export function defaultRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '..', 'renderer'), path.resolve(here, '..', '..', 'out', 'renderer')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[candidates.length - 1]!;
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, rootDir: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed.\n');
    return;
  }
  const root = path.resolve(rootDir);
  const target = resolveInside(root, pathname);
  if (target === null) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
    return;
  }
  let file = target;
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info || !info.isFile()) {
    if (!existsSync(path.join(root, 'index.html'))) {
      res
        .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('The page has not been built yet: run `npm run build` (or start with `npm run serve`, which builds first).\n');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
    return;
  }
  const type = contentTypeOf(file);
  const hashed = /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2|svg|png)$/.test(file) && file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    ...PAGE_HEADERS,
    'Content-Type': type,
    'Content-Length': info.size,
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
