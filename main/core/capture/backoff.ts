// Reconnection delays of a camera. Exponential with jitter and a cap (the curve is preload/backoff.ts): a camera that
// comes back is streaming again within seconds, a camera that is gone is not hammered. Wrong credentials wait much
// longer (a camera may lock the account after repeated failures, and retrying cannot fix a password).
import { BackoffSequence, type BackoffCurve } from '../../../preload/backoff.ts';

export type BackoffKind = 'disconnect' | 'auth';

/** ±20 % jitter, never below the first delay (1 s, or a full minute after wrong credentials) nor above the cap. */
const CURVES: Record<BackoffKind, BackoffCurve> = {
  disconnect: { firstMs: 1000, maxMs: 8000, jitter: 0.2, clamp: true },
  auth: { firstMs: 60_000, maxMs: 300_000, jitter: 0.2, clamp: true },
};

export class Backoff {
  private readonly sequences: Record<BackoffKind, BackoffSequence> = {
    disconnect: new BackoffSequence(CURVES.disconnect),
    auth: new BackoffSequence(CURVES.auth),
  };

  /** The delay before the next attempt of this kind, in ms. */
  nextDelay(kind: BackoffKind, random: () => number = Math.random): number {
    return this.sequences[kind].next(random);
  }

  /** After a stretch of healthy streaming: the next failure starts from the first delay again. */
  reset(): void {
    this.sequences.disconnect.reset();
    this.sequences.auth.reset();
  }

  get failures(): number {
    return this.sequences.disconnect.failures + this.sequences.auth.failures;
  }
}
