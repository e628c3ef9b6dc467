// The data folder's identity at start-up (the decision itself is folder-identity-decision.ts): reads the facts from the
// folder and the database, and once start-up has re-indexed what it must, writes the one id to both. Also what health
// says while footage re-indexed from a replaced database is kept.
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from './database.ts';
import type { DataPaths } from '../config/data-dir.ts';
import type { DatabaseStatus } from '../../../preload/contract.ts';
import type { Logger } from '../logging/logger.ts';
import { decideFolderIdentity, reindexNoticeSaid, type FolderIdentityDecision, type FolderIdentityFacts } from './folder-identity-decision.ts';
import { resolveBelow } from '../util/path-inside.ts';
import type { Said } from '../../../preload/i18n/engine-message.ts';

export const FOLDER_ID_FILE = 'folder-id';
const ID = /^[A-Za-z0-9-]{8,64}$/;

export interface FolderIdentity extends FolderIdentityDecision {
  /** Footage files written from this time on (ms, file mtime) are this database's own; older rowless files are not. */
  ownSince: number;
}

export function getMeta(db: Db, key: string): string | null {
  return db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function readFolderId(root: string): string | null {
  try {
    const id = readFileSync(path.join(root, FOLDER_ID_FILE), 'utf8').trim();
    return ID.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** Reads the facts and decides. `databaseWasNew`: the database had no schema before this open. */
export async function resolveFolderIdentity(db: Db, paths: DataPaths, databaseWasNew: boolean, startedAt: number): Promise<FolderIdentity> {
  const facts: FolderIdentityFacts = {
    folderId: readFolderId(paths.root),
    databaseId: getMeta(db, 'folder_id'),
    databaseWasNew,
    folderHasFootage: (await hasFile(paths.recordings, '.mp4', 2)) || (await hasFile(paths.snapshots, '.jpg', 2)),
    databaseKnowsFootage: await knowsFootage(db, paths.root),
  };
  const decision = decideFolderIdentity(facts);
  const since = Number(getMeta(db, 'identity_since') ?? '0');
  const ownSince = decision.foreignFootage ? startedAt : decision.verdict === 'own' ? since : 0;
  return { ...decision, ownSince };
}

/**
 * After start-up has re-indexed (never before: a crash in between must find the folder still foreign): the same id in
 * the folder's file and the database, and from when this database's own footage starts.
 */
export function establishFolderIdentity(
  db: Db,
  root: string,
  identity: FolderIdentity,
  reindexed: { segments: number; snapshots: number; at: number },
): void {
  const id = identity.id ?? randomUUID();
  db.transaction(() => {
    setMeta(db, 'folder_id', id);
    setMeta(db, 'identity_since', String(identity.ownSince));
    if (identity.foreignFootage) {
      setMeta(db, 'reindex_notice', JSON.stringify({ verdict: identity.verdict, ...reindexed }));
    }
  })();
  if (readFolderId(root) !== id) {
    const file = path.join(root, FOLDER_ID_FILE);
    writeFileSync(`${file}.tmp`, `${id}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
}

/** After start-up has re-indexed: one identity from now on, and the log says what was kept (one sentence). */
export function finishFolderIdentity(
  db: Db,
  root: string,
  identity: FolderIdentity,
  reindexed: { segments: number; snapshots: number; leftAlone: number },
  logger: Logger,
): void {
  establishFolderIdentity(db, root, identity, { segments: reindexed.segments, snapshots: reindexed.snapshots, at: Date.now() });
  if (identity.foreignFootage) {
    const notice = databaseStatus(db, identity.verdict).notice ?? 'The event database was replaced: the footage in the data folder was kept.';
    logger.warn({ identity: identity.verdict, reindexedSegments: reindexed.segments, reindexedSnapshots: reindexed.snapshots, leftAlone: reindexed.leftAlone }, notice);
  } else if (identity.verdict === 'adopted') {
    logger.info('this data folder and its event database now carry one identity (folder-id)');
  }
}

/** What health and the API say about the database (counts are live: re-indexed footage retention removed is gone). */
export function databaseStatus(db: Db, verdict: FolderIdentity['verdict']): DatabaseStatus {
  const count = (table: 'segments' | 'events') =>
    db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE reindexed = 1 AND deleting = 0`).get()?.n ?? 0;
  const segments = count('segments');
  const snapshots = count('events');
  let notice: Said | null = null;
  const raw = getMeta(db, 'reindex_notice');
  if (raw && (segments > 0 || snapshots > 0)) {
    try {
      const n = JSON.parse(raw) as { verdict?: unknown; at?: unknown };
      const v = n.verdict === 'foreign' ? 'foreign' : 'replaced';
      notice = reindexNoticeSaid({ verdict: v, at: typeof n.at === 'number' ? n.at : Date.now(), segments, snapshots });
    } catch {
      notice = reindexNoticeSaid({ verdict: 'replaced', at: Date.now(), segments, snapshots });
    }
  }
  return {
    identity: verdict,
    notice: notice?.text ?? null,
    ...(notice ? { noticeMessage: notice.message } : {}),
    reindexedSegments: segments,
    reindexedSnapshots: snapshots,
  };
}

/**
 * Whether some of the database's newest rows of its own point at files that exist (checks at most 50 of each). Rows it
 * re-indexed do not count: a start that stopped half-way through re-indexing finds the folder still foreign.
 */
async function knowsFootage(db: Db, root: string): Promise<boolean> {
  const rows = [
    ...db.prepare<[], { p: string }>('SELECT path AS p FROM segments WHERE deleting = 0 AND reindexed = 0 ORDER BY id DESC LIMIT 50').all(),
    ...db
      .prepare<[], { p: string }>(
        'SELECT snapshot_path AS p FROM events WHERE deleting = 0 AND reindexed = 0 AND snapshot_path IS NOT NULL ORDER BY start_ms DESC LIMIT 50',
      )
      .all(),
  ];
  for (const r of rows) {
    const abs = resolveBelow(root, r.p);
    if (abs === null) continue;
    try {
      if ((await stat(abs)).isFile()) return true;
    } catch {
      // gone
    }
  }
  return false;
}

/** Whether a file with this ending lies within `depth + 1` folder levels below `dir` (stops at the first). */
async function hasFile(dir: string, ending: string, depth: number): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) if (e.isFile() && e.name.endsWith(ending)) return true;
  if (depth <= 0) return false;
  for (const e of entries) if (e.isDirectory() && (await hasFile(path.join(dir, e.name), ending, depth - 1))) return true;
  return false;
}
