// Is the data folder still the one the engine opened? Pure: the watcher (data-folder-watch.ts) gathers the facts (a
// stat of the folder, of its database file, and the folder-id it carries, C1's identity) and this decides, in one
// sentence a shop owner can act on. A folder that is gone, on another disk (unmounted) or another folder (replaced)
// means: stop writing, hold the events, never make an empty folder tree in its place, resume when it is back.

export interface FileIdentity {
  dev: number;
  ino: number;
}

export interface DataFolderFacts {
  /** The data folder itself; null when it is missing or not a folder. */
  root: FileIdentity | null;
  /** What its folder-id file says; null when the file is missing or unreadable. */
  folderId: string | null;
  /** The database file at its path; null when it is missing. */
  database: FileIdentity | null;
}

/** What the engine opened: the folder's device, its folder-id (null when none was written yet), the database file. */
export interface DataFolderExpected {
  rootDev: number;
  folderId: string | null;
  database: FileIdentity;
}

export type DataFolderState = 'ok' | 'missing' | 'unmounted' | 'replaced' | 'copied';

export interface DataFolderVerdict {
  state: DataFolderState;
  /** One sentence for the owner; null when all is well. */
  reason: string | null;
}

const PAUSED = 'recording is paused and new events are kept in memory';

export function decideDataFolder(facts: DataFolderFacts, expected: DataFolderExpected, dir: string): DataFolderVerdict {
  const ok: DataFolderVerdict = { state: 'ok', reason: null };
  if (!facts.root) {
    return {
      state: 'missing',
      reason: `The data folder ${dir} is gone (deleted, moved or its disk removed): ${PAUSED}; put the folder back (or reconnect its disk) and recording resumes by itself.`,
    };
  }
  const idMatches = expected.folderId === null ? facts.database !== null : facts.folderId === expected.folderId;
  if (facts.root.dev !== expected.rootDev && !idMatches) {
    return {
      state: 'unmounted',
      reason: `The disk that holds the data folder ${dir} is no longer mounted: ${PAUSED}; reconnect or mount the disk again and recording resumes by itself.`,
    };
  }
  if (!idMatches) {
    return {
      state: 'replaced',
      reason: `The data folder ${dir} was replaced by another folder: ${PAUSED}; put the original folder back and recording resumes by itself.`,
    };
  }
  if (!facts.database || facts.database.dev !== expected.database.dev || facts.database.ino !== expected.database.ino) {
    // The folder is back as a copy: the database the engine holds open is not the file at its path any more.
    return {
      state: 'copied',
      reason: `The data folder ${dir} came back as a copy: ${PAUSED}; restart ShopWatch NVR so that it opens the copied database.`,
    };
  }
  return ok;
}

/** The title of the alert raised when the folder is lost, and when it is back. */
export function dataFolderAlertTitle(state: DataFolderState): string {
  return state === 'ok' ? 'Recording resumed: the data folder is back' : 'Recording paused: the data folder is not available';
}
