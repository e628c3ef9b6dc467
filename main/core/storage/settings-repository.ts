// App-wide settings: one JSON value under the key 'app', parsed through appSettingsSchema on every read (defaults fill
// anything missing). Updates merge nested groups key by key and are validated before they are stored.
import type { Db } from './database.ts';
import { appSettingsSchema, type AppSettings, type AppSettingsInput } from '../../../preload/settings-schema.ts';
import { ApiError, describeZodError } from '../../../preload/contract.ts';

const KEY = 'app';

export class SettingsRepository {
  private cached: AppSettings | null = null;

  constructor(private readonly db: Db) {}

  get(): AppSettings {
    if (this.cached) return this.cached;
    const row = this.db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?').get(KEY);
    let raw: unknown = {};
    try {
      raw = row ? JSON.parse(row.value_json) : {};
    } catch {
      raw = {};
    }
    const parsed = appSettingsSchema.safeParse(raw);
    this.cached = parsed.success ? parsed.data : appSettingsSchema.parse({});
    return this.cached;
  }

  update(patch: Partial<AppSettingsInput>): AppSettings {
    const current = this.get() as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(patch)) {
      const before = current[key];
      merged[key] =
        value && typeof value === 'object' && !Array.isArray(value) && before && typeof before === 'object'
          ? { ...(before as object), ...(value as object) }
          : value;
    }
    const parsed = appSettingsSchema.safeParse(merged);
    if (!parsed.success) throw new ApiError('bad-request', `Those settings cannot be saved: ${describeZodError(parsed.error)}`);
    this.db
      .prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json')
      .run(KEY, JSON.stringify(parsed.data));
    this.cached = parsed.data;
    return parsed.data;
  }
}
