// ntfy: a publish to {baseUrl}/{topic}. With a snapshot, a PUT whose body is the JPEG (ntfy's "attach local file":
// Filename names it, the text goes in the Message header); without, a POST whose body is the text. Title, Tags,
// Priority and Click (the event's link) are headers. Header values must be ASCII on the wire, so any value with
// other characters is sent as an RFC 2047 encoded word (=?UTF-8?B?…?=), which ntfy decodes (docs.ntfy.sh/publish,
// "Message title"). An access token, when set, goes as Authorization: Bearer.
import type { AlertKind } from '../../../../preload/alert-channels.ts';
import type { AlertChannel, ChannelFactory, DeliveryResult, OutgoingAlert } from '../alert-channel.ts';
import { cut, trimBase } from './alert-text.ts';
import { httpChannelBase, type HttpRequest } from './http-attempt.ts';

/** ntfy's default message limit is 4096 bytes; a header stays well under servers' header limits. */
const MESSAGE_MAX = 1000;
const TITLE_MAX = 200;

/** ntfy priorities: 4 = high (long vibration), 3 = default. */
const PRIORITY: Record<AlertKind, string> = { person: '4', loitering: '4', 'camera-offline': '4', motion: '3', 'camera-online': '3', test: '3' };
/** Tags that ntfy shows as emoji, then the kind as a plain tag. */
const TAGS: Record<AlertKind, string> = {
  person: 'rotating_light,person',
  loitering: 'rotating_light,loitering',
  motion: 'eyes,motion',
  'camera-offline': 'warning,camera-offline',
  'camera-online': 'white_check_mark,camera-online',
  test: 'bell,test',
};

/** A header value as is when it is printable ASCII, else one RFC 2047 encoded word (UTF-8, base64). */
export function headerValue(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(flat)) return flat;
  return `=?UTF-8?B?${Buffer.from(flat, 'utf8').toString('base64')}?=`;
}

/** The attachment's file name: camera id and time, ASCII only. */
export function snapshotFilename(alert: OutgoingAlert): string {
  const camera = (alert.cameraId ?? 'shopwatch').replace(/[^A-Za-z0-9_-]/g, '_');
  const at = new Date(alert.atMs).toISOString().replace(/[:.]/g, '-');
  return `${camera}-${at}.jpg`;
}

export function ntfyRequest(baseUrl: string, topic: string, token: string, alert: OutgoingAlert): HttpRequest {
  const headers: Record<string, string> = {
    title: headerValue(cut(alert.title, TITLE_MAX)),
    tags: TAGS[alert.kind],
    priority: PRIORITY[alert.kind],
  };
  if (alert.links.event) headers.click = alert.links.event;
  if (token !== '') headers.authorization = `Bearer ${token}`;
  const body = cut([alert.body, alert.links.event].filter(Boolean).join('\n'), MESSAGE_MAX);
  const url = `${trimBase(baseUrl)}/${topic}`;
  if (alert.snapshot) {
    headers.message = headerValue(body.replace(/\n/g, ' - '));
    headers.filename = snapshotFilename(alert);
    headers['content-type'] = 'image/jpeg';
    return { url, method: 'PUT', headers, body: new Uint8Array(alert.snapshot) };
  }
  headers['content-type'] = 'text/plain; charset=utf-8';
  return { url, method: 'POST', headers, body };
}

export const createNtfyChannel: ChannelFactory = (ctx) => {
  const { config, attempt } = httpChannelBase(ctx, 'ntfy');
  const token = ctx.secrets.accessToken ?? '';
  const channel: AlertChannel = {
    id: config.id,
    type: 'ntfy',
    async deliver(alert: OutgoingAlert, signal: AbortSignal): Promise<DeliveryResult> {
      return (await attempt(alert, ntfyRequest(config.baseUrl, config.topic, token, alert), signal)).result;
    },
    async close(): Promise<void> {},
  };
  return channel;
};
