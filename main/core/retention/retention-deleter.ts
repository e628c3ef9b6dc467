// The one deleter of retention: tombstone the rows (committed) → unlink their files → delete the rows. A crash in
// between leaves tombstones that the next start finishes: never a visible row pointing at a missing file. A file is
// unlinked only when it lies inside the pass's folder, the folder holding it resolved through symbolic links, so a
// row (or a linked folder) can never lead an unlink elsewhere; a refused file is logged and its row still goes. A file
// already gone is fine. Any other unlink error stops the batch with its rows still tombstoned (finished at recovery).
import { isInside, isSameOrInside } from '../util/path-inside.ts';
import { realpath, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger.ts';

/** A table whose rows retention deletes (a repository in storage/). */
export interface TombstoneTable<Id> {
  markDeleting(ids: readonly Id[]): void;
  remove(ids: readonly Id[]): void;
}

/** A row to delete and its files, relative to the data folder. */
export interface DoomedRow<Id> {
  id: Id;
  files: readonly string[];
}

export interface DeleteOptions {
  /** Files must lie inside this folder (absolute). */
  folder: string;
  /** What a file is, for the log line ("segment", "snapshot"). */
  what: string;
  /** The rows are tombstoned already (recovery after a crash). */
  tombstoned?: boolean;
  /** Only the rows go (a database that is not the folder's own never indexed these files). */
  keepFiles?: boolean;
}

/** Folders are resolved once per batch: 500 segments of one day share one folder. */
type FolderVerdicts = Map<string, boolean>;

export class RetentionDeleter {
  constructor(private readonly o: { dataRoot: string; logger: Logger }) {}

  /** Tombstone → files → rows. Returns the folders that held the unlinked files (for tidying empty ones). */
  async delete<Id>(table: TombstoneTable<Id>, rows: ReadonlyArray<DoomedRow<Id>>, opts: DeleteOptions): Promise<Set<string>> {
    const touched = new Set<string>();
    if (rows.length === 0) return touched;
    const ids = rows.map((r) => r.id);
    if (!opts.tombstoned) table.markDeleting(ids);
    if (!opts.keepFiles) {
      const verdicts: FolderVerdicts = new Map();
      for (const row of rows) {
        for (const dir of await this.unlinkAll(row.files, opts, verdicts)) touched.add(dir);
      }
    }
    table.remove(ids);
    return touched;
  }

  /** Unlinks files no row refers to (an orphan sweep), with the same folder check. Returns their folders. */
  async unlinkFiles(files: readonly string[], opts: Pick<DeleteOptions, 'folder' | 'what'>): Promise<Set<string>> {
    return this.unlinkAll(files, opts, new Map());
  }

  private async unlinkAll(files: readonly string[], opts: Pick<DeleteOptions, 'folder' | 'what'>, verdicts: FolderVerdicts): Promise<Set<string>> {
    const dirs = new Set<string>();
    for (const rel of files) {
      const abs = path.resolve(this.o.dataRoot, rel);
      if (!(await this.inside(abs, path.resolve(opts.folder), verdicts))) {
        this.o.logger.error({ path: rel.slice(0, 200), folder: path.basename(opts.folder) }, `refusing to delete a ${opts.what} outside its folder`);
        continue;
      }
      try {
        await unlink(abs);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      dirs.add(path.dirname(abs));
    }
    return dirs;
  }

  /**
   * Whether `abs` lies inside `folder`, the folder holding it resolved through links. A folder that no longer exists
   * passes (there is nothing left to delete there; unlink then reports ENOENT).
   */
  private async inside(abs: string, folder: string, verdicts: FolderVerdicts): Promise<boolean> {
    if (!isInside(folder, abs)) return false;
    const dir = path.dirname(abs);
    let ok = verdicts.get(dir);
    if (ok === undefined) {
      try {
        const [realRoot, realDir] = await Promise.all([realpath(folder), realpath(dir)]);
        ok = isSameOrInside(realRoot, realDir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        ok = true;
      }
      verdicts.set(dir, ok);
    }
    return ok;
  }
}
