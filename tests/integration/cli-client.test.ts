// The `nvr` command line as a full client, as built (out/main/cli.js), against a real service with two real GStreamer
// RTSP cameras (one behind a password): --version and --help everywhere, cameras show/set with the UI's schema and
// messages, settings get/set as one-field patches, events show/export, backup while both cameras record and events are
// written, restore into a new data folder (integrity check, every event, the password-protected camera streaming
// again), and a support bundle with no secret in it. Text and --json for each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { decodeFile } from '../fixtures/media-check.ts';
import { buildCli, cliPath, run, startChild, stopChild, type RunResult } from '../fixtures/cli-process.ts';
import { connectToDataDir } from '../../main/service/ws-client.ts';

const CAMERA_PASSWORD = 'Yard-Secret-7731';
const LAN_PASSWORD = 'Lan-Password-4410';
const env = { NVR_LOG_LEVEL: 'warn', NVR_MODEL_PATH: '/nonexistent/model.onnx', NVR_NO_OPEN: '1' };
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

type Json = Record<string, unknown>;
const doc = (r: RunResult): Json => {
  try {
    return JSON.parse(r.stdout) as Json;
  } catch {
    throw new Error(`not one JSON document (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

describe('nvr as a full client of a running service', () => {
  const dirs: string[] = [];
  const tempDir = (name: string) => {
    const d = mkdtempSync(path.join(os.tmpdir(), `nvr-cli-${name}-`));
    dirs.push(d);
    return d;
  };
  let dataDir: string;
  let yard: RtspCamera;
  let gate: RtspCamera;
  let service: { child: ChildProcess; url: string; output: () => string } | undefined;
  let restored: { child: ChildProcess; url: string; output: () => string } | undefined;
  let yardId: string;
  let gateId: string;
  const nvrIn = (dir: string, input: string | undefined, ...args: string[]) => run(process.execPath, [cliPath, ...args, '--data-dir', dir], env, 60_000, input);
  const nvr = (...args: string[]) => nvrIn(dataDir, undefined, ...args);

  beforeAll(async () => {
    await buildCli();
    dataDir = tempDir('data');
    yard = await startRtspCamera({ source: 'file:' + courtyardPath(), user: 'viewer', password: CAMERA_PASSWORD });
    gate = await startRtspCamera({ source: 'file:' + courtyardPath() });
    const lan = await nvrIn(dataDir, LAN_PASSWORD + '\n', 'lan-password');
    expect(lan.code, lan.stderr).toBe(0);
    service = await startChild(process.execPath, [cliPath, 'serve', '--data-dir', dataDir, '--port', '0', '--no-open'], env, 30_000);
    const a = await nvrIn(dataDir, CAMERA_PASSWORD + '\n', 'cameras', 'add', '--name', 'Yard', '--url', yard.url, '--username', 'viewer', '--password-stdin');
    // On a failure, the service's own lines too (a cut-off camera test logs ffprobe's last words).
    expect(a.code, `${a.stderr}\nservice:\n${service.output()}`).toBe(0);
    yardId = a.stdout.trim();
    const b = await nvr('cameras', 'add', '--name', 'Gate', '--url', gate.url, '--json');
    expect(b.code, `${b.stderr}\nservice:\n${service.output()}`).toBe(0);
    gateId = doc(b).id as string;
  }, 120_000);

  afterAll(async () => {
    if (restored) await stopChild(restored.child, false);
    if (service) await stopChild(service.child, false);
    await yard?.stop();
    await gate?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('--version prints the package version, as text and JSON', async () => {
    const text = await run(process.execPath, [cliPath, '--version'], env);
    expect(text.code).toBe(0);
    expect(text.stdout.trim()).toBe(`ShopWatch NVR ${version} (Node ${process.versions.node})`);
    const json = await run(process.execPath, [cliPath, '--version', '--json'], env);
    expect(doc(json)).toEqual({ name: 'ShopWatch NVR', version, node: process.versions.node });
  });

  it('--help on every command and `nvr help COMMAND` exit 0 with that command\'s usage', async () => {
    const commands = ['start', 'serve', 'url', 'cameras', 'events', 'visitors', 'settings', 'health', 'backup', 'restore', 'diagnose', 'lan-password', 'help'];
    for (const c of commands) {
      const help = await run(process.execPath, [cliPath, c, '--help'], env);
      expect(help.code, c).toBe(0);
      expect(help.stdout, c).toContain(`nvr ${c}`);
      const viaHelp = await run(process.execPath, [cliPath, 'help', c], env);
      expect(viaHelp.code, c).toBe(0);
      expect(viaHelp.stdout).toBe(help.stdout);
    }
    for (const args of [['cameras', 'set', '--help'], ['events', 'export', '-h'], ['settings', 'set', '--help']]) {
      const r = await run(process.execPath, [cliPath, ...args], env);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain(`nvr ${args[0]} ${args[1]}`);
    }
    const json = await run(process.execPath, [cliPath, 'backup', '--help', '--json'], env);
    expect(doc(json)).toMatchObject({ command: 'backup', usage: expect.stringContaining('--with-recordings') });
    const all = await run(process.execPath, [cliPath, 'help'], env);
    for (const c of commands) expect(all.stdout).toContain(`  ${c}`);
    const unknown = await run(process.execPath, [cliPath, 'help', 'frobnicate', '--json'], env);
    expect(unknown.code).toBe(2);
    expect(doc(unknown)).toEqual({ error: { code: 'usage', message: 'There is no command "frobnicate". Run `nvr help` for the list.' } });
  }, 120_000); // about 30 processes started one after another: 0.5 s each on a quiet machine, far more under load

  it('cameras show prints every setting of a camera, as text and JSON, never its password', async () => {
    await waitFor(async () => (doc(await nvr('cameras', 'show', yardId, '--json')).status as { state: string }).state === 'streaming', 20_000, 'Yard streaming', 500);
    const json = doc(await nvr('cameras', 'show', yardId, '--json'));
    expect(json).toMatchObject({ id: yardId, name: 'Yard', username: 'viewer', hasPassword: true, state: 'streaming', notifications: { cooldownSeconds: 60 }, recording: { mode: 'events' } });
    const text = await nvr('cameras', 'show', yardId);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Yard (${yardId}): streaming`);
    expect(text.stdout).toContain('notifications.cooldownSeconds = 60');
    expect(text.stdout).toContain('motion.threshold = 25');
    expect(text.stdout + JSON.stringify(json)).not.toContain(CAMERA_PASSWORD);
    const missing = await nvr('cameras', 'show', 'no-such-camera', '--json');
    expect(missing.code).toBe(1);
    expect(doc(missing)).toEqual({ error: { code: 'not-found', message: 'There is no such camera (it may have been removed).' } });
  }, 30_000);

  it('cameras set changes the named settings only (nested keys, JSON values) and refuses bad values with the schema\'s message', async () => {
    const before = doc(await nvr('cameras', 'show', gateId, '--json'));
    const r = await nvr('cameras', 'set', gateId, 'notifications.cooldownSeconds=120', 'notifications.schedule.mode=never', 'name=Front gate', 'motion.threshold=30');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Camera Front gate (${gateId}) changed: notifications.cooldownSeconds, notifications.schedule.mode, name, motion.threshold.`);
    const after = doc(await nvr('cameras', 'show', gateId, '--json'));
    expect(after.name).toBe('Front gate');
    expect(after.notifications).toEqual({ ...(before.notifications as Json), cooldownSeconds: 120, schedule: { mode: 'never', windows: [] } });
    expect(after.motion).toEqual({ ...(before.motion as Json), threshold: 30 });
    expect(after.events).toEqual(before.events);
    const json = doc(await nvr('cameras', 'set', gateId, 'recording.preRollSeconds=8', '--json'));
    expect(json.recording).toEqual({ ...(before.recording as Json), preRollSeconds: 8 });

    // The same sentence the page gets from the service for the same patch, exit 1; nothing changed.
    const connection = await connectToDataDir(dataDir);
    try {
      for (const [arg, patch] of [
        ['notifications.cooldownSeconds=-5', { notifications: { cooldownSeconds: -5 } }],
        ['motion.threshold=abc', { motion: { threshold: 'abc' } }],
        ['recording.mode=sometimes', { recording: { mode: 'sometimes' } }],
        ['notifications.colour=red', { notifications: { colour: 'red' } }],
      ] as const) {
        const bad = await nvr('cameras', 'set', gateId, arg);
        const fromService = await connection.request('cameras.update', { id: gateId, patch }).then(
          () => 'accepted',
          (err: Error) => err.message,
        );
        expect(fromService).toMatch(/^Invalid input for cameras.update: patch[.:]/);
        expect(bad.code, arg).toBe(1);
        expect(bad.stderr.trim()).toBe(fromService);
        const badJson = await nvr('cameras', 'set', gateId, arg, '--json');
        expect(badJson.code).toBe(1);
        expect(doc(badJson)).toEqual({ error: { code: 'bad-request', message: fromService } });
      }
    } finally {
      await connection.close();
    }
    expect(doc(await nvr('cameras', 'show', gateId, '--json')).notifications).toEqual(after.notifications);
    const unknown = await nvr('cameras', 'set', gateId, 'colour=red');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no camera setting "colour"');
    const pw = await nvr('cameras', 'set', gateId, 'password=hunter2');
    expect(pw.code).toBe(2);
    expect(pw.stderr).toContain('--password-stdin');
    const malformed = await nvr('cameras', 'set', gateId, 'cooldown');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('is not key=value');
  }, 60_000);

  it('settings get and set: one key changes one setting; bad values get the service\'s sentence', async () => {
    const all = doc(await nvr('settings', 'get', '--json'));
    expect(all).toMatchObject({ storage: { retentionIntervalMinutes: 5 }, notifications: { armed: true, maxPerMinute: 6 } });
    const set1 = await nvr('settings', 'set', 'storage.recordingsQuotaBytes=50000000000');
    expect(set1.code, set1.stderr).toBe(0);
    expect(set1.stdout.trim()).toBe('storage.recordingsQuotaBytes = 50000000000');
    const set2 = doc(await nvr('settings', 'set', 'storage.retentionIntervalMinutes=7', 'notifications.maxPerMinute=3', '--json'));
    expect(set2.storage).toEqual({ ...(all.storage as Json), recordingsQuotaBytes: 50_000_000_000, retentionIntervalMinutes: 7 });
    expect(set2.notifications).toEqual({ ...(all.notifications as Json), maxPerMinute: 3 });
    const one = await nvr('settings', 'get', 'storage.retentionIntervalMinutes');
    expect(one.stdout.trim()).toBe('7');
    expect(doc(await nvr('settings', 'get', 'storage', '--json'))).toEqual({ key: 'storage', value: set2.storage });
    const text = await nvr('settings', 'get');
    expect(text.stdout).toContain('notifications.maxPerMinute = 3');
    const bad = await nvr('settings', 'set', 'notifications.maxPerMinute=1000');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^Invalid input for settings.update: notifications.maxPerMinute: /);
    const unknown = await nvr('settings', 'get', 'storage.nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no setting "storage.nope"');
    expect(doc(await nvr('settings', 'get', 'notifications.maxPerMinute', '--json')).value).toBe(3);
  }, 30_000);

  it('visitors: people per hour or minute per camera from the service, as text and JSON; bad options get a sentence', async () => {
    expect(doc(await nvr('visitors', '--json'))).toMatchObject({ bucket: 'hour', buckets: [] });
    expect((await nvr('visitors')).stdout.trim()).toBe('No visitors counted in this time.');
    // Counts written into the running service's database (another connection, as the pipeline's would be).
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const db = new Database(path.join(dataDir, 'nvr.sqlite'));
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare('INSERT INTO visitor_minutes (camera_id, minute_ms, visitors, ins, outs) VALUES (?, ?, ?, ?, ?)');
    insert.run(yardId, hour + 60_000, 3, 3, 1);
    insert.run(yardId, hour + 30 * 60_000, 2, 2, 2);
    insert.run(gateId, hour + 5 * 60_000, 4, 0, 0);
    db.close();
    const json = doc(await nvr('visitors', '--since', '3h', '--json'));
    expect(json.buckets).toHaveLength(2); // one hour, two cameras (ordered by camera id)
    expect(json.buckets).toEqual(
      expect.arrayContaining([
        { cameraId: gateId, startMs: hour, visitors: 4, ins: 0, outs: 0 },
        { cameraId: yardId, startMs: hour, visitors: 5, ins: 5, outs: 3 },
      ]),
    );
    const minutes = doc(await nvr('visitors', '--camera', yardId, '--bucket', 'minute', '--json'));
    expect((minutes.buckets as Json[]).map((b) => b.visitors)).toEqual([3, 2]);
    const text = await nvr('visitors', '--since', '3h');
    expect(text.code, text.stderr).toBe(0);
    const when = new Date(hour).toISOString().slice(0, 16).replace('T', ' ');
    expect(text.stdout).toMatch(new RegExp(`^${when}  Yard +5 people \\(5 in, 3 out\\)$`, 'm')); // names padded to one column
    expect(text.stdout.trim().split('\n').at(-1)).toBe('9 people in all (times in UTC)');
    const bad = await nvr('visitors', '--bucket', 'week');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bucket is hour or minute, not "week".');
    expect((await nvr('visitors', '--since', '40d')).stderr).toContain('at most 31 days');
  }, 30_000);

  it('events show and events export: the event, its footage, one MP4 with progress lines (not a terminal), exit 1 when it cannot', async () => {
    let event: Json | undefined;
    await waitFor(
      async () => {
        const list = doc(await nvr('events', 'list', '--json', '--camera', yardId)).events as Json[];
        for (const e of list) {
          const shown = doc(await nvr('events', 'show', e.id as string, '--json'));
          if ((shown.footage as { hasFootage: boolean; coveredMs: number }).coveredMs >= 2000) {
            event = shown;
            return true;
          }
        }
        return false;
      },
      90_000,
      'a motion event with recorded footage (the courtyard keeps moving: it may still be open)',
      2000,
    );
    const id = event!.id as string;
    expect(event).toMatchObject({ id, cameraId: yardId, cameraName: 'Yard', kind: 'motion', footage: { hasFootage: true } });
    const text = await nvr('events', 'show', id);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`motion event ${id} on Yard`);
    expect(text.stdout).toMatch(/footage = \d+ s recorded of \d+ s/);

    const out = tempDir('export');
    const plain = await nvr('events', 'export', id, '--to', out);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/Exporting: 100 %/);
    const file = /to (.+\.mp4)$/m.exec(plain.stdout)?.[1];
    expect(file && existsSync(file), plain.stdout).toBe(true);
    expect(path.dirname(file!)).toBe(out);
    const decoded = await decodeFile(file!);
    expect(decoded.ok, decoded.errors).toBe(true);
    expect(decoded.frames).toBeGreaterThan(10);
    // On a terminal (a real pty from util-linux's `script`): one bar redrawn in place, ending at 100 %.
    const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const line = [process.execPath, cliPath, 'events', 'export', id, '--to', path.join(out, 'tty'), '--data-dir', dataDir].map(quote).join(' ');
    const tty = await run('script', ['-qec', line, '/dev/null'], env, 60_000);
    expect(tty.code, tty.stdout).toBe(0);
    expect(tty.stdout).toContain(`\rExporting [${'#'.repeat(30)}] 100 %`);
    expect(tty.stdout).not.toContain('Exporting: ');
    const json = await nvr('events', 'export', id, '--to', path.join(out, 'again'), '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).not.toContain('Exporting');
    const exported = doc(json);
    expect(statSync(exported.file as string).size).toBe(exported.bytes);
    const missing = await nvr('events', 'export', 'no-such-event', '--to', out, '--json');
    expect(missing.code).toBe(1);
    expect((doc(missing).error as Json).code).toBe('not-found');
    const noDir = await nvr('events', 'export', id);
    expect(noDir.code).toBe(2);
  }, 150_000);

  it('backup while both cameras record and events are written; restore into a new folder has every event and streams again', async () => {
    await waitFor(
      async () => {
        const events = doc(await nvr('events', 'list', '--json', '--limit', '500')).events as Json[];
        return new Set(events.map((e) => e.cameraId)).size === 2;
      },
      90_000,
      'events from both cameras',
      2000,
    );
    const health = doc(await nvr('health', '--json')) as { cameras: Array<{ recording: { state: string } }> };
    expect(health.cameras.map((c) => c.recording.state)).toEqual(['recording', 'recording']);
    const before = (doc(await nvr('events', 'list', '--json', '--limit', '500')).events as Json[]).map((e) => e.id as string);
    const archive = path.join(tempDir('backup'), 'nvr.tar.gz');
    const r = await nvr('backup', '--to', archive, '--with-recordings', '--json');
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const summary = doc(r);
    expect(summary).toMatchObject({ file: archive, cameras: 2, withRecordings: true, configFiles: ['secret.key', 'service-lan.json'] });
    expect(summary.events as number).toBeGreaterThanOrEqual(before.length);
    expect(summary.segments as number).toBeGreaterThan(0);
    expect(statSync(archive).mode & 0o077).toBe(0);
    const small = await nvr('backup', '--to', path.join(path.dirname(archive), 'small.tar.gz'));
    expect(small.code, small.stderr).toBe(0);
    expect(small.stdout).toMatch(/^Backup written to .*small\.tar\.gz \([\d.]+ MB\): 2 cameras, \d+ events, \d+ snapshots; recordings not included/);

    const refused = await nvr('restore', archive);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`is using the data folder ${dataDir}: stop it first`);

    const target = tempDir('restored');
    const restoredOk = await nvrIn(target, undefined, 'restore', archive);
    expect(restoredOk.code, restoredOk.stderr).toBe(0);
    expect(restoredOk.stdout).toContain(`into ${target}: 2 cameras`);
    const db = new Database(path.join(target, 'nvr.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set(db.prepare<[], { id: string }>('SELECT id FROM events').all().map((e) => e.id));
      for (const id of before) expect(ids.has(id), id).toBe(true);
      const segs = db.prepare<[], { path: string }>('SELECT path FROM segments').all();
      expect(segs.length).toBe(summary.segments);
      for (const s of segs) expect(existsSync(path.join(target, s.path)), s.path).toBe(true);
      const snaps = db.prepare<[], { p: string }>('SELECT snapshot_path AS p FROM events WHERE snapshot_path IS NOT NULL').all();
      for (const s of snaps) expect(existsSync(path.join(target, s.p)), s.p).toBe(true);
    } finally {
      db.close();
    }
    expect(readFileSync(path.join(target, 'secret.key'))).toEqual(readFileSync(path.join(dataDir, 'secret.key')));
    const again = await nvrIn(target, undefined, 'restore', archive, '--json');
    expect(again.code).toBe(1);
    expect((doc(again).error as Json).message).toContain('already has a database');
    const forced = await nvrIn(target, undefined, 'restore', archive, '--force', '--json');
    expect(forced.code, forced.stderr).toBe(0);
    expect(doc(forced)).toMatchObject({ replacedDatabase: true, dataDir: target });
    const notBackup = path.join(target, 'not-a-backup.tar.gz');
    writeFileSync(notBackup, 'hello');
    const damaged = await nvrIn(tempDir('empty'), undefined, 'restore', notBackup);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('cannot be unpacked as an NVR backup');

    // The restored folder runs: the cameras (the password decrypted with the restored key) stream again.
    // (with --json: its start is one JSON document too)
    restored = await startChild(process.execPath, [cliPath, 'serve', '--data-dir', target, '--port', '0', '--no-open', '--json'], env, 30_000, /"url": "(http:\/\/[^"]+)"/);
    expect(JSON.parse(/\{\n {2}"running": true[\s\S]*?\n\}/.exec(restored.output())![0])).toEqual({ running: true, url: restored.url, dataDir: target, host: '127.0.0.1', port: expect.any(Number) });
    await waitFor(
      async () => {
        const list = JSON.parse((await nvrIn(target, undefined, 'cameras', 'list', '--json')).stdout) as Array<{ id: string; state: string }>;
        return list.length === 2 && list.every((c) => c.state === 'streaming');
      },
      30_000,
      'both restored cameras streaming',
      1000,
    );
    const restoredEvents = JSON.parse((await nvrIn(target, undefined, 'events', 'list', '--json', '--limit', '500')).stdout) as { events: Json[] };
    const restoredIds = new Set(restoredEvents.events.map((e) => e.id));
    for (const id of before) expect(restoredIds.has(id), id).toBe(true);
    await stopChild(restored.child, false);
    restored = undefined;
  }, 240_000);

  it('diagnose writes a support bundle with versions, settings, health, cameras and log lines, and no secret', async () => {
    // A log file as a crash might leave it, with secrets in it: the bundle must carry its lines without them.
    const token = readFileSync(path.join(dataDir, 'service-token'), 'utf8').trim();
    const lanHash = (JSON.parse(readFileSync(path.join(dataDir, 'service-lan.json'), 'utf8')) as { passwordHash: string }).passwordHash;
    const key = readFileSync(path.join(dataDir, 'secret.key'));
    mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
    const logLines = Array.from({ length: 250 }, (_, i) => JSON.stringify({ level: 30, n: i, msg: `line ${i}` }));
    logLines.push(JSON.stringify({ level: 50, msg: `ffmpeg said rtsp://viewer:${CAMERA_PASSWORD}@127.0.0.1:${yard.port}/stream failed; token ${token}` }));
    writeFileSync(path.join(dataDir, 'logs', 'service.log'), logLines.join('\n') + '\n');

    const bundleFile = path.join(tempDir('diag'), 'bundle.json');
    const r = await nvr('diagnose', '--to', bundleFile);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Support bundle written to ${bundleFile}`);
    const text = readFileSync(bundleFile, 'utf8');
    const bundle = JSON.parse(text) as Json;
    for (const secret of [CAMERA_PASSWORD, encodeURIComponent(CAMERA_PASSWORD), token, LAN_PASSWORD, lanHash, ...lanHash.split('$').filter((p) => p.length >= 16), key.toString('hex'), key.toString('base64'), key.toString('base64url')]) {
      expect(text.includes(secret), `the bundle contains a secret (${secret.slice(0, 4)}…)`).toBe(false);
    }
    expect(bundle.versions).toMatchObject({ app: version, node: process.versions.node, ffmpeg: expect.stringMatching(/^ffmpeg version /), ffprobe: expect.stringMatching(/^ffprobe version /) });
    expect(bundle.service).toMatchObject({ running: true });
    expect((bundle.settings as Json).notifications).toMatchObject({ maxPerMinute: 3 });
    expect(((bundle.health as Json).cameras as Json[]).map((c) => c.name).sort()).toEqual(['Front gate', 'Yard']);
    expect((bundle.cameras as Json[]).find((c) => c.id === yardId)).toMatchObject({ username: 'viewer', hasPassword: true });
    const logs = bundle.logs as { files: string[]; lines: string[] };
    expect(logs.files).toContain('service.log');
    expect(logs.lines).toHaveLength(200);
    expect(logs.lines.at(-1)).toContain(`rtsp://***@127.0.0.1:${yard.port}/stream failed; token ***`);
    expect((bundle.os as Json).platform).toBe(process.platform);

    const stdout = await nvr('diagnose');
    expect(stdout.code).toBe(0);
    const printed = doc(stdout);
    expect(printed.versions).toEqual(bundle.versions);
    for (const secret of [CAMERA_PASSWORD, token, lanHash]) expect(stdout.stdout.includes(secret)).toBe(false);
    const json = doc(await nvr('diagnose', '--to', bundleFile, '--json'));
    expect(json).toEqual({ file: bundleFile, bytes: statSync(bundleFile).size });
    expect(readdirSync(dataDir).filter((n) => n.startsWith('.backup-') || n.startsWith('.restore-'))).toEqual([]);
  }, 60_000);
});
