// The MQTT channel against a real Mosquitto broker (password file, 127.0.0.1, a free port), watched by real mqtt.js
// subscribers: events, snapshots, states and Home Assistant discovery arrive with the right topics, payloads and
// retain flags; a wrong password is fatal with its sentence; a broker stopped for 30 s while alerts happen gets every
// alert after its restart, in order, none twice, through the real outbox on a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import sharp from 'sharp';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto-broker.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { createMqttChannel, type MqttChannelTimings } from '../../main/core/alerts/channels/mqtt-channel.ts';
import type { AlertChannel, DeliveryResult, OutgoingAlert } from '../../main/core/alerts/alert-channel.ts';
import { mqttChannelSchema } from '../../preload/alert-channels.ts';
import { createLogger, silentLogger } from '../../main/core/logging/logger.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../main/core/storage/database.ts';
import { AlertOutboxRepository } from '../../main/core/storage/alert-outbox-repository.ts';
import { AlertOutbox } from '../../main/core/alerts/alert-outbox.ts';

interface Seen {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

let broker: MosquittoBroker;
let jpeg: Buffer;
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
const opened: AlertChannel[] = [];
const subscribers: MqttClient[] = [];

beforeAll(async () => {
  broker = await startMosquitto();
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 120, b: 200 } } }).jpeg().toBuffer();
});

afterAll(async () => {
  for (const c of opened) await c.close();
  for (const s of subscribers) await s.endAsync(true);
  await broker?.stop();
});

function channel(
  over: Partial<{ password: string; topicPrefix: string; cameras: Array<{ id: string; name: string }>; only: string[] }> = {},
  timings: MqttChannelTimings = { reconnectMs: 500, cameraCheckMs: 200 },
): { channel: AlertChannel; cameras: Array<{ id: string; name: string }> } {
  const cameras = over.cameras ?? [
    { id: 'front', name: 'Front door' },
    { id: 'till', name: 'Till' },
  ];
  const config = mqttChannelSchema.parse({
    id: 'home',
    name: 'Home Assistant',
    type: 'mqtt',
    url: broker.url,
    username: broker.username,
    topicPrefix: over.topicPrefix ?? 'shopwatch',
    cameras: over.only ?? null,
  });
  const c = createMqttChannel(
    { config, secrets: { password: over.password ?? broker.password }, cameras: () => cameras, logger },
    timings,
  );
  opened.push(c);
  return { channel: c, cameras };
}

/** A subscriber that records everything under `filters`; `session` makes it keep its subscriptions over a restart. */
async function subscribe(filters: string[], session?: string): Promise<Seen[]> {
  const seen: Seen[] = [];
  const options: IClientOptions = { username: broker.username, password: broker.password, reconnectPeriod: 200 };
  if (session !== undefined) Object.assign(options, { clientId: session, clean: false });
  const sub = await connectAsync(broker.url, options);
  subscribers.push(sub);
  sub.on('message', (topic, payload, packet) => seen.push({ topic, payload, retain: packet.retain }));
  await sub.subscribeAsync(filters, { qos: 1 });
  return seen;
}

let counter = 0;
function personAlert(over: Partial<OutgoingAlert> = {}): OutgoingAlert {
  counter += 1;
  const startMs = Date.parse('2026-12-01T17:30:00Z') + counter * 1000;
  return {
    alertId: `alert-${counter}`,
    kind: 'person',
    cameraId: 'front',
    cameraName: 'Front door',
    eventId: `ev-${counter}`,
    title: 'Person at Front door',
    body: 'Front door · 17:30',
    atMs: startMs,
    event: {
      id: `ev-${counter}`,
      kind: 'person',
      startMs,
      endMs: null,
      score: 0.87,
      boxes: [
        { x: 100, y: 50, w: 40, h: 120, score: 0.87 },
        { x: 10, y: 10, w: 5, h: 5, score: 0.3 },
      ],
      trackId: `t-${counter}`,
      zone: 'entrance',
    },
    links: { event: null, snapshot: null, clip: null },
    snapshot: jpeg,
    ...over,
  };
}

const json = (m: Seen | undefined): Record<string, unknown> => JSON.parse(m?.payload.toString() ?? 'null') as Record<string, unknown>;
const latest = (seen: Seen[], topic: string): Seen | undefined => seen.filter((m) => m.topic === topic).at(-1);

describe('MQTT channel against a real Mosquitto broker', () => {
  it('publishes the event Frigate-style, the snapshot retained, and resolves on the broker acknowledgement', async () => {
    const seen = await subscribe(['shopwatch/#']);
    const { channel: c } = channel();
    const alert = personAlert();
    const result = await c.deliver(alert, AbortSignal.timeout(15_000));
    expect(result).toEqual({ outcome: 'delivered' });
    await waitFor(() => seen.some((m) => m.topic === 'shopwatch/alerts'), 5_000, 'the alert message');

    const event = json(latest(seen, 'shopwatch/events'));
    expect(event.type).toBe('new');
    expect(event.before).toEqual(event.after);
    const after = event.after as Record<string, unknown>;
    expect(after).toMatchObject({
      id: alert.eventId,
      camera: 'front',
      camera_name: 'Front door',
      label: 'person',
      start_time: alert.event!.startMs / 1000,
      end_time: null,
      top_score: 0.87,
      box: [100, 50, 140, 170],
      area: 40 * 120,
      current_zones: ['entrance'],
      has_snapshot: true,
      has_clip: false,
      false_positive: false,
      alert_id: alert.alertId,
    });
    const snapshot = latest(seen, 'shopwatch/front/person/snapshot');
    expect(snapshot?.payload.equals(jpeg)).toBe(true);
    expect(json(latest(seen, 'shopwatch/alerts'))).toMatchObject({ alert_id: alert.alertId, kind: 'person', title: 'Person at Front door' });
    expect(latest(seen, 'shopwatch/available')?.payload.toString()).toBe('online');

    // A subscriber that comes later gets the snapshot and the NVR's availability, both retained.
    const late = await subscribe(['shopwatch/front/person/snapshot', 'shopwatch/available']);
    await waitFor(() => late.length >= 2, 5_000, 'retained snapshot and availability');
    expect(late.every((m) => m.retain)).toBe(true);
    expect(latest(late, 'shopwatch/front/person/snapshot')?.payload.equals(jpeg)).toBe(true);
  });

  it('announces each camera to Home Assistant with retained discovery configs, and follows the camera list', async () => {
    const { channel: c, cameras } = channel({ topicPrefix: 'shop2' });
    await c.deliver(personAlert({ kind: 'test', event: null, eventId: null, snapshot: null }), AbortSignal.timeout(15_000));
    const late = await subscribe(['homeassistant/+/shopwatch_shop2/#']);
    await waitFor(() => late.length >= 8, 5_000, 'eight discovery configs');
    expect(late.every((m) => m.retain)).toBe(true);
    const person = json(latest(late, 'homeassistant/binary_sensor/shopwatch_shop2/front_person/config'));
    expect(person).toMatchObject({
      name: 'Person',
      device_class: 'occupancy',
      state_topic: 'shop2/front/person',
      unique_id: 'shopwatch_shop2_front_person',
      availability: [{ topic: 'shop2/available' }, { topic: 'shop2/front/available' }],
      device: { identifiers: ['shopwatch_shop2_front'], name: 'Front door' },
    });
    expect(json(latest(late, 'homeassistant/binary_sensor/shopwatch_shop2/till_motion/config'))).toMatchObject({
      device_class: 'motion',
      state_topic: 'shop2/till/motion',
    });
    expect(json(latest(late, 'homeassistant/binary_sensor/shopwatch_shop2/front_online/config'))).toMatchObject({
      device_class: 'connectivity',
      state_topic: 'shop2/front/available',
    });
    expect(json(latest(late, 'homeassistant/camera/shopwatch_shop2/front_snapshot/config'))).toMatchObject({
      topic: 'shop2/front/person/snapshot',
    });

    // A camera added and one removed: the new one announced, the old one's configs emptied (HA removes the entities).
    cameras.splice(1, 1, { id: 'back', name: 'Back door' });
    await waitFor(() => late.some((m) => m.topic === 'homeassistant/binary_sensor/shopwatch_shop2/back_person/config'), 5_000, 'the new camera');
    await waitFor(
      () => latest(late, 'homeassistant/binary_sensor/shopwatch_shop2/till_person/config')?.payload.length === 0,
      5_000,
      'the removed camera emptied',
    );
  });

  it('a channel for some cameras announces and publishes only those', async () => {
    const { channel: c } = channel({ topicPrefix: 'shop8', only: ['front'] });
    await c.deliver(personAlert({ kind: 'test', event: null, eventId: null, snapshot: null }), AbortSignal.timeout(15_000));
    c.publishState?.({ cameraId: 'front', cameraName: 'Front door', online: true, motion: false, person: false });
    c.publishState?.({ cameraId: 'till', cameraName: 'Till', online: true, motion: true, person: true });
    await new Promise((r) => setTimeout(r, 500));
    const late = await subscribe(['homeassistant/+/shopwatch_shop8/#', 'shop8/+/motion']);
    await waitFor(() => late.length >= 5, 5_000, 'four configs and one state');
    await new Promise((r) => setTimeout(r, 300));
    expect(late.map((m) => m.topic).sort()).toEqual([
      'homeassistant/binary_sensor/shopwatch_shop8/front_motion/config',
      'homeassistant/binary_sensor/shopwatch_shop8/front_online/config',
      'homeassistant/binary_sensor/shopwatch_shop8/front_person/config',
      'homeassistant/camera/shopwatch_shop8/front_snapshot/config',
      'shop8/front/motion',
    ]);
  });

  it('keeps camera states retained: motion, person, online', async () => {
    const { channel: c } = channel({ topicPrefix: 'shop3' });
    await c.deliver(personAlert({ kind: 'test', event: null, eventId: null, snapshot: null }), AbortSignal.timeout(15_000));
    c.publishState?.({ cameraId: 'front', cameraName: 'Front door', online: true, motion: true, person: true });
    c.publishState?.({ cameraId: 'till', cameraName: 'Till', online: false, motion: false, person: false });
    await new Promise((r) => setTimeout(r, 300));
    const late = await subscribe(['shop3/+/motion', 'shop3/+/person', 'shop3/+/available']);
    await waitFor(() => late.length >= 6, 5_000, 'six retained states');
    expect(late.every((m) => m.retain)).toBe(true);
    const value = (t: string): string | undefined => latest(late, t)?.payload.toString();
    expect([value('shop3/front/motion'), value('shop3/front/person'), value('shop3/front/available')]).toEqual(['ON', '1', 'online']);
    expect([value('shop3/till/motion'), value('shop3/till/person'), value('shop3/till/available')]).toEqual(['OFF', '0', 'offline']);
  });

  it('a camera that went offline is an alert and a retained availability', async () => {
    const seen = await subscribe(['shop4/#']);
    const { channel: c } = channel({ topicPrefix: 'shop4' });
    const alert = personAlert({ kind: 'camera-offline', event: null, eventId: null, snapshot: null, title: 'Till is offline' });
    expect(await c.deliver(alert, AbortSignal.timeout(15_000))).toEqual({ outcome: 'delivered' });
    await waitFor(() => seen.some((m) => m.topic === 'shop4/alerts'), 5_000, 'the offline alert');
    expect(latest(seen, 'shop4/front/available')?.payload.toString()).toBe('offline');
    expect(seen.some((m) => m.topic === 'shop4/events')).toBe(false);
  });

  it('close() says offline (retained) and ends the connection', async () => {
    const { channel: c } = channel({ topicPrefix: 'shop5' });
    await c.deliver(personAlert({ kind: 'test', event: null, eventId: null, snapshot: null }), AbortSignal.timeout(15_000));
    await c.close();
    const late = await subscribe(['shop5/available']);
    await waitFor(() => late.length >= 1, 5_000, 'the retained availability');
    expect(late[0]?.payload.toString()).toBe('offline');
    expect(late[0]?.retain).toBe(true);
  });

  it('a wrong password is fatal with a sentence, and the password is never in it or in the logs', async () => {
    const wrong = 'not-the-password-9271';
    const { channel: c } = channel({ password: wrong, topicPrefix: 'shop6' });
    const result = await c.deliver(personAlert(), AbortSignal.timeout(15_000));
    expect(result.outcome).toBe('fatal');
    const reason = (result as { reason: string }).reason;
    expect(reason).toMatch(/^The MQTT broker at 127\.0\.0\.1:\d+ refused the username or password (\(not authorised\) )?\(code \d+\): check the username and password of this channel\.$/);
    expect(reason).not.toContain(wrong);
    expect(logLines.join('')).not.toContain(wrong);
    expect(logLines.join('')).not.toContain(broker.password);
    // And it stays fatal: no reconnect hammering the broker.
    expect((await c.deliver(personAlert(), AbortSignal.timeout(5_000))).outcome).toBe('fatal');
  });

  it('mqtts: a self-signed broker is fatal with a sentence unless allowed, then events go over TLS', async () => {
    const tlsBroker = await startMosquitto({ tls: true });
    let tlsSubscriber: MqttClient | null = null;
    try {
      const make = (allowSelfSigned: boolean): AlertChannel => {
        const config = mqttChannelSchema.parse({
          id: allowSelfSigned ? 'tls-ok' : 'tls-strict',
          name: 'TLS',
          type: 'mqtt',
          url: tlsBroker.url,
          username: tlsBroker.username,
          allowSelfSigned,
        });
        const c = createMqttChannel({ config, secrets: { password: tlsBroker.password }, cameras: () => [], logger }, { reconnectMs: 500 });
        opened.push(c);
        return c;
      };
      const strict = await make(false).deliver(personAlert(), AbortSignal.timeout(15_000));
      expect(strict.outcome).toBe('fatal');
      expect((strict as { reason: string }).reason).toMatch(/certificate no known authority signed .*Accept a self-signed certificate/);

      const sub = await connectAsync(tlsBroker.url, { username: tlsBroker.username, password: tlsBroker.password, rejectUnauthorized: false });
      tlsSubscriber = sub;
      const seen: string[] = [];
      sub.on('message', (topic) => seen.push(topic));
      await sub.subscribeAsync('shopwatch/events', { qos: 1 });
      const alert = personAlert();
      expect(await make(true).deliver(alert, AbortSignal.timeout(15_000))).toEqual({ outcome: 'delivered' });
      await waitFor(() => seen.includes('shopwatch/events'), 5_000, 'the event over TLS');
    } finally {
      for (const c of opened.splice(-2)) await c.close();
      await tlsSubscriber?.endAsync(true);
      await tlsBroker.stop();
    }
  });

  it('a broker down for 30 s while alerts happen: the outbox delivers every alert after the restart, in order, none twice', { timeout: 90_000 }, async () => {
    const seen = await subscribe(['shop7/events'], 'outage-watcher');
    const { channel: c } = channel({ topicPrefix: 'shop7' });
    // The real outbox on a real SQLite file: each alert is a row before it is sent, retried with backoff.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-mqtt-outbox-'));
    const db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
    const repo = new AlertOutboxRepository(db);
    const attempts: DeliveryResult[] = [];
    const watched: AlertChannel = {
      id: c.id,
      type: c.type,
      deliver: async (alert, signal) => {
        const result = await c.deliver(alert, signal);
        attempts.push(result);
        return result;
      },
      close: () => Promise.resolve(),
    };
    const outbox = new AlertOutbox({
      repo,
      channel: (id) => (id === c.id ? { channel: watched, maxPerMinute: 60 } : null),
      snapshot: async () => jpeg,
      writable: () => true,
      logger: silentLogger(),
      plan: { curve: { firstMs: 500, maxMs: 2_000 }, giveUpAfterMs: 300_000 },
      timeoutMs: 3_000,
    });
    outbox.start();
    const send = (alert: OutgoingAlert) => {
      const { alertId, snapshot: _bytes, ...payload } = alert;
      repo.enqueue({ id: alertId, channelId: c.id, eventId: alert.eventId, cameraId: alert.cameraId, kind: alert.kind, payloadJson: JSON.stringify(payload), createdAt: Date.now() });
      outbox.kick();
    };
    const queued = () => db.prepare<[], { n: number }>("SELECT count(*) AS n FROM alert_outbox WHERE state != 'delivered'").get()!.n;
    try {
      const first = personAlert();
      send(first);
      await waitFor(() => queued() === 0, 10_000, 'the first alert before the outage');

      await broker.stop();
      const during: OutgoingAlert[] = [];
      for (let i = 0; i < 5; i += 1) {
        const alert = personAlert();
        during.push(alert);
        send(alert);
        await new Promise((r) => setTimeout(r, 6_000));
      }
      expect(queued()).toBe(5); // all kept while the broker is away
      await broker.start();
      await waitFor(() => queued() === 0, 30_000, 'the outbox drained after the restart');

      const retries = attempts.filter((a) => a.outcome === 'retry');
      expect(retries.length).toBeGreaterThanOrEqual(5);
      expect(attempts.some((a) => a.outcome === 'fatal')).toBe(false);
      // Each retry says which broker is missing, in a sentence (no stack, no password).
      for (const r of retries) expect((r as { reason: string }).reason).toMatch(new RegExp(`^[A-Z].*127\\.0\\.0\\.1:${broker.port}.*[.?]$`));
      await waitFor(() => new Set(seen.map((m) => json(m).after && (json(m).after as { alert_id: string }).alert_id)).size >= 6, 10_000, 'all six events seen');
      const ids = seen.map((m) => (json(m).after as { alert_id: string }).alert_id);
      const firstSeen = ids.filter((id, i) => ids.indexOf(id) === i);
      expect(firstSeen).toEqual([first, ...during].map((a) => a.alertId));
      // Nothing was in flight when the broker stopped (the first alert was acknowledged): not even a QoS 1 repeat.
      expect(ids).toEqual(firstSeen);
    } finally {
      await outbox.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
