import { describe, expect, it } from 'vitest';
import { backoffDelay, BackoffSequence } from '../../../preload/backoff.ts';

describe('backoff curve (preload/backoff.ts)', () => {
  it('doubles from the first delay up to the cap, without jitter exactly', () => {
    const curve = { firstMs: 250, maxMs: 30_000 };
    expect([0, 1, 2, 3, 6, 7, 8, 50].map((n) => backoffDelay(n, curve))).toEqual([250, 500, 1000, 2000, 16_000, 30_000, 30_000, 30_000]);
    // A negative or fractional attempt counts as the nearest sensible one, never as less than the first delay.
    expect(backoffDelay(-3, curve)).toBe(250);
    expect(backoffDelay(1.7, curve)).toBe(500);
  });

  it('spreads delays by the jitter fraction, and clamps them into [first, cap] when asked', () => {
    const loose = { firstMs: 500, maxMs: 15_000, jitter: 0.2 };
    expect(backoffDelay(0, loose, () => 0)).toBe(400);
    expect(backoffDelay(0, loose, () => 1)).toBe(600);
    expect(backoffDelay(20, loose, () => 1)).toBe(18_000);
    const clamped = { ...loose, clamp: true };
    expect(backoffDelay(0, clamped, () => 0)).toBe(500);
    expect(backoffDelay(20, clamped, () => 1)).toBe(15_000);
    expect(backoffDelay(2, clamped, () => 0)).toBe(1600);
    // Many clients with the default random do not retry in step.
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(3, loose)));
    expect(spread.size).toBeGreaterThan(10);
    for (const d of spread) {
      expect(d).toBeGreaterThanOrEqual(3200);
      expect(d).toBeLessThanOrEqual(4800);
    }
  });

  it('counts retries in a sequence and starts over after reset()', () => {
    const seq = new BackoffSequence({ firstMs: 500, maxMs: 10_000 });
    expect([seq.next(), seq.next(), seq.next(), seq.next(), seq.next(), seq.next()]).toEqual([500, 1000, 2000, 4000, 8000, 10_000]);
    expect(seq.failures).toBe(6);
    seq.reset();
    expect(seq.failures).toBe(0);
    expect(seq.next()).toBe(500);
  });
});
