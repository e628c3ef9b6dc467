// The four HTTP alert channels against local stand-ins of each API (node:http on 127.0.0.1, random ports): the
// request is exactly the vendor's documented one (method, path, auth header, content type, multipart fields or JSON
// body), and each answer becomes the outcome the outbox acts on: 2xx delivered, 500 retry, 429 retry after what the
// service said, 401 fatal with the owner's sentence. The snapshot is a real JPEG (a photo from ../shared, via sharp).
// No secret appears in any reason or log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac, timingSafeEqual } from 'node:crypto';
import sharp from 'sharp';
import { createLogger, type Logger } from '../../main/core/logging/logger.ts';
import { alertChannelSchema, type ChannelSecrets } from '../../preload/alert-channels.ts';
import type { AlertChannel, ChannelFactory, OutgoingAlert } from '../../main/core/alerts/alert-channel.ts';
import { createTelegramChannel } from '../../main/core/alerts/channels/telegram-channel.ts';
import { createLineChannel } from '../../main/core/alerts/channels/line-channel.ts';
import { createNtfyChannel } from '../../main/core/alerts/channels/ntfy-channel.ts';
import { createWebhookChannel } from '../../main/core/alerts/channels/webhook-channel.ts';
import { closedPort, startHttpStandIn, type HttpStandIn, type RecordedRequest } from '../fixtures/http-stand-in.ts';
import { sharedMediaPath } from '../fixtures/shared-files.ts';

const BOT_TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const LINE_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.line-channel-access-token/secret+value=';
const NTFY_TOKEN = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2';
const SIGNING_SECRET = 'whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH';
const ALL_SECRETS = [BOT_TOKEN, LINE_TOKEN, NTFY_TOKEN, SIGNING_SECRET];

let jpeg: Buffer;
const logLines: string[] = [];
const logger: Logger = createLogger({ level: 'debug', destination: { write: (s: string) => void logLines.push(s) } });

beforeAll(async () => {
  jpeg = await sharp(sharedMediaPath('coco-000000000139.jpg')).resize({ width: 320 }).jpeg({ quality: 80 }).toBuffer();
});

afterAll(() => {
  // Every line the channels logged, whatever the test: never a secret, raw or percent-encoded.
  const all = logLines.join('\n');
  expect(logLines.length).toBeGreaterThan(0);
  for (const s of ALL_SECRETS) {
    expect(all).not.toContain(s);
    expect(all).not.toContain(encodeURIComponent(s));
  }
});

function alert(over: Partial<OutgoingAlert> = {}): OutgoingAlert {
  const startMs = Date.parse('2026-12-01T14:03:27.000Z');
  return {
    alertId: 'alrt-000123',
    kind: 'person',
    cameraId: 'cam-1',
    cameraName: 'Front door',
    eventId: 'evt-42',
    title: 'Person at Front door',
    body: 'Front door · 14:03:27 · Tue 1 Dec',
    atMs: startMs,
    event: { id: 'evt-42', kind: 'person', startMs, endMs: startMs + 9000, score: 0.87, boxes: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.6, score: 0.87 }], trackId: 't-7', zone: 'door' },
    links: { event: 'https://nvr.example.net/events/evt-42', snapshot: 'https://nvr.example.net/media/snapshots/evt-42.jpg', clip: 'https://nvr.example.net/media/clips/evt-42.mp4' },
    snapshot: jpeg,
    ...over,
  };
}

function channel(factory: ChannelFactory, config: Record<string, unknown>, secrets: ChannelSecrets): AlertChannel {
  return factory({ config: alertChannelSchema.parse({ id: 'ch-1', name: 'Phone', ...config }), secrets, cameras: () => [{ id: 'cam-1', name: 'Front door' }], logger });
}

const signal = (): AbortSignal => AbortSignal.timeout(5000);
const noSecretIn = (value: unknown): void => {
  const text = JSON.stringify(value);
  for (const s of ALL_SECRETS) expect(text).not.toContain(s);
};

/** Parses a recorded multipart body with the platform's own parser (undici's Request.formData). */
async function formOf(req: RecordedRequest): Promise<FormData> {
  return new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: new Uint8Array(req.body) }).formData();
}

describe('Telegram Bot API', () => {
  let api: HttpStandIn;
  let tg: AlertChannel;
  beforeAll(async () => {
    api = await startHttpStandIn({ status: 200, body: '{"ok":true,"result":{"message_id":1}}' });
    tg = channel(createTelegramChannel, { type: 'telegram', chatId: '-1001234567890', baseUrl: api.url }, { botToken: BOT_TOKEN });
  });
  afterAll(() => api.close());

  it('sends the snapshot with sendPhoto: multipart chat_id, photo (the JPEG), caption', async () => {
    const before = api.requests.length;
    expect(await tg.deliver(alert(), signal())).toEqual({ outcome: 'delivered' });
    const req = api.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/bot${BOT_TOKEN}/sendPhoto`);
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await formOf(req);
    expect([...form.keys()]).toEqual(['chat_id', 'photo', 'caption']);
    expect(form.get('chat_id')).toBe('-1001234567890');
    // multipart/form-data serialises line breaks in a text field as CRLF (the HTML form encoding), as browsers do.
    expect(form.get('caption')).toBe('Person at Front door\r\nFront door · 14:03:27 · Tue 1 Dec\r\nhttps://nvr.example.net/events/evt-42');
    expect(req.body.includes(Buffer.from('name="caption"\r\n\r\nPerson at Front door\r\nFront door'))).toBe(true);
    const photo = form.get('photo') as File;
    expect(photo.name).toBe('alrt-000123.jpg');
    expect(photo.type).toBe('image/jpeg');
    const bytes = Buffer.from(await photo.arrayBuffer());
    expect(bytes.equals(jpeg)).toBe(true);
    expect((await sharp(bytes).metadata()).format).toBe('jpeg');
  });

  it('sends sendMessage as JSON when there is no snapshot', async () => {
    const before = api.requests.length;
    const offline = alert({ kind: 'camera-offline', title: 'Front door is offline', body: 'No picture since 14:02', event: null, eventId: null, snapshot: null, links: { event: null, snapshot: null, clip: null } });
    expect(await tg.deliver(offline, signal())).toEqual({ outcome: 'delivered' });
    const req = api.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body.toString('utf8'))).toEqual({ chat_id: '-1001234567890', text: 'Front door is offline\nNo picture since 14:02' });
  });

  it('500 → retry; 429 → retry after parameters.retry_after; then delivered', async () => {
    api.answer(
      { status: 500, body: '{"ok":false,"error_code":500,"description":"Internal Server Error"}' },
      { status: 429, body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}' },
    );
    const first = await tg.deliver(alert(), signal());
    expect(first).toMatchObject({ outcome: 'retry', reason: expect.stringContaining('(500: Internal Server Error)') });
    expect(first).not.toHaveProperty('afterMs');
    expect(await tg.deliver(alert(), signal())).toEqual({
      outcome: 'retry',
      afterMs: 3000,
      reason: 'Telegram asks to send less often (429: Too Many Requests: retry after 3): the alert is sent again in 3 s.',
    });
    expect(await tg.deliver(alert(), signal())).toEqual({ outcome: 'delivered' });
  });

  it('401 → fatal with the sentence the owner acts on, and never the token', async () => {
    api.answer({ status: 401, body: '{"ok":false,"error_code":401,"description":"Unauthorized"}' });
    const r = await tg.deliver(alert(), signal());
    expect(r).toEqual({ outcome: 'fatal', reason: 'The Telegram bot token is wrong (401: Unauthorized): make a new one with @BotFather and paste it in Settings.' });
    api.answer({ status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' });
    expect(await tg.deliver(alert(), signal())).toMatchObject({ outcome: 'fatal', reason: expect.stringContaining('Telegram does not know this chat') });
  });

  it('a snapshot Telegram cannot use: the alert still goes, as text that says so', async () => {
    const before = api.requests.length;
    api.answer({ status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: IMAGE_PROCESS_FAILED"}' });
    expect(await tg.deliver(alert(), signal())).toEqual({ outcome: 'delivered' });
    const [photo, text] = api.requests.slice(before);
    expect(photo!.path).toBe(`/bot${BOT_TOKEN}/sendPhoto`);
    expect(text!.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(JSON.parse(text!.body.toString('utf8'))).toEqual({
      chat_id: '-1001234567890',
      text: 'Person at Front door\nFront door · 14:03:27 · Tue 1 Dec\n(The snapshot could not be sent: Bad Request: IMAGE_PROCESS_FAILED.)\nhttps://nvr.example.net/events/evt-42',
    });
  });

  it('no token set → fatal without a request', async () => {
    const before = api.requests.length;
    const bare = channel(createTelegramChannel, { type: 'telegram', chatId: '42', baseUrl: api.url }, {});
    expect(await bare.deliver(alert(), signal())).toEqual({ outcome: 'fatal', reason: 'No Telegram bot token is set: make one with @BotFather and paste it in Settings.' });
    expect(api.requests.length).toBe(before);
  });

  it('a server that is gone, or an address that is no URL: the reasons never show the token from the URL path', async () => {
    const gone = channel(createTelegramChannel, { type: 'telegram', chatId: '42', baseUrl: `http://127.0.0.1:${await closedPort()}` }, { botToken: BOT_TOKEN });
    const r1 = await gone.deliver(alert(), signal());
    expect(r1).toMatchObject({ outcome: 'retry', reason: expect.stringContaining('(connection refused)') });
    noSecretIn(r1);
    const bad = channel(createTelegramChannel, { type: 'telegram', chatId: '42', baseUrl: 'http://[bad' }, { botToken: BOT_TOKEN });
    const r2 = await bad.deliver(alert(), signal());
    expect(r2).toEqual({ outcome: 'fatal', reason: 'The Telegram address in Settings is not a valid web address: correct it.' });
  });
});

describe('LINE Messaging API push message', () => {
  let api: HttpStandIn;
  let line: AlertChannel;
  beforeAll(async () => {
    api = await startHttpStandIn({ status: 200, body: '{"sentMessages":[{"id":"1","quoteToken":"q"}]}' });
    line = channel(createLineChannel, { type: 'line', to: 'U4af4980629abcdef0123456789abcdef', baseUrl: api.url }, { channelAccessToken: LINE_TOKEN });
  });
  afterAll(() => api.close());

  it('POST /v2/bot/message/push, Bearer token, JSON { to, messages: [image (https link), text] }, a retry key', async () => {
    const before = api.requests.length;
    expect(await line.deliver(alert(), signal())).toEqual({ outcome: 'delivered' });
    const req = api.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v2/bot/message/push');
    expect(req.headers.authorization).toBe(`Bearer ${LINE_TOKEN}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-line-retry-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(req.body.toString('utf8'))).toEqual({
      to: 'U4af4980629abcdef0123456789abcdef',
      messages: [
        { type: 'image', originalContentUrl: 'https://nvr.example.net/media/snapshots/evt-42.jpg', previewImageUrl: 'https://nvr.example.net/media/snapshots/evt-42.jpg' },
        { type: 'text', text: 'Person at Front door\nFront door · 14:03:27 · Tue 1 Dec\nhttps://nvr.example.net/events/evt-42' },
      ],
    });
  });

  it('text only when the snapshot link is not https (LINE fetches images itself, https only)', async () => {
    const before = api.requests.length;
    const lan = alert({ links: { event: null, snapshot: 'http://192.168.1.20:8080/media/snapshots/evt-42.jpg', clip: null } });
    expect(await line.deliver(lan, signal())).toEqual({ outcome: 'delivered' });
    expect(JSON.parse(api.requests[before]!.body.toString('utf8')).messages).toEqual([{ type: 'text', text: 'Person at Front door\nFront door · 14:03:27 · Tue 1 Dec' }]);
  });

  it('500 → retry with the same retry key; 409 (already accepted) → delivered; 429 + Retry-After → waits', async () => {
    const before = api.requests.length;
    api.answer({ status: 500, body: '{"message":"An error occurred in the internal server"}' }, { status: 409, body: '{"message":"The retry key is already accepted"}' });
    expect(await line.deliver(alert(), signal())).toMatchObject({ outcome: 'retry' });
    expect(await line.deliver(alert(), signal())).toEqual({ outcome: 'delivered' });
    const [a, b] = api.requests.slice(before);
    expect(a!.headers['x-line-retry-key']).toBe(b!.headers['x-line-retry-key']);
    const other = alert({ alertId: 'alrt-000124' });
    api.answer({ status: 429, headers: { 'retry-after': '20' }, body: '{"message":"The API rate limit has been exceeded. Try again later."}' });
    expect(await line.deliver(other, signal())).toEqual({
      outcome: 'retry',
      afterMs: 20_000,
      reason: 'LINE asks to send less often (429: The API rate limit has been exceeded. Try again later.): the alert is sent again in 20 s.',
    });
    expect(api.requests.at(-1)!.headers['x-line-retry-key']).not.toBe(a!.headers['x-line-retry-key']);
  });

  it("401 → fatal with LINE's message and the sentence", async () => {
    api.answer({ status: 401, body: '{"message":"Authentication failed. Confirm that the access token in the authorization header is valid."}' });
    const r = await line.deliver(alert(), signal());
    expect(r).toEqual({
      outcome: 'fatal',
      reason:
        'The LINE channel access token is wrong or expired (401: Authentication failed. Confirm that the access token in the authorization header is valid.): issue a new one in the LINE Developers console and paste it in Settings.',
    });
  });
});

describe('ntfy publish', () => {
  let api: HttpStandIn;
  let ntfy: AlertChannel;
  beforeAll(async () => {
    api = await startHttpStandIn({ status: 200, body: '{"id":"x1","event":"message"}' });
    ntfy = channel(createNtfyChannel, { type: 'ntfy', topic: 'shop_alerts-7', baseUrl: `${api.url}/` }, { accessToken: NTFY_TOKEN });
  });
  afterAll(() => api.close());

  const decode2047 = (v: string): string => {
    const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(v);
    return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : v;
  };

  it('PUT /<topic> with the JPEG as the body; Title, Message (RFC 2047 when not ASCII), Filename, Tags, Priority, Click, Bearer', async () => {
    const before = api.requests.length;
    const a = alert({ title: 'Personne à la porte — Front door' });
    expect(await ntfy.deliver(a, signal())).toEqual({ outcome: 'delivered' });
    const req = api.requests[before]!;
    expect(req.method).toBe('PUT');
    expect(req.path).toBe('/shop_alerts-7');
    expect(req.headers.authorization).toBe(`Bearer ${NTFY_TOKEN}`);
    expect(req.headers['content-type']).toBe('image/jpeg');
    expect(req.body.equals(jpeg)).toBe(true);
    expect(req.headers.title).toMatch(/^=\?UTF-8\?B\?/);
    expect(decode2047(String(req.headers.title))).toBe('Personne à la porte — Front door');
    expect(decode2047(String(req.headers.message))).toBe('Front door · 14:03:27 · Tue 1 Dec - https://nvr.example.net/events/evt-42');
    expect(req.headers.filename).toBe('cam-1-2026-12-01T14-03-27-000Z.jpg');
    expect(req.headers.tags).toBe('rotating_light,person');
    expect(req.headers.priority).toBe('4');
    expect(req.headers.click).toBe('https://nvr.example.net/events/evt-42');
  });

  it('POST /<topic> with the text as the body when there is no snapshot; an ASCII title goes as is', async () => {
    const before = api.requests.length;
    const online = alert({ kind: 'camera-online', title: 'Front door is back', body: 'Pictures again since 14:05', event: null, snapshot: null, links: { event: null, snapshot: null, clip: null } });
    expect(await ntfy.deliver(online, signal())).toEqual({ outcome: 'delivered' });
    const req = api.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/shop_alerts-7');
    expect(req.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(req.body.toString('utf8')).toBe('Pictures again since 14:05');
    expect(req.headers.title).toBe('Front door is back');
    expect(req.headers.tags).toBe('white_check_mark,camera-online');
    expect(req.headers.priority).toBe('3');
    expect(req.headers).not.toHaveProperty('click');
    expect(req.headers).not.toHaveProperty('filename');
  });

  it('no token → no Authorization header; 500 → retry; 429 + Retry-After → waits; 401 → fatal', async () => {
    const open = channel(createNtfyChannel, { type: 'ntfy', topic: 'shop_alerts-7', baseUrl: api.url }, {});
    api.answer(
      { status: 500 },
      { status: 429, headers: { 'retry-after': '5' }, body: '{"code":42901,"http":429,"error":"limit reached: too many requests"}' },
      { status: 401, body: '{"code":40101,"http":401,"error":"unauthorized","link":"https://ntfy.sh/docs/publish/#authentication"}' },
    );
    const before = api.requests.length;
    expect(await open.deliver(alert(), signal())).toMatchObject({ outcome: 'retry' });
    expect(api.requests[before]!.headers).not.toHaveProperty('authorization');
    expect(await ntfy.deliver(alert(), signal())).toMatchObject({ outcome: 'retry', afterMs: 5000 });
    expect(await ntfy.deliver(alert(), signal())).toEqual({
      outcome: 'fatal',
      reason: 'The ntfy server refused the access token (401: unauthorized): make a new token on the ntfy server and paste it in Settings.',
    });
  });
});

describe('webhook', () => {
  let api: HttpStandIn;
  let hook: AlertChannel;
  beforeAll(async () => {
    api = await startHttpStandIn({ status: 204 });
    hook = channel(createWebhookChannel, { type: 'webhook', url: `${api.url}/hooks/shopwatch?src=nvr` }, { signingSecret: SIGNING_SECRET });
  });
  afterAll(() => api.close());

  /** What a receiver does: recompute the HMAC over "<timestamp>.<raw body>" and compare in constant time. */
  function verify(req: RecordedRequest, secret: string): boolean {
    const ts = String(req.headers['x-shopwatch-timestamp']);
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${ts}.`).update(req.body).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-shopwatch-signature']));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  it('POSTs the event as JSON, signed over timestamp and raw body', async () => {
    const before = api.requests.length;
    const t0 = Math.floor(Date.now() / 1000);
    expect(await hook.deliver(alert(), signal())).toEqual({ outcome: 'delivered' });
    const req = api.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hooks/shopwatch?src=nvr');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-shopwatch-alert-id']).toBe('alrt-000123');
    const ts = Number(req.headers['x-shopwatch-timestamp']);
    expect(ts).toBeGreaterThanOrEqual(t0);
    expect(ts).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(req.headers['x-shopwatch-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verify(req, SIGNING_SECRET)).toBe(true);
    expect(verify(req, 'another secret')).toBe(false);
    // A replay with another timestamp does not verify: the timestamp is inside the signed string.
    expect(verify({ ...req, headers: { ...req.headers, 'x-shopwatch-timestamp': String(ts + 600) } }, SIGNING_SECRET)).toBe(false);
    expect(JSON.parse(req.body.toString('utf8'))).toEqual({
      alertId: 'alrt-000123',
      kind: 'person',
      id: 'evt-42',
      camera: { id: 'cam-1', name: 'Front door' },
      start: '2026-12-01T14:03:27.000Z',
      end: '2026-12-01T14:03:36.000Z',
      score: 0.87,
      boxes: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.6, score: 0.87 }],
      trackId: 't-7',
      zone: 'door',
      title: 'Person at Front door',
      body: 'Front door · 14:03:27 · Tue 1 Dec',
      at: '2026-12-01T14:03:27.000Z',
      links: { event: 'https://nvr.example.net/events/evt-42', snapshot: 'https://nvr.example.net/media/snapshots/evt-42.jpg', clip: 'https://nvr.example.net/media/clips/evt-42.mp4' },
    });
    noSecretIn(req.body.toString('utf8'));
  });

  it('500 → retry; 429 + Retry-After as an HTTP date → waits; 401 → fatal with the sentence', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000).toUTCString();
    api.answer({ status: 500, body: 'oops' }, { status: 429, headers: { 'retry-after': at } }, { status: 401, body: '{"error":"bad signature"}' });
    expect(await hook.deliver(alert(), signal())).toEqual({ outcome: 'retry', reason: `The webhook at ${new URL(api.url).host} has a problem (500): the alert waits and is sent again.` });
    const r = await hook.deliver(alert(), signal());
    expect(r.outcome).toBe('retry');
    const afterMs = r.outcome === 'retry' ? r.afterMs ?? 0 : 0;
    expect(afterMs).toBeGreaterThan(25_000);
    expect(afterMs).toBeLessThanOrEqual(31_000);
    expect(await hook.deliver(alert(), signal())).toEqual({
      outcome: 'fatal',
      reason: `The webhook at ${new URL(api.url).host} refused the alert (401: bad signature): check that the receiver expects the signing secret set in Settings.`,
    });
  });

  it('a huge error answer is read only in part, and the reason stays one short sentence', async () => {
    api.answer({ status: 400, body: JSON.stringify({ error: `${'x'.repeat(5_000_000)}` }) });
    const r = await hook.deliver(alert(), signal());
    expect(r).toEqual({ outcome: 'fatal', reason: `The webhook at ${new URL(api.url).host} refused the alert (400): check the channel's settings; it is not sent again.` });
  });

  it('a receiver that never answers: the outbox signal ends the attempt, and it is retried', async () => {
    api.answer({ status: 200, hang: true });
    const t0 = Date.now();
    const r = await hook.deliver(alert(), AbortSignal.timeout(300));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toEqual({ outcome: 'retry', reason: `The webhook at ${new URL(api.url).host} did not answer in time: the alert waits and is sent again.` });
  });

  it('without a signing secret the request goes unsigned; a redirect is not followed', async () => {
    const plain = channel(createWebhookChannel, { type: 'webhook', url: `${api.url}/plain` }, {});
    const before = api.requests.length;
    api.answer({ status: 302, headers: { location: 'http://198.51.100.1/elsewhere' } });
    expect(await plain.deliver(alert({ kind: 'test', event: null, eventId: null }), signal())).toMatchObject({ outcome: 'fatal', reason: expect.stringContaining('put the final address in Settings') });
    expect(api.requests.length).toBe(before + 1);
    const req = api.requests[before]!;
    expect(req.headers).not.toHaveProperty('x-shopwatch-signature');
    expect(req.headers).not.toHaveProperty('x-shopwatch-timestamp');
    expect(JSON.parse(req.body.toString('utf8'))).toMatchObject({ kind: 'test', id: null, start: null, end: null, boxes: [] });
  });
});
