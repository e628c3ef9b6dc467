// Where sign-in sessions are kept: only a hash of each session's token, who it is (role, username), where it came
// from and when it was made and last used. The login sessions' rules (expiry, the cap) are main/service/
// login-sessions.ts; this is their storage: in memory (tests, a transport without an engine) or in the database
// (session-repository.ts), so that a restart of the NVR does not sign everyone out.
import type { Role } from '../../../preload/contract.ts';

export interface SessionRecord {
  /** sha256 of the token (base64url): the token itself is never kept. */
  key: string;
  remote: string;
  role: Role;
  /** A viewer account's name; null for the owner. */
  username: string | null;
  /** 'pc': the PC's own token link; 'lan': signed in on /login. */
  via: 'pc' | 'lan';
  createdAt: number;
  lastSeen: number;
}

export interface SessionStore {
  get(key: string): SessionRecord | undefined;
  put(record: SessionRecord): void;
  /** The session was used at `lastSeen` (it becomes the most recently used). */
  touch(key: string, lastSeen: number): void;
  delete(key: string): void;
  /** Removes every session the predicate selects; returns how many. */
  deleteWhere(select: (record: SessionRecord) => boolean): number;
  all(): SessionRecord[];
  /** The least recently used session's key. */
  leastRecentlyUsed(): string | undefined;
  readonly size: number;
}

export class MemorySessionStore implements SessionStore {
  private readonly map = new Map<string, SessionRecord>();

  get size(): number {
    return this.map.size;
  }

  get(key: string): SessionRecord | undefined {
    return this.map.get(key);
  }

  put(record: SessionRecord): void {
    this.map.delete(record.key);
    this.map.set(record.key, { ...record });
  }

  touch(key: string, lastSeen: number): void {
    const r = this.map.get(key);
    if (!r) return;
    // Map order is insertion order: re-inserting makes it the most recently used.
    this.map.delete(key);
    this.map.set(key, { ...r, lastSeen });
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  deleteWhere(select: (record: SessionRecord) => boolean): number {
    let n = 0;
    for (const [key, r] of this.map) {
      if (!select(r)) continue;
      this.map.delete(key);
      n++;
    }
    return n;
  }

  all(): SessionRecord[] {
    return [...this.map.values()];
  }

  leastRecentlyUsed(): string | undefined {
    return this.map.keys().next().value;
  }
}
