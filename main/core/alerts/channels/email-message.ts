// What the e-mail channel sends and what a failure means, as pure functions: the nodemailer transport options of a
// channel, the message of an alert (subject = the title, a text body, the snapshot attached as image/jpeg and shown
// inline through its cid in the HTML part), and the sentence for an SMTP error with whether retrying can fix it.
import { isIP } from 'node:net';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { SendMailOptions } from 'nodemailer';
import type { AlertChannelConfig } from '../../../../preload/alert-channels.ts';
import type { OutgoingAlert } from '../alert-channel.ts';
import { alertMessages } from './alert-text.ts';

export type EmailConfig = Extract<AlertChannelConfig, { type: 'email' }>;

/** Well below the outbox's attempt timeout, so a silent server is a clear "timed out", not an aborted attempt. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 8_000, socketTimeout: 15_000 } as const;

export function transportOptions(config: EmailConfig, password: string | undefined): SMTPTransportOptions {
  return {
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    auth: config.username === '' ? undefined : { user: config.username, pass: password ?? '' },
    // The certificate is checked against the host name (TLS sends no name for an address: RFC 6066).
    tls: { rejectUnauthorized: !config.allowSelfSigned, ...(isIP(config.host) === 0 ? { servername: config.host } : {}) },
    ...SMTP_TIMEOUTS,
  };
}

export const SNAPSHOT_CID = 'snapshot@shopwatch';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** "Event: …", "Clip: …", "Snapshot: …" in the alert's language. */
function linkLines(alert: OutgoingAlert): string[] {
  const m = alertMessages(alert);
  const lines: string[] = [];
  if (alert.links.event) lines.push(m.notify_link_event({ url: alert.links.event }));
  if (alert.links.clip) lines.push(m.notify_link_clip({ url: alert.links.clip }));
  if (alert.links.snapshot) lines.push(m.notify_link_snapshot({ url: alert.links.snapshot }));
  return lines;
}

/** The snapshot's file name: the camera and the time, in UTC (no characters a mail program or a disk refuses). */
export function snapshotFilename(alert: OutgoingAlert): string {
  const stamp = new Date(alert.atMs).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[:]/g, '-');
  const camera = (alert.cameraId ?? 'nvr').replace(/[^A-Za-z0-9_-]/g, '_');
  return `${camera}-${stamp}.jpg`;
}

/** The domain of the sender's address, for a Message-ID of our own (localhost when it has none). */
function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'localhost';
}

export function mailMessage(config: EmailConfig, alert: OutgoingAlert): SendMailOptions {
  const text = [alert.body, ...linkLines(alert)].join('\n\n');
  const message: SendMailOptions = {
    from: config.from,
    to: config.to,
    subject: alert.title,
    text,
    // One Message-ID per alert: a mailbox that already has this alert (sent again after a lost reply) can tell.
    messageId: `<alert-${alert.alertId.replace(/[^A-Za-z0-9._-]/g, '_')}@${senderDomain(config.from)}>`,
    headers: { 'X-ShopWatch-Alert': alert.alertId },
  };
  if (alert.snapshot !== null) {
    const paragraphs = text.split('\n\n').map((p) => `<p>${escapeHtml(p)}</p>`).join('');
    message.html = `${paragraphs}<p><img src="cid:${SNAPSHOT_CID}" alt="${escapeHtml(alert.title)}"></p>`;
    message.attachments = [
      {
        filename: snapshotFilename(alert),
        content: alert.snapshot,
        contentType: 'image/jpeg',
        cid: SNAPSHOT_CID,
        // Listed as an attachment too (mail programs still show a cid image inline in the HTML part).
        contentDisposition: 'attachment',
      },
    ];
  }
  return message;
}

export interface MailProblem {
  outcome: 'retry' | 'fatal';
  reason: string;
}

interface SmtpError {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

const RETRY_CODES = new Set(['ECONNECTION', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EABORT', 'EPROTOCOL']);
const CERT_WORDS = /self[- ]signed|unable to verify|certificate/i;

/** The server's own sentence, without its reply code and enhanced status ("550 5.1.1 No such user" → "No such user"). */
function serverSentence(err: SmtpError): string {
  const raw = typeof err.response === 'string' ? err.response : typeof err.message === 'string' ? err.message : '';
  return raw.replace(/^\d{3}[ -](\d\.\d{1,3}\.\d{1,3} )?/, '').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** What an SMTP failure means; `secrets` (the password) are replaced by *** wherever a server echoed them. */
export function classifyMailError(err: SmtpError, server: string, secrets: readonly string[] = []): MailProblem {
  const problem = classify(err, server);
  let reason = problem.reason;
  for (const s of secrets) if (s.length > 0) reason = reason.split(s).join('***');
  return { ...problem, reason };
}

function classify(err: SmtpError, server: string): MailProblem {
  const code = typeof err.code === 'string' ? err.code : '';
  const response = typeof err.responseCode === 'number' ? err.responseCode : null;
  const said = serverSentence(err);
  if (code === 'EAUTH' || response === 535) {
    return {
      outcome: 'fatal',
      reason: `The e-mail server refused the username or password (${response ?? 'EAUTH'}): check them in this channel's settings.`,
    };
  }
  if (code === 'ENOAUTH') {
    return { outcome: 'fatal', reason: `The e-mail server ${server} needs a username and password: set them in this channel's settings.` };
  }
  if (CERT_WORDS.test(said) && (code === 'ESOCKET' || code === 'ETLS' || code === 'ECONNECTION' || code === '')) {
    return {
      outcome: 'fatal',
      reason: `The e-mail server ${server} has a certificate that cannot be trusted (${said}): turn on "Accept a self-signed certificate" if it is your own server.`,
    };
  }
  if (code === 'ETLS') {
    return { outcome: 'fatal', reason: `The e-mail server ${server} could not start an encrypted connection (${said}): check the security setting and the port.` };
  }
  if (response !== null && response >= 400 && response < 500) {
    return { outcome: 'retry', reason: `The e-mail server ${server} asked to try again later (${response}: ${said}).` };
  }
  if (response !== null && response >= 500 && response < 600 && response !== 503) {
    return { outcome: 'fatal', reason: `The e-mail server ${server} refused the message (${response}): ${said}` };
  }
  if (code === 'ETIMEDOUT') return { outcome: 'retry', reason: `The e-mail server ${server} did not answer in time.` };
  if (code === 'ECONNECTION' || code === 'ECONNREFUSED' || code === 'ESOCKET' || code === 'EDNS') {
    return { outcome: 'retry', reason: `The e-mail server ${server} cannot be reached (${said || code}).` };
  }
  if (code === 'EENVELOPE') return { outcome: 'fatal', reason: `The e-mail addresses of this channel were refused: ${said}` };
  if (RETRY_CODES.has(code)) return { outcome: 'retry', reason: `Sending the e-mail through ${server} failed (${said || code}).` };
  return { outcome: 'retry', reason: `Sending the e-mail through ${server} failed: ${said || 'unknown error'}.` };
}
