// The soak tool's judgement, pure: a least-squares line through each metric's samples, its growth per hour, and
// whether that growth is over the metric's limit beyond the noise of the samples. A growth fails only when the fitted
// slope minus two standard errors is still over the limit: a flat but noisy metric (RSS breathing with the GC, the WAL
// between checkpoints) passes; a steady climb fails, however small the noise.

export interface Sample {
  /** ms since the start of the run */
  t: number;
  v: number;
}

export interface LineFit {
  /** units per ms */
  slope: number;
  intercept: number;
  /** standard error of the slope (units per ms); 0 with fewer than 3 samples or a perfect fit */
  slopeError: number;
  /** standard deviation of the residuals */
  residualSd: number;
  n: number;
}

const HOUR_MS = 3_600_000;

export function fitLine(samples: readonly Sample[]): LineFit {
  const n = samples.length;
  if (n === 0) return { slope: 0, intercept: NaN, slopeError: 0, residualSd: 0, n };
  const mt = samples.reduce((s, p) => s + p.t, 0) / n;
  const mv = samples.reduce((s, p) => s + p.v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of samples) {
    sxx += (p.t - mt) ** 2;
    sxy += (p.t - mt) * (p.v - mv);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = mv - slope * mt;
  let sse = 0;
  for (const p of samples) sse += (p.v - (intercept + slope * p.t)) ** 2;
  const residualSd = n > 2 ? Math.sqrt(sse / (n - 2)) : 0;
  const slopeError = n > 2 && sxx > 0 ? residualSd / Math.sqrt(sxx) : 0;
  return { slope, intercept, slopeError, residualSd, n };
}

export interface MetricLimit {
  name: string;
  unit: string;
  /** Largest growth per hour allowed (in `unit`); null: reported only. */
  perHour: number | null;
  /** Display divisor (bytes → MiB: 1048576). */
  scale?: number;
  /**
   * A bound (in `unit`) that a metric which rises and then stays (SQLite's WAL: its file keeps its high-water mark,
   * reused after each checkpoint) may reach without counting as growth: ok when it never went over it.
   */
  ceiling?: number;
}

export interface MetricVerdict {
  name: string;
  unit: string;
  first: number;
  last: number;
  min: number;
  max: number;
  /** fitted growth per hour, in `unit` */
  perHour: number;
  /** two standard errors of it */
  noisePerHour: number;
  limitPerHour: number | null;
  /** Within its ceiling although the fit rose (it climbed to its bound and stayed there). */
  bounded: boolean;
  ok: boolean;
}

/** Judges one metric; `skipMs` leaves the warm-up out of the fit (caches filling, the first segments). */
export function judgeMetric(limit: MetricLimit, samples: readonly Sample[], skipMs = 0): MetricVerdict {
  const scale = limit.scale ?? 1;
  const used = samples.filter((s) => s.t >= skipMs && Number.isFinite(s.v)).map((s) => ({ t: s.t, v: s.v / scale }));
  const fit = fitLine(used);
  const values = used.map((s) => s.v);
  const perHour = fit.slope * HOUR_MS;
  const noisePerHour = 2 * fit.slopeError * HOUR_MS;
  const grows = limit.perHour !== null && used.length >= 3 && perHour - noisePerHour > limit.perHour;
  const bounded = grows && limit.ceiling !== undefined && values.every((v) => v <= limit.ceiling!);
  const ok = !grows || bounded;
  return {
    name: limit.name,
    unit: limit.unit,
    first: values[0] ?? NaN,
    last: values.at(-1) ?? NaN,
    min: values.length ? Math.min(...values) : NaN,
    max: values.length ? Math.max(...values) : NaN,
    perHour,
    noisePerHour,
    limitPerHour: limit.perHour,
    bounded,
    ok,
  };
}
