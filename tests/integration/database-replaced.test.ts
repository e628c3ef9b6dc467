// C1: footage is never deleted because the database forgot it. A data folder with real footage (segments cut by the
// real ffmpeg, snapshots written by the engine's writer), indexed by its own database; then the database is moved
// aside, truncated to 0 bytes, replaced by one from another data folder, or damaged and moved aside by
// `nvr repair-database`. Each time the engine starts with a clock 40 days ahead (everything is past every rule) and a
// short retention interval: after at least two retention runs no file is deleted, the footage is re-indexed
// (recordings.spans, segment and event rows), and health and the log say so; a second start keeps it all. An install
// made by the previous version (no id file) is adopted as the folder's own: its footage follows the usual rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import type { NvrEngine } from '../../main/core/engine.ts';
import { createLogger, silentLogger } from '../../main/core/logging/logger.ts';
import { migrate } from '../../main/core/storage/migrations.ts';
import { closeDatabase, openDatabase } from '../../main/core/storage/database.ts';
import { SegmentRepository } from '../../main/core/storage/segment-repository.ts';
import { SnapshotWriter } from '../../main/core/snapshots/snapshot-writer.ts';
import { dayFolderName } from '../../main/core/config/data-dir.ts';
import { FOLDER_ID_FILE } from '../../main/core/storage/folder-identity.ts';
import { makeCourtyardSegments } from '../fixtures/recording-segments.ts';
import { courtyardFrame, footageFiles, FRAME, seedFootage } from '../fixtures/footage-folder.ts';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { openDataFolderDatabase, startTestEngine } from '../fixtures/test-engine.ts';

const DAY = 86_400_000;
const CAM = 'cam-front';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), `nvr-${name}-`));
  dirs.push(d);
  return d;
};

let source: ReturnType<typeof makeCourtyardSegments>;
let frame: Uint8Array;
let running: NvrEngine | null = null;

/** A log that keeps its lines (JSON objects) for the test to read. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

async function start(dataDir: string, o: { ahead?: number; logger?: ReturnType<typeof createLogger> } = {}): Promise<NvrEngine> {
  running = await startTestEngine({
    dataDir,
    logger: o.logger ?? silentLogger(),
    retentionIntervalMs: 200,
    ...(o.ahead ? { now: () => Date.now() + o.ahead! } : {}),
  });
  return running;
}

async function stop(): Promise<void> {
  await running?.stop();
  running = null;
}

/** A data folder whose own database indexed 5 segments and 3 snapshot events of CAM, 2 days old. */
async function ownFolder(): Promise<{ dir: string; files: string[] }> {
  const dir = tempDir('c1');
  const e = await start(dir);
  e.testSeams.retention.stop(); // nothing is deleted while the footage is put in
  await seedFootage(e, { cameraId: CAM, segmentFiles: source.files, frame, snapshots: 3, daysAgo: 2 });
  await stop();
  const files = await footageFiles(dir);
  expect(files.filter((f) => f.startsWith('recordings/'))).toHaveLength(5);
  expect(files.filter((f) => f.startsWith('snapshots/'))).toHaveLength(6);
  return { dir, files };
}

/** Two retention runs of its own (the 200 ms timer) and two asked for, then what is left. */
async function afterRetention(e: NvrEngine): Promise<void> {
  await sleep(700);
  await e.testSeams.retention.runNow();
  await e.testSeams.retention.runNow();
  const s = e.testSeams.retention.summary();
  expect(s.lastRunAt).not.toBeNull();
  expect(s.segments?.lastRunAt).not.toBeNull();
}

async function expectKeptAndReindexed(e: NvrEngine, dir: string, files: string[], identity: 'replaced' | 'foreign'): Promise<void> {
  await afterRetention(e);
  expect(await footageFiles(dir)).toEqual(files); // not one file deleted, not one changed
  expect(e.testSeams.retention.summary()).toMatchObject({ deletedEvents: 0, segments: { deletedSegments: 0 } });
  const db = openDataFolderDatabase(dir);
  const rows = db.prepare<[string], { n: number; r: number }>('SELECT count(*) AS n, sum(reindexed) AS r FROM segments WHERE camera_id = ?').get(CAM)!;
  expect(rows).toEqual({ n: 5, r: 5 });
  const spans = await e.api['recordings.spans']({ cameraIds: [CAM], from: Date.now() - 3 * DAY, to: Date.now() });
  expect(spans).toHaveLength(1);
  const recorded = spans[0]!.spans.reduce((sum, s) => sum + s.endMs - s.startMs, 0);
  expect(recorded).toBeGreaterThan(40_000); // five 10 s segments
  const events = db.prepare<[], { id: string; snapshot_path: string }>('SELECT id, snapshot_path FROM events WHERE reindexed = 1 ORDER BY id').all();
  expect(events.map((r) => r.id)).toEqual([`ev-${CAM}-0`, `ev-${CAM}-1`, `ev-${CAM}-2`]);
  for (const r of events) expect(await e.media.snapshotFile(r.id, 'full')).toBe(path.join(dir, r.snapshot_path));
  const health = await e.api['health.get']({});
  expect(health.system.database).toMatchObject({ identity, reindexedSegments: 5, reindexedSnapshots: 3 });
  expect(health.system.database.notice).toMatch(/^The event database was replaced .*: 5 recordings and 3 snapshots found in the data folder were kept and re-indexed; they are not deleted by age/);
}

beforeAll(() => {
  source = makeCourtyardSegments();
  frame = courtyardFrame();
  expect(frame.length).toBe((FRAME.width * FRAME.height * 3) / 2);
});
afterAll(async () => {
  await stop();
  source?.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a lost or replaced database never costs footage', () => {
  it('moved aside: footage re-indexed and kept through retention, health and the log say so, and a restart keeps it', async () => {
    const { dir, files } = await ownFolder();
    const folderId = readFileSync(path.join(dir, FOLDER_ID_FILE), 'utf8').trim();
    renameSync(path.join(dir, 'nvr.sqlite'), path.join(dir, 'nvr.sqlite.bad'));
    const log = capturedLogger();
    const e = await start(dir, { ahead: 40 * DAY, logger: log.logger });
    await expectKeptAndReindexed(e, dir, [...files], 'replaced');
    const said = log.lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith('The event database was replaced'));
    expect(said).toMatchObject({ level: 40, identity: 'replaced', reindexedSegments: 5, reindexedSnapshots: 3 });
    // The new database now carries the folder's identity: the next start is its own, and the re-indexed footage stays.
    await stop();
    const again = await start(dir, { ahead: 40 * DAY });
    await afterRetention(again);
    expect(await footageFiles(dir)).toEqual(files);
    const health = await again.api['health.get']({});
    expect(health.system.database.identity).toBe('own');
    expect(health.system.database.notice).toMatch(/5 recordings and 3 snapshots .* kept/);
    expect(openDataFolderDatabase(dir).prepare("SELECT value FROM meta WHERE key = 'folder_id'").get()).toEqual({ value: folderId });
    await stop();
  }, 120_000);

  it('truncated to 0 bytes: the same', async () => {
    const { dir, files } = await ownFolder();
    truncateSync(path.join(dir, 'nvr.sqlite'), 0);
    const e = await start(dir, { ahead: 40 * DAY });
    await expectKeptAndReindexed(e, dir, files, 'replaced');
    await stop();
  }, 120_000);

  it('replaced by the database of another data folder: the same, and the folder keeps its own id', async () => {
    const { dir, files } = await ownFolder();
    const other = tempDir('c1-other');
    await start(other);
    // Its unfinished deletions (tombstones) happen to name files of this folder: they must not be finished here.
    const seg = files.find((f) => f.startsWith('recordings/'))!.split(' ')[0]!;
    const snap = files.find((f) => f.startsWith('snapshots/'))!.split(' ')[0]!;
    await stop();
    const odb = openDataFolderDatabase(other, { writable: true });
    odb.prepare("INSERT INTO segments (camera_id, start_ms, end_ms, duration_ms, size_bytes, path, deleting) VALUES ('x', 1, 2, 1, 1, ?, 1)").run(seg);
    odb.prepare("INSERT INTO events (id, camera_id, kind, start_ms, end_ms, updated_ms, snapshot_path, deleting) VALUES ('x1', 'x', 'motion', 1, 2, 2, ?, 1)").run(snap);
    odb.close();
    copyFileSync(path.join(other, 'nvr.sqlite'), path.join(dir, 'nvr.sqlite'));
    const e = await start(dir, { ahead: 40 * DAY });
    await expectKeptAndReindexed(e, dir, files, 'foreign');
    expect(openDataFolderDatabase(dir).prepare('SELECT count(*) AS n FROM segments WHERE deleting = 1').get()).toEqual({ n: 0 }); // rows only
    expect(readFileSync(path.join(dir, FOLDER_ID_FILE), 'utf8')).not.toBe(readFileSync(path.join(other, FOLDER_ID_FILE), 'utf8'));
    await stop();
  }, 120_000);

  it('damaged, then `nvr repair-database`: the damaged file is moved aside, the next start keeps and re-indexes everything', async () => {
    const { dir, files } = await ownFolder();
    writeFileSync(path.join(dir, 'nvr.sqlite'), Buffer.alloc(8192, 0x5a)); // not a database any more
    await expect(start(dir)).rejects.toThrow(/is damaged .*No recording or snapshot has been deleted.*nvr repair-database/s);
    expect(await footageFiles(dir)).toEqual(files);
    const cli = path.join(repoRoot, 'out', 'test-fixtures', 'nvr-cli.mjs');
    await build({
      entryPoints: [path.join(repoRoot, 'main', 'cli.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node24', format: 'esm',
      packages: 'external', logLevel: 'warning',
      banner: { js: "import { createRequire as __nvrCreateRequire } from 'node:module'; const require = __nvrCreateRequire(import.meta.url);" },
    });
    const r = spawnSync(process.execPath, [cli, 'repair-database', '--data-dir', dir], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toMatch(/^The damaged event database was moved aside to .*nvr\.sqlite\.damaged-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\. No recording or snapshot was touched/);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, 'nvr.sqlite'))).toBe(false);
    const e = await start(dir, { ahead: 40 * DAY });
    await expectKeptAndReindexed(e, dir, files, 'replaced');
    await stop();
    // A sound database is left where it is.
    const again = spawnSync(process.execPath, [cli, 'repair-database', '--data-dir', dir], { encoding: 'utf8', timeout: 30_000 });
    expect(again.stdout).toMatch(/opens and checks fine: nothing was moved/);
    expect(again.status).toBe(1);
    expect(existsSync(path.join(dir, 'nvr.sqlite'))).toBe(true);
  }, 120_000);

  it('a start interrupted half-way through re-indexing: the next start still treats the folder as not its own', async () => {
    const { dir, files } = await ownFolder();
    rmSync(path.join(dir, 'nvr.sqlite'));
    // What such a start leaves: a new database with one segment re-indexed, and no identity written yet.
    const first = files.find((f) => f.startsWith('recordings/'))!.split(' ')[0]!;
    const half = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
    new SegmentRepository(half).insert({ cameraId: CAM, startMs: Date.now() - 2 * DAY, endMs: Date.now() - 2 * DAY + 10_000, sizeBytes: 1, path: first, reindexed: true });
    closeDatabase(half);
    const e = await start(dir, { ahead: 40 * DAY });
    await expectKeptAndReindexed(e, dir, files, 'replaced');
    await stop();
  }, 120_000);

  it('an install made by the previous version (no id file) is adopted as the folder\'s own, not treated as foreign', async () => {
    const dir = tempDir('c1-adopt');
    // The previous version's database (schema 3), with 5 segment rows and 2 snapshot events of its own.
    const old = new Database(path.join(dir, 'nvr.sqlite'));
    migrate(old, 3);
    const t0 = Date.now() - 2 * DAY;
    const insertSeg = old.prepare('INSERT INTO segments (camera_id, start_ms, end_ms, duration_ms, size_bytes, path) VALUES (?, ?, ?, 10000, ?, ?)');
    source.files.forEach((file, i) => {
      const rel = `recordings/${CAM}/${dayFolderName(t0 + i * 10_000)}/old-${i}.mp4`;
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      copyFileSync(file, path.join(dir, rel));
      insertSeg.run(CAM, t0 + i * 10_000, t0 + i * 10_000 + 10_000, readFileSync(file).length, rel);
    });
    const writer = new SnapshotWriter({ dataRoot: dir, logger: silentLogger() });
    for (const i of [0, 1]) {
      const shot = await writer.write({ eventId: `old-ev-${i}`, cameraId: CAM, time: t0 + i * 10_000, frame, ...FRAME });
      old
        .prepare(`INSERT INTO events (id, camera_id, kind, start_ms, end_ms, updated_ms, snapshot_path, thumbnail_path, snapshot_bytes) VALUES (?, ?, 'person', ?, ?, ?, ?, ?, ?)`)
        .run(`old-ev-${i}`, CAM, t0 + i * 10_000, t0 + i * 10_000 + 1000, t0, shot.snapshotPath, shot.thumbnailPath, shot.bytes);
    }
    old.close();
    expect(existsSync(path.join(dir, FOLDER_ID_FILE))).toBe(false);

    const e = await start(dir, { ahead: -3 * DAY }); // a clock from before the footage: nothing is due yet
    const health = await e.api['health.get']({});
    expect(health.system.database).toEqual({ identity: 'adopted', notice: null, reindexedSegments: 0, reindexedSnapshots: 0 });
    const id = readFileSync(path.join(dir, FOLDER_ID_FILE), 'utf8').trim();
    const db = openDataFolderDatabase(dir);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'folder_id'").get()).toEqual({ value: id });
    expect(db.prepare('SELECT count(*) AS n, sum(reindexed) AS r FROM segments').get()).toEqual({ n: 5, r: 0 });
    await stop();
    // Its own footage follows the usual rules: 40 days on, the events-mode footage and the 30-day events go by age.
    const later = await start(dir, { ahead: 40 * DAY });
    expect((await later.api['health.get']({})).system.database.identity).toBe('own');
    await afterRetention(later);
    expect(later.testSeams.retention.summary()).toMatchObject({ deletedEvents: 2, segments: { deletedSegments: 5, byAge: 5 } });
    expect(await footageFiles(dir)).toEqual([]);
    await stop();
  }, 120_000);
});
