// The logging settings, read before anything else starts (the log must be open before the engine opens the
// database): straight from the settings row, read-only, through the one schema. No database yet, or an unreadable
// one, gives the defaults; the engine then says what is wrong with the database itself.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { appSettingsSchema, type LoggingSettings } from '../../../preload/settings-schema.ts';
import type { LogFileOptions } from './log-file.ts';

export function readLoggingSettings(databaseFile: string): LoggingSettings {
  const defaults = appSettingsSchema.parse({}).logging;
  if (!existsSync(databaseFile)) return defaults;
  let db: Database.Database | null = null;
  try {
    db = new Database(databaseFile, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 1000');
    const row = db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?').get('app');
    const parsed = appSettingsSchema.safeParse(row ? JSON.parse(row.value_json) : {});
    return parsed.success ? parsed.data.logging : defaults;
  } catch {
    return defaults;
  } finally {
    db?.close();
  }
}

/** The log file's options from the settings: logs/nvr.N.log in the given folder. */
export function logFileOptions(logsDir: string, settings: LoggingSettings): LogFileOptions {
  return { dir: logsDir, name: 'nvr', maxBytes: settings.fileMaxMB * 1024 ** 2, files: settings.files };
}
