// Range exports (migration 10): one row per named export, its files (one MP4 per camera) in the data folder's
// exports/<id>/. A row is 'running' while its files are written and 'done' once every one is complete; a row left
// 'running' by a crash is removed at the next start with its folder. Retention never reads this table.
import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import type { Db } from './database.ts';

export interface ExportFileRow {
  cameraId: string;
  /** The file's name in exports/<id>/. */
  file: string;
  bytes: number;
  durationMs: number;
}

export interface ExportRow {
  id: string;
  name: string;
  cameraIds: string[];
  fromMs: number;
  toMs: number;
  createdMs: number;
  state: 'running' | 'done';
  files: ExportFileRow[];
  bytes: number;
}

interface Raw {
  id: string;
  name: string;
  camera_ids: string;
  from_ms: number;
  to_ms: number;
  created_ms: number;
  state: 'running' | 'done';
  files_json: string;
  bytes: number;
}

const filesSchema = z.array(z.object({ cameraId: z.string(), file: z.string(), bytes: z.number(), durationMs: z.number() }));
const idsSchema = z.array(z.string());

function toRow(r: Raw): ExportRow {
  const files = filesSchema.safeParse(JSON.parse(r.files_json));
  const ids = idsSchema.safeParse(JSON.parse(r.camera_ids));
  return {
    id: r.id,
    name: r.name,
    cameraIds: ids.success ? ids.data : [],
    fromMs: r.from_ms,
    toMs: r.to_ms,
    createdMs: r.created_ms,
    state: r.state,
    files: files.success ? files.data : [],
    bytes: r.bytes,
  };
}

export class ExportRepository {
  private readonly insertStmt: Statement<[string, string, string, number, number, number], void>;
  private readonly finishStmt: Statement<[string, number, string], void>;
  private readonly getStmt: Statement<[string], Raw>;
  private readonly listStmt: Statement<[], Raw>;
  private readonly renameStmt: Statement<[string, string], void>;
  private readonly deleteStmt: Statement<[string], void>;
  private readonly runningStmt: Statement<[], Raw>;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO exports (id, name, camera_ids, from_ms, to_ms, created_ms, state) VALUES (?, ?, ?, ?, ?, ?, 'running')`,
    );
    this.finishStmt = db.prepare(`UPDATE exports SET state = 'done', files_json = ?, bytes = ? WHERE id = ?`);
    this.getStmt = db.prepare('SELECT * FROM exports WHERE id = ?');
    this.listStmt = db.prepare('SELECT * FROM exports ORDER BY created_ms DESC, id');
    this.renameStmt = db.prepare('UPDATE exports SET name = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM exports WHERE id = ?');
    this.runningStmt = db.prepare(`SELECT * FROM exports WHERE state = 'running'`);
  }

  insert(e: { id: string; name: string; cameraIds: string[]; fromMs: number; toMs: number; createdMs: number }): void {
    this.insertStmt.run(e.id, e.name, JSON.stringify(e.cameraIds), e.fromMs, e.toMs, e.createdMs);
  }

  finish(id: string, files: ExportFileRow[]): void {
    this.finishStmt.run(JSON.stringify(files), files.reduce((n, f) => n + f.bytes, 0), id);
  }

  get(id: string): ExportRow | null {
    const r = this.getStmt.get(id);
    return r ? toRow(r) : null;
  }

  list(): ExportRow[] {
    return this.listStmt.all().map(toRow);
  }

  rename(id: string, name: string): void {
    this.renameStmt.run(name, id);
  }

  delete(id: string): void {
    this.deleteStmt.run(id);
  }

  /** Exports a crash or power cut interrupted (start-up removes them). */
  running(): ExportRow[] {
    return this.runningStmt.all().map(toRow);
  }
}
