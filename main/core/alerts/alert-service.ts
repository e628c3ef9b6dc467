// The alert channels put together: the saved channels (channel-store.ts) and their live transports (a factory per type,
// channel-registry.ts), the routing of each event and camera state to the channels that ask for it (alert-routing.ts),
// rows written through the write guard before anything is sent, and the outbox that delivers them (alert-outbox.ts).
// What the API, health and /metrics show of the channels comes from here, never a secret.
import { alertLinks, linkBase, NO_LINKS } from './alert-links.ts';
import type { MediaLinks } from '../access/media-links.ts';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Logger } from '../logging/logger.ts';
import type { AlertChannelType, AlertChannelView, AlertKind, ChannelSecrets } from '../../../preload/alert-channels.ts';
import type { AlertChannelHealth, EventDelivery, EventView } from '../../../preload/contract.ts';
import { ApiError } from '../../../preload/contract.ts';
import type { AppSettings, Camera } from '../../../preload/settings-schema.ts';
import type { AlertChannelRepository, StoredChannel } from '../storage/alert-channel-repository.ts';
import type { AlertOutboxRepository } from '../storage/alert-outbox-repository.ts';
import type { DbWrite } from '../storage/write-guard.ts';
import type { SecretBox } from '../cameras/secret-box.ts';
import type { AlertChannel, ChannelFactory, OutgoingAlert } from './alert-channel.ts';
import { withScrubbedReasons } from './scrubbed-channel.ts';
import { AlertOutbox } from './alert-outbox.ts';
import type { DeliveryPlanConfig } from './delivery-plan.ts';
import { ChannelStore } from './channel-store.ts';
import { channelTakes, eventAlertKind } from './alert-routing.ts';
import { OfflineWatch } from './offline-watch.ts';
import { CameraStatePublisher } from './state-publisher.ts';
import { cameraStateText, notificationText, testAlertText } from '../notify/notification-text.ts';
import { errorMessage } from '../../../preload/format.ts';
import { englishSpeech, type OwnerSpeech } from '../i18n/owner-locale.ts';

export type ChannelFactories = Partial<Record<AlertChannelType, ChannelFactory>>;

export interface AlertServiceOptions {
  channels: AlertChannelRepository;
  outbox: AlertOutboxRepository;
  box: SecretBox;
  factories: ChannelFactories;
  writes: { write(w: DbWrite): void; readonly writable: boolean };
  /** The event's snapshot file (absolute), or null. */
  snapshotFile: (eventId: string) => Promise<string | null>;
  cameras: () => Camera[];
  settings: () => AppSettings;
  /** Signs the snapshot and clip links alerts carry; with `lanUrls`, where they point (none: no links). */
  mediaLinks?: MediaLinks;
  /** The NVR's LAN addresses while LAN access is on (links point there unless Settings names an address). */
  lanUrls?: () => readonly string[];
  logger: Logger;
  now?: () => number;
  /** Tests: a short timeout and backoff. */
  timeoutMs?: number;
  plan?: DeliveryPlanConfig;
  /** The owner's language, read when each alert is written (main/core/i18n/owner-locale.ts); English without it. */
  speech?: () => OwnerSpeech;
}

type AlertPayload = Omit<OutgoingAlert, 'alertId' | 'snapshot'>;
const MAX_REMEMBERED = 2000;
const TEST_TIMEOUT_MS = 20_000;

export class AlertService {
  private readonly store: ChannelStore;
  private readonly live = new Map<string, { channel: AlertChannel; stored: StoredChannel }>();
  private readonly outbox: AlertOutbox;
  private readonly offline: OfflineWatch;
  private readonly states: CameraStatePublisher;
  private readonly now: () => number;
  private readonly speech: () => OwnerSpeech;
  private readonly logger: Logger;
  /** channel:event:kind already queued (an event is alerted once per kind per channel). */
  private readonly alerted = new Set<string>();

  constructor(private readonly o: AlertServiceOptions) {
    this.now = o.now ?? Date.now;
    this.speech = o.speech ?? (() => englishSpeech);
    this.logger = o.logger;
    this.store = new ChannelStore(o.channels, o.box, this.now);
    this.outbox = new AlertOutbox({
      repo: o.outbox,
      channel: (id) => {
        const l = this.live.get(id);
        return l && l.stored.config.enabled ? { channel: l.channel, maxPerMinute: l.stored.config.maxPerMinute } : null;
      },
      snapshot: async (eventId) => {
        const file = await o.snapshotFile(eventId);
        return file ? readFile(file) : null;
      },
      writable: () => o.writes.writable,
      logger: o.logger,
      now: this.now,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.plan ? { plan: o.plan } : {}),
    });
    this.offline = new OfflineWatch({
      afterMs: () => o.settings().alerts.offlineAfterSeconds * 1000,
      offline: (cameraId, downSince, reason) => this.cameraAlert('camera-offline', cameraId, downSince, reason),
      online: (cameraId) => this.cameraAlert('camera-online', cameraId, this.now(), null),
      now: this.now,
    });
    this.states = new CameraStatePublisher(
      () => [...this.live.values()].filter((l) => l.stored.config.enabled).map((l) => l.channel),
      (id) => o.cameras().find((c) => c.id === id)?.name ?? null,
      o.logger,
    );
  }

  /** Builds every saved channel's transport and resumes what the outbox holds (after a restart too). */
  start(): void {
    for (const stored of this.store.list()) this.build(stored);
    try {
      this.o.outbox.prune(this.now() - 30 * 86_400_000);
      this.o.outbox.dueNow(this.now());
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, 'the alert outbox could not be tidied at start');
    }
    this.outbox.start();
  }

  list(): AlertChannelView[] {
    return this.store.list().map((s) => this.store.view(s));
  }

  save(config: Record<string, unknown>, secrets: ChannelSecrets | undefined): AlertChannelView {
    const stored = this.store.save(config, secrets);
    void this.unbuild(stored.config.id);
    this.build(stored);
    this.outbox.clearStop(stored.config.id); // a changed setting may have fixed what stopped it
    this.logger.info({ channelId: stored.config.id, type: stored.config.type }, 'alert channel saved');
    return this.store.view(stored);
  }

  async remove(id: string): Promise<void> {
    if (!this.store.get(id)) throw new ApiError('not-found', 'There is no such alert channel (it may have been removed already).');
    this.store.remove(id);
    await this.unbuild(id);
    this.o.outbox.failQueued(id, 'The channel was removed before this alert was sent.', this.now());
    this.outbox.forget(id);
    this.logger.info({ channelId: id }, 'alert channel removed');
  }

  /** Sends a test alert now, not through the outbox: ok, or the exact sentence of what went wrong. */
  async test(id: string): Promise<{ ok: boolean; message: string }> {
    const stored = this.store.get(id);
    if (!stored) throw new ApiError('not-found', 'There is no such alert channel (it may have been removed).');
    const existing = this.live.get(id);
    const channel = existing?.channel ?? this.create(stored);
    if (!channel) return { ok: false, message: unsupported(stored.config.type) };
    const speech = this.speech();
    const text = testAlertText(stored.config.name, speech);
    const alert: OutgoingAlert = {
      ...this.payload('test', null, null, text, this.now(), speech),
      alertId: `test-${randomUUID()}`,
      snapshot: null,
    };
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), TEST_TIMEOUT_MS);
    try {
      const result = await channel.deliver(alert, ac.signal);
      if (result.outcome === 'delivered') {
        this.outbox.clearStop(id);
        return { ok: true, message: `The test alert was sent to ${stored.config.name}.` };
      }
      if (ac.signal.aborted) return { ok: false, message: `${stored.config.name} did not answer within ${TEST_TIMEOUT_MS / 1000} s.` };
      return { ok: false, message: result.reason };
    } catch (err) {
      return { ok: false, message: errorMessage(err) };
    } finally {
      clearTimeout(timer);
      if (!existing) await channel.close().catch(() => undefined);
    }
  }

  /** From the notifier, for every event it considers (its own decision is the OS notification's). Never throws. */
  eventAlert(event: EventView, camera: Camera, trigger: 'opened' | 'person'): void {
    try {
      const kind = eventAlertKind(event.kind, trigger);
      const speech = this.speech();
      const text = notificationText(camera.name, event.kind, event.startMs, speech);
      const payload = this.payload(kind, camera, event, text, event.startMs, speech);
      this.route(kind, camera, payload, event.id);
    } catch (err) {
      this.logger.error({ cameraId: camera.id, eventId: event.id, err: errorMessage(err) }, 'alert could not be queued');
    }
  }

  /** A camera's state (from the pipeline's camera.state): offline after the setting's delay, online when back. */
  cameraState(cameraId: string, status: Parameters<OfflineWatch['update']>[1]): void {
    this.offline.update(cameraId, status);
    this.states.camera(cameraId, status);
  }

  /** An event opened, changed or closed: the camera's motion / person state for the channels that keep states. */
  eventState(event: EventView): void {
    this.states.event(event);
  }

  deliveries(eventId: string): EventDelivery[] {
    const names = new Map(this.store.list().map((s) => [s.config.id, s.config.name]));
    return this.o.outbox.byEvent(eventId).map((r) => ({
      channelId: r.channelId,
      channelName: names.get(r.channelId) ?? r.channelId,
      state: r.state,
      at: r.state === 'delivered' ? r.deliveredAt : r.nextAttemptAt,
      lastError: r.lastError,
    }));
  }

  health(): AlertChannelHealth[] {
    const counts = new Map(this.o.outbox.counts().map((c) => [c.channelId, c]));
    return this.store.list().map((s) => {
      const c = counts.get(s.config.id);
      const st = this.outbox.status(s.config.id);
      const noTransport = this.live.has(s.config.id) ? null : unsupported(s.config.type);
      const stopped = st.stopped ?? noTransport;
      return {
        id: s.config.id,
        name: s.config.name,
        type: s.config.type,
        state: stopped ? 'stopped' : st.retrying ? 'retrying' : 'ok',
        sent: c?.delivered ?? 0,
        failed: c?.failed ?? 0,
        queued: c?.queued ?? 0,
        oldestQueuedAt: c?.oldestQueuedAt ?? null,
        lastError: stopped ? `stopped: ${stopped}` : st.lastError,
      };
    });
  }

  /** Per channel sent / failed, for /metrics (label: the channel's id). */
  counters(): Array<{ channel: string; sent: number; failed: number }> {
    return this.health().map((h) => ({ channel: `alert:${h.id}`, sent: h.sent, failed: h.failed }));
  }

  /** Tests: resolves when no try is in flight. */
  idle(): Promise<void> {
    return this.outbox.idle();
  }

  async close(): Promise<void> {
    this.offline.close();
    await this.outbox.close();
    await Promise.all([...this.live.keys()].map((id) => this.unbuild(id)));
  }

  private route(kind: AlertKind, camera: Camera | null, payload: AlertPayload, eventId: string | null): void {
    const nowMs = this.now();
    const armed = this.o.settings().notifications.armed;
    let queued = 0;
    for (const s of this.store.list()) {
      const input = { kind, cameraId: camera?.id ?? null, notifications: camera?.notifications ?? null, armed, now: new Date(nowMs) };
      if (!channelTakes(s.config, input)) continue;
      if (eventId) {
        const key = `${s.config.id}:${eventId}:${kind}`;
        if (this.alerted.has(key)) continue;
        this.remember(key);
      }
      this.o.writes.write({
        kind: 'alert',
        row: { id: randomUUID(), channelId: s.config.id, eventId, cameraId: camera?.id ?? null, kind, payloadJson: JSON.stringify(payload), createdAt: nowMs },
      });
      queued++;
    }
    if (queued > 0) {
      this.logger.info({ cameraId: camera?.id ?? null, eventId, kind, channels: queued }, 'alert queued');
      this.outbox.kick();
    }
  }

  private cameraAlert(kind: 'camera-offline' | 'camera-online', cameraId: string, atMs: number, reason: string | null): void {
    const camera = this.o.cameras().find((c) => c.id === cameraId);
    if (!camera) return;
    const speech = this.speech();
    const text = cameraStateText(kind, camera.name, kind === 'camera-offline' ? this.now() : atMs, { downSinceMs: atMs, reason }, speech);
    this.route(kind, camera, this.payload(kind, camera, null, text, atMs, speech), null);
  }

  private payload(
    kind: AlertKind,
    camera: Camera | null,
    event: EventView | null,
    text: { title: string; body: string },
    atMs: number,
    speech: OwnerSpeech,
  ): AlertPayload {
    return {
      locale: speech.locale,
      kind,
      cameraId: camera?.id ?? null,
      cameraName: camera?.name ?? null,
      eventId: event?.id ?? null,
      title: text.title,
      body: text.body,
      atMs,
      event: event
        ? {
            id: event.id,
            kind: event.kind,
            startMs: event.startMs,
            endMs: event.endMs,
            score: event.topScore,
            boxes: event.boxes,
            trackId: event.trackId === null ? null : String(event.trackId),
            zone: event.zone,
          }
        : null,
      links: this.linksOf(event, atMs),
    };
  }

  private linksOf(event: EventView | null, atMs: number): AlertPayload['links'] {
    if (!event || !this.o.mediaLinks) return NO_LINKS;
    const base = linkBase(this.o.settings().alerts.linkBaseUrl, this.o.lanUrls?.() ?? []);
    return alertLinks(base, event.id, this.o.mediaLinks, Math.max(atMs, this.now()), event.hasSnapshot);
  }

  private remember(key: string): void {
    this.alerted.add(key);
    if (this.alerted.size > MAX_REMEMBERED) {
      const oldest = this.alerted.values().next();
      if (!oldest.done) this.alerted.delete(oldest.value);
    }
  }

  private create(stored: StoredChannel): AlertChannel | null {
    const factory = this.o.factories[stored.config.type];
    if (!factory) return null;
    const secrets = this.store.secrets(stored);
    const channel = factory({
      config: stored.config,
      secrets,
      cameras: () => this.o.cameras().map((c) => ({ id: c.id, name: c.name })),
      logger: this.logger.child({ channelId: stored.config.id, channelType: stored.config.type }),
    });
    return withScrubbedReasons(channel, Object.values(secrets).filter((v): v is string => typeof v === 'string'));
  }

  private build(stored: StoredChannel): void {
    try {
      const channel = this.create(stored);
      if (channel) this.live.set(stored.config.id, { channel, stored });
      else this.logger.warn({ channelId: stored.config.id, type: stored.config.type }, 'no transport for this alert channel type');
    } catch (err) {
      this.logger.error({ channelId: stored.config.id, err: errorMessage(err) }, 'alert channel could not start');
    }
  }

  private async unbuild(id: string): Promise<void> {
    const l = this.live.get(id);
    if (!l) return;
    this.live.delete(id);
    await l.channel.close().catch((err: unknown) => this.logger.warn({ channelId: id, err: errorMessage(err) }, 'alert channel close failed'));
  }
}

function unsupported(type: AlertChannelType): string {
  return `This version of ShopWatch NVR cannot send ${type} alerts.`;
}
