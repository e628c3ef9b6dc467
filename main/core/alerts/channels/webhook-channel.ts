// Webhook: a JSON POST of the alert to the owner's URL, signed so the receiver can trust it and refuse replays.
//
// Signature scheme (also in the README):
//   X-ShopWatch-Timestamp: <unix seconds when this attempt was made>
//   X-ShopWatch-Signature: sha256=<lower-case hex of HMAC-SHA256(key = signing secret, message = timestamp + "." + raw body)>
// The receiver recomputes the HMAC over the timestamp header, a dot and the exact bytes of the body, compares it in
// constant time, and refuses a timestamp more than 5 minutes from its clock (a replayed request). Every attempt is
// signed again with its own timestamp. X-ShopWatch-Alert-Id is the same for every attempt of one alert, so a receiver
// can drop a repeat (a retry after a timeout whose first try did arrive). Without a signing secret the request goes
// unsigned (no signature headers).
//
// Body: { alertId, kind, id (the event's, or null), camera: { id, name }, start, end (ISO 8601 or null), score,
// boxes (fractions of the frame), trackId, zone, title, body, at (ISO 8601), links: { event, snapshot, clip } }.
import { createHmac } from 'node:crypto';
import type { AlertChannel, ChannelFactory, DeliveryResult, OutgoingAlert } from '../alert-channel.ts';
import { httpChannelBase, type HttpRequest } from './http-attempt.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The JSON body: the event as other systems read it (camera states and tests have no event: its fields are null). */
export function webhookPayload(alert: OutgoingAlert): Record<string, unknown> {
  const e = alert.event;
  return {
    alertId: alert.alertId,
    kind: alert.kind,
    id: e?.id ?? alert.eventId,
    camera: { id: alert.cameraId, name: alert.cameraName },
    start: iso(e?.startMs ?? null),
    end: iso(e?.endMs ?? null),
    score: e?.score ?? null,
    boxes: e?.boxes ?? [],
    trackId: e?.trackId ?? null,
    zone: e?.zone ?? null,
    title: alert.title,
    body: alert.body,
    at: iso(alert.atMs),
    links: alert.links,
  };
}

/** The signature header's value for a body sent at `timestampS`. */
export function webhookSignature(secret: string, timestampS: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampS}.${rawBody}`).digest('hex')}`;
}

export function webhookRequest(url: string, secret: string, alert: OutgoingAlert, nowMs: number): HttpRequest {
  const body = JSON.stringify(webhookPayload(alert));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'ShopWatch-NVR',
    'x-shopwatch-alert-id': alert.alertId,
  };
  if (secret !== '') {
    const timestampS = Math.floor(nowMs / 1000);
    headers['x-shopwatch-timestamp'] = String(timestampS);
    headers['x-shopwatch-signature'] = webhookSignature(secret, timestampS, body);
  }
  return { url, method: 'POST', headers, body };
}

export const createWebhookChannel: ChannelFactory = (ctx) => {
  const { config, attempt } = httpChannelBase(ctx, 'webhook');
  const secret = ctx.secrets.signingSecret ?? '';
  const channel: AlertChannel = {
    id: config.id,
    type: 'webhook',
    async deliver(alert: OutgoingAlert, signal: AbortSignal): Promise<DeliveryResult> {
      return (await attempt(alert, webhookRequest(config.url, secret, alert, Date.now()), signal)).result;
    },
    async close(): Promise<void> {},
  };
  return channel;
};
