// The e-mail channel against a real SMTP server (the smtp-server package on 127.0.0.1, AUTH required, STARTTLS with
// its own self-signed certificate, or TLS from the start): the mail arrives with the snapshot attached (checked in
// the raw MIME: Content-Type, file name, Content-ID, and the decoded bytes); a wrong password, a refused recipient and
// an untrusted certificate are fatal with their sentences; a busy server (451) and a closed port are retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { createEmailChannel } from '../../main/core/alerts/channels/email-channel.ts';
import type { AlertChannel, OutgoingAlert } from '../../main/core/alerts/alert-channel.ts';
import { emailChannelSchema } from '../../preload/alert-channels.ts';
import { createLogger } from '../../main/core/logging/logger.ts';

const USER = 'shop@example.test';
const PASSWORD = 'smtp-test-pw-4410';
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });

interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

interface Smtp {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

const servers: Smtp[] = [];
const channels: AlertChannel[] = [];
let jpeg: Buffer;

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 200, g: 40, b: 40 } } }).jpeg().toBuffer();
});

afterAll(async () => {
  for (const c of channels) await c.close();
  for (const s of servers) await s.close();
});

async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<Smtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      const err = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('latin1'),
        });
        callback();
      });
    },
    logger: false,
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  const smtp = { port: address.port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
  servers.push(smtp);
  return smtp;
}

function channel(port: number, over: Record<string, unknown> = {}, password = PASSWORD): AlertChannel {
  const config = emailChannelSchema.parse({
    id: 'owner-mail',
    name: 'Owner',
    type: 'email',
    host: '127.0.0.1',
    port,
    security: 'starttls',
    username: USER,
    from: 'ShopWatch <nvr@shop.example.test>',
    to: ['owner@example.test'],
    allowSelfSigned: true,
    ...over,
  });
  const c = createEmailChannel({ config, secrets: { password }, cameras: () => [], logger });
  channels.push(c);
  return c;
}

function alert(over: Partial<OutgoingAlert> = {}): OutgoingAlert {
  const atMs = Date.parse('2026-12-01T17:45:12Z');
  return {
    alertId: 'alert-42',
    kind: 'person',
    cameraId: 'front',
    cameraName: 'Front door',
    eventId: 'ev-42',
    title: 'Person at Front door',
    body: 'Someone is at the Front door (17:45).',
    atMs,
    event: { id: 'ev-42', kind: 'person', startMs: atMs, endMs: null, score: 0.9, boxes: [], trackId: null, zone: null },
    links: { event: 'http://shop-pc:7480/#/events/ev-42', snapshot: null, clip: null },
    snapshot: jpeg,
    ...over,
  };
}

/** The MIME part whose headers match `header`: its headers and its body, decoded from base64. */
function mimePart(raw: string, header: RegExp): { headers: string; bytes: Buffer } | null {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]!);
  for (const boundary of boundaries) {
    for (const part of raw.split(`--${boundary}`)) {
      const split = part.indexOf('\r\n\r\n');
      if (split < 0) continue;
      const headers = part.slice(0, split);
      if (!header.test(headers)) continue;
      const body = part.slice(split + 4).replace(/\s+/g, '');
      return { headers, bytes: Buffer.from(body, 'base64') };
    }
  }
  return null;
}

describe('e-mail channel against a real SMTP server', () => {
  it('sends the alert over STARTTLS with AUTH: subject, text, and the snapshot attached as image/jpeg', async () => {
    const smtp = await startSmtp();
    const result = await channel(smtp.port).deliver(alert(), AbortSignal.timeout(20_000));
    expect(result).toEqual({ outcome: 'delivered' });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail).toMatchObject({ from: 'nvr@shop.example.test', to: ['owner@example.test'], user: USER });
    expect(mail.raw).toMatch(/^Subject: Person at Front door\r$/m);
    expect(mail.raw).toMatch(/^Message-ID: <alert-alert-42@shop\.example\.test>\r$/m);
    expect(mail.raw).toContain('Someone is at the Front door (17:45).');
    expect(mail.raw).toContain('cid:snapshot@shopwatch');

    const image = mimePart(mail.raw, /Content-Type: image\/jpeg/i);
    expect(image).not.toBeNull();
    expect(image!.headers).toMatch(/name="?front-2026-12-01T17-45-12Z\.jpg"?/);
    expect(image!.headers).toMatch(/Content-Transfer-Encoding: base64/i);
    expect(image!.headers).toMatch(/Content-ID: <snapshot@shopwatch>/i);
    expect(image!.headers).toMatch(/Content-Disposition: attachment/i);
    expect(image!.bytes.equals(jpeg)).toBe(true);
  });

  it('an alert without a snapshot is a plain text mail', async () => {
    const smtp = await startSmtp();
    expect(await channel(smtp.port).deliver(alert({ snapshot: null, kind: 'camera-offline' }), AbortSignal.timeout(20_000))).toEqual({
      outcome: 'delivered',
    });
    expect(smtp.received[0]!.raw).toMatch(/^Content-Type: text\/plain/m);
    expect(smtp.received[0]!.raw).not.toMatch(/image\/jpeg/);
  });

  it('a wrong password is fatal with the sentence the owner sees, and the password is in no output', async () => {
    const smtp = await startSmtp();
    const wrong = 'wrong-pw-77123';
    const result = await channel(smtp.port, {}, wrong).deliver(alert(), AbortSignal.timeout(20_000));
    expect(result).toEqual({
      outcome: 'fatal',
      reason: "The e-mail server refused the username or password (535): check them in this channel's settings.",
    });
    expect(smtp.received).toHaveLength(0);
    expect(logLines.join('')).not.toContain(wrong);
    expect(logLines.join('')).not.toContain(PASSWORD);
  });

  it('a recipient the server refuses (550) is fatal with the server’s sentence', async () => {
    const smtp = await startSmtp({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('5.1.1 Mailbox owner@example.test does not exist'), { responseCode: 550 }));
      },
    });
    const result = await channel(smtp.port).deliver(alert(), AbortSignal.timeout(20_000));
    expect(result.outcome).toBe('fatal');
    expect((result as { reason: string }).reason).toMatch(/^The e-mail server 127\.0\.0\.1:\d+ refused the message \(550\): .*does not exist/);
  });

  it('a busy server (451) and a closed port are retried', async () => {
    const busy = await startSmtp({
      onMailFrom(_address, _session, callback) {
        callback(Object.assign(new Error('4.3.2 Try again later'), { responseCode: 451 }));
      },
    });
    const result = await channel(busy.port).deliver(alert(), AbortSignal.timeout(20_000));
    expect(result.outcome).toBe('retry');
    expect((result as { reason: string }).reason).toMatch(/asked to try again later \(451: .*Try again later\)/);

    const closed = await startSmtp();
    await closed.close();
    const refused = await channel(closed.port).deliver(alert(), AbortSignal.timeout(20_000));
    expect(refused.outcome).toBe('retry');
    expect((refused as { reason: string }).reason).toMatch(/cannot be reached/);
  });

  it('TLS from the start with an untrusted certificate is fatal unless self-signed certificates are accepted', async () => {
    const smtp = await startSmtp({ secure: true });
    const strict = await channel(smtp.port, { security: 'tls', allowSelfSigned: false }).deliver(alert(), AbortSignal.timeout(20_000));
    expect(strict.outcome).toBe('fatal');
    expect((strict as { reason: string }).reason).toMatch(/certificate that cannot be trusted .*Accept a self-signed certificate/);
    const relaxed = await channel(smtp.port, { security: 'tls', allowSelfSigned: true }).deliver(alert(), AbortSignal.timeout(20_000));
    expect(relaxed).toEqual({ outcome: 'delivered' });
    expect(smtp.received).toHaveLength(1);
  });
});
