// The alert channels (migration 7): each channel's settings as JSON (parsed through the zod schema on every read, so a
// field added later gets its default) and its secrets as one sealed JSON value (sealed by the caller with the secret box
// the camera passwords use: this module never sees a secret in the clear).
import type { Db } from './database.ts';
import { alertChannelSchema, type AlertChannelConfig } from '../../../preload/alert-channels.ts';

interface ChannelRow {
  id: string;
  type: string;
  config_json: string;
  secrets_enc: string | null;
  created_at: number;
  updated_at: number;
}

export interface StoredChannel {
  config: AlertChannelConfig;
  /** The sealed secrets (JSON of ChannelSecrets, sealed), or null when none is set. */
  secretsEnc: string | null;
  createdAt: number;
  updatedAt: number;
}

export class AlertChannelRepository {
  private readonly listStmt;
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly removeStmt;

  constructor(db: Db) {
    this.listStmt = db.prepare<[], ChannelRow>('SELECT * FROM alert_channels ORDER BY created_at, id');
    this.getStmt = db.prepare<[string], ChannelRow>('SELECT * FROM alert_channels WHERE id = ?');
    this.upsertStmt = db.prepare(
      `INSERT INTO alert_channels (id, type, config_json, secrets_enc, created_at, updated_at)
       VALUES (@id, @type, @config_json, @secrets_enc, @now, @now)
       ON CONFLICT (id) DO UPDATE SET type = excluded.type, config_json = excluded.config_json,
         secrets_enc = excluded.secrets_enc, updated_at = excluded.updated_at`,
    );
    this.removeStmt = db.prepare('DELETE FROM alert_channels WHERE id = ?');
  }

  /** Every channel whose settings still validate (a damaged row is skipped, not fatal). */
  list(): StoredChannel[] {
    return this.listStmt.all().map(toStored).filter((c): c is StoredChannel => c !== null);
  }

  get(id: string): StoredChannel | null {
    const row = this.getStmt.get(id);
    return row ? toStored(row) : null;
  }

  save(config: AlertChannelConfig, secretsEnc: string | null, now: number): void {
    this.upsertStmt.run({ id: config.id, type: config.type, config_json: JSON.stringify(config), secrets_enc: secretsEnc, now });
  }

  remove(id: string): boolean {
    return this.removeStmt.run(id).changes > 0;
  }
}

function toStored(row: ChannelRow): StoredChannel | null {
  let raw: unknown;
  try {
    raw = JSON.parse(row.config_json);
  } catch {
    return null;
  }
  const parsed = alertChannelSchema.safeParse(raw);
  if (!parsed.success) return null;
  return { config: parsed.data, secretsEnc: row.secrets_enc, createdAt: row.created_at, updatedAt: row.updated_at };
}
