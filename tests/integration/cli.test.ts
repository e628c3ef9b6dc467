// The `nvr` command line, as built (out/main/cli.js), against a real service in a child process: every command, its
// --json documents, its exit codes and messages; and `npm start` on this machine (no Electron runtime) starting
// service mode that answers on the printed URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { connectToDataDir } from '../../main/service/ws-client.ts';
import { buildCli, cliPath, run, startChild, stopChild } from '../fixtures/cli-process.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

describe('nvr command line', () => {
  let dataDir: string;
  let emptyDir: string;
  let camera: RtspCamera;
  let service: { child: ChildProcess; url: string; output: () => string };
  const env = { NVR_LOG_LEVEL: 'warn', NVR_MODEL_PATH: '/nonexistent/model.onnx', NVR_NO_OPEN: '1' };
  const nvr = (...args: string[]) => run(process.execPath, [cliPath, ...args, '--data-dir', dataDir], env);
  const nvrWithInput = (input: string, ...args: string[]) => run(process.execPath, [cliPath, ...args, '--data-dir', dataDir], env, 30_000, input);

  beforeAll(async () => {
    await buildCli();
    dataDir = tempDataDir('nvr-cli-');
    emptyDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-cli-empty-'));
    camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
    service = await startChild(process.execPath, [cliPath, 'serve', '--data-dir', dataDir, '--port', '0', '--no-open'], env, 30_000);
  }, 90_000);

  afterAll(async () => {
    if (service) await stopChild(service.child, false);
    await camera?.stop();
    for (const dir of [dataDir, emptyDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serve prints the URL with the token, and the page answers on it', async () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
    const res = await fetch(service.url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(service.output()).toContain(`Data folder: ${dataDir}`);
  });

  it('url prints the same address again', async () => {
    const r = await nvr('url');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(service.url);
  });

  it('cameras list says there are none yet, as text and as JSON', async () => {
    const text = await nvr('cameras', 'list');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No cameras yet');
    const json = await nvr('cameras', 'list', '--json');
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it('cameras add refuses a bad URL and an unreachable camera with the message the page shows, exit 1', async () => {
    const connection = await connectToDataDir(dataDir);
    try {
      for (const url of ['http//nonsense', 'rtsp://127.0.0.1:9/stream']) {
        const r = await nvr('cameras', 'add', '--name', 'Till', '--url', url);
        const probe = await connection.api['cameras.testStream']({ url });
        expect(probe.ok).toBe(false);
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr.trim()).toBe(`Camera not added: ${probe.ok ? '' : probe.message}`);
      }
    } finally {
      await connection.close();
    }
    expect(JSON.parse((await nvr('cameras', 'list', '--json')).stdout)).toEqual([]);
  }, 40_000);

  it('cameras add with a working RTSP camera prints its id; cameras list shows it streaming', async () => {
    // The password comes on standard input (never an argument, which the process list shows).
    const twice = await nvrWithInput('x\n', 'cameras', 'add', '--name', 'C', '--url', camera.url, '--password', 'p', '--password-stdin');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('Give the password once: --password-stdin or --password.');
    const r = await nvrWithInput('Secret-Word-99\n', 'cameras', 'add', '--name', 'Courtyard', '--url', camera.url, '--username', 'viewer', '--password-stdin');
    expect(r.code, r.stderr).toBe(0);
    const id = r.stdout.trim();
    expect(id).toMatch(/^[\w-]+$/);
    await waitFor(
      async () => (JSON.parse((await nvr('cameras', 'list', '--json')).stdout) as Array<{ id: string; state: string }>).some((c) => c.id === id && c.state === 'streaming'),
      20_000,
      'the camera streaming',
      500,
    );
    const list = JSON.parse((await nvr('cameras', 'list', '--json')).stdout) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, name: 'Courtyard', state: 'streaming', reason: null, hasPassword: true, username: 'viewer', demo: false });
    expect(JSON.stringify(list)).not.toContain('Secret-Word-99');
    const text = await nvr('cameras', 'list');
    expect(text.stdout).toMatch(new RegExp(`${id}\\s+Courtyard\\s+streaming`));
  }, 40_000);

  it('events list prints motion events with id, camera, kind, start, end, score and boxes; filters by camera, kind and time', async () => {
    const [cam] = JSON.parse((await nvr('cameras', 'list', '--json')).stdout) as Array<{ id: string }>;
    let doc: { events: Array<Record<string, unknown>>; nextCursor: string | null } = { events: [], nextCursor: null };
    await waitFor(
      async () => {
        doc = JSON.parse((await nvr('events', 'list', '--json', '--camera', cam!.id, '--since', '10m')).stdout) as typeof doc;
        return doc.events.length > 0;
      },
      60_000,
      'a motion event',
      1000,
    );
    const e = doc.events[0]!;
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['id', 'cameraId', 'kind', 'start', 'end', 'topScore', 'boxes']));
    expect(e.cameraId).toBe(cam!.id);
    expect(e.kind).toBe('motion');
    expect(Date.parse(e.start as string)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(Array.isArray(e.boxes)).toBe(true);
    const people = JSON.parse((await nvr('events', 'list', '--json', '--kind', 'person')).stdout) as typeof doc;
    expect(people.events).toEqual([]); // the model is off in this test: no person events
    // --since keeps the events that were still going on at that time or later: from an hour ahead, only open ones.
    const future = JSON.parse((await nvr('events', 'list', '--json', '--since', new Date(Date.now() + 3_600_000).toISOString())).stdout) as typeof doc;
    expect(future.events.every((f) => f.end === null)).toBe(true);
    const other = JSON.parse((await nvr('events', 'list', '--json', '--camera', 'no-such-camera')).stdout) as typeof doc;
    expect(other.events).toEqual([]);
    const text = await nvr('events', 'list');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/ID\s+CAMERA\s+KIND\s+START/);
    expect(text.stdout).toContain('Courtyard');
  }, 80_000);

  it('health prints each camera with its state and reason, and the system', async () => {
    const json = JSON.parse((await nvr('health', '--json')).stdout) as { cameras: Array<{ name: string; state: string; reason: string | null }>; system: { dataDir: string } };
    expect(json.cameras).toEqual([expect.objectContaining({ name: 'Courtyard', state: 'streaming', reason: null })]);
    expect(json.system.dataDir).toBe(dataDir);
    const text = await nvr('health');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Courtyard\s+streaming\s+recording/);
    expect(text.stdout).toContain('Person detection: off');
    expect(text.stdout).toMatch(/Recordings clean-up: \d+ segments/);
  });

  it('cameras add --demo adds the labelled demo camera; cameras remove removes cameras; unknown ids exit 1', async () => {
    const demo = await nvr('cameras', 'add', '--demo');
    expect(demo.code, demo.stderr).toBe(0);
    const demoId = demo.stdout.trim();
    const list = JSON.parse((await nvr('cameras', 'list', '--json')).stdout) as Array<{ id: string; demo: boolean }>;
    expect(list.find((c) => c.id === demoId)?.demo).toBe(true);
    expect((await nvr('cameras', 'list')).stdout).toContain('Demo camera (demo)');
    for (const c of list) {
      const r = await nvr('cameras', 'remove', c.id);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Removed camera ${c.id}`);
    }
    expect(JSON.parse((await nvr('cameras', 'list', '--json')).stdout)).toEqual([]);
    const missing = await nvr('cameras', 'remove', 'no-such-camera');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no such camera');
    const bad = await nvr('cameras', 'remove', '../etc');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('an id has only letters, digits, - and _');
  }, 30_000);

  it('usage mistakes exit 2 with a sentence; no running service exits 3 saying how to start one', async () => {
    for (const args of [['frobnicate'], ['cameras', 'add', '--name', 'x'], ['events', 'list', '--since', 'yesterday'], ['events', 'list', '--kind', 'cat'], ['cameras', 'list', '--bogus'], ['serve', '--port', 'abc']]) {
      const r = await nvr(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(20);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    const none = await run(process.execPath, [cliPath, 'health', '--data-dir', emptyDir], env);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('No NVR service is running for the data folder');
    expect(none.stderr).toContain('nvr serve');
    const help = await run(process.execPath, [cliPath, 'help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('nvr <command>');
  }, 30_000);

  it('a second service on the same data folder is refused with a clear message', async () => {
    const r = await run(process.execPath, [cliPath, 'serve', '--data-dir', dataDir, '--port', '0', '--no-open'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Another NVR service');
  });

  it('serve stops cleanly on SIGTERM (exit 0) and removes its token and service.json', async () => {
    const code = await stopChild(service.child, false);
    expect(code).toBe(0);
    expect(existsSync(path.join(dataDir, 'service-token'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'service.json'))).toBe(false);
    const after = await nvr('cameras', 'list');
    expect(after.code).toBe(3);
  }, 15_000);
});

describe('npm start without the Electron runtime', () => {
  let dataDir: string;
  let started: { child: ChildProcess; url: string; output: () => string } | undefined;

  afterAll(async () => {
    if (started) await stopChild(started.child, true);
  });

  it('says so in one line, starts service mode and answers on its URL', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-npm-start-'));
    // `npm test` has just built out/; building again here would rewrite the worker bundles and the page that tests
    // running beside this one are loading. NVR_SKIP_BUILD makes `npm start`'s build step a no-op (scripts/build.mjs).
    const env = { NVR_LOG_LEVEL: 'warn', NVR_MODEL_PATH: '/nonexistent/model.onnx', NVR_NO_OPEN: '1', NVR_SKIP_BUILD: '1' };
    started = await startChild('npm', ['start', '--silent', '--', '--data-dir', dataDir, '--port', '0'], env, 120_000);
    const notice = started.output().split('\n').filter((l) => l.includes('Electron'));
    expect(notice).toEqual(['The desktop app needs the Electron runtime, which is not installed on this machine: starting service mode instead.']);
    const first = await fetch(started.url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await fetch(new URL('/', started.url), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    // Ctrl+C reaches npm, its shell and node (one process group); the service shuts down cleanly and removes its files.
    await stopChild(started.child, true);
    started = undefined;
    expect(existsSync(path.join(dataDir, 'service.json'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'service-token'))).toBe(false);
  }, 150_000);
});
