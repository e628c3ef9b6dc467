// Reconnection delays, pure. Exponential with jitter and a cap: a camera that comes back is streaming again within
// seconds, a camera that is gone is not hammered. Wrong credentials wait much longer (a camera may lock the account
// after repeated failures, and retrying cannot fix a password).

export type BackoffKind = 'disconnect' | 'auth';

const LIMITS: Record<BackoffKind, { first: number; cap: number }> = {
  disconnect: { first: 1000, cap: 8000 },
  auth: { first: 60_000, cap: 300_000 },
};

export class Backoff {
  private attempts: Record<BackoffKind, number> = { disconnect: 0, auth: 0 };

  /**
   * The delay before the next attempt, in ms: base·2ⁿ capped, with ±20 % jitter, never below the first delay (1 s,
   * or a full minute after wrong credentials) and never above the cap.
   */
  nextDelay(kind: BackoffKind, random: () => number = Math.random): number {
    const { first, cap } = LIMITS[kind];
    const n = this.attempts[kind]++;
    const base = Math.min(cap, first * 2 ** Math.min(n, 20));
    const jittered = base * (0.8 + 0.4 * random());
    return Math.round(Math.min(cap, Math.max(first, jittered)));
  }

  /** After a stretch of healthy streaming: the next failure starts from the first delay again. */
  reset(): void {
    this.attempts = { disconnect: 0, auth: 0 };
  }

  get failures(): number {
    return this.attempts.disconnect + this.attempts.auth;
  }
}
