// What the MQTT channel publishes, as pure functions of an alert, a camera state or the camera list: the topics, the
// payloads (close to Frigate's, so automations written for `frigate/events` port by changing the prefix) and the
// Home Assistant discovery configs. The channel (mqtt-channel.ts) only sends what these return.
//
// Topics under the prefix P (Frigate's names where Frigate has the same thing):
//   P/available                    "online" / "offline", retained (the client's will says "offline")
//   P/events                       one JSON message per event alert: {type, before, after}, as frigate/events
//   P/alerts                       every alert (tests and camera offline/online too) in the owner's words, JSON
//   P/<camera>/person/snapshot     the event's JPEG, retained (P/<camera>/motion/snapshot for a motion event)
//   P/<camera>/motion              "ON" / "OFF", retained
//   P/<camera>/person              the number of people seen now, "1" / "0" (Frigate publishes the count), retained
//   P/<camera>/available           "online" / "offline", retained
//
// How our alert maps onto Frigate's event object (`before` and `after` are the same: one message per alert):
//   id ← event.id · camera ← cameraId (camera_name ← its name) · label ← "person" for person and loitering events,
//   "motion" for motion events · start_time / end_time ← startMs / endMs in seconds (end_time null while it lasts) ·
//   frame_time ← atMs in seconds · top_score and score ← event.score · box ← the best box as [x1, y1, x2, y2] in
//   frame pixels, area and ratio from it · current_zones and entered_zones ← [zone] or [] · has_snapshot ← a snapshot
//   is attached or linked · has_clip ← a clip is linked · false_positive false, stationary false, sub_label null.
//   Ours on top: alert_id (the outbox row: a consumer drops a message it has seen, as MQTT QoS 1 is at least once),
//   kind, track_id, links, title, body. `type` is "new": the outbox sends one alert per event.
import type { AlertKind } from '../../../../preload/alert-channels.ts';
import type { OutgoingAlert } from '../alert-channel.ts';

export interface MqttMessage {
  topic: string;
  payload: string | Buffer;
  retain: boolean;
}

export interface CameraRef {
  id: string;
  name: string;
}

export interface CameraState {
  cameraId: string;
  cameraName: string;
  online: boolean;
  motion: boolean;
  person: boolean;
}

/** A camera id as one topic level and one id part: no wildcards, separators or spaces. */
export function topicLevel(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]/g, '_');
  return cleaned === '' ? '_' : cleaned;
}

export function mqttTopics(prefix: string) {
  return {
    available: `${prefix}/available`,
    events: `${prefix}/events`,
    alerts: `${prefix}/alerts`,
    camera(cameraId: string) {
      const base = `${prefix}/${topicLevel(cameraId)}`;
      return {
        motion: `${base}/motion`,
        person: `${base}/person`,
        available: `${base}/available`,
        snapshot: (label: 'person' | 'motion') => `${base}/${label}/snapshot`,
      };
    },
  };
}

/** A stable client id for one channel: the same after every restart, different for two channels or two prefixes. */
export function mqttClientId(channelId: string, prefix: string): string {
  return `shopwatch-${topicLevel(prefix)}-${channelId}`.slice(0, 64);
}

function labelOf(kind: string): 'person' | 'motion' {
  return kind === 'motion' ? 'motion' : 'person';
}

const seconds = (ms: number): number => ms / 1000;

/** The Frigate-shaped event object of an alert that carries an event. */
export function frigateEvent(alert: OutgoingAlert): Record<string, unknown> | null {
  const event = alert.event;
  if (event === null || alert.cameraId === null) return null;
  const best = [...event.boxes].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
  const zones = event.zone === null ? [] : [event.zone];
  return {
    id: event.id,
    camera: topicLevel(alert.cameraId),
    camera_name: alert.cameraName,
    frame_time: seconds(alert.atMs),
    label: labelOf(event.kind),
    sub_label: null,
    top_score: event.score,
    score: event.score,
    false_positive: false,
    start_time: seconds(event.startMs),
    end_time: event.endMs === null ? null : seconds(event.endMs),
    box: best ? [best.x, best.y, best.x + best.w, best.y + best.h] : null,
    area: best ? best.w * best.h : null,
    ratio: best && best.h > 0 ? best.w / best.h : null,
    region: null,
    current_zones: zones,
    entered_zones: zones,
    stationary: false,
    has_snapshot: alert.snapshot !== null || alert.links.snapshot !== null,
    has_clip: alert.links.clip !== null,
    attributes: {},
    alert_id: alert.alertId,
    kind: event.kind,
    track_id: event.trackId,
    links: alert.links,
    title: alert.title,
    body: alert.body,
  };
}

/** The alert in the owner's words, for every kind (Node-RED and tests read this one). */
export function alertPayload(alert: OutgoingAlert): Record<string, unknown> {
  return {
    alert_id: alert.alertId,
    kind: alert.kind,
    camera: alert.cameraId === null ? null : topicLevel(alert.cameraId),
    camera_name: alert.cameraName,
    event_id: alert.eventId,
    title: alert.title,
    body: alert.body,
    time: seconds(alert.atMs),
    links: alert.links,
    has_snapshot: alert.snapshot !== null,
  };
}

const CAMERA_STATE_KINDS: ReadonlySet<AlertKind> = new Set(['camera-offline', 'camera-online']);

/** Everything one alert publishes, in the order it is sent; the alert is delivered when each one is acknowledged. */
export function alertMessages(prefix: string, alert: OutgoingAlert): MqttMessage[] {
  const topics = mqttTopics(prefix);
  const messages: MqttMessage[] = [];
  const event = frigateEvent(alert);
  if (event !== null && alert.cameraId !== null) {
    if (alert.snapshot !== null) {
      const label = event.label as 'person' | 'motion';
      messages.push({ topic: topics.camera(alert.cameraId).snapshot(label), payload: alert.snapshot, retain: true });
    }
    messages.push({ topic: topics.events, payload: JSON.stringify({ type: 'new', before: event, after: event }), retain: false });
  }
  if (CAMERA_STATE_KINDS.has(alert.kind) && alert.cameraId !== null) {
    const payload = alert.kind === 'camera-online' ? 'online' : 'offline';
    messages.push({ topic: topics.camera(alert.cameraId).available, payload, retain: true });
  }
  messages.push({ topic: topics.alerts, payload: JSON.stringify(alertPayload(alert)), retain: false });
  return messages;
}

/** A camera's retained states. */
export function stateMessages(prefix: string, state: CameraState): MqttMessage[] {
  const t = mqttTopics(prefix).camera(state.cameraId);
  return [
    { topic: t.available, payload: state.online ? 'online' : 'offline', retain: true },
    { topic: t.motion, payload: state.motion ? 'ON' : 'OFF', retain: true },
    { topic: t.person, payload: state.person ? '1' : '0', retain: true },
  ];
}

/** The Home Assistant node id of this NVR: one per topic prefix. */
export function discoveryNode(prefix: string): string {
  return `shopwatch_${topicLevel(prefix)}`;
}

interface EntitySpec {
  component: 'binary_sensor' | 'camera';
  suffix: 'person' | 'motion' | 'online' | 'snapshot';
  config: Record<string, unknown>;
}

function cameraEntities(prefix: string, camera: CameraRef): EntitySpec[] {
  const topics = mqttTopics(prefix);
  const t = topics.camera(camera.id);
  const nvrAvailable = { topic: topics.available };
  const cameraAvailable = { topic: t.available };
  // Sensors of a camera are unavailable when the NVR or the camera is: HA shows "unavailable", not a stale value.
  const both = { availability: [nvrAvailable, cameraAvailable], availability_mode: 'all' };
  return [
    {
      component: 'binary_sensor',
      suffix: 'person',
      config: { name: 'Person', device_class: 'occupancy', state_topic: t.person, payload_on: '1', payload_off: '0', ...both },
    },
    {
      component: 'binary_sensor',
      suffix: 'motion',
      config: { name: 'Motion', device_class: 'motion', state_topic: t.motion, payload_on: 'ON', payload_off: 'OFF', ...both },
    },
    {
      component: 'binary_sensor',
      suffix: 'online',
      config: {
        name: 'Online',
        device_class: 'connectivity',
        entity_category: 'diagnostic',
        state_topic: t.available,
        payload_on: 'online',
        payload_off: 'offline',
        availability: [nvrAvailable],
      },
    },
    // HA's MQTT camera shows the last image received on `topic` (JPEG bytes, no encoding).
    { component: 'camera', suffix: 'snapshot', config: { name: 'Last person', topic: t.snapshot('person'), ...both } },
  ];
}

/** The retained discovery configs that make one camera a device with four entities in Home Assistant. */
export function discoveryMessages(prefix: string, discoveryPrefix: string, camera: CameraRef): MqttMessage[] {
  const node = discoveryNode(prefix);
  const cam = topicLevel(camera.id);
  const device = {
    identifiers: [`${node}_${cam}`],
    name: camera.name,
    manufacturer: 'ShopWatch NVR',
    model: 'Camera',
  };
  return cameraEntities(prefix, camera).map((entity) => ({
    topic: `${discoveryPrefix}/${entity.component}/${node}/${cam}_${entity.suffix}/config`,
    payload: JSON.stringify({
      ...entity.config,
      unique_id: `${node}_${cam}_${entity.suffix}`,
      device,
      origin: { name: 'ShopWatch NVR' },
    }),
    retain: true,
  }));
}

/** Empty retained configs: Home Assistant removes the entities of a camera that was removed. */
export function discoveryRemovals(prefix: string, discoveryPrefix: string, camera: CameraRef): MqttMessage[] {
  return discoveryMessages(prefix, discoveryPrefix, camera).map((m) => ({ ...m, payload: '' }));
}

/** What changed between two camera lists: cameras to announce (new or renamed) and cameras to remove. */
export function cameraChanges(previous: readonly CameraRef[], current: readonly CameraRef[]): { announce: CameraRef[]; remove: CameraRef[] } {
  const before = new Map(previous.map((c) => [c.id, c.name]));
  const now = new Set(current.map((c) => c.id));
  return {
    announce: current.filter((c) => before.get(c.id) !== c.name),
    remove: previous.filter((c) => !now.has(c.id)),
  };
}
