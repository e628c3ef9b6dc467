// The monitoring routes: GET /health (alive) and GET /ready (ready to watch and record; 503 with the reasons when not)
// answer anyone who can reach the port, from cached state, and say nothing sensitive (camera ids and states only).
// GET /metrics (Prometheus text) needs the session token (cookie or `Authorization: Bearer`) or the read-only metrics
// token from the settings (`service.metricsToken`, what Prometheus' `authorization` / `bearer_token_file` sends).
import type http from 'node:http';
import type { Logger } from '../core/logging/logger.ts';
import type { Monitoring } from '../core/metrics/engine-monitoring.ts';
import { HEALTH_PATH, METRICS_PATH, READY_PATH } from '../../preload/health-protocol.ts';
import { isAuthorized, sameSecret } from './auth.ts';

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
const TEXT_HEADERS = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** Answers a monitoring route and returns true, or returns false for any other path. */
export async function handleHealthRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  monitoring: Monitoring,
  sessionToken: string,
  logger: Logger,
): Promise<boolean> {
  if (pathname !== HEALTH_PATH && pathname !== READY_PATH && pathname !== METRICS_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...TEXT_HEADERS, Allow: 'GET, HEAD' }).end('Only GET works here.\n');
    return true;
  }
  const body = (status: number, headers: Record<string, string>, text: string) => {
    res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  if (pathname === HEALTH_PATH) {
    body(200, JSON_HEADERS, JSON.stringify(monitoring.health()) + '\n');
    return true;
  }
  if (pathname === READY_PATH) {
    const report = monitoring.ready();
    body(report.ready ? 200 : 503, JSON_HEADERS, JSON.stringify(report) + '\n');
    return true;
  }
  if (!metricsAllowed(req, sessionToken, monitoring.metricsToken())) {
    logger.warn({ remote: req.socket.remoteAddress }, 'metrics scrape without a valid token refused');
    res.writeHead(401, { ...TEXT_HEADERS, 'WWW-Authenticate': 'Bearer realm="ShopWatch NVR metrics"' });
    res.end(
      '/metrics needs a token: send `Authorization: Bearer <token>` with the metrics token from the settings (service.metricsToken) or the session token (`nvr url` prints it).\n',
    );
    return true;
  }
  body(200, { ...TEXT_HEADERS, 'Content-Type': monitoring.metrics.contentType }, await monitoring.metrics.scrape());
  return true;
}

/** The session token (cookie or bearer), or the metrics token as a bearer token when one is set. */
export function metricsAllowed(req: http.IncomingMessage, sessionToken: string, metricsToken: string): boolean {
  if (isAuthorized(req, sessionToken)) return true;
  if (metricsToken === '') return false;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return bearer !== null && sameSecret(bearer[1]!, metricsToken);
}
