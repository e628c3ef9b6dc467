// Roles over the real service (issue 15, roles): a viewer account signed in on /login may make every request a viewer
// may (they work or fail for their own reasons) and gets a clear refusal, code forbidden, for every other one — over
// the WebSocket, for EVERY request of the contract; the owner (the PC's token, the LAN password) passes the role
// check for all of them. A viewer watches and downloads media but deletes nothing. Sessions (the viewer's, the PC's
// token link's) survive a restart of the service on the same data folder; a removed account's session ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startService, type RunningService } from '../../main/service/service.ts';
import { connectApi, type ApiConnection } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { storeLanPassword } from '../../main/service/auth.ts';
import { ApiError, requestRoles, requests, type RequestName } from '../../preload/contract.ts';
import { LIVE_WS_PATH } from '../../preload/protocols/live-socket.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const LAN_PASSWORD = 'Owner-LAN-password-9';
const VIEWER = { username: 'staff', password: 'staff-password-1' };

/** An input for each request: valid where it is harmless, so that allowed requests really run. */
const samples: Partial<Record<RequestName, unknown>> = {
  'cameras.get': { id: 'no-such-camera' },
  'cameras.add': {},
  'cameras.addDemo': { unexpected: true },
  'cameras.update': { id: 'no-such-camera', patch: {} },
  'cameras.remove': { id: 'no-such-camera' },
  'cameras.enable': { id: 'no-such-camera' },
  'cameras.disable': { id: 'no-such-camera' },
  'cameras.testStream': { url: 'rtsp://127.0.0.1:1/nothing' },
  'cameras.discover': { timeoutMs: 500 },
  'cameras.probe': { source: { kind: 'url', mainUrl: 'not an address' } },
  'events.get': { id: 'no-such-event' },
  'events.delete': { id: 'no-such-event' },
  'events.keepForever': { id: 'no-such-event', keep: true },
  'activity.range': { from: 0, to: 60_000 },
  'visitors.list': { from: 0, to: 3_600_000 },
  'settings.update': {},
  'cameras.liveInfo': { id: 'no-such-camera' },
  'recordings.spans': { from: 0, to: 3_600_000 },
  'recordings.eventFootage': { id: 'no-such-event' },
  'recordings.export': { eventId: 'no-such-event' },
  'accounts.add': { username: 'too-short', password: 'x' },
  'accounts.resetPassword': { username: 'nobody', password: 'long-enough-password' },
  'accounts.remove': { username: 'nobody' },
  'lan.update': {},
};

function pageDir(root: string): string {
  const dir = path.join(root, 'page');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
  return dir;
}

type Outcome = { ok: true } | { ok: false; code: string; message: string };

async function outcome(conn: ApiConnection, name: RequestName): Promise<Outcome> {
  try {
    await (conn.api[name] as (input: unknown) => Promise<unknown>)(samples[name] ?? {});
    return { ok: true };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}

/** Signs in on /login; returns the session cookie's value. */
async function signIn(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  expect(res.status).toBe(303);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  expect(cookie).toMatch(/^nvr_session=/);
  return cookie.slice('nvr_session='.length);
}

function wsStatus(base: string, session: string): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`, { headers: { Cookie: `nvr_session=${session}` } });
    ws.once('open', () => (ws.close(), resolve('open')));
    ws.once('unexpected-response', (_req, res) => (ws.terminate(), resolve(res.statusCode ?? 0)));
    ws.once('error', () => resolve(0));
  });
}

describe('roles over the WebSocket', () => {
  let dataDir: string;
  let service: RunningService;
  let base: string;
  const open: ApiConnection[] = [];
  const start = async (port = 0) => {
    service = await startService({
      dataDir,
      port,
      logger: silentLogger(),
      rendererDir: pageDir(dataDir),
      engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx' },
    });
    base = `http://127.0.0.1:${service.port}`;
  };
  const connect = async (token: string) => {
    const conn = await connectApi({ baseUrl: base, token });
    open.push(conn);
    return conn;
  };

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-roles-');
    await storeLanPassword(dataDir, LAN_PASSWORD);
    await start();
    const owner = await connect(service.token);
    await owner.api['accounts.add'](VIEWER);
  });

  afterAll(async () => {
    for (const c of open) c.close();
    await service?.stop();
  });

  it('a viewer is refused every owner request with a sentence; every viewer request passes the role check', async () => {
    const viewer = await connect(await signIn(base, VIEWER.username, VIEWER.password));
    expect(await viewer.api['session.whoami']({})).toEqual({ role: 'viewer', username: 'staff' });
    const names = Object.keys(requests) as RequestName[];
    expect(names.length).toBeGreaterThan(25);
    const allowedWorked: string[] = [];
    for (const name of names) {
      const result = await outcome(viewer, name);
      if (requestRoles[name] === 'owner') {
        expect(result, name).toMatchObject({ ok: false, code: 'forbidden' });
        expect((result as { message: string }).message, name).toMatch(/^A viewer account cannot .+: sign in as the owner\.$/);
      } else {
        if (!result.ok) expect(result.code, `${name}: ${result.message}`).not.toBe('forbidden');
        else allowedWorked.push(name);
      }
    }
    // The ones with valid inputs really ran for the viewer.
    expect(allowedWorked).toEqual(expect.arrayContaining(['cameras.list', 'events.list', 'activity.range', 'visitors.list', 'recordings.spans', 'health.get', 'session.whoami']));
    expect((await outcome(viewer, 'settings.update')).ok).toBe(false);
    expect(await outcome(viewer, 'settings.update')).toMatchObject({ message: 'A viewer account cannot change settings: sign in as the owner.' });
  }, 60_000);

  it('the owner — the PC token or the LAN password on /login — passes the role check for every request', async () => {
    const lanOwner = await connect(await signIn(base, '', LAN_PASSWORD));
    expect(await lanOwner.api['session.whoami']({})).toEqual({ role: 'owner', username: null });
    const pc = await connect(service.token);
    for (const conn of [pc, lanOwner]) {
      for (const name of Object.keys(requests) as RequestName[]) {
        const result = await outcome(conn, name);
        if (!result.ok) expect(result.code, `${name}: ${result.message}`).not.toBe('forbidden');
      }
    }
    expect((await pc.api['accounts.list']({})).accounts.map((a) => a.username)).toEqual(['staff']);
  }, 60_000);

  it('a viewer watches and downloads media but deletes nothing', async () => {
    const session = await signIn(base, VIEWER.username, VIEWER.password);
    const headers = { cookie: `nvr_session=${session}` };
    expect((await fetch(`${base}/media/events/no-such-event/snapshot.jpg`, { headers })).status).toBe(404);
    expect((await fetch(`${base}/media/events/no-such-event/snapshot.jpg`, { headers, method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${base}/media/events/no-such-event/snapshot.jpg`)).status).toBe(401);
  });

  it("sessions survive a restart of the service; the PC's old link still opens where its session lives", async () => {
    const viewerSession = await signIn(base, VIEWER.username, VIEWER.password);
    const link = await fetch(service.openUrl, { redirect: 'manual' });
    expect(link.status).toBe(302);
    const pcCookie = (link.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(pcCookie).not.toContain(service.token); // the PC's own session, not the master token
    const oldLink = service.openUrl;
    const oldToken = service.token;
    const port = service.port;
    for (const c of open.splice(0)) c.close();
    await service.stop();
    await start(port);
    expect(service.token).not.toBe(oldToken); // a new master token at each start
    expect((await fetch(`${base}/`, { headers: { cookie: pcCookie } })).status).toBe(200);
    expect((await fetch(`${base}/`, { headers: { cookie: `nvr_session=${viewerSession}` } })).status).toBe(200);
    const viewer = await connect(viewerSession);
    expect(await viewer.api['session.whoami']({})).toEqual({ role: 'viewer', username: 'staff' });
    expect(await outcome(viewer, 'cameras.remove')).toMatchObject({ ok: false, code: 'forbidden' });
    // The printed link from before the restart: fine where the page's session lives, refused where none does.
    const stale = await fetch(oldLink, { redirect: 'manual', headers: { cookie: pcCookie } });
    expect(stale.status).toBe(302);
    expect(stale.headers.get('set-cookie')).toBeNull();
    expect((await fetch(oldLink, { redirect: 'manual' })).status).toBe(401);
  }, 60_000);

  it("a removed viewer account's session ends at once; a reset password ends it too", async () => {
    const owner = await connect(service.token);
    const session = await signIn(base, VIEWER.username, VIEWER.password);
    expect(await wsStatus(base, session)).toBe('open');
    const openViewer = await connect(session);
    expect((await openViewer.api['cameras.list']({})).length).toBe(0);
    // The live-video socket too: one open before the reset is closed within a few seconds of it, with no request.
    const liveVideo = new WebSocket(`${base.replace('http', 'ws')}${LIVE_WS_PATH}`, { headers: { Cookie: `nvr_session=${session}` } });
    await new Promise<void>((resolve, reject) => (liveVideo.once('open', () => resolve()), liveVideo.once('error', reject)));
    const liveClosed = new Promise<{ code: number; at: number }>((resolve) => liveVideo.once('close', (code) => resolve({ code, at: Date.now() })));
    const resetAt = Date.now();
    await owner.api['accounts.resetPassword']({ username: 'staff', password: 'staff-password-2' });
    const { code, at } = await liveClosed;
    expect(code).toBe(4401);
    expect(at - resetAt).toBeLessThan(8_000);
    expect(await wsStatus(base, session)).toBe(401);
    // A socket opened before the reset is not a way around it: its next request is refused and it is closed.
    expect(await outcome(openViewer, 'cameras.list')).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringMatching(/This session has ended/) });
    const again = await signIn(base, VIEWER.username, 'staff-password-2');
    await owner.api['accounts.remove']({ username: 'staff' });
    expect(await wsStatus(base, again)).toBe(401);
    const refused = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'staff', password: 'staff-password-2' }).toString(),
    });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('That username or password is not right.');
  }, 60_000);
});
