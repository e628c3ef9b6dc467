// The contract over the WebSocket transport, against the real engine in service mode (real SQLite in a temporary
// data folder, real ffmpeg running the demo camera, real motion workers): every request round-trips, pushed events
// arrive, malformed input is rejected with clear errors, and 1,000 random malformed messages leave the service
// running and serving.
import type { NvrEngine } from '../../main/core/engine.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startService, type RunningService } from '../../main/service/service.ts';
import { connectToDataDir, type ApiConnection } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { requests, type ApiEvents, type CameraView, type EventView, type RequestInput, type RequestName, type RequestOutput } from '../../preload/contract.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { httpTestChannel } from '../fixtures/test-alert-channels.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A raw socket that collects every server message, for sending what no well-behaved client would. */
async function rawSocket(service: RunningService): Promise<{ ws: WebSocket; messages: Array<Record<string, unknown>> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${service.port}/api/ws`, { headers: { Authorization: `Bearer ${service.token}` } });
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages };
}

/** A stand-in for the built page (the e2e test serves the real one). */
function pageDir(root: string): string {
  const dir = path.join(root, 'page');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
  return dir;
}

const responses = (messages: Array<Record<string, unknown>>) => messages.filter((m) => m.type === 'response');

describe('service mode: the contract over WebSocket against the real engine', () => {
  let dataDir: string;
  let service: RunningService;
  let client: ApiConnection;
  const pushed: Array<{ name: keyof ApiEvents; seq: number }> = [];
  const covered = new Set<RequestName>();
  let demo: CameraView;

  /** Calls a request through the transport and records that it was covered. */
  const call = <K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>> => {
    covered.add(name);
    return (client.api[name] as (i: RequestInput<K>) => Promise<RequestOutput<K>>)(input);
  };

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-service-contract-');
    service = await startService({
      dataDir,
      port: 0,
      logger: silentLogger(),
      rendererDir: pageDir(dataDir),
      engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx', alertChannelFactories: { webhook: httpTestChannel } },
    });
    client = await connectToDataDir(dataDir);
    for (const name of ['camera.state', 'event.opened', 'event.updated', 'event.closed', 'cameras.changed', 'motion'] as const) {
      client.on(name, (_payload, seq) => pushed.push({ name, seq }));
    }
  });

  afterAll(async () => {
    await client?.close();
    await service?.stop();
  });

  it('answers the settings requests', async () => {
    const settings = await call('settings.get', {});
    expect(settings.storage.retentionIntervalMinutes).toBeGreaterThan(0);
    const updated = await call('settings.update', { notifications: { armed: true, maxPerMinute: 5 } });
    expect(updated.notifications.maxPerMinute).toBe(5);
    expect((await call('settings.get', {})).notifications.maxPerMinute).toBe(5);
  });

  it('tests a stream URL and says clearly why one does not work', async () => {
    const bad = await call('cameras.testStream', { url: 'http//not a url' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message.length).toBeGreaterThan(10);
    const unreachable = await call('cameras.testStream', { url: 'rtsp://127.0.0.1:9/stream' });
    expect(unreachable.ok).toBe(false);
    if (!unreachable.ok) expect(unreachable.message).toMatch(/\w+ \w+/);
  }, 20_000);

  it('adds, reads, changes, turns off and on a camera, and pushes camera events', async () => {
    expect(await call('cameras.list', {})).toEqual([]);
    demo = await call('cameras.addDemo', {});
    expect(demo.demo).toBe(true);
    expect((await call('cameras.get', { id: demo.id })).id).toBe(demo.id);
    const renamed = await call('cameras.update', { id: demo.id, patch: { name: 'Demo at the till', events: { quietGapSeconds: 2, minMotionFrames: 2 } } });
    expect(renamed.name).toBe('Demo at the till');
    expect(renamed.events.quietGapSeconds).toBe(2);
    const off = await call('cameras.disable', { id: demo.id });
    expect(off.enabled).toBe(false);
    const on = await call('cameras.enable', { id: demo.id });
    expect(on.enabled).toBe(true);
    expect((await call('cameras.list', {})).map((c) => c.id)).toEqual([demo.id]);
    await waitFor(() => pushed.some((p) => p.name === 'cameras.changed'), 5000, 'a cameras.changed event');
    await waitFor(() => pushed.some((p) => p.name === 'camera.state'), 10_000, 'a camera.state event');
  }, 30_000);

  it('streams the demo camera into events that every event request can read, keep and delete', async () => {
    let opened: EventView | undefined;
    client.on('event.opened', (e) => (opened ??= e));
    await waitFor(async () => (await call('cameras.get', { id: demo.id })).status.state === 'streaming', 20_000, 'the demo camera streaming');
    await waitFor(() => opened !== undefined, 60_000, 'an event opened by the demo camera');
    const listed = await call('events.list', { cameraIds: [demo.id], kinds: ['motion'], limit: 10 });
    expect(listed.events.length).toBeGreaterThan(0);
    const event = listed.events[0]!;
    expect(event.cameraId).toBe(demo.id);
    expect((await call('events.get', { id: event.id })).id).toBe(event.id);
    const kept = await call('events.keepForever', { id: event.id, keep: true });
    expect(kept.keepForever).toBe(true);
    const activity = await call('activity.range', { cameraIds: [demo.id], from: 0, to: Date.now() + 120_000 });
    expect(Array.isArray(activity)).toBe(true);
    // People counted per hour (the demo camera has no counting line and the test pattern no person: no bucket yet).
    const visitors = await call('visitors.list', { cameraIds: [demo.id], from: Date.now() - 3_600_000, to: Date.now(), bucket: 'hour' });
    expect(visitors.buckets.filter((b) => b.cameraId !== demo.id)).toEqual([]);
    const health = await call('health.get', {});
    expect(health.cameras.find((c) => c.cameraId === demo.id)?.state).toBe('streaming');
    expect(health.cameras.find((c) => c.cameraId === demo.id)?.recording.state).toBe('recording');
    expect(health.system.dataDir).toBe(path.resolve(dataDir));
    const live = await call('cameras.liveInfo', { id: demo.id, quality: 'sub' });
    expect(live).toMatchObject({ mime: expect.stringMatching(/^video\/mp4; codecs="avc1\.[0-9a-f]{6}"$/), width: 640, height: 480, transcoded: false });
    expect(await call('events.delete', { id: event.id })).toEqual({ deleted: true });
    await expect(client.api['events.get']({ id: event.id })).rejects.toMatchObject({ code: 'not-found' });
  }, 100_000);

  it('answers the recordings requests: spans, an event’s footage, export refusals', async () => {
    expect(await call('recordings.spans', { from: 0, to: 86_400_000 })).toEqual([]); // nothing recorded in 1970
    const event = (await call('events.list', { cameraIds: [demo.id], limit: 1 })).events[0];
    if (event) {
      const footage = await call('recordings.eventFootage', { id: event.id });
      expect(footage.toMs).toBeGreaterThan(footage.fromMs);
      expect(footage.coveredMs).toBeLessThanOrEqual(footage.toMs - footage.fromMs);
      expect(footage.hasFootage).toBe(footage.coveredMs > 0);
    }
    await expect(call('recordings.eventFootage', { id: 'no-such-event' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(call('recordings.export', { cameraId: demo.id, from: 10, to: 5, folder: dataDir })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(call('recordings.export', { cameraId: demo.id, from: 0, to: 5, folder: 'not/absolute' })).rejects.toThrow(/full folder path/);
    await expect(call('recordings.export', { cameraId: demo.id, from: 0, to: 5, folder: dataDir })).rejects.toThrow(/No footage was recorded/);
  }, 20_000);

  it('answers the range exports requests: list, refusals, unknown ids', async () => {
    expect(await call('exports.list', {})).toEqual([]);
    await expect(call('exports.create', { cameraIds: [demo.id], from: 10, to: 5 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(call('exports.create', { cameraIds: [demo.id], from: 0, to: 5 })).rejects.toThrow(/No footage of .* was recorded in this time range/);
    await expect(call('exports.create', { cameraIds: ['no-such-camera'], from: 0, to: 5 })).rejects.toMatchObject({ code: 'not-found' });
    await expect(call('exports.rename', { id: 'no-such-export', name: 'x' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(call('exports.delete', { id: 'no-such-export' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('answers the review requests: days with events, mark reviewed (one, then all), unreviewed counts, the filter', async () => {
    // Two events of the demo camera put in through the core's write path (the pipeline's own), ten minutes ago.
    const store = (service.engine as NvrEngine).testSeams.writes.eventStore;
    const at = Date.now() - 10 * 60_000;
    for (const id of ['review-a', 'review-b']) {
      store.open({ id, cameraId: demo.id, kind: 'person', startMs: at, updatedMs: at, peakRatio: 0.05, boxes: [], frameWidth: 640, frameHeight: 480 });
      store.close(id, at + 5000);
    }
    const event = await call('events.get', { id: 'review-a' });
    expect(event.reviewed).toBe(false);
    const tz = -new Date().getTimezoneOffset();
    const days = await call('events.days', { from: Date.now() - 86_400_000, to: Date.now() + 60_000, tzOffsetMinutes: tz });
    const local = new Date(event.startMs + tz * 60_000).toISOString().slice(0, 10);
    expect(days.find((d) => d.day === local)).toMatchObject({ events: expect.any(Number), unreviewed: expect.any(Number) });
    const before = (await call('events.unreviewedCounts', {})).find((c) => c.cameraId === demo.id)!.unreviewed;
    expect(await call('events.markReviewed', { ids: [event.id] })).toEqual({ marked: 1 });
    expect((await call('events.get', { id: event.id })).reviewed).toBe(true);
    expect(await call('events.markReviewed', { ids: [event.id] })).toEqual({ marked: 0 });
    const after = (await call('events.unreviewedCounts', {})).find((c) => c.cameraId === demo.id)?.unreviewed ?? 0;
    expect(after).toBeLessThanOrEqual(before - 1);
    const reviewed = await call('events.list', { cameraIds: [demo.id], reviewed: true, limit: 50 });
    expect(reviewed.events.map((e) => e.id)).toContain(event.id);
    expect(reviewed.events.every((e) => e.reviewed)).toBe(true);
    const markAt = Date.now();
    await call('events.markReviewed', { cameraIds: [demo.id], before: markAt });
    expect((await call('events.list', { cameraIds: [demo.id], reviewed: false, from: 0, to: markAt - 1, limit: 50 })).events).toEqual([]);
    await expect(call('events.days', { from: 0, to: 100 * 86_400_000, tzOffsetMinutes: 0 })).rejects.toThrow(/at most 62 days/);
    await expect(call('events.days', { from: 0.5, to: 100, tzOffsetMinutes: 0 })).rejects.toThrow(/expected int/);
  }, 20_000);

  it('adds a camera by URL and removes cameras', async () => {
    const added = await call('cameras.add', { name: 'Stock room', mainUrl: 'rtsp://127.0.0.1:9/stream1', enabled: false });
    expect(added).toMatchObject({ name: 'Stock room', mainUrl: 'rtsp://127.0.0.1:9/stream1', enabled: false, demo: false });
    expect(added.status.state).toBe('disabled');
    expect(await call('cameras.remove', { id: added.id })).toEqual({ removed: true });
    expect(await call('cameras.remove', { id: demo.id })).toEqual({ removed: true });
    await expect(client.api['cameras.get']({ id: demo.id })).rejects.toMatchObject({ code: 'not-found' });
  }, 20_000);

  it('answers the camera wizard requests: network search, and a test that names what is wrong', async () => {
    const search = await call('cameras.discover', { timeoutMs: 500 });
    expect(Array.isArray(search.devices)).toBe(true);
    expect(search.error).toBeNull();
    const bad = await call('cameras.probe', { source: { kind: 'brand', brand: 'tapo', address: 'admin:pw@10.0.0.9' }, username: 'u', password: 'p' });
    expect(bad).toMatchObject({ ok: false, code: 'invalid-address', snapshot: null });
    expect(bad.message).toMatch(/own fields/);
    await expect(client.request('cameras.probe', { source: { kind: 'brand', brand: 'onvif', address: '10.0.0.9' } })).rejects.toMatchObject({ code: 'bad-request' });
  }, 20_000);

  it('answers the roles and accounts requests: who this is, viewer accounts, LAN access', async () => {
    expect(await call('session.whoami', {})).toEqual({ role: 'owner', username: null }); // the PC's token
    const added = await call('accounts.add', { username: 'till-staff', password: 'till-staff-pw-1' });
    expect(added).toMatchObject({ username: 'till-staff', role: 'viewer' });
    expect((await call('accounts.list', {})).accounts.map((a) => a.username)).toEqual(['till-staff']);
    expect(await call('accounts.resetPassword', { username: 'till-staff', password: 'till-staff-pw-2' })).toMatchObject({ username: 'till-staff' });
    expect(await call('accounts.remove', { username: 'till-staff' })).toEqual({ removed: true });
    await expect(client.api['accounts.remove']({ username: 'till-staff' })).rejects.toMatchObject({ code: 'not-found' });
    expect(await call('lan.get', {})).toMatchObject({ enabled: false, passwordSet: false, listening: false });
    const lan = await call('lan.update', { password: 'A-LAN-password-1' });
    expect(lan).toMatchObject({ enabled: true, passwordSet: true, listening: false });
    expect(lan.note).toMatch(/starts listening on the network the next time it starts/);
    expect(await call('lan.update', { enabled: false })).toMatchObject({ enabled: false, passwordSet: true });
  }, 20_000);

  it('answers the alert channel requests: save with a secret never shown, test with the exact error, list, remove', async () => {
    const answers = [401, 200];
    const hook = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answers.shift() ?? 200).end());
    });
    await new Promise<void>((r) => void hook.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      const secret = 'webhook-signing-secret-contract-test';
      const saved = await call('alerts.channels.save', { channel: { type: 'webhook', name: 'Contract hook', url }, secrets: { signingSecret: secret } });
      expect(saved).toMatchObject({ type: 'webhook', name: 'Contract hook', url, secretsSet: ['signingSecret'], enabled: true });
      const listed = await call('alerts.channels.list', {});
      expect(listed.map((c) => c.id)).toContain(saved.id);
      expect(await call('alerts.channels.test', { id: saved.id })).toEqual({ ok: false, message: 'The test server refused the credentials (401).' });
      expect(await call('alerts.channels.test', { id: saved.id })).toEqual({ ok: true, message: 'The test alert was sent to Contract hook.' });
      const health = await client.api['health.get']({});
      expect(health.system.alerts?.find((a) => a.id === saved.id)).toMatchObject({ name: 'Contract hook', type: 'webhook', state: 'ok', queued: 0 });
      expect(JSON.stringify([listed, health])).not.toContain(secret);
      await expect(call('alerts.channels.save', { channel: { type: 'webhook', name: 'Bad', url: 'ftp://x' } })).rejects.toThrow(
        /This alert channel cannot be saved: .*The address must start with http:\/\/ or https:\/\//,
      );
      expect(await call('alerts.channels.remove', { id: saved.id })).toEqual({ removed: true });
      await expect(call('alerts.channels.test', { id: saved.id })).rejects.toThrow('There is no such alert channel');
    } finally {
      hook.closeAllConnections();
      await new Promise<void>((r) => hook.close(() => r()));
    }
  });

  it('covered every request of the contract', () => {
    expect([...covered].sort()).toEqual((Object.keys(requests) as RequestName[]).sort());
  });

  it('pushed events in order, none lost: sequence numbers 1, 2, 3, …', () => {
    expect(pushed.length).toBeGreaterThan(2);
    // Several listeners saw the same message; the distinct sequence numbers must be gapless and increasing.
    const seqs = [...new Set(pushed.map((p) => p.seq))];
    expect(seqs).toEqual(seqs.map((_s, i) => i + 1));
  });

  it('rejects wrong types, missing fields, huge strings and unknown names with clear errors', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['cameras.get', { id: 42 }, /Invalid input for cameras\.get: id: .*string/i],
      ['cameras.get', {}, /Invalid input for cameras\.get: id/],
      ['cameras.get', { id: '../../etc/passwd' }, /an id has only letters, digits, - and _/],
      ['cameras.add', { mainUrl: 'rtsp://x/y' }, /Invalid input for cameras\.add: name/],
      ['cameras.add', { name: 'n'.repeat(10_000), mainUrl: 'rtsp://127.0.0.1/x' }, /at most 80 characters/],
      ['cameras.testStream', { url: 'rtsp://' + 'a'.repeat(100_000) }, /Invalid input for cameras\.testStream: url/],
      ['events.list', { limit: 'ten' }, /Invalid input for events\.list: limit/],
      ['events.list', { kinds: ['cat'] }, /Invalid input for events\.list: kinds/],
      ['cameras.list', { extra: true }, /Invalid input for cameras\.list/],
      ['settings.update', { storage: { freeSpaceFloorBytes: -1 } }, /storage\.freeSpaceFloorBytes/],
      ['cameras.explode', {}, /There is no request named "cameras\.explode"/],
      ['constructor', {}, /There is no request named "constructor"/],
      ['__proto__', {}, /There is no request named/],
    ];
    for (const [name, input, message] of cases) {
      const error = await client.request(name, input).then(
        () => null,
        (err: unknown) => err as { code: string; message: string },
      );
      expect(error, `${name} ${JSON.stringify(input).slice(0, 60)}`).not.toBeNull();
      expect(error!.message).toMatch(message);
      expect(['bad-request', 'unknown-request']).toContain(error!.code);
    }
  });

  it('answers non-JSON, binary, oversized and id-less messages with an error instead of dropping the connection', async () => {
    const { ws, messages } = await rawSocket(service);
    ws.send('this is not json');
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ type: 'request', id: 1, name: 'cameras.list', input: { pad: 'x'.repeat(300 * 1024) } }));
    ws.send(JSON.stringify({ type: 'request', name: 'cameras.list' }));
    ws.send(JSON.stringify({ type: 'request', id: { nested: true }, name: 'cameras.list' }));
    ws.send(JSON.stringify([1, 2, 3]));
    ws.send(JSON.stringify({ type: 'hello', id: 7, name: 'cameras.list' }));
    ws.send(JSON.stringify({ type: 'request', id: 8, name: 'cameras.list', input: {} }));
    await waitFor(() => responses(messages).length >= 8, 5000, 'eight answers');
    const errors = responses(messages).map((m) => (m.error as { message: string } | undefined)?.message ?? 'ok');
    expect(errors[0]).toMatch(/not valid JSON/);
    expect(errors[1]).toMatch(/JSON text messages, not binary/);
    expect(errors[2]).toMatch(/a request may be at most \d+ bytes/);
    expect(errors[3]).toMatch(/needs an "id"/);
    expect(errors[4]).toMatch(/needs an "id"/);
    expect(errors[5]).toMatch(/is a JSON object/);
    expect(errors[6]).toMatch(/"type": "request"/);
    expect(responses(messages)[7]).toMatchObject({ id: 8, ok: true, result: [] });
    ws.close();
  });

  it('stays up and serving after 1,000 random malformed messages', async () => {
    const { ws, messages } = await rawSocket(service);
    const names = [...Object.keys(requests), 'nope', '', 'constructor', 'toString', '__proto__', 'cameras', 'cameras.list.x'];
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const junkValue = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.2) return pick([0, -1, 1e308, 'x', '', true, false, 'a'.repeat(Math.floor(rand() * 3000)), '\u0000\uFFFF']);
      if (r < 0.5) return Array.from({ length: Math.floor(rand() * 4) }, () => junkValue(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 4) }, () => [pick(['id', 'name', 'patch', 'url', '__proto__', 'constructor', 'limit', 'x']), junkValue(depth + 1)]),
      );
    };
    let sent = 0;
    for (let i = 0; i < 1000; i++) {
      const kind = i % 8;
      let text: string;
      if (kind === 0) text = Array.from({ length: Math.floor(rand() * 200) }, () => String.fromCharCode(Math.floor(rand() * 0xd7ff))).join('');
      else if (kind === 1) text = JSON.stringify(junkValue(0));
      else if (kind === 2) text = '['.repeat(5000) + ']'.repeat(5000);
      else if (kind === 3) text = JSON.stringify({ type: 'request', id: i, name: pick(names).split('').reverse().join('') + '!', input: junkValue(0) });
      // A real name with an input that no schema accepts (a number, a string or an array, never an object).
      else if (kind === 4) text = JSON.stringify({ type: 'request', id: i, name: pick(Object.keys(requests)), input: pick([7, 'x', [1], [{}], -0.5]) });
      else if (kind === 5) text = JSON.stringify({ type: 'request', id: pick([-1, 1.5, '', 'x'.repeat(65), null, [] as unknown]), name: 'cameras.list' });
      else if (kind === 6) text = JSON.stringify({ type: 'request', id: i, name: pick(['cameras.get', 'events.get', 'events.delete', 'cameras.remove']), input: { id: pick(['../x', 'a/b', '%2e%2e', ' ', 'é', 'x'.repeat(65)]) } });
      else text = JSON.stringify({ type: 'request', id: i, name: pick(names), input: { ...(junkValue(0) as object), id: 5, cameraIds: 'all', limit: -3, patch: 'x', url: 9 } });
      ws.send(text);
      sent++;
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(() => responses(messages).length >= sent, 20_000, `answers to all ${sent} messages`);
    const all = responses(messages);
    expect(all.every((m) => m.ok === false)).toBe(true);
    for (const m of all) {
      const error = m.error as { code: string; message: string };
      expect(['bad-request', 'unknown-request']).toContain(error.code);
      expect(error.message.length).toBeGreaterThan(10);
    }
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();

    // Still serving: a well-formed request on a new connection, and the page over HTTP.
    expect(Array.isArray(await client.api['cameras.list']({}))).toBe(true);
    const page = await fetch(`http://127.0.0.1:${service.port}/`, { headers: { Authorization: `Bearer ${service.token}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ShopWatch NVR');
  }, 60_000);
});
