// The one SQLite database in the data folder: WAL (readers never block the writer, a crash loses nothing committed),
// synchronous=NORMAL (durable at each checkpoint, fast commits), migrations applied at open. A database that cannot be
// opened, is damaged or cannot be written is refused with a sentence that says what to do (database-problems.ts);
// nothing here ever moves or deletes it.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logging/logger.ts';
import { migrate } from './migrations.ts';
import { classifyDatabaseError, databaseProblemMessage } from './database-problems.ts';

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
  const detail = err instanceof Error ? err.message : String(err);
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
  let db: Db;
  try {
    db = new Database(file, { readonly });
  } catch (err) {
    throw refuse(file, err);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // The file is a database at all (a corrupt header fails here), and its pages are sound (damage in the middle of the
    // file fails here, not mid-recording). quick_check reads every page once: well under a second for a shop's index.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`database disk image is malformed: ${String(check).slice(0, 120)}`), { code: 'SQLITE_CORRUPT' });
  } catch (err) {
    db.close();
    throw refuse(file, err);
  }
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
