// M3: the start-up messages. A data folder or database that cannot be used gets a sentence saying what happened and
// the safe thing to do, never a raw errno or "start with an empty history", and nothing in the folder is changed.
// Permission cases run the start's first steps in a child process as the user `nobody` (as root, permissions do not
// bind), against real folders and a real SQLite file owned by root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { closeDatabase, openDatabase } from '../../main/core/storage/database.ts';
import { buildFixture } from '../fixtures/build-fixture.ts';
import { startTestEngine } from '../fixtures/test-engine.ts';

const NOBODY = 65534;
const dirs: string[] = [];
const tempDir = (name: string, mode = 0o700) => {
  const d = mkdtempSync(path.join(os.tmpdir(), `nvr-m3-${name}-`));
  dirs.push(d);
  chmodSync(d, mode);
  return d;
};
const isRoot = process.getuid?.() === 0;
let child: string;

beforeAll(async () => {
  child = await buildFixture('open-data-folder-child');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function openAsNobody(dir: string): { ok?: boolean; error?: string } {
  const r = spawnSync(process.execPath, [child, dir], { uid: NOBODY, gid: NOBODY, encoding: 'utf8', timeout: 30_000, cwd: '/' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim()) as { ok?: boolean; error?: string };
}

/** A database made by the app in `dir`, with an event in it, closed. */
function makeDatabase(dir: string): string {
  const file = path.join(dir, 'nvr.sqlite');
  const db = openDatabase(file, { logger: silentLogger() });
  db.prepare("INSERT INTO events (id, camera_id, kind, start_ms, end_ms, updated_ms) VALUES ('e1', 'c1', 'motion', 1, 2, 2)").run();
  closeDatabase(db);
  return file;
}

const noEmptyHistory = (text: string) => expect(text).not.toMatch(/empty history|start fresh|ENOENT.*mkdir$/);

describe.runIf(isRoot)('as another user (nobody)', () => {
  it('a read-only data folder with its database: cannot be written, nothing changed, what to do', () => {
    const root = tempDir('ro', 0o755);
    const dir = path.join(root, 'data');
    mkdirSync(dir, { mode: 0o755 });
    for (const sub of ['snapshots', 'recordings', 'exports', 'logs']) mkdirSync(path.join(dir, sub), { mode: 0o755 });
    const file = makeDatabase(dir);
    chmodSync(file, 0o644);
    const before = readFileSync(file);
    const r = openAsNobody(dir);
    expect(r.error).toBe(
      `The data folder ${dir} cannot be created or written (it or its disk is read-only, or it belongs to another user; EACCES). Nothing in it was changed. Give this user write permission to the folder (or start the app as the user who owns it), or choose another folder with --data-dir, then start again.`,
    );
    noEmptyHistory(r.error!);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a database that belongs to another user, in a folder this user may write: names the database and says not to move it', () => {
    const root = tempDir('owner', 0o755);
    const dir = path.join(root, 'data');
    mkdirSync(dir);
    const file = makeDatabase(dir);
    for (const d of [dir, ...['snapshots', 'recordings', 'exports', 'logs'].map((s) => path.join(dir, s))]) {
      mkdirSync(d, { recursive: true });
      chownSync(d, NOBODY, NOBODY);
    }
    chmodSync(file, 0o600); // root's own file
    const r = openAsNobody(dir);
    expect(r.error).toMatch(new RegExp(`^The event database ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be written \\(EACCES: permission denied`));
    expect(r.error).toMatch(/belongs to another user\. No recording or snapshot has been deleted\. Start the app as the user who owns the data folder, or give this user write permission .* Do not move the database aside/);
    noEmptyHistory(r.error!);
    expect(statSync(file).uid).toBe(0);
  });

  it('an empty read-only folder: a sentence, not a raw ENOENT/EACCES from mkdir', () => {
    const dir = tempDir('empty', 0o555);
    const r = openAsNobody(dir);
    expect(r.error).toMatch(new RegExp(`^The data folder ${dir} cannot be created or written \\(it or its disk is read-only, or it belongs to another user; EACCES\\)\\. Nothing in it was changed\\.`));
    noEmptyHistory(r.error!);
    // and a data folder to be made under a read-only parent
    const r2 = openAsNobody(path.join(dir, 'ShopWatch NVR'));
    expect(r2.error).toMatch(/^The data folder .*ShopWatch NVR cannot be created or written \(.*; EACCES\)\. Nothing in it was changed\. Give this user write permission/);
  });

  it('the same folder as its owner opens fine (the check is not over-eager)', () => {
    const dir = tempDir('mine', 0o777);
    chownSync(dir, NOBODY, NOBODY);
    expect(openAsNobody(dir)).toEqual({ ok: true });
  });
});

describe('damaged databases', () => {
  const start = (dataDir: string) =>
    startTestEngine({ dataDir, retentionIntervalMs: 3_600_000 });

  it('garbage where the database should be: damaged, nothing deleted, repair-database or a backup', async () => {
    const dir = tempDir('garbage');
    const snap = path.join(dir, 'snapshots', '2026-11-30', 'cam', 'ev.jpg');
    mkdirSync(path.dirname(snap), { recursive: true });
    writeFileSync(snap, 'jpeg');
    writeFileSync(path.join(dir, 'nvr.sqlite'), 'this is not sqlite'.repeat(500));
    const err = await start(dir).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/^The event database .*nvr\.sqlite is damaged \(file is not a database\)\. No recording or snapshot has been deleted\. Restore nvr\.sqlite from a backup, or run `nvr repair-database`/);
    noEmptyHistory(err!.message);
    expect(readFileSync(snap, 'utf8')).toBe('jpeg');
  });

  it('a page damaged in the middle of the file: named as damage, not a raw "malformed" later', async () => {
    const dir = tempDir('pages');
    const file = path.join(dir, 'nvr.sqlite');
    const db = openDatabase(file, { logger: silentLogger() });
    const ins = db.prepare("INSERT INTO events (id, camera_id, kind, start_ms, end_ms, updated_ms, boxes_json) VALUES (?, 'c1', 'motion', ?, ?, ?, ?)");
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) ins.run(`e${i}`, i, i + 1, i + 1, JSON.stringify([{ x: i, y: i, w: 10, h: 10 }]));
    })();
    closeDatabase(db);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(40 * 4096);
    // Overwrite pages 20..23 (well inside the events table) with noise; the header and schema page stay intact.
    const fd = openSync(file, 'r+');
    const noise = Buffer.alloc(4 * 4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    writeSync(fd, noise, 0, noise.length, 20 * 4096);
    closeSync(fd);
    const err = await start(dir).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/^The event database .*nvr\.sqlite is damaged \(database disk image is malformed.*\)\. No recording or snapshot has been deleted\..*nvr repair-database/s);
    noEmptyHistory(err!.message);
  });

  it('a 0-byte database is not an error: the start goes on (and keeps footage, see database-replaced.test.ts)', async () => {
    const dir = tempDir('zero');
    writeFileSync(path.join(dir, 'nvr.sqlite'), '');
    const e = await start(dir);
    expect((await e.api['health.get']({})).system.database.identity).toBe('new');
    await e.stop();
  });
});
