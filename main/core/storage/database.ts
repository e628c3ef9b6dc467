// The one SQLite database in the data folder: WAL (readers never block the writer, a crash loses nothing committed),
// synchronous=NORMAL (durable at each checkpoint, fast commits), migrations applied at open.
import Database from 'better-sqlite3';
import type { Logger } from '../logging/logger.ts';
import { migrate } from './migrations.ts';
import { isDiskFullError } from './disk-full.ts';

export type Db = Database.Database;

/**
 * Opens (and migrates) the database. On a disk so full that WAL's shared-memory file cannot be made, it opens in
 * exclusive locking mode (the WAL index then lives in this process's memory, no file needed): the engine starts and
 * reads, writes wait for space (storage/write-guard.ts), and no other process can read the database meanwhile.
 */
export function openDatabase(file: string, opts: { logger: Logger; readonly?: boolean }): Db {
  try {
    return openWith(file, opts, false);
  } catch (err) {
    if (!isDiskFullError((err as { cause?: unknown }).cause)) throw err;
    opts.logger.warn({ file }, 'the disk is full: the database opens in exclusive mode (its shared-memory file cannot be made)');
    return openWith(file, opts, true);
  }
}

function openWith(file: string, opts: { logger: Logger; readonly?: boolean }, exclusive: boolean): Db {
  let db: Db;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false });
    if (exclusive) db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Cheap sanity check that the file is a database at all (a corrupt header fails here, not mid-recording).
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    if (isDiskFullError(err)) {
      closeQuietly(db!);
      throw new Error(`The event database ${file} cannot be opened: the disk that holds it is full. Free some space on it.`, { cause: err });
    }
    throw new Error(
      `The event database ${file} cannot be opened (${err instanceof Error ? err.message : String(err)}). ` +
        'Restore it from a backup, or move it aside to start with an empty history.',
    );
  }
  try {
    const { from, to } = migrate(db);
    if (from !== to) opts.logger.info({ from, to }, 'database schema migrated');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function closeQuietly(db: Db | undefined): void {
  try {
    db?.close();
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
