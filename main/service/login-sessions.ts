// What a visitor gets for signing in (the LAN password or a viewer account on /login, or the PC's own token link): a
// session token of its own (random, expiring, revocable), never the service's master token. A session carries its
// role (owner or viewer) and username; it ends after `idleMs` without use, or `maxAgeMs` after sign-in, or when the
// owner revokes it (the LAN password changed, a viewer account reset or removed). Only a hash of each token is kept,
// in a SessionStore: the database in service mode, so that sessions survive a restart of the NVR.
import { createHash, randomBytes } from 'node:crypto';
import { MemorySessionStore, type SessionRecord, type SessionStore } from '../core/access/session-store.ts';
import type { Caller } from '../../preload/contract.ts';

export interface LoginSessionOptions {
  /** A session unused for this long ends (default 12 h). */
  idleMs?: number;
  /** A session ends this long after sign-in, used or not (default 7 days). */
  maxAgeMs?: number;
  /** At most this many sessions; the least recently used goes first (default 200). */
  maxSessions?: number;
  now?: () => number;
  /** Where sessions are kept (default: in memory, gone with the process). */
  store?: SessionStore;
}

/** Who a session is: its role and username, and how it was made. */
export interface SessionGrant {
  role: Caller['role'];
  username: string | null;
  via: 'pc' | 'lan';
}

const LAN_OWNER: SessionGrant = { role: 'owner', username: null, via: 'lan' };

export const sessionKey = (token: string): string => createHash('sha256').update(token).digest('base64url');

export class LoginSessions {
  private readonly store: SessionStore;
  private readonly idleMs: number;
  private readonly maxAgeMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: LoginSessionOptions = {}) {
    this.idleMs = options.idleMs ?? 12 * 3600_000;
    this.maxAgeMs = options.maxAgeMs ?? 7 * 24 * 3600_000;
    this.maxSessions = options.maxSessions ?? 200;
    this.now = options.now ?? Date.now;
    this.store = options.store ?? new MemorySessionStore();
  }

  get size(): number {
    return this.store.size;
  }

  /** A new session for a visitor who signed in (the LAN owner unless told otherwise); returns its token (for the cookie). */
  issue(remote: string, grant: SessionGrant = LAN_OWNER): string {
    this.prune();
    while (this.store.size >= this.maxSessions) {
      const oldest = this.store.leastRecentlyUsed();
      if (oldest === undefined) break;
      this.store.delete(oldest);
    }
    const token = randomBytes(32).toString('base64url');
    const t = this.now();
    this.store.put({ key: sessionKey(token), remote, role: grant.role, username: grant.username, via: grant.via, createdAt: t, lastSeen: t });
    return token;
  }

  /** Who a live session's token is (and it counts as used now), or null. */
  lookup(token: string): SessionGrant | null {
    const key = sessionKey(token);
    const s = this.store.get(key);
    if (!s) return null;
    const t = this.now();
    if (this.expired(s, t)) {
      this.store.delete(key);
      return null;
    }
    this.store.touch(key, t);
    return { role: s.role, username: s.username, via: s.via };
  }

  /** True for a live session's token (and it counts as used now). */
  check(token: string): boolean {
    return this.lookup(token) !== null;
  }

  revoke(token: string): void {
    this.store.delete(sessionKey(token));
  }

  revokeAll(): void {
    this.store.deleteWhere(() => true);
  }

  prune(): void {
    const t = this.now();
    this.store.deleteWhere((s) => this.expired(s, t));
  }

  private expired(s: SessionRecord, t: number): boolean {
    return t - s.lastSeen > this.idleMs || t - s.createdAt > this.maxAgeMs;
  }
}
