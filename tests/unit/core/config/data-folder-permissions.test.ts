// Footage, snapshots and the database are readable by the owner alone, even when the folder was made beforehand with
// the usual 0755 or the database by an older version at SQLite's 0644 (issue "Hardening", low items).
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataPaths, ensureDataFolders } from '../../../../main/core/config/data-dir.ts';
import { closeDatabase, openDatabase } from '../../../../main/core/storage/database.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nvr-perms-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const mode = (p: string) => statSync(p).mode & 0o777;

describe.runIf(process.platform !== 'win32')('the data folder is private', () => {
  it('tightens a folder made beforehand at 0755, and the folders inside it', () => {
    const root = path.join(tmp, 'made-by-hand');
    mkdirSync(path.join(root, 'recordings'), { recursive: true, mode: 0o755 });
    chmodSync(root, 0o755);
    chmodSync(path.join(root, 'recordings'), 0o755);
    const paths = dataPaths(root);
    ensureDataFolders(paths);
    for (const dir of [paths.root, paths.recordings, paths.snapshots, paths.exports, paths.logs]) expect(mode(dir)).toBe(0o700);
  });

  it('makes the database and its WAL files 0600, also a database an older version left at 0644', () => {
    const paths = dataPaths(path.join(tmp, 'db'));
    ensureDataFolders(paths);
    const db = openDatabase(paths.database, { logger: silentLogger() });
    db.prepare('CREATE TABLE IF NOT EXISTS t (x)').run();
    db.prepare('INSERT INTO t VALUES (1)').run();
    for (const f of [paths.database, `${paths.database}-wal`, `${paths.database}-shm`]) expect(mode(f)).toBe(0o600);
    closeDatabase(db);
    chmodSync(paths.database, 0o644);
    const again = openDatabase(paths.database, { logger: silentLogger() });
    expect(mode(paths.database)).toBe(0o600);
    closeDatabase(again);
  });
});
