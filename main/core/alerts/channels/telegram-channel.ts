// Telegram (Bot API): sendPhoto with the snapshot as a multipart upload (chat_id, photo, caption), or sendMessage
// (JSON: chat_id, text) when there is none. The bot token is in the URL path (https://api.telegram.org/bot<token>/…),
// so it is redacted from every reason and log line, including fetch errors that echo the URL. A 429 waits as long
// as Telegram says (Retry-After or parameters.retry_after); a wrong token or chat stops with Telegram's own words.
import type { AlertChannel, ChannelFactory, DeliveryResult, OutgoingAlert } from '../alert-channel.ts';
import { alertMessages, alertText, trimBase } from './alert-text.ts';
import { httpChannelBase, type HttpRequest } from './http-attempt.ts';
import { missingSecret } from './http-outcome.ts';

/** Telegram's limits: a photo caption 1024 characters, a message 4096. */
const CAPTION_MAX = 1024;
const TEXT_MAX = 4096;

export function telegramRequest(baseUrl: string, token: string, chatId: string, alert: OutgoingAlert): HttpRequest {
  const base = `${trimBase(baseUrl)}/bot${token}`;
  if (alert.snapshot) {
    const form = new FormData();
    form.append('chat_id', chatId);
    form.append('photo', new Blob([new Uint8Array(alert.snapshot)], { type: 'image/jpeg' }), `${alert.alertId}.jpg`);
    form.append('caption', alertText(alert, CAPTION_MAX));
    return { url: `${base}/sendPhoto`, method: 'POST', headers: {}, body: form };
  }
  return {
    url: `${base}/sendMessage`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text: alertText(alert, TEXT_MAX) }),
  };
}

/** A 400 about the photo itself (IMAGE_PROCESS_FAILED, PHOTO_INVALID_DIMENSIONS, …): worth sending the text alone. */
export function photoRefused(status: number | null, description: string | null): boolean {
  return status === 400 && /photo|image|file|dimensions/i.test(description ?? '') && !/chat not found/i.test(description ?? '');
}

export const createTelegramChannel: ChannelFactory = (ctx) => {
  const { config, logger, attempt } = httpChannelBase(ctx, 'telegram');
  const token = ctx.secrets.botToken ?? '';
  const channel: AlertChannel = {
    id: config.id,
    type: 'telegram',
    async deliver(alert: OutgoingAlert, signal: AbortSignal): Promise<DeliveryResult> {
      if (token === '') return missingSecret('telegram');
      const sent = await attempt(alert, telegramRequest(config.baseUrl, token, config.chatId, alert), signal);
      if (!alert.snapshot || !photoRefused(sent.status, sent.description)) return sent.result;
      // Telegram could not use the picture: the alert still goes, as text that says so.
      logger.warn({ alertId: alert.alertId, cameraId: alert.cameraId, description: sent.description }, 'Telegram refused the snapshot: sending the alert as text');
      const m = alertMessages(alert);
      const why = sent.description ?? m.notify_snapshot_refused_by_telegram;
      const text = { ...alert, snapshot: null, body: `${alert.body}\n${m.notify_snapshot_not_sent({ why })}` };
      return (await attempt(text, telegramRequest(config.baseUrl, token, config.chatId, text), signal)).result;
    },
    async close(): Promise<void> {},
  };
  return channel;
};
