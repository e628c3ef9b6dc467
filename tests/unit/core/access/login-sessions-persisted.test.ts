// Sign-in sessions kept in the database (issue 15: pages survive a restart): a session issued before the NVR stops is
// valid after it starts again on the same data folder, with its role; expiry, revocation and the cap still hold; only
// a hash of each token is stored. Real SQLite files in a temp folder.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDatabase } from '../../../../main/core/storage/database.ts';
import { AccountRepository, SessionRepository } from '../../../../main/core/storage/account-repository.ts';
import { AccessService } from '../../../../main/core/access/access-service.ts';
import { LoginSessions, sessionKey } from '../../../../main/service/login-sessions.ts';
import { storeLanPassword } from '../../../../main/core/access/lan-config.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';

function open(dir: string) {
  const db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
  return { db, store: new SessionRepository(db), accounts: new AccountRepository(db) };
}

describe('sessions in the database', () => {
  it('survive closing and opening the database again, with their role; only the hash is stored', () => {
    const dir = tempDataDir();
    let t = 1_000_000;
    const first = open(dir);
    const sessions = new LoginSessions({ store: first.store, now: () => t });
    const viewer = sessions.issue('10.0.0.9', { role: 'viewer', username: 'staff', via: 'lan' });
    const owner = sessions.issue('127.0.0.1', { role: 'owner', username: null, via: 'pc' });
    const rows = first.db.prepare('SELECT token_hash FROM login_sessions').all() as Array<{ token_hash: string }>;
    expect(rows.map((r) => r.token_hash).sort()).toEqual([sessionKey(viewer), sessionKey(owner)].sort());
    expect(JSON.stringify(first.db.prepare('SELECT * FROM login_sessions').all())).not.toContain(viewer);
    first.db.close();

    t += 3_600_000; // an hour later, after a restart
    const second = open(dir);
    const again = new LoginSessions({ store: second.store, now: () => t });
    expect(again.lookup(viewer)).toEqual({ role: 'viewer', username: 'staff', via: 'lan' });
    expect(again.lookup(owner)).toEqual({ role: 'owner', username: null, via: 'pc' });
    expect(again.lookup('not-a-session')).toBeNull();
    second.db.close();
  });

  it('expire when idle or too old across restarts, and prune removes their rows', () => {
    const dir = tempDataDir();
    let t = 0;
    const a = open(dir);
    const sessions = new LoginSessions({ store: a.store, idleMs: 10 * 60_000, maxAgeMs: 60 * 60_000, now: () => t });
    const idle = sessions.issue('10.0.0.9');
    const busy = sessions.issue('10.0.0.10');
    for (t = 0; t <= 50 * 60_000; t += 5 * 60_000) expect(sessions.check(busy)).toBe(true); // used every 5 minutes
    a.db.close();
    const b = open(dir);
    const later = new LoginSessions({ store: b.store, idleMs: 10 * 60_000, maxAgeMs: 60 * 60_000, now: () => t });
    // Its last use was written at most a minute late: still within the 10 idle minutes.
    expect(later.check(busy)).toBe(true);
    expect(later.check(idle)).toBe(false); // idle for 50 minutes
    t = 61 * 60_000;
    later.prune();
    expect(b.store.size).toBe(0); // busy is older than an hour, however used
    expect(later.check(busy)).toBe(false);
    b.db.close();
  });

  it("keeps at most maxSessions in the database, dropping the least recently used", () => {
    const dir = tempDataDir();
    let t = 0;
    const a = open(dir);
    const sessions = new LoginSessions({ store: a.store, maxSessions: 2, now: () => t });
    const first = sessions.issue('a');
    t = 120_000;
    const second = sessions.issue('b');
    t = 240_000;
    expect(sessions.check(first)).toBe(true); // first is now the most recently used (written: over a minute newer)
    t = 360_000;
    const third = sessions.issue('c');
    expect(a.store.size).toBe(2);
    expect([sessions.check(first), sessions.check(second), sessions.check(third)]).toEqual([true, false, true]);
    a.db.close();
  });

  it("a viewer's reset password or removal ends their sessions; a new LAN password ends the LAN owner's", async () => {
    const dir = tempDataDir();
    await storeLanPassword(dir, 'first-LAN-password');
    const a = open(dir);
    const access = new AccessService({ dataRoot: dir, accounts: a.accounts, sessions: a.store, logger: silentLogger() });
    const sessions = new LoginSessions({ store: a.store });
    await access.addAccount('staff', 'staff-password-1');
    await access.addAccount('Ana', 'ana-password-1');
    expect(await access.verify('staff', 'staff-password-1')).toEqual({ role: 'viewer', username: 'staff' });
    expect(await access.verify('STAFF', 'staff-password-1')).toEqual({ role: 'viewer', username: 'staff' }); // names ignore case
    expect(await access.verify('staff', 'wrong-password')).toBeNull();
    expect(await access.verify('nobody', 'staff-password-1')).toBeNull();
    expect(await access.verify('', 'first-LAN-password')).toEqual({ role: 'owner', username: null });
    expect(await access.verify('owner', 'first-LAN-password')).toEqual({ role: 'owner', username: null });
    await expect(access.addAccount('owner', 'some-password-1')).rejects.toThrow(/"owner" is the name the LAN password signs in with/);
    await expect(access.addAccount('staff', 'some-password-1')).rejects.toThrow('There is already an account named staff.');
    await expect(access.addAccount('short', 'x')).rejects.toThrow("A viewer's password needs at least 8 characters.");

    const staff = sessions.issue('10.0.0.9', { role: 'viewer', username: 'staff', via: 'lan' });
    const ana = sessions.issue('10.0.0.8', { role: 'viewer', username: 'Ana', via: 'lan' });
    const lanOwner = sessions.issue('10.0.0.7');
    const pc = sessions.issue('127.0.0.1', { role: 'owner', username: null, via: 'pc' });
    await access.resetPassword('staff', 'staff-password-2');
    expect([sessions.check(staff), sessions.check(ana), sessions.check(lanOwner), sessions.check(pc)]).toEqual([false, true, true, true]);
    expect(await access.verify('staff', 'staff-password-1')).toBeNull();
    expect(await access.verify('staff', 'staff-password-2')).toMatchObject({ role: 'viewer' });
    access.removeAccount('ana');
    expect(sessions.check(ana)).toBe(false);
    expect(access.listAccounts().map((x) => x.username)).toEqual(['staff']);
    expect(() => access.removeAccount('ana')).toThrow('There is no viewer account named ana.');

    const view = await access.updateLan({ password: 'second-LAN-password' });
    expect(view).toMatchObject({ enabled: true, passwordSet: true });
    expect([sessions.check(lanOwner), sessions.check(pc)]).toEqual([false, true]);
    expect(await access.verify('', 'first-LAN-password')).toBeNull();
    expect(await access.verify('', 'second-LAN-password')).toEqual({ role: 'owner', username: null });

    const staff2 = sessions.issue('10.0.0.9', { role: 'viewer', username: 'staff', via: 'lan' });
    expect((await access.updateLan({ enabled: false })).enabled).toBe(false);
    expect(access.lanOpen()).toBe(false);
    expect([sessions.check(staff2), sessions.check(pc)]).toEqual([false, true]); // LAN off: every LAN session ends
    await expect(access.updateLan({ password: 'short' })).rejects.toThrow('The LAN password needs at least 10 characters.');
    a.db.close();
  });
});
