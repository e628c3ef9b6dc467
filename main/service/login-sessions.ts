// What a LAN visitor gets for the right LAN password: a session token of its own (random, expiring, revocable), never
// the service's master token. The master token stays on the PC (printed for it, kept in the data folder for `nvr`);
// a session ends after `idleMs` without use, or `maxAgeMs` after sign-in, or when the LAN password changes or the
// service restarts. Only a hash of each token is kept.
import { createHash, randomBytes } from 'node:crypto';

export interface LoginSessionOptions {
  /** A session unused for this long ends (default 12 h). */
  idleMs?: number;
  /** A session ends this long after sign-in, used or not (default 7 days). */
  maxAgeMs?: number;
  /** At most this many sessions; the least recently used goes first (default 200). */
  maxSessions?: number;
  now?: () => number;
}

interface Session {
  remote: string;
  createdAt: number;
  lastSeen: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

export class LoginSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly maxAgeMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: LoginSessionOptions = {}) {
    this.idleMs = options.idleMs ?? 12 * 3600_000;
    this.maxAgeMs = options.maxAgeMs ?? 7 * 24 * 3600_000;
    this.maxSessions = options.maxSessions ?? 200;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** A new session for a visitor who signed in; returns its token (for the cookie). */
  issue(remote: string): string {
    this.prune();
    while (this.sessions.size >= this.maxSessions) {
      // Map order is insertion order and check() re-inserts on use: the first is the least recently used.
      const oldest = this.sessions.keys().next().value as string;
      this.sessions.delete(oldest);
    }
    const token = randomBytes(32).toString('base64url');
    const t = this.now();
    this.sessions.set(hash(token), { remote, createdAt: t, lastSeen: t });
    return token;
  }

  /** True for a live session's token (and it counts as used now). */
  check(token: string): boolean {
    const key = hash(token);
    const s = this.sessions.get(key);
    if (!s) return false;
    const t = this.now();
    if (this.expired(s, t)) {
      this.sessions.delete(key);
      return false;
    }
    s.lastSeen = t;
    this.sessions.delete(key);
    this.sessions.set(key, s);
    return true;
  }

  revoke(token: string): void {
    this.sessions.delete(hash(token));
  }

  revokeAll(): void {
    this.sessions.clear();
  }

  prune(): void {
    const t = this.now();
    for (const [key, s] of this.sessions) if (this.expired(s, t)) this.sessions.delete(key);
  }

  private expired(s: Session, t: number): boolean {
    return t - s.lastSeen > this.idleMs || t - s.createdAt > this.maxAgeMs;
  }
}
