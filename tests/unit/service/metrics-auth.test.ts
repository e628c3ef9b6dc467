// Who may read /metrics: the session token (cookie or bearer) or the read-only metrics token as a bearer token, and
// the metrics token setting's own rules (empty, or at least 16 visible characters).
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { metricsAllowed } from '../../../main/service/health-routes.ts';
import { appSettingsSchema } from '../../../preload/settings-schema.ts';

const session = 'session-token-0123456789abcdef';
const metricsToken = 'metrics-token-0123456789';
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('/metrics authorization', () => {
  it('accepts the session token as a bearer token or as the session cookie', () => {
    expect(metricsAllowed(req({ authorization: `Bearer ${session}` }), session, '')).toBe(true);
    expect(metricsAllowed(req({ cookie: `nvr_session=${session}` }), session, metricsToken)).toBe(true);
  });
  it('accepts the metrics token as a bearer token only when one is set', () => {
    expect(metricsAllowed(req({ authorization: `Bearer ${metricsToken}` }), session, metricsToken)).toBe(true);
    expect(metricsAllowed(req({ authorization: `bearer   ${metricsToken}` }), session, metricsToken)).toBe(true);
    expect(metricsAllowed(req({ authorization: `Bearer ${metricsToken}` }), session, '')).toBe(false);
    expect(metricsAllowed(req({ authorization: 'Bearer ' }), session, '')).toBe(false);
  });
  it('refuses no token, a wrong token, and the metrics token anywhere but the bearer header', () => {
    expect(metricsAllowed(req({}), session, metricsToken)).toBe(false);
    expect(metricsAllowed(req({ authorization: 'Bearer wrong-token-0123456789' }), session, metricsToken)).toBe(false);
    expect(metricsAllowed(req({ authorization: `Basic ${metricsToken}` }), session, metricsToken)).toBe(false);
    expect(metricsAllowed(req({ cookie: `nvr_session=${metricsToken}` }), session, metricsToken)).toBe(false);
  });
});

describe('the service.metricsToken setting', () => {
  it('is empty by default', () => {
    expect(appSettingsSchema.parse({}).service.metricsToken).toBe('');
  });
  it('takes a token of 16 or more visible characters', () => {
    expect(appSettingsSchema.parse({ service: { metricsToken } }).service.metricsToken).toBe(metricsToken);
  });
  it.each(['short', 'has a space in it 0123', 'x'.repeat(257)])('refuses %j with a sentence that says what to do', (bad) => {
    const parsed = appSettingsSchema.safeParse({ service: { metricsToken: bad } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/^The metrics token /);
  });
});
