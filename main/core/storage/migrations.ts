// Numbered schema migrations, tracked by `PRAGMA user_version`. Each runs in its own transaction; a database written
// by a newer version of the app is refused with a clear message instead of being damaged. Never edit a migration
// that has shipped: add the next one.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'cameras, events, motion activity, settings',
    sql: `
      CREATE TABLE cameras (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        main_url      TEXT NOT NULL,
        sub_url       TEXT,
        username      TEXT,
        password_enc  TEXT,
        enabled       INTEGER NOT NULL DEFAULT 1,
        demo          INTEGER NOT NULL DEFAULT 0,
        settings_json TEXT NOT NULL DEFAULT '{}',
        created_at    INTEGER NOT NULL
      );
      CREATE TABLE events (
        id              TEXT PRIMARY KEY,
        camera_id       TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('motion', 'person')),
        start_ms        INTEGER NOT NULL,
        end_ms          INTEGER,
        updated_ms      INTEGER NOT NULL,
        peak_ratio      REAL NOT NULL DEFAULT 0,
        boxes_json      TEXT NOT NULL DEFAULT '[]',
        frame_width     INTEGER NOT NULL DEFAULT 0,
        frame_height    INTEGER NOT NULL DEFAULT 0,
        top_score       REAL,
        person_box_json TEXT,
        snapshot_path   TEXT,
        thumbnail_path  TEXT,
        snapshot_bytes  INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX events_by_camera_start ON events (camera_id, start_ms DESC);
      CREATE TABLE motion_activity (
        camera_id     TEXT NOT NULL,
        minute_ms     INTEGER NOT NULL,
        frames        INTEGER NOT NULL,
        motion_frames INTEGER NOT NULL,
        max_ratio     REAL NOT NULL,
        PRIMARY KEY (camera_id, minute_ms)
      ) WITHOUT ROWID;
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'keep-forever, deletion tombstones, index for the latest events',
    sql: `
      ALTER TABLE events ADD COLUMN keep_forever INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN deleting INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX events_by_start ON events (start_ms DESC, id);
      CREATE INDEX events_open ON events (end_ms) WHERE end_ms IS NULL;
      CREATE INDEX events_deleting ON events (deleting) WHERE deleting = 1;
    `,
  },
  {
    version: 3,
    name: 'recording segments',
    sql: `
      CREATE TABLE segments (
        id          INTEGER PRIMARY KEY,
        camera_id   TEXT NOT NULL,
        start_ms    INTEGER NOT NULL,
        end_ms      INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        size_bytes  INTEGER NOT NULL,
        path        TEXT NOT NULL UNIQUE,
        deleting    INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX segments_by_camera_start ON segments (camera_id, start_ms);
      CREATE INDEX segments_by_start ON segments (start_ms);
      CREATE INDEX segments_deleting ON segments (deleting) WHERE deleting = 1;
    `,
  },
  {
    version: 4,
    name: 'data folder identity; footage re-indexed from files a replaced database did not index',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      ALTER TABLE segments ADD COLUMN reindexed INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN reindexed INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    // The kind's CHECK cannot be altered in SQLite: the table is rebuilt (same rows, same ids) with the new kind and
    // columns, and its indexes made again. Old events keep everything; they have no track, path or zone.
    version: 5,
    name: 'tracked objects: loitering events, the track id, the path and the zone of an event',
    sql: `
      CREATE TABLE events_v5 (
        id              TEXT PRIMARY KEY,
        camera_id       TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('motion', 'person', 'loitering')),
        start_ms        INTEGER NOT NULL,
        end_ms          INTEGER,
        updated_ms      INTEGER NOT NULL,
        peak_ratio      REAL NOT NULL DEFAULT 0,
        boxes_json      TEXT NOT NULL DEFAULT '[]',
        frame_width     INTEGER NOT NULL DEFAULT 0,
        frame_height    INTEGER NOT NULL DEFAULT 0,
        top_score       REAL,
        person_box_json TEXT,
        snapshot_path   TEXT,
        thumbnail_path  TEXT,
        snapshot_bytes  INTEGER NOT NULL DEFAULT 0,
        keep_forever    INTEGER NOT NULL DEFAULT 0,
        deleting        INTEGER NOT NULL DEFAULT 0,
        reindexed       INTEGER NOT NULL DEFAULT 0,
        track_id        INTEGER,
        path_json       TEXT NOT NULL DEFAULT '[]',
        zone            TEXT
      );
      INSERT INTO events_v5 (id, camera_id, kind, start_ms, end_ms, updated_ms, peak_ratio, boxes_json, frame_width,
                             frame_height, top_score, person_box_json, snapshot_path, thumbnail_path, snapshot_bytes,
                             keep_forever, deleting, reindexed)
        SELECT id, camera_id, kind, start_ms, end_ms, updated_ms, peak_ratio, boxes_json, frame_width, frame_height,
               top_score, person_box_json, snapshot_path, thumbnail_path, snapshot_bytes, keep_forever, deleting, reindexed
        FROM events;
      DROP TABLE events;
      ALTER TABLE events_v5 RENAME TO events;
      CREATE INDEX events_by_camera_start ON events (camera_id, start_ms DESC);
      CREATE INDEX events_by_start ON events (start_ms DESC, id);
      CREATE INDEX events_open ON events (end_ms) WHERE end_ms IS NULL;
      CREATE INDEX events_deleting ON events (deleting) WHERE deleting = 1;
    `,
  },
  {
    version: 6,
    name: 'visitors per camera per minute (counting lines, new person tracks)',
    sql: `
      CREATE TABLE visitor_minutes (
        camera_id TEXT NOT NULL,
        minute_ms INTEGER NOT NULL,
        visitors  INTEGER NOT NULL DEFAULT 0,
        ins       INTEGER NOT NULL DEFAULT 0,
        outs      INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (camera_id, minute_ms)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'alert channels and the alert outbox (an alert is a row before it is sent)',
    sql: `
      CREATE TABLE alert_channels (
        id          TEXT PRIMARY KEY,
        type        TEXT NOT NULL,
        config_json TEXT NOT NULL,
        secrets_enc TEXT,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );
      CREATE TABLE alert_outbox (
        id              TEXT PRIMARY KEY,
        channel_id      TEXT NOT NULL,
        seq             INTEGER NOT NULL,
        event_id        TEXT,
        camera_id       TEXT,
        kind            TEXT NOT NULL,
        payload_json    TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'delivered', 'failed')),
        delivered_at    INTEGER,
        last_error      TEXT,
        UNIQUE (channel_id, seq)
      );
      CREATE INDEX alert_outbox_queued ON alert_outbox (channel_id, seq) WHERE state = 'queued';
      CREATE INDEX alert_outbox_by_event ON alert_outbox (event_id) WHERE event_id IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: 'review: when the owner marked an event reviewed ("new since your last visit")',
    sql: `
      ALTER TABLE events ADD COLUMN reviewed_at INTEGER;
      CREATE INDEX events_unreviewed ON events (camera_id, start_ms) WHERE reviewed_at IS NULL;
    `,
  },
  {
    version: 9,
    name: 'viewer accounts and sign-in sessions (roles: sessions survive a restart)',
    sql: `
      CREATE TABLE accounts (
        username            TEXT PRIMARY KEY COLLATE NOCASE,
        password_hash       TEXT NOT NULL,
        role                TEXT NOT NULL CHECK (role IN ('viewer')),
        created_ms          INTEGER NOT NULL,
        password_changed_ms INTEGER NOT NULL
      );
      CREATE TABLE login_sessions (
        token_hash   TEXT PRIMARY KEY,
        remote       TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('viewer', 'owner')),
        username     TEXT COLLATE NOCASE,
        via          TEXT NOT NULL CHECK (via IN ('pc', 'lan')),
        created_ms   INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL
      );
      CREATE INDEX login_sessions_by_use ON login_sessions (last_seen_ms);
    `,
  },
  // Range exports (issue 15, "Get it out"): one row per named export of 1–4 cameras, its files in exports/<id>/.
  {
    version: 10,
    name: 'range exports kept in the data folder (never deleted by retention)',
    sql: `
      CREATE TABLE exports (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        camera_ids  TEXT NOT NULL,
        from_ms     INTEGER NOT NULL,
        to_ms       INTEGER NOT NULL,
        created_ms  INTEGER NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('running', 'done')),
        files_json  TEXT NOT NULL DEFAULT '[]',
        bytes       INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX exports_by_created ON exports (created_ms DESC);
    `,
  },
];

export const latestVersion = migrations[migrations.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration above the database's version (up to `target`, for tests of earlier versions). */
export function migrate(db: Database.Database, target: number = latestVersion): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > latestVersion) {
    throw new Error(
      `The database was written by a newer version of ShopWatch NVR (schema ${from}, this version knows ${latestVersion}). ` +
        'Install the newer version again, or move the data folder aside to start fresh.',
    );
  }
  for (const m of migrations) {
    if (m.version <= from || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  const to = schemaVersion(db);
  if (from < REBUILT_EVENTS && to >= REBUILT_EVENTS) compact(db);
  return { from, to };
}

/** The migration that rebuilt the events table: the old table's pages are left free in the file. */
const REBUILT_EVENTS = 5;

/**
 * Gives the pages a rebuilt table left free back to the file system (once, after that migration). It needs room for
 * a copy of the database: on a full disk it is simply skipped (the free pages are reused by the next writes).
 */
function compact(db: Database.Database): void {
  if ((db.pragma('freelist_count', { simple: true }) as number) === 0) return;
  try {
    db.exec('VACUUM');
  } catch {
    // Not needed for anything to work: the pages stay free inside the file.
  }
}
