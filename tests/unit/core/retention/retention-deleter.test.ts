// The one deleter, against real files and a real SQLite file: the tombstone is committed before any file goes, files
// go before rows, a missing file is fine, nothing outside the pass's folder (nor through a linked folder) is ever
// unlinked, `keepFiles` takes only the rows, and an unlink that fails leaves the rows tombstoned for recovery.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { openDatabase, type Db } from '../../../../main/core/storage/database.ts';
import { EventRepository } from '../../../../main/core/storage/event-repository.ts';
import { EventRetentionRepository } from '../../../../main/core/storage/event-retention-repository.ts';
import { RetentionDeleter, type TombstoneTable } from '../../../../main/core/retention/retention-deleter.ts';

let root: string;
let db: Db;
let rows: EventRetentionRepository;
let deleter: RetentionDeleter;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'nvr-deleter-'));
  db = openDatabase(path.join(root, 'nvr.sqlite'), { logger: silentLogger() });
  rows = new EventRetentionRepository(db);
  deleter = new RetentionDeleter({ dataRoot: root, logger: silentLogger() });
});
afterEach(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

/** An event row with a snapshot and a thumbnail on disk under snapshots/<day>/front/. */
function addEvent(id: string): { full: string; thumb: string } {
  const events = new EventRepository(db);
  const rel = 'snapshots/2026-11-20/front';
  mkdirSync(path.join(root, rel), { recursive: true });
  writeFileSync(path.join(root, rel, `${id}.jpg`), 'full');
  writeFileSync(path.join(root, rel, `${id}.thumb.jpg`), 'thumb');
  events.open({ id, cameraId: 'front', kind: 'motion', startMs: 1000, updatedMs: 1000, peakRatio: 0.1, boxes: [], frameWidth: 640, frameHeight: 480 });
  events.close(id, 2000, { snapshotPath: `${rel}/${id}.jpg`, thumbnailPath: `${rel}/${id}.thumb.jpg`, snapshotBytes: 9 });
  return { full: path.join(root, rel, `${id}.jpg`), thumb: path.join(root, rel, `${id}.thumb.jpg`) };
}

const rowCount = () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()!.n;
const target = () => ({ folder: root, what: 'snapshot' });

describe('the retention deleter', () => {
  it('tombstones, then unlinks, then removes the rows, and says which folders it emptied files from', async () => {
    const a = addEvent('a');
    const steps: string[] = [];
    // The real table, watched: what is on disk at each step.
    const table: TombstoneTable<string> = {
      markDeleting: (ids) => {
        steps.push(`mark files:${existsSync(a.full)}`);
        rows.markDeleting(ids);
      },
      remove: (ids) => {
        steps.push(`remove files:${existsSync(a.full) || existsSync(a.thumb)}`);
        rows.remove(ids);
      },
    };
    const dirs = await deleter.delete(table, [{ id: 'a', files: rows.files('a')! }], target());
    expect(steps).toEqual(['mark files:true', 'remove files:false']);
    expect(rowCount()).toBe(0);
    expect([...dirs]).toEqual([path.dirname(a.full)]);
  });

  it('is fine with a file already gone, and finishes tombstoned rows without marking them again', async () => {
    const a = addEvent('a');
    rows.markDeleting(['a']);
    rmSync(a.full);
    let marked = 0;
    const table: TombstoneTable<string> = { markDeleting: () => void marked++, remove: (ids) => rows.remove(ids) };
    await deleter.delete(table, rows.tombstoned(), { ...target(), tombstoned: true });
    expect(marked).toBe(0);
    expect(existsSync(a.thumb)).toBe(false);
    expect(rowCount()).toBe(0);
  });

  it('never unlinks outside the folder, by path or through a linked folder, and still removes the row', async () => {
    const outsideDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-deleter-outside-'));
    try {
      const precious = path.join(outsideDir, 'precious.jpg');
      writeFileSync(precious, 'precious');
      mkdirSync(path.join(root, 'snapshots'), { recursive: true });
      symlinkSync(outsideDir, path.join(root, 'snapshots', 'linked'));
      addEvent('a');
      const files = [path.relative(root, precious), 'snapshots/linked/precious.jpg', '../precious.jpg'];
      await deleter.delete(rows, [{ id: 'a', files }], target());
      expect(existsSync(precious)).toBe(true);
      expect(rowCount()).toBe(0);
    } finally {
      rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  it('with keepFiles takes only the rows (a database that is not the folder’s own)', async () => {
    const a = addEvent('a');
    rows.markDeleting(['a']);
    await deleter.delete(rows, rows.tombstoned(), { ...target(), tombstoned: true, keepFiles: true });
    expect(existsSync(a.full) && existsSync(a.thumb)).toBe(true);
    expect(rowCount()).toBe(0);
  });

  it('stops on an unlink it cannot do, leaving the rows tombstoned for recovery', async () => {
    addEvent('a');
    // A folder where the row says a file is: unlink refuses it (EISDIR), as it would a read-only disk.
    mkdirSync(path.join(root, 'snapshots/2026-11-20/front/odd.jpg'));
    const files = ['snapshots/2026-11-20/front/odd.jpg'];
    await expect(deleter.delete(rows, [{ id: 'a', files }], target())).rejects.toThrow(/EISDIR|EPERM/);
    expect(rows.tombstoned().map((t) => t.id)).toEqual(['a']);
  });
});
