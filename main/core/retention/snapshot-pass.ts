// The snapshots pass: at start-up (never during a run, when a snapshot may be written a moment before its row points
// at it) files under the snapshot folders that no row refers to are removed (a crash between a file and its row), and
// so are empty day and camera folders. Only files this database wrote go: nothing is swept when the database is not
// the folder's own, nor any file last written before it got the folder's identity. Also the folder tidying the events
// pass uses after its deletions.
import { isInside } from '../util/path-inside.ts';
import { readdir, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger.ts';
import { listFiles } from '../util/list-files.ts';
import type { RetentionDeleter } from './retention-deleter.ts';
import type { RecoverContext, RetentionPass } from './retention-scheduler.ts';

/** Folders under the data root whose files belong to rows (and may be swept when no row refers to them). */
export const SNAPSHOT_FOLDERS = ['snapshots'];

export interface SnapshotPassOptions {
  dataRoot: string;
  logger: Logger;
  deleter: RetentionDeleter;
  /** Every file a row refers to, relative to the data folder. */
  referencedFiles: () => string[];
}

export class SnapshotPass implements RetentionPass {
  readonly name = 'snapshots';

  constructor(private readonly o: SnapshotPassOptions) {}

  async recover(ctx: RecoverContext): Promise<void> {
    if (ctx.keepFiles) return;
    const swept = await this.sweepOrphans(ctx.ownSince);
    if (swept.files) this.o.logger.warn(swept, 'removed files that no event referred to');
    const folders = await this.sweepEmptyFolders();
    if (folders) this.o.logger.info({ folders }, 'removed empty snapshot folders');
  }

  /** Files under the snapshot folders that no row refers to, last written at or after `notBefore` (ms). */
  async sweepOrphans(notBefore = 0): Promise<{ files: number; bytes: number }> {
    const referenced = new Set(this.o.referencedFiles().map((rel) => path.resolve(this.o.dataRoot, rel)));
    const swept = { files: 0, bytes: 0 };
    for (const folder of SNAPSHOT_FOLDERS) {
      const root = path.join(this.o.dataRoot, folder);
      for (const file of await listFiles(root)) {
        if (referenced.has(file)) continue;
        try {
          const st = await stat(file);
          if (st.mtimeMs < notBefore) continue;
          const gone = await this.o.deleter.unlinkFiles([path.relative(this.o.dataRoot, file)], { folder: root, what: 'snapshot' });
          if (gone.size) {
            swept.bytes += st.size;
            swept.files++;
          }
        } catch {
          // vanished meanwhile
        }
        await removeEmptyParents(this.o.dataRoot, path.dirname(file));
      }
    }
    return swept;
  }

  /** Removes empty folders below the snapshot folders (day and camera folders a crash left behind). Returns how many. */
  async sweepEmptyFolders(): Promise<number> {
    let removed = 0;
    // Bottom-up: a folder goes once everything below it has gone. rmdir fails on a folder that still holds anything.
    const removeEmpty = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) if (e.isDirectory()) await removeEmpty(path.join(dir, e.name));
      try {
        await rmdir(dir);
        removed++;
      } catch {
        // not empty
      }
    };
    for (const folder of SNAPSHOT_FOLDERS) {
      let entries;
      try {
        entries = await readdir(path.join(this.o.dataRoot, folder), { withFileTypes: true });
      } catch {
        continue; // no snapshots yet
      }
      for (const e of entries) if (e.isDirectory()) await removeEmpty(path.join(this.o.dataRoot, folder, e.name));
    }
    return removed;
  }
}

/** Removes empty day/camera folders up to (not including) the snapshot folder or the data folder. */
export async function removeEmptyParents(dataRoot: string, dir: string): Promise<void> {
  const root = path.resolve(dataRoot);
  const stops = new Set(SNAPSHOT_FOLDERS.map((f) => path.resolve(root, f)));
  stops.add(root);
  let current = path.resolve(dir);
  while (!stops.has(current) && isInside(root, current)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty (or gone)
    }
    current = path.dirname(current);
  }
}
