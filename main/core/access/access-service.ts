// Who may use the NVR from elsewhere (issue 15, roles): the owner (the PC's token, the LAN password) and the viewer
// accounts the owner makes in Settings; LAN access switched on and off; the sessions sign-ins make, kept in the
// database so that they survive a restart. The HTTP side (main/service/auth-gate.ts) asks this service; the API
// (main/core/api.ts) changes it. Passwords are kept only as scrypt hashes; a changed or removed password ends the
// sessions made with it.
import { ApiError, type AccountView, type LanAccessView, type Role } from '../../../preload/contract.ts';
import { errorMessage } from '../../../preload/format.ts';
import type { Logger } from '../logging/logger.ts';
import type { AccountRepository, AccountRow } from '../storage/account-repository.ts';
import type { SessionStore } from './session-store.ts';
import { hashPassword, lanPasswordProblem, verifyPassword } from './password-hash.ts';
import { readLanConfig, writeLanConfig, type LanConfig } from './lan-config.ts';

/** The names that sign in with the LAN password (the owner): an empty username, or "owner". */
export const OWNER_USERNAMES = ['', 'owner'] as const;
const MAX_ACCOUNTS = 50;

/** What the HTTP listener says about itself (service mode sets it; the desktop app has none unless LAN viewing runs). */
export interface LanListenerStatus {
  listening: boolean;
  urls: string[];
}

export interface SignedIn {
  role: Role;
  username: string | null;
}

export function viewerPasswordProblem(password: string): string | null {
  if (password.length < 8) return "A viewer's password needs at least 8 characters.";
  if (password.length > 256) return "A viewer's password can have at most 256 characters.";
  return null;
}

const view = (a: AccountRow): AccountView => ({ username: a.username, role: a.role, createdAt: a.createdAt, passwordChangedAt: a.passwordChangedAt });

export class AccessService {
  private lan: LanConfig;
  private lanReadAt = 0;
  private listener: (() => LanListenerStatus) | null = null;
  private openNetwork: (() => Promise<void>) | null = null;

  constructor(
    private readonly o: { dataRoot: string; accounts: AccountRepository; sessions: SessionStore; logger: Logger; now?: () => number },
  ) {
    this.lan = readLanConfig(o.dataRoot);
    this.lanReadAt = this.now();
  }

  /** The sign-in sessions (kept in the database). */
  get sessions(): SessionStore {
    return this.o.sessions;
  }

  /**
   * The LAN password's hash, read again from the data folder (`nvr lan-password` may have changed it meanwhile) at
   * most once a second (signed-out visitors ask for it on every request).
   */
  lanPasswordHash(): string | null {
    const t = this.now();
    if (t - this.lanReadAt >= 1000) {
      this.lan = readLanConfig(this.o.dataRoot);
      this.lanReadAt = t;
    }
    return this.lan.passwordHash;
  }

  /** Whether other devices may sign in now: a LAN password is set and LAN access was not switched off. */
  lanOpen(): boolean {
    return this.lan.passwordHash !== null && this.lan.enabled !== false;
  }

  /** The switch as Settings left it (null: never switched: the --host option decides). */
  lanSwitch(): boolean | null {
    return this.lan.enabled;
  }

  setListenerStatus(status: () => LanListenerStatus): void {
    this.listener = status;
  }

  /** How the service starts listening on the network when LAN access is switched on (service mode without --host). */
  setNetworkOpener(open: () => Promise<void>): void {
    this.openNetwork = open;
  }

  /** Who these credentials are: the owner (the LAN password, username empty or "owner") or a viewer; null if wrong. */
  async verify(username: string, password: string): Promise<SignedIn | null> {
    const name = username.trim();
    if ((OWNER_USERNAMES as readonly string[]).includes(name.toLowerCase())) {
      const hash = this.lanPasswordHash();
      return hash !== null && (await verifyPassword(password, hash)) ? { role: 'owner', username: null } : null;
    }
    const account = this.o.accounts.get(name);
    if (!account) {
      // As long as a real check: whether a username exists is not told by the time the answer takes.
      await verifyPassword(password, DUMMY_HASH);
      return null;
    }
    return (await verifyPassword(password, account.passwordHash)) ? { role: account.role, username: account.username } : null;
  }

  listAccounts(): AccountView[] {
    return this.o.accounts.list().map(view);
  }

  async addAccount(username: string, password: string): Promise<AccountView> {
    if ((OWNER_USERNAMES as readonly string[]).includes(username.toLowerCase())) {
      throw new ApiError('bad-request', '"owner" is the name the LAN password signs in with: choose another username.');
    }
    const problem = viewerPasswordProblem(password);
    if (problem) throw new ApiError('bad-request', problem);
    if (this.o.accounts.get(username)) throw new ApiError('conflict', `There is already an account named ${username}.`);
    if (this.o.accounts.count() >= MAX_ACCOUNTS) throw new ApiError('bad-request', `At most ${MAX_ACCOUNTS} viewer accounts: remove one first.`);
    const t = this.now();
    const row: AccountRow = { username, passwordHash: await hashPassword(password), role: 'viewer', createdAt: t, passwordChangedAt: t };
    this.o.accounts.insert(row);
    this.o.logger.info({ username }, 'viewer account added');
    return view(row);
  }

  async resetPassword(username: string, password: string): Promise<AccountView> {
    const problem = viewerPasswordProblem(password);
    if (problem) throw new ApiError('bad-request', problem);
    const account = this.account(username);
    this.o.accounts.setPassword(account.username, await hashPassword(password), this.now());
    const ended = this.endSessionsOf(account.username);
    this.o.logger.info({ username: account.username, endedSessions: ended }, "viewer account's password reset");
    return view(this.account(account.username));
  }

  removeAccount(username: string): void {
    const account = this.account(username);
    this.o.accounts.remove(account.username);
    const ended = this.endSessionsOf(account.username);
    this.o.logger.info({ username: account.username, endedSessions: ended }, 'viewer account removed');
  }

  lanView(): LanAccessView {
    const status = this.listener?.() ?? null;
    const enabled = this.lanOpen();
    let note: string | null = null;
    if (this.lan.passwordHash === null) note = 'Set a LAN password first: other devices sign in with it (or with a viewer account).';
    else if (enabled && status && !status.listening) {
      note = 'LAN access is on: the NVR starts listening on the network the next time it starts.';
    } else if (!enabled && status?.listening) note = 'LAN access is off: other devices are refused until it is switched on again.';
    return { enabled, passwordSet: this.lan.passwordHash !== null, listening: status ? status.listening : null, urls: status?.urls ?? [], note };
  }

  async updateLan(change: { enabled?: boolean | undefined; password?: string | undefined }): Promise<LanAccessView> {
    const current = readLanConfig(this.o.dataRoot);
    const next: LanConfig = { ...current };
    if (change.password !== undefined) {
      const problem = lanPasswordProblem(change.password);
      if (problem) throw new ApiError('bad-request', problem);
      next.passwordHash = await hashPassword(change.password);
    }
    if (change.enabled !== undefined) {
      if (change.enabled && next.passwordHash === null) {
        throw new ApiError('bad-request', 'LAN access needs a LAN password first: type one (at least 10 characters).');
      }
      next.enabled = change.enabled;
    }
    writeLanConfig(this.o.dataRoot, next);
    this.lan = next;
    this.lanReadAt = this.now();
    // A new LAN password, or LAN access off: the owner's LAN sessions end (viewers' end only when switched off).
    const ended = this.o.sessions.deleteWhere(
      (s) => s.via === 'lan' && ((change.password !== undefined && s.role === 'owner') || change.enabled === false),
    );
    this.o.logger.info({ lanEnabled: this.lanOpen(), passwordChanged: change.password !== undefined, endedSessions: ended }, 'LAN access changed');
    // Switched on (as the service's start reads it: enabled, with a password): listen on the network now.
    if (change.enabled === true && this.lanOpen() && this.openNetwork && this.listener?.().listening === false) {
      try {
        await this.openNetwork();
      } catch (err) {
        this.o.logger.warn({ err: errorMessage(err) }, 'LAN access switched on, but listening on the network failed');
        throw new ApiError('unavailable', `LAN access is on, but the NVR could not listen on the network now (${errorMessage(err)}); it will when it next starts.`);
      }
    }
    return this.lanView();
  }

  private account(username: string): AccountRow {
    const account = this.o.accounts.get(username);
    if (!account) throw new ApiError('not-found', `There is no viewer account named ${username}.`);
    return account;
  }

  private endSessionsOf(username: string): number {
    const lower = username.toLowerCase();
    return this.o.sessions.deleteWhere((s) => s.username?.toLowerCase() === lower);
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }
}

/** A well-formed hash of a random password: checked against when a username does not exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$c2hvcHdhdGNoLWR1bW15$ZHVtbXktaGFzaC1vZi10aGlydHktdHdvLWJ5dGVzISE';
