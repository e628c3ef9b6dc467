// What a full disk looks like to the code: SQLite's SQLITE_FULL (and the I/O errors a full disk gives it, for
// instance when the WAL's shared memory cannot grow), and ENOSPC / EDQUOT from the file system. One sentence for it.

const SQLITE_CODES = /^SQLITE_(FULL|IOERR)/;
const ERRNO_CODES = new Set(['ENOSPC', 'EDQUOT']);

/** True for an error a full disk (or an exhausted quota) causes. */
export function isDiskFullError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (SQLITE_CODES.test(code) || ERRNO_CODES.has(code))) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && /database or disk is full|no space left on device|disk quota exceeded/i.test(message);
}

export const DISK_FULL_SENTENCE =
  'The disk that holds the data folder is full: new events are kept in memory and written once old recordings are removed or you free some space.';

/** Runs `fn`; a full disk calls `onFull` instead of failing (start-up work that the next start can finish). */
export async function unlessDiskFull(fn: () => Promise<unknown>, onFull: () => void): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!isDiskFullError(err)) throw err;
    onFull();
  }
}
