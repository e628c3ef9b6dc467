// Is the data folder still the one the engine opened? Pure: the watcher (data-folder-watch.ts) gathers the facts (a
// stat of the folder, of its database file, and the folder-id it carries, C1's identity) and this decides, in one
// sentence a shop owner can act on. A folder that is gone, on another disk (unmounted) or another folder (replaced)
// means: stop writing, hold the events, never make an empty folder tree in its place, resume when it is back.
import { say, type EngineMessage, type Said } from '../../../preload/i18n/engine-message.ts';

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
  /** The sentence as a message of the engine area (absent when all is well). */
  reasonMessage?: EngineMessage;
}

/** A verdict that is not ok: its sentence, and the sentence as a message of the engine area. */
function saidVerdict(state: Exclude<DataFolderState, 'ok'>, said: Said): DataFolderVerdict {
  return { state, reason: said.text, reasonMessage: said.message };
}

export function decideDataFolder(facts: DataFolderFacts, expected: DataFolderExpected, dir: string): DataFolderVerdict {
  const ok: DataFolderVerdict = { state: 'ok', reason: null };
  if (!facts.root) {
    return saidVerdict('missing', say('engine_folder_missing', { folder: dir }));
  }
  const idMatches = expected.folderId === null ? facts.database !== null : facts.folderId === expected.folderId;
  if (facts.root.dev !== expected.rootDev && !idMatches) {
    return saidVerdict('unmounted', say('engine_folder_unmounted', { folder: dir }));
  }
  if (!idMatches) {
    return saidVerdict('replaced', say('engine_folder_replaced', { folder: dir }));
  }
  if (!facts.database || facts.database.dev !== expected.database.dev || facts.database.ino !== expected.database.ino) {
    // The folder is back as a copy: the database the engine holds open is not the file at its path any more.
    return saidVerdict('copied', say('engine_folder_copied', { folder: dir }));
  }
  return ok;
}

/** The title of the alert raised when the folder is lost, and when it is back. */
export function dataFolderAlertTitle(state: DataFolderState): string {
  return state === 'ok' ? 'Recording resumed: the data folder is back' : 'Recording paused: the data folder is not available';
}
