// The one SQLite database in the data folder: WAL (readers never block the writer, a crash loses nothing committed),
// synchronous=NORMAL (durable at each checkpoint, fast commits), migrations applied at open. A database that cannot be
// opened, is damaged or cannot be written is refused with a sentence that says what to do (database-problems.ts);
// nothing here ever moves or deletes it. On a disk so full that WAL's shared-memory file cannot be made, it opens in
// exclusive locking mode (the WAL index then lives in this process's memory, no file needed): the engine starts and
// reads, writes wait for space (storage/write-guard.ts), and no other process can read the database meanwhile.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logging/logger.ts';
import { migrate } from './migrations.ts';
import { classifyDatabaseError, databaseProblemMessage } from './database-problems.ts';
import { isDiskFullError } from './disk-full.ts';
import { keepPrivate } from '../config/data-dir.ts';
import { errorMessage } from '../../../preload/format.ts';

export type Db = Database.Database;

export interface OpenedDatabase {
  db: Db;
  /** Schema version before this open: 0 for a missing, 0-byte or empty file. */
  fromVersion: number;
}

export function openDatabase(file: string, opts: { logger: Logger; readonly?: boolean }): Db {
  return openDatabaseDetailed(file, opts).db;
}

function refuse(file: string, err: unknown): Error {
  const detail = errorMessage(err);
  return new Error(databaseProblemMessage(classifyDatabaseError(err), file, detail));
}

export function openDatabaseDetailed(file: string, opts: { logger: Logger; readonly?: boolean }): OpenedDatabase {
  const readonly = opts.readonly ?? false;
  if (!readonly) {
    // Permission problems first, by name: SQLite would only say "unable to open database file".
    try {
      accessSync(path.dirname(file), constants.W_OK | constants.X_OK);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) accessSync(f, constants.R_OK | constants.W_OK);
    } catch (err) {
      throw refuse(file, err);
    }
  }
  /** Opens and checks the file; throws SQLite's own error (classified below). */
  const attempt = (exclusive: boolean): Db => {
    const opened = new Database(file, { readonly });
    try {
      if (exclusive) opened.pragma('locking_mode = EXCLUSIVE');
      opened.pragma('journal_mode = WAL');
      opened.pragma('synchronous = NORMAL');
      opened.pragma('foreign_keys = ON');
      opened.pragma('busy_timeout = 5000');
      // The file is a database at all (a corrupt header fails here), and its pages are sound (damage in the middle of
      // the file fails here, not mid-recording). quick_check reads every page once: well under a second for a shop's index.
      opened.prepare('SELECT count(*) FROM sqlite_master').get();
      const check = opened.pragma('quick_check(1)', { simple: true });
      if (check !== 'ok') throw Object.assign(new Error(`database disk image is malformed: ${String(check).slice(0, 120)}`), { code: 'SQLITE_CORRUPT' });
      return opened;
    } catch (err) {
      closeQuietly(opened);
      throw err;
    }
  };
  let db: Db;
  try {
    db = attempt(false);
  } catch (err) {
    if (!isDiskFullError(err)) throw refuse(file, err);
    opts.logger.warn({ file }, 'the disk is full: the database opens in exclusive mode (its shared-memory file cannot be made)');
    try {
      db = attempt(true);
    } catch (again) {
      throw refuse(file, again);
    }
  }
  // The database holds the cameras' addresses and the event list: readable by the owner alone (SQLite makes it 0644).
  if (!readonly) for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) keepPrivate(f, 0o600);
  try {
    const { from, to } = migrate(db);
    if (from !== to) opts.logger.info({ from, to }, 'database schema migrated');
    return { db, fromVersion: from };
  } catch (err) {
    db.close();
    if (err instanceof Error && /newer version/.test(err.message)) throw err;
    throw refuse(file, err);
  }
}

function closeQuietly(db: Db): void {
  try {
    db.close();
  } catch {
    // it was not open
  }
}

/** Closes the database after folding the WAL back into the main file (a clean shutdown leaves one file). */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // A checkpoint that cannot run now runs at the next open; closing matters more.
  }
  db.close();
}
