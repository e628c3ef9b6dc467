// A visitor on the shop's network (issue "Hardening", H2 and H3), for real: the service listens on 0.0.0.0 and the
// visitor runs inside a network namespace this test makes (a veth pair, 10.231.0.0/30), so it comes from a real
// non-loopback address. The LAN is served over HTTPS with the NVR's own certificate, which the visitor trusts the way
// a phone does once its owner accepted it (that certificate exactly); the PC keeps plain HTTP on the same port.
// Needs root (ip netns), as CI runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startService, type RunningService } from '../../main/service/service.ts';
import { connectApi } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { storeLanPassword } from '../../main/service/auth.ts';
import { lanCertPath, lanKeyPath } from '../../main/service/lan-certificate.ts';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const NS = `nvrlan${process.pid % 10000}`;
const HOST_IF = `nvh${process.pid % 10000}`;
const NS_IF = `nvn${process.pid % 10000}`;
const HOST_IP = '10.231.0.1';
const VISITOR_IP = '10.231.0.2';
const LAN_PASSWORD = 'Shop-LAN-password-1';
const isRoot = process.getuid?.() === 0;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/** Runs tests/fixtures/lan-client.mjs inside the namespace; its one JSON line. */
let trustedCertificate = '';

function visitor(...args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', NS, process.execPath, path.join(repoRoot, 'tests', 'fixtures', 'lan-client.mjs'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, LAN_CA_FILE: trustedCertificate },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as Record<string, unknown>);
      } catch {
        reject(new Error(`lan-client ${args[0]} exited ${code}: ${out} ${err}`));
      }
    });
  });
}

function tryLocalSocket(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe.runIf(isRoot)('a visitor on the shop network', () => {
  let dataDir: string;
  let service: RunningService;
  let lanBase: string;

  beforeAll(async () => {
    ip('netns', 'add', NS);
    ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF);
    ip('link', 'set', NS_IF, 'netns', NS);
    ip('addr', 'add', `${HOST_IP}/30`, 'dev', HOST_IF);
    ip('link', 'set', HOST_IF, 'up');
    ip('netns', 'exec', NS, 'ip', 'addr', 'add', `${VISITOR_IP}/30`, 'dev', NS_IF);
    ip('netns', 'exec', NS, 'ip', 'link', 'set', NS_IF, 'up');
    ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');

    dataDir = tempDataDir('nvr-lan-');
    const page = path.join(dataDir, 'page');
    mkdirSync(page, { recursive: true });
    writeFileSync(path.join(page, 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
    await storeLanPassword(dataDir, LAN_PASSWORD);
    service = await startService({
      dataDir,
      port: 0,
      host: '0.0.0.0',
      logger: silentLogger(),
      rendererDir: page,
      engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx' },
    });
    lanBase = `https://${HOST_IP}:${service.port}`;
    // What the phone's owner accepts after comparing the fingerprint the PC shows.
    trustedCertificate = lanCertPath(dataDir);
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    try {
      ip('link', 'del', HOST_IF);
    } catch {
      // gone with the namespace
    }
    try {
      ip('netns', 'del', NS);
    } catch {
      // never made
    }
  });

  it('is served over HTTPS with the NVR\'s own certificate, whose fingerprint the PC shows; plain HTTP is for the PC only', async () => {
    const cert = new X509Certificate(readFileSync(lanCertPath(dataDir)));
    expect(service.lan?.fingerprint256).toBe(cert.fingerprint256);
    expect(cert.subjectAltName).toContain(`IP Address:${HOST_IP}`);
    expect(service.lan?.urls).toContain(`https://${HOST_IP}:${service.port}/`);
    expect(statSync(lanKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    // From another device, plain HTTP only sends it to HTTPS, and a plain socket is refused.
    const plain = `http://${HOST_IP}:${service.port}`;
    expect(await visitor('get', plain, '/login')).toEqual({ status: 308, location: `https://${HOST_IP}:${service.port}/login` });
    expect(await visitor('ws', plain, 'nvr_session=x', 'cameras.list', '{}')).toEqual({ ok: false, status: 403 });
    expect(await visitor('get', lanBase, '/login')).toMatchObject({ status: 200 });
    // The PC keeps http://127.0.0.1 on the same port.
    expect((await fetch(`http://127.0.0.1:${service.port}/login`)).status).toBe(200);
  }, 60_000);

  it('signs in to a session of its own, never the master token, and cannot choose a program for the NVR to run', async () => {
    const login = await visitor('login', lanBase, LAN_PASSWORD);
    expect(login.status).toBe(303);
    expect(login.secure).toBe(true);
    const cookie = String(login.cookie);
    expect(cookie).toMatch(/^nvr_session=[A-Za-z0-9_-]{43}$/);
    expect(cookie).not.toContain(service.token);

    // Over the LAN: an ordinary setting changes; the ffmpeg path and the model file do not.
    const ordinary = await visitor('ws', lanBase, cookie, 'settings.update', JSON.stringify({ storage: { retentionIntervalMinutes: 7 } }));
    expect(ordinary).toMatchObject({ ok: true, result: { storage: { retentionIntervalMinutes: 7 } } });
    const evil = await visitor('ws', lanBase, cookie, 'settings.update', JSON.stringify({ ffmpegPath: '/tmp/evil.sh' }));
    expect(evil).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'Only the shop PC itself can change the ffmpeg program: open the NVR on that PC to change it.' },
    });
    const model = await visitor('ws', lanBase, cookie, 'settings.update', JSON.stringify({ modelPath: '/tmp/x.onnx' }));
    expect(model).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect((await service.api['settings.get']({})).ffmpegPath ?? null).toBeNull();

    // On the PC itself the same change is allowed.
    const local = await connectApi({ baseUrl: `http://127.0.0.1:${service.port}`, token: service.token });
    try {
      const changed = await local.api['settings.update']({ ffmpegPath: '/usr/bin/ffmpeg' });
      expect(changed.ffmpegPath).toBe('/usr/bin/ffmpeg');
      await local.api['settings.update']({ ffmpegPath: null });
    } finally {
      await local.close();
    }
  }, 60_000);

  it('a viewer account signs in over the LAN and may only watch; LAN access switched off in Settings refuses every other device at once', async () => {
    const local = await connectApi({ baseUrl: `http://127.0.0.1:${service.port}`, token: service.token });
    try {
      await local.api['accounts.add']({ username: 'till', password: 'till-password-1' });
      const login = await visitor('login', lanBase, 'till-password-1', 'till');
      expect(login).toMatchObject({ status: 303, secure: true });
      const viewer = String(login.cookie);
      expect(await visitor('ws', lanBase, viewer, 'session.whoami', '{}')).toEqual({ ok: true, result: { role: 'viewer', username: 'till' } });
      expect(await visitor('ws', lanBase, viewer, 'events.list', '{}')).toMatchObject({ ok: true });
      expect(await visitor('ws', lanBase, viewer, 'settings.update', JSON.stringify({ storage: { retentionIntervalMinutes: 9 } }))).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'A viewer account cannot change settings: sign in as the owner.' },
      });
      const owner = String((await visitor('login', lanBase, LAN_PASSWORD)).cookie);
      expect(await visitor('ws', lanBase, owner, 'session.whoami', '{}')).toEqual({ ok: true, result: { role: 'owner', username: null } });

      // Switched off in Settings (here from the PC): every other device is refused at once, the PC is not.
      expect(await local.api['lan.update']({ enabled: false })).toMatchObject({ enabled: false, listening: true });
      expect(await visitor('ws', lanBase, viewer, 'events.list', '{}')).toEqual({ ok: false, status: 401 });
      expect(await visitor('ws', lanBase, owner, 'events.list', '{}')).toEqual({ ok: false, status: 401 });
      expect(await visitor('get', lanBase, '/login')).toMatchObject({ status: 403 });
      expect((await visitor('login', lanBase, LAN_PASSWORD)).status).toBe(403);
      expect(Array.isArray(await local.api['cameras.list']({}))).toBe(true);

      // On again: devices sign in again (their old sessions ended when it was switched off).
      await local.api['lan.update']({ enabled: true });
      expect(await visitor('ws', lanBase, viewer, 'events.list', '{}')).toEqual({ ok: false, status: 401 });
      expect((await visitor('login', lanBase, 'till-password-1', 'till')).status).toBe(303);
      await local.api['accounts.remove']({ username: 'till' });
    } finally {
      await local.close();
    }
  }, 90_000);

  it('200 wrong passwords sent at once: at most 10 are checked, the rest refused at once; the PC keeps its access', async () => {
    const flood = await visitor('flood', lanBase, '200');
    const statuses = flood.statuses as Record<string, number>;
    expect((statuses['401'] ?? 0) + (statuses['303'] ?? 0)).toBeLessThanOrEqual(10);
    expect(statuses['429']).toBeGreaterThanOrEqual(190);
    // Guessing on, one at a time, reaches the device's limit of 10 checked guesses in 15 minutes…
    let checked = (statuses['401'] ?? 0) + (statuses['303'] ?? 0);
    for (let i = 0; i < 20; i++) {
      const r = await visitor('login', lanBase, `another-wrong-guess-${i}`);
      if (r.status === 429) break;
      expect(r.status).toBe(401);
      checked++;
    }
    expect(checked).toBe(10);
    // …after which even the right password is refused from that device…
    expect((await visitor('login', lanBase, LAN_PASSWORD)).status).toBe(429);
    // …while the PC's own access is untouched.
    const local = await connectApi({ baseUrl: `http://127.0.0.1:${service.port}`, token: service.token });
    try {
      expect(Array.isArray(await local.api['cameras.list']({}))).toBe(true);
    } finally {
      await local.close();
    }
  }, 90_000);

  it('a socket never takes the token from its address, and an Origin of another scheme is refused', async () => {
    const ws = `ws://127.0.0.1:${service.port}/api/ws`;
    expect(await tryLocalSocket(`${ws}?token=${service.token}`, {})).toBe(401);
    expect(await tryLocalSocket(ws, { Authorization: `Bearer ${service.token}` })).toBe('open');
    expect(await tryLocalSocket(ws, { Authorization: `Bearer ${service.token}`, Origin: `https://127.0.0.1:${service.port}` })).toBe(403);
    expect(await tryLocalSocket(ws, { Authorization: `Bearer ${service.token}`, Origin: `http://127.0.0.1:${service.port}` })).toBe('open');
  });

  it('LAN access switched on in Settings while the NVR listens on this PC only: other devices reach it at once, open connections go on', async () => {
    const dir = tempDataDir('nvr-lan-switch-');
    const page = path.join(dir, 'page');
    mkdirSync(page, { recursive: true });
    writeFileSync(path.join(page, 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
    await storeLanPassword(dir, LAN_PASSWORD);
    const pcOnly = await startService({
      dataDir: dir,
      port: 0,
      logger: silentLogger(),
      rendererDir: page,
      engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx' },
    });
    const local = await connectApi({ baseUrl: pcOnly.url.replace(/\/$/, ''), token: pcOnly.token });
    const previousTrust = trustedCertificate;
    try {
      const base = `https://${HOST_IP}:${pcOnly.port}`;
      // Off the network: nothing answers on the shop's address.
      expect(pcOnly.host).toBe('127.0.0.1');
      expect(await local.api['lan.update']({ enabled: false })).toMatchObject({ enabled: false, listening: false });
      expect(await visitor('get', base, '/login')).toMatchObject({ status: 0 });

      const view = await local.api['lan.update']({ enabled: true });
      expect(view).toMatchObject({ enabled: true, listening: true, note: null });
      expect(view.urls).toContain(`${base}/`);
      expect(pcOnly.host).toBe('0.0.0.0');
      expect(pcOnly.lan?.fingerprint256).toBe(new X509Certificate(readFileSync(lanCertPath(dir))).fingerprint256);
      trustedCertificate = lanCertPath(dir);
      expect(await visitor('get', base, '/login')).toMatchObject({ status: 200 });
      expect((await visitor('login', base, LAN_PASSWORD)).status).toBe(303);
      // The PC's socket opened before the switch goes on, and the PC keeps plain HTTP on the same port.
      expect(Array.isArray(await local.api['cameras.list']({}))).toBe(true);
      expect((await fetch(`http://127.0.0.1:${pcOnly.port}/login`)).status).toBe(200);
    } finally {
      trustedCertificate = previousTrust;
      local.close();
      await pcOnly.stop();
    }
  }, 90_000);
});
