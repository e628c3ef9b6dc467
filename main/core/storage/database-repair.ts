// `nvr repair-database`: the safe way out of a damaged event database. It never deletes: the damaged file (and its
// WAL and shared-memory files) is moved aside as nvr.sqlite.damaged-<time>, and the next start finds no database,
// re-indexes every recording and snapshot in the data folder and keeps them (folder-identity.ts). A database that
// opens and checks fine is left alone unless the owner insists (--force).
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger.ts';
import { closeDatabase, openDatabase } from './database.ts';
import { errorMessage } from '../../../preload/format.ts';

export interface RepairResult {
  /** moved aside; missing (nothing to move); sound (left alone); refused (not writable, or a newer version's). */
  outcome: 'moved' | 'missing' | 'sound' | 'refused';
  /** The files it was moved to (absolute). */
  files: string[];
  message: string;
}

/** A time stamp usable in a file name on every platform: 2026-12-01T11-42-05Z. */
export function damagedStamp(now: number): string {
  return new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

export function repairDatabase(databaseFile: string, o: { logger: Logger; force?: boolean; now?: number }): RepairResult {
  if (!existsSync(databaseFile)) {
    return { outcome: 'missing', files: [], message: `There is no event database at ${databaseFile}: the next start re-indexes the footage in the data folder and keeps it.` };
  }
  if (!o.force) {
    let problem: string | null = null;
    try {
      closeDatabase(openDatabase(databaseFile, { logger: o.logger }));
    } catch (err) {
      problem = errorMessage(err);
    }
    if (!problem) {
      return {
        outcome: 'sound',
        files: [],
        message: `The event database ${databaseFile} opens and checks fine: nothing was moved. (--force moves it aside anyway; the cameras, settings and event list would then have to be set up again.)`,
      };
    }
    if (/cannot be written|newer version/.test(problem)) {
      return { outcome: 'refused', files: [], message: `Nothing was moved: ${problem}` };
    }
  }
  const target = `${databaseFile}.damaged-${damagedStamp(o.now ?? Date.now())}`;
  const files: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(databaseFile + suffix)) continue;
    renameSync(databaseFile + suffix, target + suffix);
    files.push(target + suffix);
  }
  o.logger.warn({ movedTo: path.basename(target) }, 'the event database was moved aside on request');
  return {
    outcome: 'moved',
    files,
    message:
      `The damaged event database was moved aside to ${target}. No recording or snapshot was touched: the next start ` +
      're-indexes them and keeps them (they are not deleted by age). Add the cameras again after the start.',
  };
}
