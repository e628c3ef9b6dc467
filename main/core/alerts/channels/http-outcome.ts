// What one HTTP attempt of an alert channel means (pure): an answer's status, its Retry-After header and the vendor's
// own error text, or the network error fetch threw, become the DeliveryResult the outbox acts on, with the one
// sentence a shop owner can act on. 2xx delivered; 5xx, 408, network errors and timeouts: retry; 429: retry after
// what the service asked (Retry-After in seconds or as an HTTP date, or Telegram's parameters.retry_after); any other
// 4xx, a redirect, a bad address or an untrusted certificate: fatal, retrying cannot fix it. Every sentence goes
// through redact() with the channel's secrets: a token (Telegram's is in the URL path) never reaches a reason.
import { redact } from '../../capture/redact.ts';
import type { DeliveryResult } from '../alert-channel.ts';

export type HttpVendor = 'webhook' | 'telegram' | 'line' | 'ntfy';

/** An answer, as much of it as the classification reads. */
export interface HttpAnswer {
  status: number;
  /** The Retry-After header, if any. */
  retryAfter: string | null;
  /** The body as text (cut to a few KB by the caller). */
  body: string;
}

/** What fetch threw, reduced to what tells the causes apart. */
export interface NetworkFailure {
  /** The error's name (TypeError, AbortError, TimeoutError). */
  name: string;
  /** Node's / undici's code from the error or its cause (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, ...). */
  code: string | null;
  message: string;
  /** The attempt was aborted by the outbox's timeout. */
  aborted: boolean;
}

/** Where the request went, for sentences: the host only (Telegram's path holds the bot token). */
export interface Target {
  vendor: HttpVendor;
  host: string;
  secrets: readonly string[];
}

const VENDOR_NAME: Record<HttpVendor, string> = { webhook: 'The webhook', telegram: 'Telegram', line: 'LINE', ntfy: 'The ntfy server' };

/** A 429 that says nothing waits this long; a wait is never longer than a day (the outbox gives up after 24 h). */
const DEFAULT_WAIT_MS = 60_000;
const MAX_WAIT_MS = 24 * 3600_000;

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_WAIT_MS);
  // An HTTP date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); a bare "-5" is no date.
  const at = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_WAIT_MS);
}

interface VendorError {
  description: string | null;
  /** Telegram's parameters.retry_after, in seconds. */
  retryAfterS: number | null;
}

/** The vendor's own words for the failure: Telegram `description`, LINE `message`, ntfy `error`, a webhook's `error`/`message`. */
export function vendorError(vendor: HttpVendor, body: string): VendorError {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { description: null, retryAfterS: null };
  }
  if (typeof json !== 'object' || json === null) return { description: null, retryAfterS: null };
  const o = json as Record<string, unknown>;
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? oneLine(v) : null);
  if (vendor === 'telegram') {
    const params = o.parameters as Record<string, unknown> | undefined;
    const retry = typeof params?.retry_after === 'number' && Number.isFinite(params.retry_after) ? params.retry_after : null;
    return { description: text(o.description), retryAfterS: retry };
  }
  if (vendor === 'line') {
    // { message, details: [{ message, property }] }: the first detail says which field is wrong.
    const first = Array.isArray(o.details) ? (o.details[0] as Record<string, unknown> | undefined) : undefined;
    const detail = first && typeof first.message === 'string' ? `${typeof first.property === 'string' ? `${first.property}: ` : ''}${first.message}` : null;
    const message = text(o.message);
    return { description: message && detail ? oneLine(`${message} (${detail})`) : message, retryAfterS: null };
  }
  if (vendor === 'ntfy') return { description: text(o.error), retryAfterS: null };
  return { description: text(o.error) ?? text(o.message), retryAfterS: null };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** The sentence for an answer that retrying cannot fix, per vendor and status. */
function fatalSentence(target: Target, status: number, description: string | null): string {
  const code = description ? `${status}: ${description}` : String(status);
  const name = VENDOR_NAME[target.vendor];
  switch (target.vendor) {
    case 'telegram':
      if (status === 401) return `The Telegram bot token is wrong (${code}): make a new one with @BotFather and paste it in Settings.`;
      if (status === 404) return `Telegram does not know this bot token (${code}): copy the token from @BotFather again, and check the Telegram address in Settings.`;
      if (status === 403) return `The bot may not write to this chat (${code}): unblock the bot, or add it to the group again.`;
      if (status === 400 && /chat not found/i.test(description ?? '')) return `Telegram does not know this chat (${code}): check the chat id in Settings, and send the bot a message first.`;
      break;
    case 'line':
      if (status === 401) return `The LINE channel access token is wrong or expired (${code}): issue a new one in the LINE Developers console and paste it in Settings.`;
      if (status === 403) return `This LINE channel may not send push messages (${code}): check its plan and permissions in the LINE Developers console.`;
      if (status === 404) return `LINE does not know this recipient (${code}): check the user, group or room id in Settings; the user must have added the account as a friend.`;
      if (status === 400) return `LINE refused the alert (${code}): check the user, group or room id in Settings.`;
      break;
    case 'ntfy':
      if (status === 401) return `The ntfy server refused the access token (${code}): make a new token on the ntfy server and paste it in Settings.`;
      if (status === 403) return `This ntfy access token may not publish to the topic (${code}): give its user write access to the topic, or use another token.`;
      if (status === 404) return `The ntfy server has no such address (${code}): check the ntfy address and topic in Settings.`;
      if (status === 413) return `The ntfy server refused the snapshot as too large (${code}): raise its attachment size limit.`;
      break;
    case 'webhook':
      if (status === 401 || status === 403) return `The webhook at ${target.host} refused the alert (${code}): check that the receiver expects the signing secret set in Settings.`;
      if (status === 404 || status === 410) return `The webhook address at ${target.host} does not exist (${code}): check the address in Settings.`;
      break;
  }
  return `${name} at ${target.host} refused the alert (${code}): check the channel's settings; it is not sent again.`;
}

/** What an HTTP answer means. `nowMs` reads Retry-After given as a date. */
export function classifyAnswer(target: Target, answer: HttpAnswer, nowMs: number): DeliveryResult {
  const clean = (s: string): string => redact(s, target.secrets);
  const { status } = answer;
  if (status >= 200 && status < 300) return { outcome: 'delivered' };
  const name = VENDOR_NAME[target.vendor];
  const err = vendorError(target.vendor, answer.body);
  // LINE: the channel always sends X-Line-Retry-Key; 409 means an earlier try with this key was already accepted.
  if (target.vendor === 'line' && status === 409) return { outcome: 'delivered' };
  if (status === 429) {
    const fromHeader = parseRetryAfter(answer.retryAfter, nowMs);
    const fromBody = err.retryAfterS !== null ? Math.min(err.retryAfterS * 1000, MAX_WAIT_MS) : undefined;
    const afterMs = fromHeader ?? fromBody ?? DEFAULT_WAIT_MS;
    const detail = err.description ? `429: ${err.description}` : '429';
    return {
      outcome: 'retry',
      afterMs,
      reason: clean(`${name} asks to send less often (${detail}): the alert is sent again in ${Math.ceil(afterMs / 1000)} s.`),
    };
  }
  if (status >= 500 || status === 408) {
    const detail = err.description ? `${status}: ${err.description}` : String(status);
    return { outcome: 'retry', reason: clean(`${name} at ${target.host} has a problem (${detail}): the alert waits and is sent again.`) };
  }
  if (status >= 300 && status < 400) {
    return { outcome: 'fatal', reason: clean(`${name} at ${target.host} sends the alert elsewhere (${status}): put the final address in Settings.`) };
  }
  return { outcome: 'fatal', reason: clean(fatalSentence(target, status, err.description)) };
}

const CERT_CODES = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_)/;

/** What a thrown fetch means: a timeout or a network problem waits; a bad address or an untrusted certificate stops. */
export function classifyNetworkFailure(target: Target, failure: NetworkFailure): DeliveryResult {
  const clean = (s: string): string => redact(s, target.secrets);
  const name = VENDOR_NAME[target.vendor];
  const code = failure.code ?? '';
  if (failure.aborted || failure.name === 'AbortError' || failure.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return { outcome: 'retry', reason: clean(`${name} at ${target.host} did not answer in time: the alert waits and is sent again.`) };
  }
  if (code === 'ERR_INVALID_URL' || /Failed to parse URL|Invalid URL/i.test(failure.message)) {
    return { outcome: 'fatal', reason: clean(`The ${channelWord(target.vendor)} address in Settings is not a valid web address: correct it.`) };
  }
  if (CERT_CODES.test(code)) {
    return { outcome: 'fatal', reason: clean(`The certificate of ${target.host} is not trusted (${code}): fix the server's certificate or use its trusted address.`) };
  }
  if (code === 'ECONNREFUSED') {
    return { outcome: 'retry', reason: clean(`Nothing answers at ${target.host} (connection refused): the alert is sent again when it is back.`) };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { outcome: 'retry', reason: clean(`${target.host} cannot be found (${code}: no internet, or a wrong address in Settings?): the alert is sent again.`) };
  }
  const what = code || failure.message || failure.name;
  return { outcome: 'retry', reason: clean(`${name} at ${target.host} could not be reached (${oneLine(what)}): the alert is sent again.`) };
}

function channelWord(vendor: HttpVendor): string {
  return { webhook: 'webhook', telegram: 'Telegram', line: 'LINE', ntfy: 'ntfy' }[vendor];
}

/** An address fetch cannot use (not a URL, or one with a user name or password in it): fatal before any request. */
export function addressProblem(vendor: HttpVendor, url: string, secrets: readonly string[]): DeliveryResult | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { outcome: 'fatal', reason: `The ${channelWord(vendor)} address in Settings is not a valid web address: correct it.` };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    const reason = `The ${channelWord(vendor)} address in Settings holds a user name or password (${parsed.host}): remove them from the address.`;
    return { outcome: 'fatal', reason: redact(reason, secrets) };
  }
  return null;
}

/** A fatal result for a secret the channel needs and does not have. */
export function missingSecret(vendor: 'telegram' | 'line'): DeliveryResult {
  const reason = {
    telegram: 'No Telegram bot token is set: make one with @BotFather and paste it in Settings.',
    line: 'No LINE channel access token is set: issue one in the LINE Developers console and paste it in Settings.',
  }[vendor];
  return { outcome: 'fatal', reason };
}
