import { describe, it, expect } from 'vitest';
import {
  addressProblem,
  classifyAnswer,
  classifyNetworkFailure,
  parseRetryAfter,
  vendorError,
  type HttpVendor,
  type Target,
} from '../../../../main/core/alerts/channels/http-outcome.ts';

const TOKEN = '123456:AAH-secret_token';
const target = (vendor: HttpVendor, secrets: string[] = [TOKEN]): Target => ({ vendor, host: 'api.example.net', secrets });
const answer = (status: number, body = '', retryAfter: string | null = null) => ({ status, body, retryAfter });
const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('Tue, 01 Dec 2026 12:00:45 GMT', NOW)).toBe(45_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 11:59:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  });
  it('never waits more than a day', () => {
    expect(parseRetryAfter('999999999', NOW)).toBe(24 * 3600_000);
  });
});

describe('vendorError', () => {
  it("reads each vendor's own error field", () => {
    expect(vendorError('telegram', '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}')).toEqual({
      description: 'Too Many Requests: retry after 7',
      retryAfterS: 7,
    });
    expect(vendorError('line', '{"message":"Authentication failed due to the following reason: invalid token."}').description).toBe(
      'Authentication failed due to the following reason: invalid token.',
    );
    expect(vendorError('line', '{"message":"The request body has 1 error(s)","details":[{"message":"must be specified","property":"to"}]}').description).toBe(
      'The request body has 1 error(s) (to: must be specified)',
    );
    expect(vendorError('ntfy', '{"code":40101,"http":401,"error":"unauthorized","link":"https://ntfy.sh/docs/publish/#authentication"}').description).toBe('unauthorized');
    expect(vendorError('webhook', '{"error":"bad signature"}').description).toBe('bad signature');
  });
  it('has nothing to say about a body that is no JSON object', () => {
    expect(vendorError('telegram', '<html>502 Bad Gateway</html>')).toEqual({ description: null, retryAfterS: null });
    expect(vendorError('line', '"just a string"')).toEqual({ description: null, retryAfterS: null });
    expect(vendorError('ntfy', '')).toEqual({ description: null, retryAfterS: null });
  });
});

describe('classifyAnswer', () => {
  it('2xx is delivered', () => {
    for (const s of [200, 201, 202, 204]) expect(classifyAnswer(target('webhook'), answer(s), NOW)).toEqual({ outcome: 'delivered' });
  });

  it('5xx and 408 are retried, with the vendor and the host in the sentence', () => {
    const r = classifyAnswer(target('ntfy'), answer(503, '{"error":"maintenance"}'), NOW);
    expect(r).toEqual({ outcome: 'retry', reason: 'The ntfy server at api.example.net has a problem (503: maintenance): the alert waits and is sent again.' });
    expect(classifyAnswer(target('webhook'), answer(408), NOW).outcome).toBe('retry');
    expect(classifyAnswer(target('line'), answer(500), NOW)).not.toHaveProperty('afterMs');
  });

  it('429 waits for Retry-After, else for Telegram parameters.retry_after, else a minute', () => {
    expect(classifyAnswer(target('line'), answer(429, '{"message":"The API rate limit has been exceeded."}', '12'), NOW)).toEqual({
      outcome: 'retry',
      afterMs: 12_000,
      reason: 'LINE asks to send less often (429: The API rate limit has been exceeded.): the alert is sent again in 12 s.',
    });
    const tg = classifyAnswer(target('telegram'), answer(429, '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}'), NOW);
    expect(tg).toMatchObject({ outcome: 'retry', afterMs: 7000 });
    expect(classifyAnswer(target('webhook'), answer(429, '', 'Tue, 01 Dec 2026 12:01:30 GMT'), NOW)).toMatchObject({ outcome: 'retry', afterMs: 90_000 });
    expect(classifyAnswer(target('ntfy'), answer(429), NOW)).toMatchObject({ outcome: 'retry', afterMs: 60_000 });
  });

  it("Telegram's 4xx stop with the sentence and Telegram's description", () => {
    expect(classifyAnswer(target('telegram'), answer(401, '{"ok":false,"error_code":401,"description":"Unauthorized"}'), NOW)).toEqual({
      outcome: 'fatal',
      reason: 'The Telegram bot token is wrong (401: Unauthorized): make a new one with @BotFather and paste it in Settings.',
    });
    expect(classifyAnswer(target('telegram'), answer(400, '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}'), NOW)).toEqual({
      outcome: 'fatal',
      reason: 'Telegram does not know this chat (400: Bad Request: chat not found): check the chat id in Settings, and send the bot a message first.',
    });
    expect(classifyAnswer(target('telegram'), answer(403, '{"ok":false,"description":"Forbidden: bot was blocked by the user"}'), NOW)).toMatchObject({
      outcome: 'fatal',
      reason: expect.stringContaining('(403: Forbidden: bot was blocked by the user)'),
    });
    expect(classifyAnswer(target('telegram'), answer(404, '{"ok":false,"error_code":404,"description":"Not Found"}'), NOW).outcome).toBe('fatal');
  });

  it("LINE's 4xx stop with LINE's message; 409 (the retry key was already accepted) is delivered", () => {
    expect(classifyAnswer(target('line'), answer(401, '{"message":"Authentication failed. Confirm that the access token in the authorization header is valid."}'), NOW)).toEqual({
      outcome: 'fatal',
      reason:
        'The LINE channel access token is wrong or expired (401: Authentication failed. Confirm that the access token in the authorization header is valid.): issue a new one in the LINE Developers console and paste it in Settings.',
    });
    expect(classifyAnswer(target('line'), answer(400, '{"message":"The property, \'to\', in the request body is invalid"}'), NOW)).toMatchObject({
      outcome: 'fatal',
      reason: expect.stringContaining('check the user, group or room id'),
    });
    expect(classifyAnswer(target('line'), answer(409, '{"message":"The retry key is already accepted"}'), NOW)).toEqual({ outcome: 'delivered' });
    expect(classifyAnswer(target('webhook'), answer(409), NOW).outcome).toBe('fatal');
  });

  it('ntfy and webhook 4xx stop with a sentence of their own', () => {
    expect(classifyAnswer(target('ntfy'), answer(403, '{"code":40301,"http":403,"error":"forbidden"}'), NOW)).toEqual({
      outcome: 'fatal',
      reason: 'This ntfy access token may not publish to the topic (403: forbidden): give its user write access to the topic, or use another token.',
    });
    expect(classifyAnswer(target('webhook'), answer(401), NOW)).toEqual({
      outcome: 'fatal',
      reason: 'The webhook at api.example.net refused the alert (401): check that the receiver expects the signing secret set in Settings.',
    });
    expect(classifyAnswer(target('webhook'), answer(422, '{"message":"unknown kind"}'), NOW)).toEqual({
      outcome: 'fatal',
      reason: "The webhook at api.example.net refused the alert (422: unknown kind): check the channel's settings; it is not sent again.",
    });
  });

  it('a redirect stops: the final address belongs in Settings', () => {
    expect(classifyAnswer(target('webhook'), answer(301), NOW)).toMatchObject({ outcome: 'fatal', reason: expect.stringContaining('put the final address in Settings') });
  });

  it('never repeats a secret the server echoed', () => {
    const r = classifyAnswer(target('telegram'), answer(400, `{"ok":false,"description":"Bad Request: token ${TOKEN} is odd"}`), NOW);
    expect(r.outcome).toBe('fatal');
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(JSON.stringify(r)).toContain('token *** is odd');
  });

  it('cuts a long vendor description to one short line', () => {
    const r = classifyAnswer(target('webhook'), answer(400, JSON.stringify({ error: `line one\n${'x'.repeat(500)}` })), NOW);
    expect(r.outcome).toBe('fatal');
    if (r.outcome === 'fatal') {
      expect(r.reason).not.toContain('\n');
      expect(r.reason.length).toBeLessThan(400);
    }
  });
});

describe('classifyNetworkFailure', () => {
  const failure = (code: string | null, message = 'fetch failed', name = 'TypeError', aborted = false) => ({ code, message, name, aborted });

  it('a timeout, a refused connection, an unknown host, a reset are retried', () => {
    expect(classifyNetworkFailure(target('webhook'), failure(null, 'This operation was aborted', 'AbortError', true))).toEqual({
      outcome: 'retry',
      reason: 'The webhook at api.example.net did not answer in time: the alert waits and is sent again.',
    });
    expect(classifyNetworkFailure(target('ntfy'), failure('ECONNREFUSED'))).toEqual({
      outcome: 'retry',
      reason: 'Nothing answers at api.example.net (connection refused): the alert is sent again when it is back.',
    });
    expect(classifyNetworkFailure(target('line'), failure('ENOTFOUND')).outcome).toBe('retry');
    expect(classifyNetworkFailure(target('line'), failure('ECONNRESET'))).toEqual({
      outcome: 'retry',
      reason: 'LINE at api.example.net could not be reached (ECONNRESET): the alert is sent again.',
    });
  });

  it('an untrusted certificate and an address that is no URL stop', () => {
    expect(classifyNetworkFailure(target('ntfy'), failure('DEPTH_ZERO_SELF_SIGNED_CERT'))).toMatchObject({ outcome: 'fatal', reason: expect.stringContaining('is not trusted') });
    expect(classifyNetworkFailure(target('webhook'), failure('CERT_HAS_EXPIRED')).outcome).toBe('fatal');
    expect(classifyNetworkFailure(target('telegram'), failure('ERR_INVALID_URL', `Failed to parse URL from http://[bad/bot${TOKEN}/sendMessage`))).toEqual({
      outcome: 'fatal',
      reason: 'The Telegram address in Settings is not a valid web address: correct it.',
    });
  });

  it('an error that echoes the URL never shows the token', () => {
    const r = classifyNetworkFailure(target('telegram'), failure(null, `request to https://api.telegram.org/bot${TOKEN}/sendPhoto failed`));
    expect(r.outcome).toBe('retry');
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(JSON.stringify(r)).not.toContain('AAH-secret');
  });
});

describe('addressProblem', () => {
  it('stops an address that is no URL, or holds credentials, before any request', () => {
    expect(addressProblem('ntfy', 'http://[bad/topic', [])).toEqual({ outcome: 'fatal', reason: 'The ntfy address in Settings is not a valid web address: correct it.' });
    const r = addressProblem('webhook', 'https://bob:hunter2@hooks.example.net/x', ['hunter2']);
    expect(r).toEqual({ outcome: 'fatal', reason: 'The webhook address in Settings holds a user name or password (hooks.example.net): remove them from the address.' });
    expect(addressProblem('line', 'https://api.line.me', [])).toBeNull();
  });
});
