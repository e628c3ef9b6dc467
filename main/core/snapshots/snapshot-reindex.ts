// Snapshots found in the data folder that the database has no row for, when the database is not the folder's own (it
// was replaced): each `snapshots/YYYY-MM-DD/<camera>/<event>.jpg` (and its `.thumb.jpg`) becomes an event row again,
// at the time the file was written, marked re-indexed (never deleted by age; under the free-space floor, last). The
// kind is not kept in the file, so it comes back as a motion event. Files that match no camera and time are left as
// they are: nothing here deletes.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../storage/database.ts';

export interface SnapshotReindexResult {
  /** Event rows made from snapshot files. */
  events: number;
  /** Files that could not be matched to a camera and a time (left where they are). */
  leftAlone: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NAME = /^([A-Za-z0-9_-]{1,64})(\.thumb)?\.jpg$/;

async function entries(dir: string): Promise<Array<{ name: string; dir: boolean }>> {
  try {
    return (await readdir(dir, { withFileTypes: true })).map((e) => ({ name: e.name, dir: e.isDirectory() }));
  } catch {
    return [];
  }
}

/** A file's time when it lies on its dated folder's day (local), else that day's start (the file was copied). */
export function withinDay(day: string, atMs: number): number {
  const [y, m, d] = day.split('-').map(Number);
  const start = new Date(y!, m! - 1, d!).getTime();
  const end = new Date(y!, m! - 1, d! + 1).getTime();
  return atMs >= start && atMs < end ? atMs : start;
}

export async function reindexSnapshots(db: Db, dataRoot: string, snapshotsRoot: string): Promise<SnapshotReindexResult> {
  const result: SnapshotReindexResult = { events: 0, leftAlone: 0 };
  const known = new Set<string>();
  for (const r of db.prepare<[], { s: string | null; t: string | null }>('SELECT snapshot_path AS s, thumbnail_path AS t FROM events').all()) {
    if (r.s) known.add(r.s);
    if (r.t) known.add(r.t);
  }
  const exists = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM events WHERE id = ?');
  const insert = db.prepare(
    `INSERT INTO events (id, camera_id, kind, start_ms, end_ms, updated_ms, snapshot_path, thumbnail_path, snapshot_bytes, reindexed)
     VALUES (?, ?, 'motion', ?, ?, ?, ?, ?, ?, 1)`,
  );
  for (const day of await entries(snapshotsRoot)) {
    if (!day.dir || !DAY.test(day.name)) {
      result.leftAlone++;
      continue;
    }
    const dayDir = path.join(snapshotsRoot, day.name);
    for (const cam of await entries(dayDir)) {
      if (!cam.dir) {
        result.leftAlone++;
        continue;
      }
      const camDir = path.join(dayDir, cam.name);
      const groups = new Map<string, { full?: string; thumb?: string }>();
      for (const f of await entries(camDir)) {
        const rel = `snapshots/${day.name}/${cam.name}/${f.name}`;
        if (known.has(rel)) continue;
        const m = f.dir ? null : NAME.exec(f.name);
        if (!m) {
          result.leftAlone++;
          continue;
        }
        const g = groups.get(m[1]!) ?? {};
        if (m[2]) g.thumb = rel;
        else g.full = rel;
        groups.set(m[1]!, g);
      }
      for (const [id, g] of groups) {
        const files = [g.full, g.thumb].filter((p): p is string => !!p);
        if (exists.get(id)!.n > 0) {
          result.leftAlone += files.length;
          continue;
        }
        let bytes = 0;
        let atMs = Infinity;
        for (const rel of files) {
          const st = await stat(path.join(dataRoot, rel)).catch(() => null);
          if (!st) continue;
          bytes += st.size;
          atMs = Math.min(atMs, Math.round(st.mtimeMs));
        }
        if (!Number.isFinite(atMs)) continue;
        atMs = withinDay(day.name, atMs);
        insert.run(id, cam.name, atMs, atMs, atMs, g.full ?? null, g.thumb ?? null, bytes);
        result.events++;
      }
    }
  }
  return result;
}
