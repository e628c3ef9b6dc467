// The outbox's pure decisions: backoff with jitter, Retry-After honoured, the 24 h give-up, fatal answers, the rate
// limit and the one timer's next wake.
import { describe, expect, it } from 'vitest';
import { afterAttempt, DEFAULT_PLAN, dueAt, expiredReason, nextWakeMs, pruneSends, rateLimitWait } from '../../../../main/core/alerts/delivery-plan.ts';

const HOUR = 3_600_000;

describe('afterAttempt', () => {
  it('marks a delivered alert delivered', () => {
    expect(afterAttempt({ createdAt: 0, attempts: 0 }, { outcome: 'delivered' }, 1000)).toEqual({ state: 'delivered' });
  });

  it('retries with exponential backoff and jitter within the curve', () => {
    const at = (attempts: number, r: number) => {
      const o = afterAttempt({ createdAt: 0, attempts }, { outcome: 'retry', reason: 'HTTP 500' }, 10_000, DEFAULT_PLAN, () => r);
      if (o.state !== 'queued') throw new Error('expected a retry');
      return o.nextAttemptAt - 10_000;
    };
    expect(at(0, 0.5)).toBe(2000);
    expect(at(1, 0.5)).toBe(4000);
    expect(at(2, 0.5)).toBe(8000);
    expect(at(3, 0)).toBe(Math.round(16_000 * 0.8));
    expect(at(3, 1)).toBe(Math.round(16_000 * 1.2));
    expect(at(30, 1)).toBe(10 * 60_000); // clamped to the cap
    const o = afterAttempt({ createdAt: 0, attempts: 4 }, { outcome: 'retry', reason: 'HTTP 500' }, 10_000, DEFAULT_PLAN, () => 0.5);
    expect(o).toMatchObject({ state: 'queued', attempts: 5, lastError: 'HTTP 500' });
  });

  it('waits exactly as long as Retry-After says', () => {
    const o = afterAttempt({ createdAt: 0, attempts: 0 }, { outcome: 'retry', reason: 'HTTP 429', afterMs: 37_000 }, 5000);
    expect(o).toEqual({ state: 'queued', attempts: 1, nextAttemptAt: 42_000, lastError: 'HTTP 429' });
  });

  it('never schedules past the 24 h deadline, and gives up at it with the last reason', () => {
    const near = afterAttempt({ createdAt: 0, attempts: 20 }, { outcome: 'retry', reason: 'no internet' }, 24 * HOUR - 1000, DEFAULT_PLAN, () => 0.5);
    expect(near).toMatchObject({ state: 'queued', nextAttemptAt: 24 * HOUR });
    const late = afterAttempt({ createdAt: 0, attempts: 21 }, { outcome: 'retry', reason: 'no internet' }, 24 * HOUR);
    expect(late).toEqual({ state: 'failed', attempts: 22, reason: 'Not delivered within 24 hours, given up: no internet', stopChannel: false });
  });

  it('fails a fatal answer at once and stops the channel', () => {
    const o = afterAttempt({ createdAt: 0, attempts: 0 }, { outcome: 'fatal', reason: 'The bot token is wrong.' }, 10);
    expect(o).toEqual({ state: 'failed', attempts: 1, reason: 'The bot token is wrong.', stopChannel: true });
  });
});

describe('expiredReason', () => {
  it('gives up an alert that waited 24 h without a try (a stopped channel)', () => {
    expect(expiredReason({ createdAt: 0, lastError: null }, 24 * HOUR - 1)).toBeNull();
    expect(expiredReason({ createdAt: 0, lastError: 'stopped' }, 24 * HOUR)).toBe('Not delivered within 24 hours, given up: stopped');
  });
});

describe('rate limit', () => {
  it('lets a channel send until its limit, then says how long the rest wait', () => {
    expect(rateLimitWait([], 2, 1000)).toBe(0);
    expect(rateLimitWait([1000], 2, 1500)).toBe(0);
    expect(rateLimitWait([1000, 2000], 2, 2500)).toBe(58_500);
    expect(rateLimitWait([1000, 2000], 2, 61_000)).toBe(0); // the first send is a minute old
    expect(rateLimitWait([1000, 2000, 3000], 2, 3000)).toBe(59_000);
  });

  it('forgets sends older than a minute', () => {
    const sent = [0, 10_000, 50_000];
    pruneSends(sent, 10, 65_000);
    expect(sent).toEqual([10_000, 50_000]);
  });
});

describe('the one timer', () => {
  it('wakes for the earliest due head; a blocked channel does not count', () => {
    expect(dueAt({ channelId: 'a', nextAttemptAt: 5000 }, { blocked: false, rateWaitMs: 0 }, 1000)).toBe(5000);
    expect(dueAt({ channelId: 'a', nextAttemptAt: 5000 }, { blocked: false, rateWaitMs: 9000 }, 1000)).toBe(10_000);
    expect(dueAt({ channelId: 'a', nextAttemptAt: 5000 }, { blocked: true, rateWaitMs: 0 }, 1000)).toBeNull();
    expect(dueAt({ channelId: 'a', nextAttemptAt: 5000 }, null, 1000)).toBeNull();
    expect(nextWakeMs([null, 9000, 4000], 1000)).toBe(3000);
    expect(nextWakeMs([500], 1000)).toBe(0);
    expect(nextWakeMs([null, null], 1000)).toBeNull();
  });
});
