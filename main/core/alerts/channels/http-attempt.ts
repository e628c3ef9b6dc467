// One HTTP request of an alert channel (the glue around http-outcome.ts): plain fetch, bounded by the outbox's
// signal, redirects not followed (a POST must not turn into a GET somewhere else, nor carry a token there), the
// answer's body read to a few KB for the vendor's error text. Never throws: every failure is a DeliveryResult whose
// reason has the channel's secrets redacted. Logs one debug line per attempt, without URL paths or secrets.
import type { Logger } from '../../logging/logger.ts';
import type { ChannelContext, DeliveryResult, OutgoingAlert } from '../alert-channel.ts';
import type { AlertChannelConfig } from '../../../../preload/alert-channels.ts';
import { redact } from '../../capture/redact.ts';
import { addressProblem, classifyAnswer, classifyNetworkFailure, vendorError, type HttpVendor, type NetworkFailure, type Target } from './http-outcome.ts';

export interface HttpRequest {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string | Uint8Array | FormData | Blob;
}

export interface AttemptContext {
  vendor: HttpVendor;
  /** Every secret this channel holds: redacted from every reason and log line. */
  secrets: readonly string[];
  logger: Logger;
  alertId: string;
  cameraId: string | null;
  now?: () => number;
}

const MAX_BODY_BYTES = 8192;

/** The host of a URL (no path, no userinfo), or a placeholder when it is not one. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || 'the address in Settings';
  } catch {
    return 'the address in Settings';
  }
}

/** How one request went: the result for the outbox, and what a channel may act on itself (Telegram's photo fallback). */
export interface HttpAttempt {
  result: DeliveryResult;
  /** The answer's status; null when there was none (a network error, a timeout, a bad address). */
  status: number | null;
  /** The vendor's own error text (redacted), when the body had one. */
  description: string | null;
}

export async function attemptHttp(ctx: AttemptContext, request: HttpRequest, signal: AbortSignal): Promise<HttpAttempt> {
  const address = addressProblem(ctx.vendor, request.url, ctx.secrets);
  if (address) return { result: address, status: null, description: null };
  // A URL's path and query can be a secret too (Telegram's bot token, a webhook's secret path): never echoed.
  const { pathname, search } = new URL(request.url);
  const secrets = pathname.length > 1 || search ? [...ctx.secrets, `${pathname}${search}`] : ctx.secrets;
  const target: Target = { vendor: ctx.vendor, host: hostOf(request.url), secrets };
  const now = ctx.now ?? Date.now;
  let result: DeliveryResult;
  let status: number | null = null;
  let description: string | null = null;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body as RequestInit['body'],
      signal,
      redirect: 'manual',
    });
    status = response.status;
    const body = await readText(response);
    result = classifyAnswer(target, { status, retryAfter: response.headers.get('retry-after'), body }, now());
    const said = vendorError(ctx.vendor, body).description;
    description = said === null ? null : redact(said, secrets);
  } catch (err) {
    result = classifyNetworkFailure(target, describeFailure(err, signal));
  }
  ctx.logger.debug(
    { alertId: ctx.alertId, cameraId: ctx.cameraId, host: target.host, status, outcome: result.outcome, ...(result.outcome === 'delivered' ? {} : { reason: result.reason }) },
    result.outcome === 'delivered' ? 'alert delivered' : 'alert not delivered',
  );
  return { result, status, description };
}

/** The body as text, at most MAX_BODY_BYTES read (a receiver cannot make us hold a huge answer); never throws. */
async function readText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // an answer whose body breaks off still has its status and what came
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

export function describeFailure(err: unknown, signal: AbortSignal): NetworkFailure {
  const e = err as { name?: unknown; message?: unknown; code?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const own = typeof e?.code === 'string' ? e.code : null;
  const cause = typeof e?.cause?.code === 'string' ? e.cause.code : null;
  const messages = [e?.message, e?.cause?.message].filter((m): m is string => typeof m === 'string' && m !== '');
  return { name, code: cause ?? own, message: messages.join(': '), aborted: signal.aborted };
}

/**
 * What the four HTTP channels share: their settings checked for the type, every secret they hold (redacted from
 * every reason and log line), a logger with the channel's id, and one attempt per request. Each channel then only
 * builds its vendor's request.
 */
export function httpChannelBase<V extends HttpVendor>(ctx: ChannelContext, vendor: V) {
  const config = ctx.config;
  if (config.type !== vendor) throw new Error(`the ${vendor} channel was given a ${config.type} channel's settings`);
  const secrets = Object.values(ctx.secrets).filter((s): s is string => typeof s === 'string' && s !== '');
  const logger = ctx.logger.child({ component: 'alerts', channelId: config.id, channelType: vendor });
  return {
    config: config as Extract<AlertChannelConfig, { type: V }>,
    logger,
    attempt: (alert: OutgoingAlert, request: HttpRequest, signal: AbortSignal): Promise<HttpAttempt> =>
      attemptHttp({ vendor, secrets, logger, alertId: alert.alertId, cameraId: alert.cameraId }, request, signal),
  };
}
