// Password guessing over the LAN is limited BEFORE the password is checked: an attempt is counted when it arrives, so
// 200 guesses sent at once are 200 attempts, not 200 scrypt runs (before, the limit was read before scrypt and counted
// after it, and parallel guesses all got through). Limits: per address (10 in 15 minutes), for everyone together
// (30 a minute: many addresses do not multiply the rate), and at most 2 checks running at once. The PC itself never
// signs in this way (it has the service's token), so a locked-out LAN never locks the owner out of the PC.
export interface LoginLimits {
  perAddress: number;
  perAddressWindowMs: number;
  global: number;
  globalWindowMs: number;
  maxInFlight: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddress: 10,
  perAddressWindowMs: 15 * 60_000,
  global: 30,
  globalWindowMs: 60_000,
  maxInFlight: 2,
};

export type Admission =
  | { ok: true; done(success: boolean): void }
  | { ok: false; why: 'address' | 'global' | 'busy'; retryAfterS: number; message: string };

export class LoginLimiter {
  private readonly byAddress = new Map<string, number[]>();
  private readonly all: number[] = [];
  private inFlight = 0;
  private readonly limits: LoginLimits;
  private readonly now: () => number;

  constructor(limits: Partial<LoginLimits> = {}, now: () => number = Date.now) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
    this.now = now;
  }

  /** Counts an attempt from `remote` now, or refuses it; an admitted attempt must call done() once checked. */
  admit(remote: string): Admission {
    const t = this.now();
    const l = this.limits;
    this.prune(t);
    const mine = this.byAddress.get(remote) ?? [];
    if (mine.length >= l.perAddress) {
      const retryAfterS = Math.ceil((mine[0]! + l.perAddressWindowMs - t) / 1000);
      return { ok: false, why: 'address', retryAfterS, message: `Too many wrong passwords from this device; wait ${Math.ceil(retryAfterS / 60)} minutes and try again.` };
    }
    if (this.all.length >= l.global) {
      const retryAfterS = Math.ceil((this.all[0]! + l.globalWindowMs - t) / 1000);
      return { ok: false, why: 'global', retryAfterS, message: 'Too many sign-in attempts on this NVR just now; wait a minute and try again.' };
    }
    if (this.inFlight >= l.maxInFlight) {
      return { ok: false, why: 'busy', retryAfterS: 1, message: 'The NVR is checking other sign-ins; try again in a moment.' };
    }
    mine.push(t);
    this.byAddress.set(remote, mine);
    this.all.push(t);
    this.inFlight++;
    let finished = false;
    return {
      ok: true,
      done: (success) => {
        if (finished) return;
        finished = true;
        this.inFlight--;
        // The right password clears this device's count (not the global one: that is what a spread attack fills).
        if (success) this.byAddress.delete(remote);
      },
    };
  }

  /** Forgets attempts older than their windows (called on every admission; cheap). */
  prune(t = this.now()): void {
    const { perAddressWindowMs, globalWindowMs } = this.limits;
    for (const [remote, times] of this.byAddress) {
      while (times.length && t - times[0]! >= perAddressWindowMs) times.shift();
      if (times.length === 0) this.byAddress.delete(remote);
    }
    while (this.all.length && t - this.all[0]! >= globalWindowMs) this.all.shift();
  }

  /** Addresses with attempts still counted (for tests and health). */
  get trackedAddresses(): number {
    return this.byAddress.size;
  }
}
