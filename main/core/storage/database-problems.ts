// What a shop owner is told when the event database cannot be opened, pure: what happened, that no footage was
// touched, and the safe thing to do. Never "start with an empty history": a missing database is handled safely at the
// next start (footage is re-indexed and kept), but cameras, settings and the event list live only in the database.
import { errorMessage } from '../../../preload/format.ts';

export type DatabaseProblem = 'damaged' | 'not-writable' | 'unopenable' | 'disk-full';

/** Sorts a better-sqlite3 / file system error into what the owner can act on. */
export function classifyDatabaseError(err: unknown): DatabaseProblem {
  const code = String((err as { code?: unknown })?.code ?? '');
  const message = errorMessage(err);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || /malformed|not a database|file is encrypted/i.test(message)) return 'damaged';
  // SQLITE_IOERR_SHMSIZE: the WAL's shared-memory file could not be made or grown, which a full disk causes.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || code === 'ENOSPC' || /disk is full|no space/i.test(message)) return 'disk-full';
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    /readonly|read-only|permission denied/i.test(message)
  ) {
    return 'not-writable';
  }
  return 'unopenable';
}

const KEPT = 'No recording or snapshot has been deleted.';

export function databaseProblemMessage(problem: DatabaseProblem, file: string, detail: string): string {
  const why = detail ? ` (${detail.slice(0, 200)})` : '';
  switch (problem) {
    case 'damaged':
      return (
        `The event database ${file} is damaged${why}. ${KEPT} Restore nvr.sqlite from a backup, or run ` +
        '`nvr repair-database`: it moves the damaged file aside (nvr.sqlite.damaged-<time>, kept for a specialist) and the ' +
        'next start re-indexes every recording and snapshot in the data folder and deletes none of them by age; the ' +
        'cameras and settings must then be added again.'
      );
    case 'not-writable':
      return (
        `The event database ${file} cannot be written${why}: the data folder or the file is read-only or belongs to ` +
        `another user. ${KEPT} Start the app as the user who owns the data folder, or give this user write permission ` +
        'to the folder and to nvr.sqlite (and nvr.sqlite-wal, nvr.sqlite-shm), then start again. Do not move the ' +
        'database aside: it holds the cameras, settings and event list.'
      );
    case 'disk-full':
      return (
        `The event database ${file} cannot be opened because the disk is full${why}. ${KEPT} Free some space on the ` +
        'disk that holds the data folder, then start again.'
      );
    case 'unopenable':
      return (
        `The event database ${file} cannot be opened${why}. ${KEPT} Check that the disk holding the data folder is ` +
        'connected and working, then start again; if it still fails, restore nvr.sqlite from a backup or run ' +
        '`nvr repair-database` (footage is kept and re-indexed; cameras and settings must then be added again).'
      );
  }
}

/** The data folder itself cannot be created or written (read-only disk or folder, another user's folder). */
export function dataFolderProblemMessage(root: string, code: string): string {
  const what =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'ENOENT' || code === 'ENOTDIR'
        ? 'a folder above it is missing or cannot be written'
        : 'it or its disk is read-only, or it belongs to another user';
  return (
    `The data folder ${root} cannot be created or written (${what}; ${code}). Nothing in it was changed. Give this ` +
    'user write permission to the folder (or start the app as the user who owns it), or choose another folder with ' +
    '--data-dir, then start again.'
  );
}
