// The soak tool's fit (tests/soak/growth-fit.ts), pure: least squares on known lines, growth per hour, and the verdict
// that fails a steady climb but passes a flat noisy metric.
import { describe, expect, it } from 'vitest';
import { fitLine, judgeMetric, type Sample } from '../../soak/growth-fit.ts';
import { rng } from '../../fixtures/seeded-random.ts';

const MIN = 60_000;
const line = (perMinute: number, base: number, minutes: number, noise = () => 0): Sample[] =>
  Array.from({ length: minutes * 6 + 1 }, (_, i) => ({ t: i * 10_000, v: base + (perMinute * i) / 6 + noise() }));

describe('least squares', () => {
  it('finds a line exactly, with no error, and a flat series has slope 0', () => {
    const fit = fitLine(line(2, 100, 10));
    expect(fit.slope * MIN).toBeCloseTo(2, 9);
    expect(fit.intercept).toBeCloseTo(100, 9);
    expect(fit.slopeError).toBeCloseTo(0, 9);
    expect(fitLine(line(0, 7, 10)).slope).toBe(0);
  });

  it('copes with too few points', () => {
    expect(fitLine([]).n).toBe(0);
    expect(fitLine([{ t: 0, v: 3 }]).slope).toBe(0);
    expect(fitLine([{ t: 0, v: 3 }, { t: 1000, v: 5 }]).slope).toBeCloseTo(0.002, 9);
  });
});

describe('the verdict', () => {
  const rss = { name: 'rss', unit: 'MiB', perHour: 10, scale: 1024 * 1024 };

  it('a climb of 20 MiB/h fails; 5 MiB/h passes; growth per hour is in the display unit', () => {
    const climb = line((20 * 1024 * 1024) / 60, 300 * 1024 * 1024, 30);
    const v = judgeMetric(rss, climb);
    expect(v.perHour).toBeCloseTo(20, 6);
    expect(v.ok).toBe(false);
    expect(judgeMetric(rss, line((5 * 1024 * 1024) / 60, 300 * 1024 * 1024, 30)).ok).toBe(true);
  });

  it('a flat metric with large noise passes; a tiny steady climb of file descriptors fails', () => {
    const rand = rng(17);
    const noisy = line(0, 300 * 1024 * 1024, 20, () => (rand() - 0.5) * 40 * 1024 * 1024);
    const v = judgeMetric(rss, noisy);
    expect(v.ok).toBe(true);
    expect(v.noisePerHour).toBeGreaterThan(0);
    const fds = { name: 'fds', unit: 'fds', perHour: 0 };
    expect(judgeMetric(fds, line(0, 120, 20)).ok).toBe(true);
    // one more descriptor every 5 minutes, never given back
    const leak = Array.from({ length: 121 }, (_, i) => ({ t: i * 10_000, v: 120 + Math.floor(i / 30) }));
    expect(judgeMetric(fds, leak).ok).toBe(false);
  });

  it('a metric that climbs to its ceiling and stays (the WAL) is bounded, not growing; over the ceiling it fails', () => {
    const wal = { name: 'WAL', unit: 'MiB', perHour: 0, ceiling: 4.1 };
    const rise = Array.from({ length: 121 }, (_, i) => ({ t: i * 10_000, v: Math.min(4, i * 0.05) }));
    const v = judgeMetric(wal, rise);
    expect(v.perHour).toBeGreaterThan(0);
    expect(v).toMatchObject({ bounded: true, ok: true });
    const starved = rise.map((s, i) => ({ t: s.t, v: i * 0.05 })); // checkpoints never catch up: it goes on growing
    expect(judgeMetric(wal, starved)).toMatchObject({ bounded: false, ok: false });
  });

  it('the warm-up is left out of the fit, and a reported-only metric always passes', () => {
    const warm = [...line(50, 0, 2), ...line(0, 100, 10).map((s) => ({ t: s.t + 2 * MIN + 10_000, v: s.v }))];
    expect(judgeMetric({ name: 'x', unit: 'u', perHour: 1 }, warm).ok).toBe(false);
    expect(judgeMetric({ name: 'x', unit: 'u', perHour: 1 }, warm, 2 * MIN + 1).ok).toBe(true);
    expect(judgeMetric({ name: 'events', unit: 'events', perHour: null }, line(5, 0, 10)).ok).toBe(true);
  });
});
