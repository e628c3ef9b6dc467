// Visitors per camera per minute (people crossing a counting line in and out, or new person tracks where no line is
// drawn): the timeline's "people per hour". `add` adds to the minute's counts (an upsert), so a minute written twice
// (a flush at shutdown, then the rest of the minute after a restart) sums. Retention prunes these rows with the
// motion activity minutes (pruneVisitorMinutes).
import type { Db } from './database.ts';
import type { VisitorMinute } from '../tracking/track-rules.ts';
import type { VisitorSink } from '../tracking/visitor-sink.ts';
import type { VisitorBucket, VisitorBucketSize } from '../../../preload/contract.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

interface BucketRow {
  camera_id: string;
  start_ms: number;
  visitors: number;
  ins: number;
  outs: number;
}

export class VisitorRepository implements VisitorSink {
  private readonly addStmt;

  constructor(private readonly db: Db) {
    this.addStmt = db.prepare(
      `INSERT INTO visitor_minutes (camera_id, minute_ms, visitors, ins, outs) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (camera_id, minute_ms) DO UPDATE SET
         visitors = visitors + excluded.visitors,
         ins = ins + excluded.ins,
         outs = outs + excluded.outs`,
    );
  }

  add(cameraId: string, minute: VisitorMinute): void {
    const minuteMs = minute.minuteMs - (((minute.minuteMs % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
    this.addStmt.run(cameraId, minuteMs, minute.visitors, minute.ins, minute.outs);
  }

  /**
   * Counts per camera in buckets of a minute or an hour (UTC-aligned: an hour bucket starts on the hour, which is
   * the local hour too wherever the time zone is a whole number of hours off UTC), the buckets overlapping
   * [from, to], oldest first. Buckets without any count are left out.
   */
  buckets(cameraIds: readonly string[] | null, from: number, to: number, size: VisitorBucketSize): VisitorBucket[] {
    const width = size === 'hour' ? HOUR_MS : MINUTE_MS;
    const where = ['minute_ms >= ?', 'minute_ms <= ?'];
    const params: unknown[] = [from - (((from % width) + width) % width), to];
    if (cameraIds) {
      if (!cameraIds.length) return [];
      where.push(`camera_id IN (${cameraIds.map(() => '?').join(',')})`);
      params.push(...cameraIds);
    }
    return this.db
      .prepare<unknown[], BucketRow>(
        `SELECT camera_id, minute_ms - (minute_ms % ${width}) AS start_ms,
                sum(visitors) AS visitors, sum(ins) AS ins, sum(outs) AS outs
           FROM visitor_minutes WHERE ${where.join(' AND ')}
          GROUP BY camera_id, start_ms ORDER BY start_ms, camera_id`,
      )
      .all(...params)
      .map((r) => ({ cameraId: r.camera_id, startMs: r.start_ms, visitors: r.visitors, ins: r.ins, outs: r.outs }));
  }
}

/** Retention: a camera's visitor minutes before `beforeMs` go (called where motion activity minutes are pruned). */
export function pruneVisitorMinutes(db: Db, cameraId: string, beforeMs: number): void {
  db.prepare('DELETE FROM visitor_minutes WHERE camera_id = ? AND minute_ms < ?').run(cameraId, beforeMs);
}
