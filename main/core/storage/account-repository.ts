// Viewer accounts (a username and a scrypt hash of the password) and the sign-in sessions (a hash of each token, its
// role, username and times): every SQL statement of migration 9's two tables. The session rows are a SessionStore
// (access/session-store.ts); a session's last use is written at most once a minute (a page makes many requests).
import type { Db } from './database.ts';
import type { SessionRecord, SessionStore } from '../access/session-store.ts';

export interface AccountRow {
  username: string;
  passwordHash: string;
  role: 'viewer';
  createdAt: number;
  passwordChangedAt: number;
}

interface AccountDbRow {
  username: string;
  password_hash: string;
  role: 'viewer';
  created_ms: number;
  password_changed_ms: number;
}

interface SessionDbRow {
  token_hash: string;
  remote: string;
  role: 'viewer' | 'owner';
  username: string | null;
  via: 'pc' | 'lan';
  created_ms: number;
  last_seen_ms: number;
}

const toAccount = (r: AccountDbRow): AccountRow => ({
  username: r.username,
  passwordHash: r.password_hash,
  role: r.role,
  createdAt: r.created_ms,
  passwordChangedAt: r.password_changed_ms,
});

const toSession = (r: SessionDbRow): SessionRecord => ({
  key: r.token_hash,
  remote: r.remote,
  role: r.role,
  username: r.username,
  via: r.via,
  createdAt: r.created_ms,
  lastSeen: r.last_seen_ms,
});

/** A session's use is written when it is this much newer than the stored one. */
const TOUCH_WRITE_MS = 60_000;

export class AccountRepository {
  constructor(private readonly db: Db) {}

  list(): AccountRow[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY username COLLATE NOCASE').all() as AccountDbRow[]).map(toAccount);
  }

  get(username: string): AccountRow | null {
    const row = this.db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as AccountDbRow | undefined;
    return row ? toAccount(row) : null;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n;
  }

  insert(row: AccountRow): void {
    this.db
      .prepare('INSERT INTO accounts (username, password_hash, role, created_ms, password_changed_ms) VALUES (?, ?, ?, ?, ?)')
      .run(row.username, row.passwordHash, row.role, row.createdAt, row.passwordChangedAt);
  }

  setPassword(username: string, passwordHash: string, at: number): boolean {
    return this.db.prepare('UPDATE accounts SET password_hash = ?, password_changed_ms = ? WHERE username = ?').run(passwordHash, at, username).changes > 0;
  }

  remove(username: string): boolean {
    return this.db.prepare('DELETE FROM accounts WHERE username = ?').run(username).changes > 0;
  }
}

export class SessionRepository implements SessionStore {
  /** What is stored for each session's last use (to write it at most once a minute). */
  private readonly written = new Map<string, number>();

  constructor(private readonly db: Db) {}

  get size(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM login_sessions').get() as { n: number }).n;
  }

  get(key: string): SessionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM login_sessions WHERE token_hash = ?').get(key) as SessionDbRow | undefined;
    if (!row) return undefined;
    this.written.set(key, row.last_seen_ms);
    return toSession(row);
  }

  put(r: SessionRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO login_sessions (token_hash, remote, role, username, via, created_ms, last_seen_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.key, r.remote, r.role, r.username, r.via, r.createdAt, r.lastSeen);
    this.written.set(r.key, r.lastSeen);
  }

  touch(key: string, lastSeen: number): void {
    const stored = this.written.get(key);
    if (stored !== undefined && lastSeen - stored < TOUCH_WRITE_MS) return;
    this.db.prepare('UPDATE login_sessions SET last_seen_ms = ? WHERE token_hash = ?').run(lastSeen, key);
    this.written.set(key, lastSeen);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM login_sessions WHERE token_hash = ?').run(key);
    this.written.delete(key);
  }

  deleteWhere(select: (record: SessionRecord) => boolean): number {
    const doomed = this.all().filter(select);
    const del = this.db.prepare('DELETE FROM login_sessions WHERE token_hash = ?');
    this.db.transaction(() => {
      for (const r of doomed) del.run(r.key);
    })();
    for (const r of doomed) this.written.delete(r.key);
    return doomed.length;
  }

  all(): SessionRecord[] {
    return (this.db.prepare('SELECT * FROM login_sessions').all() as SessionDbRow[]).map(toSession);
  }

  leastRecentlyUsed(): string | undefined {
    const row = this.db.prepare('SELECT token_hash FROM login_sessions ORDER BY last_seen_ms, rowid LIMIT 1').get() as { token_hash: string } | undefined;
    return row?.token_hash;
  }
}
