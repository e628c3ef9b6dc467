// Events table. Rows are written when an event opens, updated while it changes and when it closes, so a crash loses
// nothing committed. Rows marked `deleting` (retention's tombstone, set before their files are removed) are invisible.
// Lists are newest first with a cursor on (start_ms, id), stable when events start in the same millisecond.
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';
import { ApiError, type Box, type EventKind, type EventView, type TrackPathPoint } from '../../../preload/contract.ts';

interface EventRow {
  id: string;
  camera_id: string;
  kind: EventKind;
  start_ms: number;
  end_ms: number | null;
  updated_ms: number;
  peak_ratio: number;
  boxes_json: string;
  frame_width: number;
  frame_height: number;
  top_score: number | null;
  person_box_json: string | null;
  snapshot_path: string | null;
  thumbnail_path: string | null;
  snapshot_bytes: number;
  keep_forever: number;
  track_id: number | null;
  path_json: string;
  zone: string | null;
  reviewed_at: number | null;
}

export interface EventOpen {
  id: string;
  cameraId: string;
  kind: EventKind;
  startMs: number;
  updatedMs: number;
  peakRatio: number;
  boxes: Box[];
  frameWidth: number;
  frameHeight: number;
  /** The tracked object (person and loitering events). */
  trackId?: number | null;
  /** The loitering zone's name. */
  zone?: string | null;
}

export interface EventPatch {
  kind?: EventKind;
  updatedMs?: number;
  peakRatio?: number;
  boxes?: Box[];
  topScore?: number | null;
  personBox?: Box | null;
  snapshotPath?: string | null;
  thumbnailPath?: string | null;
  snapshotBytes?: number;
  /** The tracked person's path so far (replaces the stored one). */
  path?: TrackPathPoint[];
}

export interface EventQuery {
  cameraIds?: string[] | undefined;
  kinds?: EventKind[] | undefined;
  from?: number | undefined;
  to?: number | undefined;
  cursor?: string | undefined;
  /** Only events the owner marked reviewed (true) or not yet (false). */
  reviewed?: boolean | undefined;
  limit: number;
}

/** Which events to mark reviewed: these ids, or every one (of these cameras) that started before `before`. */
export type ReviewSelection = { ids: string[] } | { cameraIds?: string[] | undefined; before: number };

/** Events per local calendar day (the Review screen's calendar). */
export interface EventDay {
  day: string;
  events: number;
  unreviewed: number;
}

const patchColumns: Record<keyof EventPatch, [column: string, encode: (v: never) => unknown]> = {
  kind: ['kind', (v: EventKind) => v],
  updatedMs: ['updated_ms', (v: number) => Math.round(v)],
  peakRatio: ['peak_ratio', (v: number) => v],
  boxes: ['boxes_json', (v: Box[]) => JSON.stringify(v.map(roundBox))],
  topScore: ['top_score', (v: number | null) => v],
  personBox: ['person_box_json', (v: Box | null) => (v ? JSON.stringify(roundBox(v)) : null)],
  snapshotPath: ['snapshot_path', (v: string | null) => v],
  thumbnailPath: ['thumbnail_path', (v: string | null) => v],
  snapshotBytes: ['snapshot_bytes', (v: number) => v],
  path: ['path_json', (v: TrackPathPoint[]) => JSON.stringify(v.map(roundPoint))],
};

function roundPoint(p: TrackPathPoint): TrackPathPoint {
  return { t: Math.round(p.t), x: Math.round(p.x), y: Math.round(p.y), w: Math.round(p.w), h: Math.round(p.h) };
}

function roundBox(b: Box): Box {
  return { x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h) };
}

function toView(r: EventRow): EventView {
  return {
    id: r.id,
    cameraId: r.camera_id,
    kind: r.kind,
    startMs: r.start_ms,
    endMs: r.end_ms,
    updatedMs: r.updated_ms,
    peakRatio: r.peak_ratio,
    boxes: JSON.parse(r.boxes_json) as Box[],
    frameWidth: r.frame_width,
    frameHeight: r.frame_height,
    topScore: r.top_score,
    personBox: r.person_box_json ? (JSON.parse(r.person_box_json) as Box) : null,
    hasSnapshot: r.snapshot_path !== null,
    keepForever: r.keep_forever === 1,
    trackId: r.track_id,
    path: JSON.parse(r.path_json) as TrackPathPoint[],
    zone: r.zone,
    reviewed: r.reviewed_at !== null && r.reviewed_at !== undefined,
  };
}

function inList(column: string, values: readonly string[]): string {
  return `${column} IN (${values.map(() => '?').join(',')})`;
}

export function encodeCursor(startMs: number, id: string): string {
  return Buffer.from(`${startMs}:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { startMs: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{1,16}):([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!m) throw new ApiError('bad-request', 'The page cursor is not valid: ask for the first page again.');
  return { startMs: Number(m[1]), id: m[2]! };
}

export class EventRepository {
  private readonly openStmt;
  private readonly getStmt;
  private readonly pathsStmt;
  private readonly keepStmt;
  private readonly updateStmts = new Map<string, Statement<unknown[]>>();
  /** List queries by their SQL text (the filter combinations in use are few; list lengths are bounded below). */
  private readonly listStmts = new Map<string, Statement<unknown[], EventRow>>();
  private readonly closeDanglingStmt;

  constructor(private readonly db: Db) {
    this.openStmt = db.prepare(
      `INSERT INTO events (id, camera_id, kind, start_ms, updated_ms, peak_ratio, boxes_json, frame_width, frame_height, track_id, zone)
       VALUES (@id, @camera_id, @kind, @start_ms, @updated_ms, @peak_ratio, @boxes_json, @frame_width, @frame_height, @track_id, @zone)`,
    );
    this.getStmt = db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ? AND deleting = 0');
    this.pathsStmt = db.prepare<[string], { snapshot_path: string | null; thumbnail_path: string | null }>(
      'SELECT snapshot_path, thumbnail_path FROM events WHERE id = ? AND deleting = 0',
    );
    this.keepStmt = db.prepare('UPDATE events SET keep_forever = ? WHERE id = ? AND deleting = 0');
    this.closeDanglingStmt = db.prepare('UPDATE events SET end_ms = max(updated_ms, start_ms) WHERE end_ms IS NULL');
  }

  open(e: EventOpen): void {
    this.openStmt.run({
      id: e.id,
      camera_id: e.cameraId,
      kind: e.kind,
      start_ms: Math.round(e.startMs),
      updated_ms: Math.round(e.updatedMs),
      peak_ratio: e.peakRatio,
      boxes_json: JSON.stringify(e.boxes.map(roundBox)),
      frame_width: e.frameWidth,
      frame_height: e.frameHeight,
      track_id: e.trackId ?? null,
      zone: e.zone ?? null,
    });
  }

  update(id: string, patch: EventPatch): void {
    this.applyPatch(id, patch, null);
  }

  close(id: string, endMs: number, patch: EventPatch = {}): void {
    this.applyPatch(id, patch, Math.round(endMs));
  }

  private applyPatch(id: string, patch: EventPatch, endMs: number | null): void {
    const keys = (Object.keys(patch) as (keyof EventPatch)[]).filter((k) => patch[k] !== undefined && k in patchColumns).sort();
    const sig = keys.join(',') + (endMs !== null ? '+end' : '');
    if (!keys.length && endMs === null) return;
    let stmt = this.updateStmts.get(sig);
    if (!stmt) {
      const sets = keys.map((k) => `${patchColumns[k][0]} = ?`);
      if (endMs !== null) sets.push('end_ms = ?');
      stmt = this.db.prepare<unknown[]>(`UPDATE events SET ${sets.join(', ')} WHERE id = ?`);
      this.updateStmts.set(sig, stmt);
    }
    const values = keys.map((k) => (patchColumns[k][1] as (v: unknown) => unknown)(patch[k]));
    if (endMs !== null) values.push(endMs);
    stmt.run(...values, id);
  }

  get(id: string): EventView | null {
    const row = this.getStmt.get(id);
    return row ? toView(row) : null;
  }

  /** Files of an event, relative to the data folder. */
  getPaths(id: string): { snapshotPath: string | null; thumbnailPath: string | null } | null {
    const row = this.pathsStmt.get(id);
    return row ? { snapshotPath: row.snapshot_path, thumbnailPath: row.thumbnail_path } : null;
  }

  /** Newest first. An event is in [from, to] when it overlaps it (an open event lasts until now). */
  list(q: EventQuery): { events: EventView[]; nextCursor: string | null } {
    const where = ['deleting = 0'];
    const params: unknown[] = [];
    if (q.cameraIds) {
      if (q.cameraIds.length === 0) return { events: [], nextCursor: null };
      where.push(`camera_id IN (${q.cameraIds.map(() => '?').join(',')})`);
      params.push(...q.cameraIds);
    }
    if (q.kinds) {
      if (q.kinds.length === 0) return { events: [], nextCursor: null };
      where.push(`kind IN (${q.kinds.map(() => '?').join(',')})`);
      params.push(...q.kinds);
    }
    if (q.to !== undefined) {
      where.push('start_ms <= ?');
      params.push(q.to);
    }
    if (q.from !== undefined) {
      where.push('(end_ms IS NULL OR end_ms >= ?)');
      params.push(q.from);
    }
    if (q.reviewed !== undefined) where.push(q.reviewed ? 'reviewed_at IS NOT NULL' : 'reviewed_at IS NULL');
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      where.push('(start_ms < ? OR (start_ms = ? AND id < ?))');
      params.push(c.startMs, c.startMs, c.id);
    }
    const limit = Math.max(1, Math.min(500, Math.floor(q.limit)));
    const sql = `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY start_ms DESC, id DESC LIMIT ?`;
    let stmt = this.listStmts.get(sql);
    if (!stmt) {
      // Camera lists of many lengths could grow the cache without bound: keep the most recent few dozen.
      if (this.listStmts.size >= 64) this.listStmts.delete(this.listStmts.keys().next().value as string);
      stmt = this.db.prepare<unknown[], EventRow>(sql);
      this.listStmts.set(sql, stmt);
    }
    const rows = stmt.all(...params, limit + 1);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return { events: page.map(toView), nextCursor: more && last ? encodeCursor(last.start_ms, last.id) : null };
  }

  setKeepForever(id: string, keep: boolean): void {
    this.keepStmt.run(keep ? 1 : 0, id);
  }

  /** Marks events reviewed at `atMs` (those already reviewed keep their time); returns the ids newly marked. */
  markReviewed(sel: ReviewSelection, atMs: number): string[] {
    const where = ['deleting = 0', 'reviewed_at IS NULL'];
    const params: unknown[] = [Math.round(atMs)];
    if ('ids' in sel) {
      if (sel.ids.length === 0) return [];
      where.push(inList('id', sel.ids));
      params.push(...sel.ids);
    } else {
      if (sel.cameraIds?.length === 0) return [];
      if (sel.cameraIds) {
        where.push(inList('camera_id', sel.cameraIds));
        params.push(...sel.cameraIds);
      }
      where.push('start_ms < ?');
      params.push(Math.round(sel.before));
    }
    const sql = `UPDATE events SET reviewed_at = ? WHERE ${where.join(' AND ')} RETURNING id`;
    return this.db.prepare<unknown[], { id: string }>(sql).all(...params).map((r) => r.id);
  }

  /**
   * Events and unreviewed events per local day over [from, to] (an event counts on the day it started). The local day
   * is the IANA time zone's (`Asia/Bangkok`; across a daylight-saving change each event falls on its own local day),
   * or, from an older page, UTC + a fixed offset in minutes for the whole range.
   */
  days(cameraIds: readonly string[] | null, from: number, to: number, zone: string | number): EventDay[] {
    if (cameraIds?.length === 0) return [];
    const where = ['deleting = 0', 'start_ms >= ?', 'start_ms <= ?'];
    const params: unknown[] = [from, to];
    if (cameraIds) {
      where.push(inList('camera_id', cameraIds));
      params.push(...cameraIds);
    }
    if (typeof zone === 'number') {
      const sql = `SELECT strftime('%Y-%m-%d', (start_ms + ?) / 1000, 'unixepoch') AS day, count(*) AS events,
                     sum(reviewed_at IS NULL) AS unreviewed
                   FROM events WHERE ${where.join(' AND ')} GROUP BY day ORDER BY day`;
      return this.db.prepare<unknown[], EventDay>(sql).all(Math.round(zone) * 60_000, ...params);
    }
    // SQLite knows no time zones: the rows' start times are grouped here (62 days of events at most).
    const rows = this.db
      .prepare<unknown[], { startMs: number; unreviewed: number }>(
        `SELECT start_ms AS startMs, reviewed_at IS NULL AS unreviewed FROM events WHERE ${where.join(' AND ')} ORDER BY start_ms`,
      )
      .all(...params);
    const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const byDay = new Map<string, EventDay>();
    for (const r of rows) {
      const day = dayOf.format(r.startMs); // en-CA writes YYYY-MM-DD
      const d = byDay.get(day) ?? { day, events: 0, unreviewed: 0 };
      d.events++;
      d.unreviewed += r.unreviewed;
      byDay.set(day, d);
    }
    return [...byDay.values()];
  }

  /** Events not yet reviewed, per camera (cameras with none are left out). */
  unreviewedCounts(): Array<{ cameraId: string; unreviewed: number }> {
    return this.db
      .prepare<[], { cameraId: string; unreviewed: number }>(
        'SELECT camera_id AS cameraId, count(*) AS unreviewed FROM events WHERE reviewed_at IS NULL AND deleting = 0 GROUP BY camera_id',
      )
      .all();
  }

  /** Runs `fn` in one transaction (a held event's open and its later changes land together). */
  transaction(fn: () => void): void {
    this.db.transaction(fn)();
  }

  /** Events left open (by an unclean shutdown, at start-up), with the end closeDangling would give them. */
  dangling(): Array<{ id: string; endMs: number }> {
    return this.db.prepare<[], { id: string; endMs: number }>('SELECT id, max(updated_ms, start_ms) AS endMs FROM events WHERE end_ms IS NULL').all();
  }

  /** After a crash: events left open end at their last update. Returns how many were closed. */
  closeDangling(): number {
    return this.closeDanglingStmt.run().changes;
  }
}
