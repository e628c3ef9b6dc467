// Whether the database that was just opened is the one that indexed this data folder's footage, pure. The folder and
// its database carry one identity: a random id in the folder's `folder-id` file and in the database's meta table,
// written together. A database that is new, empty, or from another folder must never let retention delete footage it
// did not index: that footage is re-indexed as "not this database's own" (kept from the age and quota rules).
//
//   folder id | database id | verdict
//   ----------+-------------+------------------------------------------------------------------------------------
//   A         | A           | own
//   A         | B           | foreign   (a database from another data folder)
//   A         | none        | replaced  (moved aside, truncated, recreated), unless it knows this footage (a backup
//             |             |            from before ids existed: adopted) or there is no footage at all (new)
//   none      | B           | own when it knows this footage or there is none (the id file was lost: rewritten);
//             |             |            foreign when the folder has footage it does not know
//   none      | none        | adopted (an install made before ids existed) when it knows the footage or there is
//             |             |            none and the database is not new; new when both are new;
//             |             |            replaced / foreign when the folder has footage it does not know
// "Knows the footage" = some of its newest segment or snapshot rows point at files that exist here.
import { say, type Said } from '../../../preload/i18n/engine-message.ts';

export type FolderIdentityVerdict = 'own' | 'new' | 'adopted' | 'replaced' | 'foreign';

export interface FolderIdentityFacts {
  /** The id in the data folder's id file (null: no file). */
  folderId: string | null;
  /** The id in the database's meta table (null: none). */
  databaseId: string | null;
  /** The database had no schema before this start (a missing, 0-byte or empty file). */
  databaseWasNew: boolean;
  /** The data folder holds recording segments or snapshots. */
  folderHasFootage: boolean;
  /** At least one of the database's segment or snapshot rows points at a file that exists in the folder. */
  databaseKnowsFootage: boolean;
}

export interface FolderIdentityDecision {
  verdict: FolderIdentityVerdict;
  /** Footage without a row is re-indexed as not indexed by this database (and snapshots are never swept). */
  foreignFootage: boolean;
  /** The id both the file and the meta row carry from now on; null = make a new one. */
  id: string | null;
}

export function decideFolderIdentity(f: FolderIdentityFacts): FolderIdentityDecision {
  const foreign = (verdict: 'replaced' | 'foreign'): FolderIdentityDecision => ({ verdict, foreignFootage: true, id: f.folderId });
  const safe = (verdict: 'own' | 'new' | 'adopted', id: string | null): FolderIdentityDecision => ({ verdict, foreignFootage: false, id });
  if (f.folderId && f.databaseId) return f.folderId === f.databaseId ? safe('own', f.folderId) : foreign('foreign');
  if (f.folderId) {
    if (f.databaseKnowsFootage) return safe('adopted', f.folderId);
    return f.folderHasFootage ? foreign('replaced') : safe('new', f.folderId);
  }
  if (f.databaseId) {
    return f.databaseKnowsFootage || !f.folderHasFootage ? safe('own', f.databaseId) : foreign('foreign');
  }
  if (f.folderHasFootage && !f.databaseKnowsFootage) return foreign(f.databaseWasNew ? 'replaced' : 'foreign');
  return safe(f.databaseWasNew && !f.folderHasFootage ? 'new' : 'adopted', null);
}

/** The one sentence health, the log and the API give while re-indexed footage is kept. */
export function reindexNotice(n: { verdict: 'replaced' | 'foreign'; at: number; segments: number; snapshots: number }): string {
  return reindexNoticeSaid(n).text;
}

/** The same notice, with its message of the engine area (the UI shows it in the owner's language). */
export function reindexNoticeSaid(n: { verdict: 'replaced' | 'foreign'; at: number; segments: number; snapshots: number }): Said {
  const params = { when: `${new Date(n.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`, segments: n.segments, snapshots: n.snapshots };
  return n.verdict === 'foreign' ? say('engine_database_foreign', params) : say('engine_database_replaced', params);
}
