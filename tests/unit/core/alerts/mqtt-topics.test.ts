import { describe, expect, it } from 'vitest';
import {
  alertMessages,
  cameraChanges,
  discoveryMessages,
  discoveryRemovals,
  frigateEvent,
  mqttClientId,
  mqttTopics,
  stateMessages,
  topicLevel,
} from '../../../../main/core/alerts/channels/mqtt-topics.ts';
import { brokerLabel, classifyMqttError } from '../../../../main/core/alerts/channels/mqtt-problems.ts';
import type { OutgoingAlert } from '../../../../main/core/alerts/alert-channel.ts';

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

function alert(over: Partial<OutgoingAlert> = {}): OutgoingAlert {
  return {
    alertId: 'a-17',
    kind: 'person',
    cameraId: 'front',
    cameraName: 'Front door',
    eventId: 'ev-1',
    title: 'Person at Front door',
    body: 'Front door · 17:30',
    atMs: 1_764_610_200_500,
    event: {
      id: 'ev-1',
      kind: 'person',
      startMs: 1_764_610_200_000,
      endMs: 1_764_610_230_250,
      score: 0.91,
      boxes: [
        { x: 5, y: 5, w: 10, h: 10, score: 0.4 },
        { x: 100, y: 40, w: 50, h: 100, score: 0.91 },
      ],
      trackId: 't-3',
      zone: null,
    },
    links: { event: 'http://nvr.local/e/ev-1', snapshot: null, clip: 'http://nvr.local/c/ev-1' },
    snapshot: jpeg,
    ...over,
  };
}

describe('mqtt topics', () => {
  it('names topics under the prefix as Frigate does, a camera id made safe for one topic level', () => {
    const t = mqttTopics('frigate');
    expect([t.available, t.events, t.alerts]).toEqual(['frigate/available', 'frigate/events', 'frigate/alerts']);
    const cam = t.camera('front');
    expect([cam.motion, cam.person, cam.available, cam.snapshot('person')]).toEqual([
      'frigate/front/motion',
      'frigate/front/person',
      'frigate/front/available',
      'frigate/front/person/snapshot',
    ]);
    expect(topicLevel('a/b+c#d e')).toBe('a_b_c_d_e');
    expect(topicLevel('')).toBe('_');
  });

  it('gives each channel a stable client id of at most 64 characters', () => {
    expect(mqttClientId('home', 'shopwatch')).toBe('shopwatch-shopwatch-home');
    expect(mqttClientId('home', 'shopwatch')).toBe(mqttClientId('home', 'shopwatch'));
    expect(mqttClientId('home', 'other')).not.toBe(mqttClientId('home', 'shopwatch'));
    expect(mqttClientId('x'.repeat(40), 'p'.repeat(100)).length).toBe(64);
  });
});

describe('the Frigate-shaped event', () => {
  it('maps times to seconds, the best box to [x1, y1, x2, y2], zones, snapshot and clip flags', () => {
    const e = frigateEvent(alert());
    expect(e).toMatchObject({
      id: 'ev-1',
      camera: 'front',
      label: 'person',
      start_time: 1_764_610_200,
      end_time: 1_764_610_230.25,
      frame_time: 1_764_610_200.5,
      top_score: 0.91,
      box: [100, 40, 150, 140],
      area: 5000,
      ratio: 0.5,
      current_zones: [],
      has_snapshot: true,
      has_clip: true,
      alert_id: 'a-17',
      track_id: 't-3',
    });
  });

  it('labels a motion event "motion", keeps a zone, and has no box when the event has none', () => {
    const base = alert().event!;
    const e = frigateEvent(alert({ event: { ...base, kind: 'motion', boxes: [], zone: 'till', score: null }, snapshot: null }));
    expect(e).toMatchObject({ label: 'motion', box: null, area: null, current_zones: ['till'], entered_zones: ['till'], has_snapshot: false });
  });

  it('is null for alerts without an event (tests, camera states)', () => {
    expect(frigateEvent(alert({ kind: 'test', event: null }))).toBeNull();
  });
});

describe('what one alert publishes', () => {
  it('a person event: the snapshot (retained), then the event, then the alert', () => {
    const messages = alertMessages('shopwatch', alert());
    expect(messages.map((m) => [m.topic, m.retain])).toEqual([
      ['shopwatch/front/person/snapshot', true],
      ['shopwatch/events', false],
      ['shopwatch/alerts', false],
    ]);
    expect(messages[0]!.payload).toBe(jpeg);
    const body = JSON.parse(messages[1]!.payload.toString()) as { type: string; before: unknown; after: { id: string } };
    expect(body.type).toBe('new');
    expect(body.before).toEqual(body.after);
    expect(body.after.id).toBe('ev-1');
  });

  it('a motion snapshot goes to the motion snapshot topic; no snapshot, no image message', () => {
    const base = alert().event!;
    expect(alertMessages('p', alert({ kind: 'motion', event: { ...base, kind: 'motion' } }))[0]!.topic).toBe('p/front/motion/snapshot');
    expect(alertMessages('p', alert({ snapshot: null })).map((m) => m.topic)).toEqual(['p/events', 'p/alerts']);
  });

  it('a camera going offline or online sets its retained availability', () => {
    const off = alertMessages('p', alert({ kind: 'camera-offline', event: null, snapshot: null }));
    expect(off.map((m) => [m.topic, String(m.payload), m.retain])).toEqual([
      ['p/front/available', 'offline', true],
      ['p/alerts', expect.stringContaining('"kind":"camera-offline"'), false],
    ]);
    expect(String(alertMessages('p', alert({ kind: 'camera-online', event: null, snapshot: null }))[0]!.payload)).toBe('online');
  });

  it('a test alert is one alert message with the texts', () => {
    const [only, ...rest] = alertMessages('p', alert({ kind: 'test', cameraId: null, cameraName: null, event: null, snapshot: null }));
    expect(rest).toEqual([]);
    expect(JSON.parse(String(only!.payload))).toMatchObject({ alert_id: 'a-17', kind: 'test', camera: null, title: 'Person at Front door' });
  });
});

describe('camera states', () => {
  it('are retained: availability, motion ON/OFF, the person count', () => {
    const msgs = stateMessages('p', { cameraId: 'till', cameraName: 'Till', online: true, motion: false, person: true });
    expect(msgs.map((m) => [m.topic, m.payload, m.retain])).toEqual([
      ['p/till/available', 'online', true],
      ['p/till/motion', 'OFF', true],
      ['p/till/person', '1', true],
    ]);
  });
});

describe('Home Assistant discovery', () => {
  const msgs = discoveryMessages('shopwatch', 'homeassistant', { id: 'front', name: 'Front door' });
  const byTopic = new Map(msgs.map((m) => [m.topic, JSON.parse(String(m.payload)) as Record<string, unknown>]));

  it('four retained configs per camera: person, motion, online, snapshot', () => {
    expect(msgs.every((m) => m.retain)).toBe(true);
    expect([...byTopic.keys()]).toEqual([
      'homeassistant/binary_sensor/shopwatch_shopwatch/front_person/config',
      'homeassistant/binary_sensor/shopwatch_shopwatch/front_motion/config',
      'homeassistant/binary_sensor/shopwatch_shopwatch/front_online/config',
      'homeassistant/camera/shopwatch_shopwatch/front_snapshot/config',
    ]);
  });

  it('device classes, state payloads matching stateMessages, one device per camera, stable unique ids', () => {
    const person = byTopic.get('homeassistant/binary_sensor/shopwatch_shopwatch/front_person/config')!;
    expect(person).toMatchObject({ device_class: 'occupancy', state_topic: 'shopwatch/front/person', payload_on: '1', payload_off: '0' });
    expect(byTopic.get('homeassistant/binary_sensor/shopwatch_shopwatch/front_motion/config')).toMatchObject({
      device_class: 'motion',
      payload_on: 'ON',
      payload_off: 'OFF',
    });
    const online = byTopic.get('homeassistant/binary_sensor/shopwatch_shopwatch/front_online/config')!;
    expect(online).toMatchObject({ device_class: 'connectivity', payload_on: 'online', payload_off: 'offline', availability: [{ topic: 'shopwatch/available' }] });
    const ids = [...byTopic.values()].map((c) => c.unique_id);
    expect(new Set(ids).size).toBe(4);
    expect(ids).toEqual(discoveryMessages('shopwatch', 'homeassistant', { id: 'front', name: 'Renamed' }).map((m) => JSON.parse(String(m.payload)).unique_id));
    for (const config of byTopic.values()) expect(config.device).toEqual({ identifiers: ['shopwatch_shopwatch_front'], name: 'Front door', manufacturer: 'ShopWatch NVR', model: 'Camera' });
    expect(byTopic.get('homeassistant/camera/shopwatch_shopwatch/front_snapshot/config')).toMatchObject({ topic: 'shopwatch/front/person/snapshot' });
  });

  it('a removed camera gets empty retained configs on the same topics', () => {
    const removals = discoveryRemovals('shopwatch', 'homeassistant', { id: 'front', name: 'Front door' });
    expect(removals.map((m) => m.topic)).toEqual(msgs.map((m) => m.topic));
    expect(removals.every((m) => m.payload === '' && m.retain)).toBe(true);
  });

  it('camera list changes: new and renamed cameras announced, removed ones removed', () => {
    const before = [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ];
    const after = [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'Bee' },
      { id: 'c', name: 'C' },
    ];
    expect(cameraChanges(before, after)).toEqual({ announce: [after[1], after[2]], remove: [] });
    expect(cameraChanges(after, [after[0]!])).toEqual({ announce: [], remove: [after[1], after[2]] });
    expect(cameraChanges([], before).announce).toEqual(before);
  });
});

describe('broker problems', () => {
  const broker = brokerLabel('mqtts://user:secret-pw@broker.lan');

  it('names the broker by host and port only', () => {
    expect(broker).toBe('broker.lan:8883');
    expect(brokerLabel('mqtt://10.0.0.5')).toBe('10.0.0.5:1883');
    expect(brokerLabel('mqtt://h:1999')).toBe('h:1999');
  });

  it('a refused password (3.1.1 codes 4 and 5, MQTT 5 codes 134 and 135) is fatal', () => {
    for (const code of [4, 5, 134, 135]) {
      const p = classifyMqttError({ code, message: 'Connection refused' }, broker);
      expect(p.outcome).toBe('fatal');
      expect(p.reason).toContain('refused the username or password');
      expect(p.reason).toContain(`(code ${code})`);
    }
  });

  it('a busy broker, nothing listening or a timeout are retried', () => {
    expect(classifyMqttError({ code: 3 }, broker).outcome).toBe('retry');
    expect(classifyMqttError({ code: 137 }, broker).outcome).toBe('retry');
    expect(classifyMqttError({ code: 'ECONNREFUSED' }, broker)).toEqual({ outcome: 'retry', reason: 'Nothing answers at broker.lan:8883: is the MQTT broker running?' });
    expect(classifyMqttError({ code: 'ETIMEDOUT' }, broker).outcome).toBe('retry');
  });

  it('a certificate problem is fatal and says what to do', () => {
    const p = classifyMqttError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, broker);
    expect(p.outcome).toBe('fatal');
    expect(p.reason).toContain('Accept a self-signed certificate');
    expect(classifyMqttError({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, broker).outcome).toBe('fatal');
  });

  it('an unknown error is retried with its message, credentials in a URL hidden', () => {
    const p = classifyMqttError({ message: 'failed for mqtt://user:secret-pw@broker.lan/x' }, broker);
    expect(p.outcome).toBe('retry');
    expect(p.reason).not.toContain('secret-pw');
    expect(p.reason).toContain('mqtt://***@broker.lan');
  });
});
