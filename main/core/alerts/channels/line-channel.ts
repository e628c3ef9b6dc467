// LINE (Messaging API; LINE Notify closed on 2025-03-31): POST {baseUrl}/v2/bot/message/push, Bearer channel access
// token, JSON { to, messages }. LINE takes an image only as an https URL it fetches itself (no upload), so the push
// is an image message plus a text message when links.snapshot is an https address, and the text alone otherwise.
// Every push carries X-Line-Retry-Key, a UUID derived from the outbox row's id: a retry after a timeout (or after a
// restart) of a push LINE had already accepted answers 409 and is not shown twice; 409 therefore counts as delivered.
import { createHash } from 'node:crypto';
import type { AlertChannel, ChannelFactory, DeliveryResult, OutgoingAlert } from '../alert-channel.ts';
import { alertText, trimBase } from './alert-text.ts';
import { httpChannelBase, type HttpRequest } from './http-attempt.ts';
import { missingSecret } from './http-outcome.ts';

/** LINE's limit for a text message. */
const TEXT_MAX = 5000;

/** A stable UUID (version 4 layout) for an alert: the same row always gets the same retry key. */
export function lineRetryKey(alertId: string): string {
  const h = createHash('sha256').update(`shopwatch-line:${alertId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The push's messages: the snapshot as an image message when LINE can fetch it (https), then the text. */
export function lineMessages(alert: OutgoingAlert): Array<Record<string, string>> {
  const messages: Array<Record<string, string>> = [];
  const image = alert.links.snapshot;
  if (image && /^https:\/\//i.test(image)) messages.push({ type: 'image', originalContentUrl: image, previewImageUrl: image });
  messages.push({ type: 'text', text: alertText(alert, TEXT_MAX) });
  return messages;
}

export function lineRequest(baseUrl: string, token: string, to: string, alert: OutgoingAlert): HttpRequest {
  return {
    url: `${trimBase(baseUrl)}/v2/bot/message/push`,
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-line-retry-key': lineRetryKey(alert.alertId),
    },
    body: JSON.stringify({ to, messages: lineMessages(alert) }),
  };
}

export const createLineChannel: ChannelFactory = (ctx) => {
  const { config, attempt } = httpChannelBase(ctx, 'line');
  const token = ctx.secrets.channelAccessToken ?? '';
  const channel: AlertChannel = {
    id: config.id,
    type: 'line',
    async deliver(alert: OutgoingAlert, signal: AbortSignal): Promise<DeliveryResult> {
      if (token === '') return missingSecret('line');
      return (await attempt(alert, lineRequest(config.baseUrl, token, config.to, alert), signal)).result;
    },
    async close(): Promise<void> {},
  };
  return channel;
};
