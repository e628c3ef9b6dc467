// Retry delays, pure and shared by every side that retries: the cameras' reconnections and the worker restarts in the
// core, the page's WebSocket and live tiles in the renderer. Exponential (first·2ⁿ up to a cap) with optional jitter
// (±fraction, so many clients do not retry in step). Imports nothing: preload/ holds what both sides use.

export interface BackoffCurve {
  /** The delay of the first retry, ms. */
  firstMs: number;
  /** No delay grows beyond this (before jitter), ms. */
  maxMs: number;
  /** ±this fraction of randomness (0.2 = ±20 %); default none. */
  jitter?: number;
  /** Keep the jittered delay within [firstMs, maxMs] (default false: jitter may step outside). */
  clamp?: boolean;
}

/** The delay before retry number `attempt` (0 for the first retry), in whole ms. */
export function backoffDelay(attempt: number, curve: BackoffCurve, random: () => number = Math.random): number {
  const n = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const base = Math.min(curve.maxMs, curve.firstMs * 2 ** n);
  const jitter = curve.jitter ?? 0;
  const jittered = jitter > 0 ? base * (1 - jitter + 2 * jitter * random()) : base;
  const delay = curve.clamp ? Math.min(curve.maxMs, Math.max(curve.firstMs, jittered)) : jittered;
  return Math.round(delay);
}

/** A retry counter on a curve: next() gives the next delay, reset() after a success starts over at the first. */
export class BackoffSequence {
  private attempt = 0;
  constructor(private readonly curve: BackoffCurve) {}

  next(random: () => number = Math.random): number {
    return backoffDelay(this.attempt++, this.curve, random);
  }

  reset(): void {
    this.attempt = 0;
  }

  /** Retries since the last reset. */
  get failures(): number {
    return this.attempt;
  }
}
