// The service's HTTP routes as one table, in the order they are tried: each has a name, the methods and path it
// answers, and whether the session (auth-gate.ts) is needed first. The page's own files come last and take any path.
// WebSockets (/api/ws, /api/live) are upgrades, not routes: http-server.ts hands them over.
import type { MediaLinks } from '../core/access/media-links.ts';
import type http from 'node:http';
import type { Logger } from '../core/logging/logger.ts';
import type { Monitoring } from '../core/metrics/engine-monitoring.ts';
import type { AuthGate } from './auth-gate.ts';
import { handleHealthRequest } from './health-routes.ts';
import { handleMediaRequest, type MediaSource } from './media-routes.ts';
import { serveStatic } from './static-files.ts';
import { HEALTH_PATH, METRICS_PATH, READY_PATH } from '../../preload/health-protocol.ts';

export interface HttpRoute {
  name: string;
  /** The methods it answers; null: any (the handler answers a wrong one itself, e.g. 405). */
  methods: readonly string[] | null;
  /** The path it answers: exact, or every path under a prefix ending in '/', or '*' for any path. */
  path: string | readonly string[];
  /**
   * 'open': answered as it is (its own token check, if any); 'sign-in': a `?token=` link is taken first, no session
   * needed; 'session': a `?token=` link is taken first, then the session token or a LAN session is needed.
   */
  access: 'open' | 'sign-in' | 'session';
  /** A 'session' route that also opens without a session for a signed link to this very path (an alert's snapshot). */
  signedLink?: (method: string, url: URL) => boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
}

export interface RouteDeps {
  gate: AuthGate;
  media: MediaSource;
  rendererDir: string;
  token: string;
  logger: Logger;
  monitoring?: Monitoring;
  /** Checks the signed media links alerts carry (GET and HEAD only). */
  mediaLinks?: MediaLinks;
}

export function serviceRoutes(deps: RouteDeps): HttpRoute[] {
  const routes: HttpRoute[] = [];
  const { monitoring } = deps;
  if (monitoring) {
    routes.push({
      name: 'monitoring',
      methods: null,
      path: [HEALTH_PATH, READY_PATH, METRICS_PATH],
      access: 'open', // /health and /ready are open; /metrics checks the session or the metrics token itself
      handle: async (req, res, url) => {
        await handleHealthRequest(req, res, url.pathname, monitoring, deps.token, deps.logger);
      },
    });
  }
  if (deps.gate.loginOpen) {
    routes.push({ name: 'login', methods: null, path: '/login', access: 'sign-in', handle: (req, res) => deps.gate.login(req, res) });
  }
  routes.push(
    {
      name: 'media',
      methods: null,
      path: '/media/',
      access: 'session',
      ...(deps.mediaLinks ? { signedLink: signedMediaLink(deps.mediaLinks) } : {}),
      handle: async (req, res, url) => {
        await handleMediaRequest(req, res, url.pathname, deps.media);
      },
    },
    { name: 'page', methods: null, path: '*', access: 'session', handle: (req, res, url) => serveStatic(req, res, url.pathname, deps.rendererDir) },
  );
  return routes;
}

function signedMediaLink(links: MediaLinks): (method: string, url: URL) => boolean {
  return (method, url) => (method === 'GET' || method === 'HEAD') && links.verify(url.pathname, url.searchParams);
}

function pathMatches(pattern: string, pathname: string): boolean {
  if (pattern === '*') return true;
  return pattern.endsWith('/') ? pathname.startsWith(pattern) : pathname === pattern;
}

/** The first route that answers this method and path. */
export function findRoute(routes: readonly HttpRoute[], method: string, pathname: string): HttpRoute | null {
  for (const route of routes) {
    if (route.methods && !route.methods.includes(method)) continue;
    const paths = typeof route.path === 'string' ? [route.path] : route.path;
    if (paths.some((p) => pathMatches(p, pathname))) return route;
  }
  return null;
}
