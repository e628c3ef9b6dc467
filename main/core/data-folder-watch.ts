// Watches the data folder while the engine runs (issue 17, M2): every few seconds a stat of the folder, of its database
// file and a read of its folder-id (fs.watch alone misses a rename of the folder itself, and an unmount). The decision
// is data-folder-decision.ts; this only gathers the facts and reports changes of state.
import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './logging/logger.ts';
import { FOLDER_ID_FILE } from './storage/folder-identity.ts';
import { decideDataFolder, type DataFolderExpected, type DataFolderFacts, type DataFolderVerdict, type FileIdentity } from './storage/data-folder-decision.ts';
import { errorMessage } from '../../preload/format.ts';

export interface DataFolderStatus extends DataFolderVerdict {
  /** Since when (epoch ms) the folder is in this state. */
  since: number;
}

export interface DataFolderWatchOptions {
  root: string;
  databasePath: string;
  logger: Logger;
  /** The folder left (any state but ok) or came back (ok). */
  onChange: (status: DataFolderStatus) => void;
  /** How often the folder is looked at (default 2 s). */
  pollMs?: number;
}

async function identityOf(p: string, dir: boolean): Promise<FileIdentity | null> {
  try {
    const s = await stat(p);
    if (dir ? !s.isDirectory() : !s.isFile()) return null;
    return { dev: s.dev, ino: s.ino };
  } catch {
    return null;
  }
}

async function readId(root: string): Promise<string | null> {
  try {
    return (await readFile(path.join(root, FOLDER_ID_FILE), 'utf8')).trim() || null;
  } catch {
    return null;
  }
}

export async function dataFolderFacts(root: string, databasePath: string): Promise<DataFolderFacts> {
  const [r, folderId, database] = await Promise.all([identityOf(root, true), readId(root), identityOf(databasePath, false)]);
  return { root: r, folderId, database };
}

export class DataFolderWatch {
  private expected: DataFolderExpected | null = null;
  private current: DataFolderStatus = { state: 'ok', reason: null, since: Date.now() };
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(private readonly o: DataFolderWatchOptions) {}

  /** Takes the folder as it is now (after start-up wrote its folder-id) as the one to keep, and starts polling. */
  async start(): Promise<void> {
    const root = statSync(this.o.root);
    const db = statSync(this.o.databasePath);
    this.expected = { rootDev: root.dev, folderId: await readId(this.o.root), database: { dev: db.dev, ino: db.ino } };
    this.timer = setInterval(() => void this.check(), this.o.pollMs ?? 2000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  status(): DataFolderStatus {
    return this.current;
  }

  /** One look at the folder (the timer's; tests may call it). */
  async check(): Promise<DataFolderStatus> {
    if (!this.expected || this.busy) return this.current;
    this.busy = true;
    try {
      const verdict = decideDataFolder(await dataFolderFacts(this.o.root, this.o.databasePath), this.expected, this.o.root);
      if (verdict.state !== this.current.state) {
        this.current = { ...verdict, since: Date.now() };
        if (verdict.state === 'ok') this.o.logger.info('the data folder is back: writing resumes');
        else this.o.logger.error({ state: verdict.state }, verdict.reason ?? 'the data folder is not available');
        try {
          this.o.onChange(this.current);
        } catch (err) {
          this.o.logger.error({ err: errorMessage(err) }, 'reacting to the data folder failed');
        }
      }
      return this.current;
    } finally {
      this.busy = false;
    }
  }
}
