// Start-up recovery of the recordings (engine start, before any camera starts): after a crash the files and the index
// agree again, never an orphan file and never a row without its file.
//   - every file left in a camera's incoming/ is made playable and indexed, or deleted;
//   - a row whose file is gone is removed;
//   - a segment file in a dated folder without a row is indexed (made playable first), or deleted.
// Rows retention has marked `deleting` are retention's to finish, and are left alone here.
// A file older than `ownSince` (written before this database got the folder's identity: the database was replaced) is
// not this database's own: it is indexed as re-indexed (kept from the age and quota rules), and a dated one that does
// not play is left alone rather than deleted.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger.ts';
import type { SegmentRepository } from '../storage/segment-repository.ts';
import { INCOMING, moveToDated } from './segment-files.ts';
import { finishPartial } from './segment-writer.ts';

export interface RecoveryOptions {
  dataRoot: string;
  recordingsRoot: string;
  segments: SegmentRepository;
  ffprobePath: string | null;
  logger: Logger;
  /** Files last written before this time (ms) were not indexed by this database (default 0: all are its own). */
  ownSince?: number;
}

export interface RecoveryResult {
  /** Unfinished segments made playable and indexed. */
  kept: number;
  /** Unplayable leftovers deleted. */
  deleted: number;
  /** Rows removed because their file was gone. */
  danglingRows: number;
  /** Files in dated folders that had no row and were indexed. */
  indexed: number;
  /** With `ownSince`: of those indexed or kept, how many were not this database's own (re-indexed). */
  reindexed?: number;
  /** With `ownSince`: files not this database's own that could not be measured (no ffprobe, or they do not play), left as they are. */
  leftAlone?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const rel = (root: string, abs: string) => path.relative(root, abs).split(path.sep).join('/');

async function dirs(p: string): Promise<string[]> {
  try {
    return (await readdir(p, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

async function files(p: string): Promise<string[]> {
  try {
    return (await readdir(p, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** The local time a dated segment's name gives (YYYY-MM-DD / HHMMSS[-n].mp4), ms; null when it gives none. */
export function datedNameTime(day: string, name: string): number | null {
  const d = DAY.test(day) ? day.split('-').map(Number) : null;
  const t = /^(\d{2})(\d{2})(\d{2})(?:-\d+)?\.mp4$/.exec(name);
  if (!d || !t) return null;
  const [h, m, sec] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (h > 23 || m > 59 || sec > 59) return null;
  const ms = new Date(d[0]!, d[1]! - 1, d[2]!, h, m, sec).getTime();
  return Number.isFinite(ms) ? ms : null;
}

export async function recoverRecordings(o: RecoveryOptions): Promise<RecoveryResult> {
  const ownSince = o.ownSince ?? 0;
  const result: RecoveryResult = { kept: 0, deleted: 0, danglingRows: 0, indexed: 0, ...(ownSince > 0 ? { reindexed: 0, leftAlone: 0 } : {}) };
  const count = (k: 'reindexed' | 'leftAlone') => void (result[k] = (result[k] ?? 0) + 1);
  const isOwn = async (abs: string): Promise<boolean> => ownSince <= 0 || (await stat(abs).then((st) => st.mtimeMs >= ownSince, () => true));
  const log = o.logger;

  // 1. Rows whose file is gone.
  const gone: number[] = [];
  for (const row of o.segments.files()) {
    try {
      await stat(path.resolve(o.dataRoot, row.path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') gone.push(row.id);
    }
  }
  if (gone.length) o.segments.remove(gone);
  result.danglingRows = gone.length;

  for (const cameraId of await dirs(o.recordingsRoot)) {
    const camDir = path.join(o.recordingsRoot, cameraId);
    // 2. Files in dated folders without a row.
    for (const day of (await dirs(camDir)).filter((d) => DAY.test(d))) {
      const dayDir = path.join(camDir, day);
      for (const name of await files(dayDir)) {
        const abs = path.join(dayDir, name);
        if (o.segments.byPath(rel(o.dataRoot, abs))) continue;
        const own = await isOwn(abs);
        const r = own || o.ffprobePath ? await finishPartial(abs, o.ffprobePath, { keepUnplayable: !own }) : null;
        if (!r) {
          if (own) result.deleted++;
          else count('leftAlone');
          continue;
        }
        // A file not this database's own may have been copied (its mtime is then the copy's): its dated name tells.
        const named = own ? null : datedNameTime(day, name);
        const startMs = named ?? r.endMs - r.durationMs;
        o.segments.insert({ cameraId, startMs, endMs: startMs + r.durationMs, sizeBytes: r.size, path: rel(o.dataRoot, abs), reindexed: !own });
        result.indexed++;
        if (!own) count('reindexed');
      }
    }
    // 3. Leftovers of ffmpeg runs that never finished.
    const inc = path.join(camDir, INCOMING);
    for (const name of (await files(inc)).sort()) {
      const abs = path.join(inc, name);
      const own = await isOwn(abs);
      if (!own && !o.ffprobePath) {
        count('leftAlone');
        continue;
      }
      const r = await finishPartial(abs, o.ffprobePath);
      if (!r) {
        result.deleted++;
        continue;
      }
      const startMs = r.endMs - r.durationMs;
      const target = await moveToDated(abs, o.recordingsRoot, cameraId, startMs);
      o.segments.insert({ cameraId, startMs, endMs: r.endMs, sizeBytes: r.size, path: rel(o.dataRoot, target), reindexed: !own });
      result.kept++;
      if (!own) count('reindexed');
    }
  }
  if (result.kept || result.deleted || result.danglingRows || result.indexed || result.leftAlone) {
    log.warn({ ...result }, 'recordings recovered after an unclean stop');
  }
  return result;
}
