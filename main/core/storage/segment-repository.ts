// Recording segments: one row per closed 10 s MP4 file, written as the file closes (after it is in its dated folder).
// `path` is relative to the data folder. Rows marked `deleting` (retention's tombstone, set before the file is removed)
// are invisible to playback and export; retention finishes them at start-up after a crash.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';

export interface Segment {
  id: number;
  cameraId: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  sizeBytes: number;
  /** Relative to the data folder. */
  path: string;
}

export interface SegmentInsert {
  cameraId: string;
  startMs: number;
  endMs: number;
  sizeBytes: number;
  path: string;
  /** Found in the data folder by a database that did not index it (kept from the age and quota rules). */
  reindexed?: boolean;
}

/** [id, camera id, start ms, end ms, bytes, re-indexed 0/1] */
export type RetentionColumnsRow = [number, string, number, number, number, number];

interface SegmentRow {
  id: number;
  camera_id: string;
  start_ms: number;
  end_ms: number;
  duration_ms: number;
  size_bytes: number;
  path: string;
}

function toSegment(r: SegmentRow): Segment {
  return {
    id: r.id,
    cameraId: r.camera_id,
    startMs: r.start_ms,
    endMs: r.end_ms,
    durationMs: r.duration_ms,
    sizeBytes: r.size_bytes,
    path: r.path,
  };
}

export class SegmentRepository {
  private readonly insertStmt: Statement<[string, number, number, number, number, string, number], void>;
  private readonly rangeStmt: Statement<[string, number, number], SegmentRow>;
  private readonly byPathStmt: Statement<[string], SegmentRow>;
  private readonly markStmt: Statement<[number], void>;
  private readonly deleteStmt: Statement<[number], void>;
  private readonly deletingStmt: Statement<[], SegmentRow>;
  private readonly totalsStmt: Statement<[], { camera_id: string; bytes: number; ms: number; count: number }>;
  private readonly filesStmt: Statement<[], { id: number; path: string }>;
  private readonly liveCountStmt: Statement<[], { n: number }>;
  private readonly columnsStmt: Statement<[], RetentionColumnsRow>;
  private readonly fileOfStmt: Statement<[number], { path: string; size_bytes: number }>;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO segments (camera_id, start_ms, end_ms, duration_ms, size_bytes, path, reindexed) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (path) DO NOTHING`,
    );
    // Overlap with [from, to): a segment that started before `from` but ends after it is part of the range.
    this.rangeStmt = db.prepare(
      `SELECT * FROM segments WHERE camera_id = ? AND deleting = 0 AND start_ms < ? AND end_ms > ? ORDER BY start_ms`,
    );
    this.byPathStmt = db.prepare('SELECT * FROM segments WHERE path = ?');
    this.markStmt = db.prepare('UPDATE segments SET deleting = 1 WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM segments WHERE id = ?');
    this.deletingStmt = db.prepare('SELECT * FROM segments WHERE deleting = 1 ORDER BY id');
    this.totalsStmt = db.prepare(
      `SELECT camera_id, sum(size_bytes) AS bytes, sum(duration_ms) AS ms, count(*) AS count FROM segments
       WHERE deleting = 0 GROUP BY camera_id`,
    );
    this.filesStmt = db.prepare('SELECT id, path FROM segments WHERE deleting = 0');
    this.liveCountStmt = db.prepare('SELECT count(*) AS n FROM segments WHERE deleting = 0');
    this.columnsStmt = db
      .prepare<[], RetentionColumnsRow>(
        'SELECT id, camera_id, start_ms, end_ms, size_bytes, reindexed FROM segments WHERE deleting = 0 ORDER BY start_ms',
      )
      .raw(true);
    this.fileOfStmt = db.prepare('SELECT path, size_bytes FROM segments WHERE id = ?');
  }

  /** How many rows are live (retention sizes its columns with it before it reads them, in the same tick). */
  liveCount(): number {
    return this.liveCountStmt.get()!.n;
  }

  /**
   * Live rows oldest first as plain arrays [id, camera id, start, end, bytes, re-indexed 0/1]: retention reads 100,000
   * of them into typed columns without an object per row.
   */
  retentionColumns(): IterableIterator<RetentionColumnsRow> {
    return this.columnsStmt.iterate();
  }

  /** A row's file and size, tombstoned or not; null when the row is gone. */
  fileOf(id: number): { path: string; sizeBytes: number } | null {
    const r = this.fileOfStmt.get(id);
    return r ? { path: r.path, sizeBytes: r.size_bytes } : null;
  }

  /** Every live row's id and file (start-up recovery: a row whose file is gone is removed). */
  files(): Array<{ id: number; path: string }> {
    return this.filesStmt.all();
  }

  /** Indexes a closed segment; a second insert of the same file is ignored (recovery may see a file twice). */
  insert(s: SegmentInsert): void {
    const start = Math.round(s.startMs);
    const end = Math.max(start, Math.round(s.endMs));
    this.insertStmt.run(s.cameraId, start, end, end - start, s.sizeBytes, s.path, s.reindexed ? 1 : 0);
  }

  /** The camera's segments that overlap [fromMs, toMs), oldest first. */
  inRange(cameraId: string, fromMs: number, toMs: number): Segment[] {
    return this.rangeStmt.all(cameraId, Math.round(toMs), Math.round(fromMs)).map(toSegment);
  }

  byPath(path: string): Segment | null {
    const r = this.byPathStmt.get(path);
    return r ? toSegment(r) : null;
  }

  /** Retention's tombstone: set before the file is removed, so a crash in between is finished at the next start. */
  markDeleting(ids: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.markStmt.run(id);
    })();
  }

  remove(ids: readonly number[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.deleteStmt.run(id);
    })();
  }

  /** Tombstoned rows left by an interrupted retention pass. */
  deleting(): Segment[] {
    return this.deletingStmt.all().map(toSegment);
  }

  /** Bytes, recorded time and count per camera (the measured bitrate of each camera is bytes / time). */
  totals(): Map<string, { bytes: number; durationMs: number; count: number }> {
    const out = new Map<string, { bytes: number; durationMs: number; count: number }>();
    for (const r of this.totalsStmt.all()) out.set(r.camera_id, { bytes: r.bytes, durationMs: r.ms, count: r.count });
    return out;
  }
}
