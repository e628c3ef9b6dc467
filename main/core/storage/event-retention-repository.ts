// The events table as retention sees it: candidates to plan, the windows that keep footage, tombstones, and every
// file a row refers to. Tombstoned rows (`deleting = 1`) are included where retention must finish them; the rest of
// the app reads events through event-repository.ts, which never sees them.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';

/** A live event as the planner sees it (retention-plan.ts's RetentionCandidate). */
export interface EventRetentionRow {
  id: string;
  cameraId: string;
  startMs: number;
  endMs: number | null;
  /** Bytes its files take on disk. */
  bytes: number;
  keepForever: boolean;
  reindexed: boolean;
}

/** [camera id, start ms, end ms or null while open, keep-forever 0/1] */
export type EventWindowRow = [string, number, number | null, number];

interface CandidateRow {
  id: string;
  camera_id: string;
  start_ms: number;
  end_ms: number | null;
  snapshot_bytes: number;
  keep_forever: number;
  reindexed: number;
}

interface FilesRow {
  snapshot_path: string | null;
  thumbnail_path: string | null;
}

const filesOf = (r: FilesRow): string[] => [r.snapshot_path, r.thumbnail_path].filter((p): p is string => p !== null);

export class EventRetentionRepository {
  private readonly candidatesStmt: Statement<[], CandidateRow>;
  private readonly windowsStmt: Statement<[], EventWindowRow>;
  private readonly tombstonesStmt: Statement<[], FilesRow & { id: string }>;
  private readonly filesStmt: Statement<[string], FilesRow>;
  private readonly allFilesStmt: Statement<[], FilesRow>;
  private readonly bytesStmt: Statement<[string], { b: number }>;
  private readonly markStmt: Statement<[string], void>;
  private readonly deleteStmt: Statement<[string], void>;

  constructor(private readonly db: Db) {
    this.candidatesStmt = db.prepare(
      'SELECT id, camera_id, start_ms, end_ms, snapshot_bytes, keep_forever, reindexed FROM events WHERE deleting = 0',
    );
    this.windowsStmt = db
      .prepare<[], EventWindowRow>('SELECT camera_id, start_ms, end_ms, keep_forever FROM events WHERE deleting = 0')
      .raw(true);
    this.tombstonesStmt = db.prepare('SELECT id, snapshot_path, thumbnail_path FROM events WHERE deleting = 1');
    this.filesStmt = db.prepare('SELECT snapshot_path, thumbnail_path FROM events WHERE id = ?');
    this.allFilesStmt = db.prepare('SELECT snapshot_path, thumbnail_path FROM events');
    this.bytesStmt = db.prepare('SELECT snapshot_bytes AS b FROM events WHERE id = ?');
    this.markStmt = db.prepare('UPDATE events SET deleting = 1 WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM events WHERE id = ?');
  }

  /** Every live event, for the planner. */
  candidates(): EventRetentionRow[] {
    return this.candidatesStmt.all().map((r) => ({
      id: r.id,
      cameraId: r.camera_id,
      startMs: r.start_ms,
      endMs: r.end_ms,
      bytes: r.snapshot_bytes,
      keepForever: r.keep_forever === 1,
      reindexed: r.reindexed === 1,
    }));
  }

  /** Live events as plain arrays (the footage they keep), without an object per row. */
  windows(): IterableIterator<EventWindowRow> {
    return this.windowsStmt.iterate();
  }

  /** Rows a crash left tombstoned, with their files (relative to the data folder). */
  tombstoned(): Array<{ id: string; files: string[] }> {
    return this.tombstonesStmt.all().map((r) => ({ id: r.id, files: filesOf(r) }));
  }

  /** A row's files, tombstoned or not; null when there is no such row. */
  files(id: string): string[] | null {
    const r = this.filesStmt.get(id);
    return r ? filesOf(r) : null;
  }

  /** Every file any row refers to, tombstoned rows included (what an orphan sweep must keep). */
  referencedFiles(): string[] {
    return this.allFilesStmt.all().flatMap(filesOf);
  }

  /** Bytes an event's files take (0 when there is no such row). */
  bytes(id: string): number {
    return this.bytesStmt.get(id)?.b ?? 0;
  }

  /** The tombstone, committed before any file goes. */
  markDeleting(ids: readonly string[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.markStmt.run(id);
    })();
  }

  remove(ids: readonly string[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.deleteStmt.run(id);
    })();
  }
}
