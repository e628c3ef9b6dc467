// Cameras table. A Camera never carries its password: the sealed value is read only by the engine (getSecret) to
// build the URL ffmpeg gets. Per-camera settings are one JSON column, parsed through the zod schemas on every read, so
// a setting added in a later version gets its default for cameras saved before it existed.
import type { Db } from './database.ts';
import {
  CAMERA_SETTING_GROUPS,
  analysisSettingsSchema,
  detectionSettingsSchema,
  eventSettingsSchema,
  motionSettingsSchema,
  notificationSettingsSchema,
  recordingSettingsSchema,
  trackingSettingsSchema,
  type AnalysisSettings,
  type Camera,
  type DetectionSettings,
  type EventSettings,
  type MotionSettings,
  type NotificationSettings,
  type RecordingSettings,
  type TrackingSettings,
} from '../../../preload/settings-schema.ts';

interface CameraRow {
  id: string;
  name: string;
  main_url: string;
  sub_url: string | null;
  username: string | null;
  password_enc: string | null;
  enabled: number;
  demo: number;
  settings_json: string;
  created_at: number;
}

interface CameraSettingsGroups {
  motion: MotionSettings;
  events: EventSettings;
  notifications: NotificationSettings;
  detection: DetectionSettings;
  analysis: AnalysisSettings;
  recording: RecordingSettings;
  tracking: TrackingSettings;
}

export interface CameraInsert extends CameraSettingsGroups {
  id: string;
  name: string;
  mainUrl: string;
  subUrl: string | null;
  username: string | null;
  passwordEnc: string | null;
  enabled: boolean;
  demo: boolean;
  createdAt: number;
}

export type CameraChanges = Partial<
  Pick<CameraInsert, 'name' | 'enabled' | 'mainUrl' | 'subUrl' | 'username' | 'passwordEnc'> & CameraSettingsGroups
>;

function parseSettings(json: string): CameraSettingsGroups {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    raw = {};
  }
  // A value that no longer validates falls back to the defaults of its group rather than breaking the camera.
  const group = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown): T => {
    const r = schema.safeParse(value ?? {});
    if (r.success) return r.data;
    const d = schema.safeParse({});
    if (!d.success) throw new Error('settings defaults do not validate');
    return d.data;
  };
  return {
    motion: group(motionSettingsSchema, raw.motion),
    events: group(eventSettingsSchema, raw.events),
    notifications: group(notificationSettingsSchema, raw.notifications),
    detection: group(detectionSettingsSchema, raw.detection),
    analysis: group(analysisSettingsSchema, raw.analysis),
    recording: group(recordingSettingsSchema, raw.recording),
    tracking: group(trackingSettingsSchema, raw.tracking),
  };
}

function toCamera(row: CameraRow): Camera {
  return {
    id: row.id,
    name: row.name,
    mainUrl: row.main_url,
    subUrl: row.sub_url,
    username: row.username,
    hasPassword: row.password_enc !== null,
    enabled: row.enabled === 1,
    demo: row.demo === 1,
    ...parseSettings(row.settings_json),
    createdAt: row.created_at,
  };
}

export class CameraRepository {
  private readonly listStmt;
  private readonly getStmt;
  private readonly secretStmt;
  private readonly insertStmt;
  private readonly removeStmt;

  constructor(private readonly db: Db) {
    this.listStmt = db.prepare<[], CameraRow>('SELECT * FROM cameras ORDER BY created_at, id');
    this.getStmt = db.prepare<[string], CameraRow>('SELECT * FROM cameras WHERE id = ?');
    this.secretStmt = db.prepare<[string], { password_enc: string | null }>('SELECT password_enc FROM cameras WHERE id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO cameras (id, name, main_url, sub_url, username, password_enc, enabled, demo, settings_json, created_at)
       VALUES (@id, @name, @main_url, @sub_url, @username, @password_enc, @enabled, @demo, @settings_json, @created_at)`,
    );
    this.removeStmt = db.prepare('DELETE FROM cameras WHERE id = ?');
  }

  list(): Camera[] {
    return this.listStmt.all().map(toCamera);
  }

  get(id: string): Camera | null {
    const row = this.getStmt.get(id);
    return row ? toCamera(row) : null;
  }

  /** The sealed password (SecretBox output), or null. Only the engine reads it. */
  getSecret(id: string): string | null {
    return this.secretStmt.get(id)?.password_enc ?? null;
  }

  insert(c: CameraInsert): void {
    this.insertStmt.run({
      id: c.id,
      name: c.name,
      main_url: c.mainUrl,
      sub_url: c.subUrl,
      username: c.username,
      password_enc: c.passwordEnc,
      enabled: c.enabled ? 1 : 0,
      demo: c.demo ? 1 : 0,
      settings_json: JSON.stringify(Object.fromEntries(CAMERA_SETTING_GROUPS.map((g) => [g, c[g]]))),
      created_at: c.createdAt,
    });
  }

  /** Applies the given fields; settings groups are replaced as given (the engine merges them key by key first). */
  update(id: string, changes: CameraChanges): void {
    const row = this.getStmt.get(id);
    if (!row) return;
    const settings = parseSettings(row.settings_json);
    for (const key of CAMERA_SETTING_GROUPS) {
      const value = changes[key];
      if (value) (settings as unknown as Record<string, unknown>)[key] = value;
    }
    this.db
      .prepare(
        `UPDATE cameras SET name = ?, main_url = ?, sub_url = ?, username = ?, password_enc = ?, enabled = ?, settings_json = ?
         WHERE id = ?`,
      )
      .run(
        changes.name ?? row.name,
        changes.mainUrl ?? row.main_url,
        changes.subUrl !== undefined ? changes.subUrl : row.sub_url,
        changes.username !== undefined ? changes.username : row.username,
        changes.passwordEnc !== undefined ? changes.passwordEnc : row.password_enc,
        changes.enabled !== undefined ? (changes.enabled ? 1 : 0) : row.enabled,
        JSON.stringify(parseSettings(JSON.stringify(settings))),
        id,
      );
  }

  /** Removes the camera. Its events stay (history is kept); retention deletes them by age like any other. */
  remove(id: string): void {
    this.removeStmt.run(id);
  }
}
