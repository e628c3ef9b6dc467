import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../../main/core/capture/backoff.ts';

describe('reconnection backoff', () => {
  it('grows from 1 s and never exceeds 8 s for disconnects, with jitter', () => {
    const b = new Backoff();
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6].map(() => b.nextDelay('disconnect', mid))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    const low = new Backoff();
    const high = new Backoff();
    for (let i = 0; i < 10; i++) {
      const l = low.nextDelay('disconnect', () => 0);
      const h = high.nextDelay('disconnect', () => 0.999);
      expect(l).toBeGreaterThanOrEqual(1000);
      expect(h).toBeLessThanOrEqual(8000);
    }
    // Jitter: two cameras dropped together do not come back at the same instant.
    const a = new Backoff();
    const z = new Backoff();
    for (let i = 0; i < 2; i++) {
      a.nextDelay('disconnect', () => 0);
      z.nextDelay('disconnect', () => 0.999);
    }
    expect(a.nextDelay('disconnect', () => 0)).toBe(3200);
    expect(z.nextDelay('disconnect', () => 0.999)).toBeGreaterThan(4700);
  });

  it('waits at least a minute after wrong credentials, at most five', () => {
    for (const random of [() => 0, Math.random, () => 0.999]) {
      const b = new Backoff();
      const delays = Array.from({ length: 8 }, () => b.nextDelay('auth', random));
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(60_000);
      expect(Math.max(...delays)).toBeLessThanOrEqual(300_000);
    }
    const b = new Backoff();
    const delays = Array.from({ length: 8 }, () => b.nextDelay('auth'));
    expect(delays[0]).toBeGreaterThanOrEqual(60_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(300_000);
    expect(delays[delays.length - 1]).toBeGreaterThanOrEqual(240_000);
  });

  it('starts again from the first delay after a healthy stretch', () => {
    const b = new Backoff();
    for (let i = 0; i < 5; i++) b.nextDelay('disconnect');
    b.reset();
    expect(b.nextDelay('disconnect', () => 0.5)).toBe(1000);
  });
});
