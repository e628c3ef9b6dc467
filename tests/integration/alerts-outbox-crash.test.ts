// The alert outbox across a crash: the engine runs in a child process (tests/fixtures/alerts-engine-child.ts) with a
// real RTSP camera and an alert channel that POSTs to this test's own HTTP server. The server takes the first alert,
// then goes down; events go on and their alerts queue; the child is killed with SIGKILL; it starts again; the server
// comes back: every queued alert arrives, in order, and none that was marked delivered arrives twice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildFixture } from '../fixtures/build-fixture.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { waitFor } from '../fixtures/wait-for.ts';

interface Received {
  alertId: string;
  kind: string;
  eventId: string | null;
}

/** The test's webhook stand-in on a fixed port, started and stopped at will. */
class HookServer {
  readonly received: Received[] = [];
  private server: Server | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const a = JSON.parse(body) as Received;
        this.received.push({ alertId: a.alertId, kind: a.kind, eventId: a.eventId });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function startChild(script: string, dataDir: string, url: string, hook: string) {
  const child = spawn(process.execPath, [script, dataDir, url, hook], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<{ type: string; id?: string }> = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    try {
      lines.push(JSON.parse(l) as { type: string; id?: string });
    } catch {
      // not one of ours
    }
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, lines, exited, stderr: () => stderr.slice(-2000) };
}

function outboxRows(dataDir: string): Array<{ id: string; seq: number; state: string }> {
  const db = new Database(path.join(dataDir, 'nvr.sqlite'), { readonly: true });
  try {
    return db.prepare("SELECT id, seq, state FROM alert_outbox WHERE channel_id = 'hook' ORDER BY seq").all() as Array<{ id: string; seq: number; state: string }>;
  } finally {
    db.close();
  }
}

describe('the alert outbox across kill -9', () => {
  let script: string;
  let camera: RtspCamera;
  let hook: HookServer;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    script = await buildFixture('alerts-engine-child');
    camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
    hook = new HookServer(await freePort());
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await hook.down();
  });
  afterAll(async () => {
    await camera?.stop();
  });

  it('delivers every queued alert after a crash and a restart, in order, none twice', async () => {
    const dataDir = tempDataDir('nvr-alert-crash-');
    await hook.up();
    const first = startChild(script, dataDir, camera.url, hook.url);
    children.push(first.child);
    // The first event's alert goes through while the server is up.
    await waitFor(() => hook.received.length >= 1, 60_000, `the first alert (child: ${first.stderr()})`, 100);
    await hook.down();
    // Pedestrians cross all the time: the camera is paused for a moment to end each event (quiet gap 1 s), so new
    // events open and their alerts queue while the server is down.
    for (let n = 0; n < 3; n++) {
      const opened = first.lines.filter((l) => l.type === 'opened').length;
      camera.freeze();
      await new Promise((r) => setTimeout(r, 2500));
      camera.thaw();
      await waitFor(() => first.lines.filter((l) => l.type === 'opened').length > opened, 30_000, 'a new event', 100);
    }
    await waitFor(() => outboxRows(dataDir).filter((r) => r.state === 'queued').length >= 3, 20_000, 'three queued alerts', 200);
    first.child.kill('SIGKILL');
    await first.exited;

    const beforeRestart = outboxRows(dataDir);
    const deliveredBefore = beforeRestart.filter((r) => r.state === 'delivered').map((r) => r.id);
    const queuedBefore = beforeRestart.filter((r) => r.state === 'queued').map((r) => r.id);
    expect(deliveredBefore.length).toBeGreaterThanOrEqual(1);
    expect(queuedBefore.length).toBeGreaterThanOrEqual(3);
    const receivedBefore = hook.received.length;

    const second = startChild(script, dataDir, camera.url, hook.url);
    children.push(second.child);
    await waitFor(() => second.lines.some((l) => l.type === 'ready'), 30_000, `the restart (child: ${second.stderr()})`, 100);
    await new Promise((r) => setTimeout(r, 1000)); // the channel is still down after the restart
    await hook.up();
    await waitFor(() => queuedBefore.every((id) => hook.received.some((r) => r.alertId === id)), 30_000, 'the queued alerts', 100);
    second.child.kill('SIGTERM');
    await second.exited;

    const ids = hook.received.map((r) => r.alertId);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    // Nothing delivered before the crash came again after it.
    for (const id of deliveredBefore) expect(ids.slice(receivedBefore)).not.toContain(id);
    // In order: what the server got follows the channel's order (seq).
    const seqOf = new Map(outboxRows(dataDir).map((r) => [r.id, r.seq]));
    const seqs = ids.map((id) => seqOf.get(id)!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(hook.received.every((r) => r.kind === 'motion' && r.eventId !== null)).toBe(true);
    const after = outboxRows(dataDir);
    for (const id of queuedBefore) expect(after.find((r) => r.id === id)?.state).toBe('delivered');
  }, 180_000);
});
