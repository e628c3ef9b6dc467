// Motion activity per camera per minute (the timeline's heat strip). One upsert a minute per camera.
import type { Db } from './database.ts';
import type { ActivityMinute } from '../../../preload/contract.ts';
import type { ActivitySink } from '../events/minute-activity.ts';

interface ActivityRow {
  camera_id: string;
  minute_ms: number;
  frames: number;
  motion_frames: number;
  max_ratio: number;
}

export class ActivityRepository implements ActivitySink {
  private readonly addStmt;

  constructor(private readonly db: Db) {
    this.addStmt = db.prepare(
      `INSERT INTO motion_activity (camera_id, minute_ms, frames, motion_frames, max_ratio) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (camera_id, minute_ms) DO UPDATE SET
         frames = frames + excluded.frames,
         motion_frames = motion_frames + excluded.motion_frames,
         max_ratio = max(max_ratio, excluded.max_ratio)`,
    );
  }

  /** Retention: every camera that has activity minutes (a removed camera's minutes too). */
  cameraIds(): string[] {
    return this.db.prepare<[], { camera_id: string }>('SELECT DISTINCT camera_id FROM motion_activity').all().map((r) => r.camera_id);
  }

  /** Retention: deletes a camera's minutes before `beforeMs`. */
  deleteBefore(cameraId: string, beforeMs: number): void {
    this.db.prepare('DELETE FROM motion_activity WHERE camera_id = ? AND minute_ms < ?').run(cameraId, beforeMs);
  }

  add(cameraId: string, minuteMs: number, frames: number, motionFrames: number, maxRatio: number): void {
    this.addStmt.run(cameraId, minuteMs, frames, motionFrames, maxRatio);
  }

  range(cameraIds: string[] | null, from: number, to: number): ActivityMinute[] {
    const where = ['minute_ms >= ?', 'minute_ms <= ?'];
    const params: unknown[] = [from - 60_000 + 1, to];
    if (cameraIds) {
      if (!cameraIds.length) return [];
      where.push(`camera_id IN (${cameraIds.map(() => '?').join(',')})`);
      params.push(...cameraIds);
    }
    return this.db
      .prepare<unknown[], ActivityRow>(`SELECT * FROM motion_activity WHERE ${where.join(' AND ')} ORDER BY minute_ms, camera_id`)
      .all(...params)
      .map((r) => ({ cameraId: r.camera_id, minuteMs: r.minute_ms, frames: r.frames, motionFrames: r.motion_frames, maxRatio: r.max_ratio }));
  }
}
