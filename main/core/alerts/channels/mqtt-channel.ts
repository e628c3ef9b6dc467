// The MQTT channel: one long-lived broker connection per channel (mqtt.js reconnects by itself), alerts published
// with QoS 1 and delivered when the broker acknowledges them (PUBACK), camera states and Home Assistant discovery
// kept retained. What is published is decided in mqtt-topics.ts; what a failure means in mqtt-problems.ts.
//
// A delivery never waits in mqtt.js's own queue: when the connection is down it answers "retry" and the outbox
// tries again later, and a publish still unacknowledged when the connection drops or the attempt ends is taken back
// out of mqtt.js's store (so the outbox's next attempt is the only resend). QoS 1 is still "at least once": a PUBACK
// lost on the way back means the outbox sends the alert again; consumers drop repeats by `alert_id`.
import { connect, type MqttClient } from 'mqtt';
import type { AlertChannel, ChannelContext, DeliveryResult, OutgoingAlert } from '../alert-channel.ts';
import type { AlertChannelConfig } from '../../../../preload/alert-channels.ts';
import {
  alertMessages,
  cameraChanges,
  discoveryMessages,
  discoveryRemovals,
  mqttClientId,
  mqttTopics,
  stateMessages,
  type CameraRef,
  type CameraState,
  type MqttMessage,
} from './mqtt-topics.ts';
import { brokerLabel, classifyMqttError, type MqttProblem } from './mqtt-problems.ts';

type MqttConfig = Extract<AlertChannelConfig, { type: 'mqtt' }>;

/** Below any outbox timeout: how long one attempt waits for a connection still being made, and for its PUBACKs. */
const CONNECT_WAIT_MS = 5_000;
const PUBLISH_TIMEOUT_MS = 10_000;
const RECONNECT_MS = 2_000;
/** How often the camera list is compared with what Home Assistant was told (it is also compared on every alert). */
const CAMERA_CHECK_MS = 15_000;

export interface MqttChannelTimings {
  reconnectMs?: number;
  cameraCheckMs?: number;
}

export function createMqttChannel(ctx: ChannelContext, timings: MqttChannelTimings = {}): AlertChannel {
  if (ctx.config.type !== 'mqtt') throw new Error(`createMqttChannel was given a ${ctx.config.type} channel`);
  return new MqttChannel(ctx, ctx.config, timings);
}

class MqttChannel implements AlertChannel {
  readonly id: string;
  readonly type = 'mqtt' as const;
  private readonly client: MqttClient;
  private readonly broker: string;
  private readonly topics: ReturnType<typeof mqttTopics>;
  private readonly log: ChannelContext['logger'];
  /** The last connection problem (cleared on connect); a fatal one stops reconnecting. */
  private problem: MqttProblem | null = null;
  /** Publishes waiting for their PUBACK: taken back when the connection drops. */
  private readonly inFlight = new Set<number>();
  /** The cameras Home Assistant was told about on this connection. */
  private announced: CameraRef[] = [];
  /** Each camera's last state, published again after a reconnect (a restarted broker forgets retained messages). */
  private readonly states = new Map<string, CameraState>();
  private readonly cameraTimer: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly ctx: ChannelContext,
    private readonly config: MqttConfig,
    timings: MqttChannelTimings,
  ) {
    this.id = config.id;
    this.broker = brokerLabel(config.url);
    this.topics = mqttTopics(config.topicPrefix);
    this.log = ctx.logger.child({ component: 'alert-mqtt', channelId: config.id, broker: this.broker });
    this.client = connect(config.url, {
      clientId: mqttClientId(config.id, config.topicPrefix),
      // Only what is set: an absent key leaves a user and password written in the URL itself in force.
      ...(config.username === '' ? {} : { username: config.username }),
      ...(ctx.secrets.password === undefined ? {} : { password: ctx.secrets.password }),
      clean: true,
      keepalive: 30,
      connectTimeout: CONNECT_WAIT_MS * 2,
      reconnectPeriod: timings.reconnectMs ?? RECONNECT_MS,
      // A broker that is busy or shutting down (CONNACK 3, 136, 137, 139) is tried again; a refusal of this client's
      // credentials ends the client in onError (mqtt.js checks `disconnecting` before it schedules the reconnect).
      reconnectOnConnackError: true,
      queueQoSZero: false,
      rejectUnauthorized: !config.allowSelfSigned,
      will: { topic: this.topics.available, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client.on('connect', () => this.onConnect());
    this.client.on('error', (err) => this.onError(err));
    this.client.on('close', () => this.onClose());
    this.client.on('message', (topic, payload) => {
      // Home Assistant says "online" on <discovery>/status when it starts: it may have lost the configs, tell it again.
      if (topic === `${config.discoveryPrefix}/status` && payload.toString() === 'online') this.announceCameras(true);
    });
    this.cameraTimer = setInterval(() => this.announceCameras(false), timings.cameraCheckMs ?? CAMERA_CHECK_MS);
    this.cameraTimer.unref();
  }

  async deliver(alert: OutgoingAlert, signal: AbortSignal): Promise<DeliveryResult> {
    if (!this.client.connected) await this.waitForConnection(signal);
    const fatal = this.fatalReason();
    if (fatal !== null) return { outcome: 'fatal', reason: fatal };
    if (!this.client.connected) {
      return { outcome: 'retry', reason: this.problem?.reason ?? `Not connected to the MQTT broker at ${this.broker} yet.` };
    }
    this.announceCameras(false);
    const attempt = AbortSignal.any([signal, AbortSignal.timeout(PUBLISH_TIMEOUT_MS)]);
    try {
      await Promise.all(alertMessages(this.config.topicPrefix, alert).map((m) => this.publishAcked(m, attempt)));
      this.log.debug({ alertId: alert.alertId, cameraId: alert.cameraId }, 'alert acknowledged by the MQTT broker');
      return { outcome: 'delivered' };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const why = attempt.aborted
        ? `The MQTT broker at ${this.broker} did not acknowledge the alert in time.`
        : message === 'Message removed'
          ? `The connection to the MQTT broker at ${this.broker} dropped before it acknowledged the alert.`
          : `The alert did not reach the MQTT broker at ${this.broker}: ${message}.`;
      return { outcome: 'retry', reason: why };
    }
  }

  private fatalReason(): string | null {
    return this.problem?.outcome === 'fatal' ? this.problem.reason : null;
  }

  /** The channel's own camera choice (null = every camera) applies to states and discovery too. */
  private covers(cameraId: string): boolean {
    return this.config.cameras === null || this.config.cameras.includes(cameraId);
  }

  publishState(state: CameraState): void {
    if (!this.covers(state.cameraId)) return;
    this.states.set(state.cameraId, state);
    if (!this.client.connected) return; // best effort: published again on connect
    for (const m of stateMessages(this.config.topicPrefix, state)) this.publishQuietly(m);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.cameraTimer);
    if (this.client.connected) {
      const bounded = AbortSignal.timeout(2_000);
      await this.publishAcked({ topic: this.topics.available, payload: 'offline', retain: true }, bounded).catch(() => undefined);
    }
    // Not connected: nothing is in flight to wait for, and a reconnect in progress is cut short.
    await this.client.endAsync(!this.client.connected).catch(() => undefined);
  }

  private onConnect(): void {
    if (this.problem !== null) this.log.info('connected to the MQTT broker again');
    else this.log.info('connected to the MQTT broker');
    this.problem = null;
    this.publishQuietly({ topic: this.topics.available, payload: 'online', retain: true });
    if (this.config.discoveryPrefix !== '') {
      this.client.subscribe(`${this.config.discoveryPrefix}/status`, { qos: 0 }, () => undefined);
    }
    this.announced = []; // a restarted broker has forgotten every retained config
    this.announceCameras(false);
    for (const state of this.states.values()) {
      for (const m of stateMessages(this.config.topicPrefix, state)) this.publishQuietly(m);
    }
  }

  private onError(err: Error & { code?: unknown }): void {
    const problem = classifyMqttError(err, this.broker);
    if (problem.reason !== this.problem?.reason) {
      this.log.warn({ outcome: problem.outcome }, problem.reason); // once per new problem, not per reconnect
    }
    this.problem = problem;
    // mqtt.js stops reconnecting after a refused CONNACK by itself; a bad certificate would be retried for ever.
    if (problem.outcome === 'fatal') this.client.end(true);
  }

  private onClose(): void {
    this.takeBackInFlight();
    if (this.closing || this.problem !== null) return; // an error already said why
    this.problem = { outcome: 'retry', reason: `The connection to the MQTT broker at ${this.broker} was lost: reconnecting.` };
    this.log.warn(this.problem.reason);
  }

  /** Waits until the client connects, a fatal problem is known, or the attempt ends. */
  private waitForConnection(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.client.off('connect', done);
        this.client.off('error', onError);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const onError = (): void => {
        if (this.fatalReason() !== null) done();
      };
      const timer = setTimeout(done, CONNECT_WAIT_MS);
      this.client.on('connect', done);
      this.client.on('error', onError);
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted || this.client.disconnecting) done();
    });
  }

  /** Publishes with QoS 1 and resolves on the PUBACK; rejects when the attempt ends or the connection drops. */
  private publishAcked(message: MqttMessage, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new Error('the attempt ended'));
      const before = this.client.getLastMessageId();
      let messageId: number | null = null;
      const onAbort = (): void => {
        if (messageId !== null) this.client.removeOutgoingMessage(messageId); // calls back with "Message removed"
        else reject(new Error('the attempt ended'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.client.publish(message.topic, message.payload, { qos: 1, retain: message.retain }, (err) => {
        signal.removeEventListener('abort', onAbort);
        if (messageId !== null) this.inFlight.delete(messageId);
        if (err) reject(err);
        else resolve();
      });
      const after = this.client.getLastMessageId();
      if (after !== before && after !== undefined) {
        messageId = after;
        this.inFlight.add(after);
      }
    });
  }

  /** For states and discovery: QoS 1 so a retained state is not lost on a busy link, nobody waits for it. */
  private publishQuietly(message: MqttMessage): void {
    this.publishAcked(message, AbortSignal.timeout(PUBLISH_TIMEOUT_MS)).catch((err: unknown) => {
      this.log.debug({ topic: message.topic, err: err instanceof Error ? err.message : String(err) }, 'state not published');
    });
  }

  /** Unacknowledged publishes are taken back when the connection closes: the outbox resends, mqtt.js does not. */
  private takeBackInFlight(): void {
    for (const id of [...this.inFlight]) this.client.removeOutgoingMessage(id);
    this.inFlight.clear();
  }

  /** Tells Home Assistant about new or renamed cameras and removes the ones that are gone (all of them when `all`). */
  private announceCameras(all: boolean): void {
    if (this.config.discoveryPrefix === '' || !this.client.connected) return;
    let current: CameraRef[];
    try {
      current = this.ctx
        .cameras()
        .filter((c) => this.covers(c.id))
        .map((c) => ({ id: c.id, name: c.name }));
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'the camera list could not be read for Home Assistant');
      return;
    }
    const { announce, remove } = cameraChanges(all ? [] : this.announced, current);
    for (const camera of remove) {
      for (const m of discoveryRemovals(this.config.topicPrefix, this.config.discoveryPrefix, camera)) this.publishQuietly(m);
    }
    for (const camera of announce) {
      for (const m of discoveryMessages(this.config.topicPrefix, this.config.discoveryPrefix, camera)) this.publishQuietly(m);
    }
    this.announced = current;
  }
}
