import { describe, expect, it } from 'vitest';
import {
  SMTP_TIMEOUTS,
  classifyMailError,
  mailMessage,
  snapshotFilename,
  transportOptions,
  type EmailConfig,
} from '../../../../main/core/alerts/channels/email-message.ts';
import { emailChannelSchema } from '../../../../preload/alert-channels.ts';
import type { OutgoingAlert } from '../../../../main/core/alerts/alert-channel.ts';

const config = (over: Record<string, unknown> = {}): EmailConfig =>
  emailChannelSchema.parse({
    id: 'mail',
    name: 'Mail',
    type: 'email',
    host: 'smtp.example.test',
    from: 'NVR <nvr@shop.example.test>',
    to: ['a@example.test', 'b@example.test'],
    username: 'nvr',
    ...over,
  });

const alert = (over: Partial<OutgoingAlert> = {}): OutgoingAlert => ({
  alertId: 'r-9',
  kind: 'person',
  cameraId: 'back/door',
  cameraName: 'Back door',
  eventId: 'e-9',
  title: 'Person at <Back> door',
  body: 'Someone & someone else.',
  atMs: Date.parse('2026-12-01T08:05:09.250Z'),
  event: null,
  links: { event: 'http://pc/e/9', snapshot: null, clip: 'http://pc/c/9' },
  snapshot: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
  ...over,
});

describe('transport options', () => {
  it('starttls by default: upgrade required, certificate checked, auth with the password, timeouts set', () => {
    const o = transportOptions(config(), 'pw');
    expect(o).toMatchObject({ host: 'smtp.example.test', port: 587, secure: false, requireTLS: true, ignoreTLS: false, ...SMTP_TIMEOUTS });
    expect(o.auth).toEqual({ user: 'nvr', pass: 'pw' });
    expect(o.tls).toEqual({ rejectUnauthorized: true, servername: 'smtp.example.test' });
  });

  it('tls from the start, plain for a LAN relay, no auth without a username, self-signed accepted when asked', () => {
    expect(transportOptions(config({ security: 'tls', port: 465 }), 'pw')).toMatchObject({ secure: true, requireTLS: false });
    expect(transportOptions(config({ security: 'none' }), 'pw')).toMatchObject({ secure: false, ignoreTLS: true, requireTLS: false });
    expect(transportOptions(config({ username: '' }), 'pw').auth).toBeUndefined();
    expect(transportOptions(config({ allowSelfSigned: true, host: '10.0.0.2' }), 'pw').tls).toEqual({ rejectUnauthorized: false });
  });

  it('keeps every timeout below a 30 s attempt', () => {
    for (const ms of Object.values(SMTP_TIMEOUTS)) expect(ms).toBeLessThan(30_000);
  });
});

describe('the message', () => {
  it('subject = title, text with links, one Message-ID per alert, the snapshot attached and inline', () => {
    const m = mailMessage(config(), alert());
    expect(m).toMatchObject({ from: 'NVR <nvr@shop.example.test>', to: ['a@example.test', 'b@example.test'], subject: 'Person at <Back> door' });
    expect(m.text).toBe('Someone & someone else.\n\nEvent: http://pc/e/9\n\nClip: http://pc/c/9');
    expect(m.messageId).toBe('<alert-r-9@shop.example.test>');
    expect(m.html).toContain('<p>Someone &amp; someone else.</p>');
    expect(m.html).toContain('<img src="cid:snapshot@shopwatch" alt="Person at &lt;Back&gt; door">');
    expect(m.attachments).toEqual([
      expect.objectContaining({ filename: 'back_door-2026-12-01T08-05-09Z.jpg', contentType: 'image/jpeg', cid: 'snapshot@shopwatch', contentDisposition: 'attachment' }),
    ]);
  });

  it('without a snapshot: text only', () => {
    const m = mailMessage(config(), alert({ snapshot: null }));
    expect(m.html).toBeUndefined();
    expect(m.attachments).toBeUndefined();
  });

  it('names a snapshot of no camera after the NVR', () => {
    expect(snapshotFilename(alert({ cameraId: null }))).toBe('nvr-2026-12-01T08-05-09Z.jpg');
  });
});

describe('SMTP failures', () => {
  const server = 'smtp.example.test:587';

  it('a refused password (EAUTH, 535) is fatal with the owner’s sentence, never the password', () => {
    const p = classifyMailError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Bad credentials for pw-123' }, server, ['pw-123']);
    expect(p).toEqual({ outcome: 'fatal', reason: "The e-mail server refused the username or password (535): check them in this channel's settings." });
    expect(classifyMailError({ code: 'EAUTH' }, server).reason).toContain('(EAUTH)');
  });

  it('4xx replies, a refused connection and a timeout are retried', () => {
    expect(classifyMailError({ code: 'EENVELOPE', responseCode: 452, response: '452 4.2.2 Mailbox full' }, server)).toEqual({
      outcome: 'retry',
      reason: 'The e-mail server smtp.example.test:587 asked to try again later (452: Mailbox full).',
    });
    expect(classifyMailError({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:587' }, server).outcome).toBe('retry');
    expect(classifyMailError({ code: 'ETIMEDOUT', message: 'Connection timeout' }, server)).toEqual({
      outcome: 'retry',
      reason: 'The e-mail server smtp.example.test:587 did not answer in time.',
    });
  });

  it('5xx replies are fatal with the server’s sentence; 503 is not', () => {
    expect(classifyMailError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user here' }, server)).toEqual({
      outcome: 'fatal',
      reason: 'The e-mail server smtp.example.test:587 refused the message (550): No such user here',
    });
    expect(classifyMailError({ code: 'EPROTOCOL', responseCode: 503, response: '503 Bad sequence' }, server).outcome).toBe('retry');
  });

  it('an untrusted certificate is fatal and says which setting helps', () => {
    const p = classifyMailError({ code: 'ESOCKET', message: 'self-signed certificate' }, server);
    expect(p.outcome).toBe('fatal');
    expect(p.reason).toContain('Accept a self-signed certificate');
  });

  it('secrets a server echoes are replaced by ***', () => {
    const p = classifyMailError({ code: 'EENVELOPE', responseCode: 554, response: '554 rejected pw-123' }, server, ['pw-123']);
    expect(p.reason).toBe('The e-mail server smtp.example.test:587 refused the message (554): rejected ***');
  });
});
