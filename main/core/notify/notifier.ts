// Glue between events and the places notifications go (the OS, tests). The decision is synchronous and pure
// (notification-policy.ts); the dispatch is asynchronous, never awaited by the caller, bounded by a timeout per send,
// and never throws: a failing sink is logged with the camera id and shown in status() (the health page).
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logging/logger.ts';
import type { Camera } from '../../../preload/settings-schema.ts';
import type { EventView, NotificationStatus } from '../../../preload/contract.ts';
import { decide, holdBack, isHeldBack, record, takeHeldBack, PolicyState, type NotificationTrigger } from './notification-policy.ts';
import { notificationText } from './notification-text.ts';
import { errorMessage } from '../../../preload/format.ts';
import { englishSpeech, type OwnerSpeech } from '../i18n/owner-locale.ts';

export interface OutgoingNotification {
  title: string;
  body: string;
  /** A local image file (the event's thumbnail), or null. */
  iconPath: string | null;
  /** The event it is about (the desktop app opens it when the notification is clicked). */
  eventId?: string;
  cameraId?: string;
}

export interface NotificationSink {
  name: string;
  send(n: OutgoingNotification): Promise<void>;
}

/** Where each event the notifier considers goes besides the OS notification (the alert channels, alerts/alert-service.ts). */
export interface EventAlertRoute {
  eventAlert(event: EventView, camera: Camera, trigger: NotificationTrigger): void;
}

export interface NotifierOptions {
  sinks: NotificationSink[];
  logger: Logger;
  /** Read at every decision, so the tray's arm switch applies at once. */
  settings: () => { armed: boolean; maxPerMinute: number };
  /** Clock for the policy (epoch ms); Date.now by default. */
  now?: () => number;
  /** A send that has not resolved after this long counts as failed. */
  timeoutMs?: number;
  /** Locale for the date in the body; English by default. */
  locale?: string;
  /**
   * The owner's language, read at every send (main/core/i18n/owner-locale.ts ownerSpeech): the notification's words,
   * times and dates. Wins over `locale`; without either, English.
   */
  speech?: () => OwnerSpeech;
}

export interface NotifierStatus extends NotificationStatus {
  /** From consider() to the sink resolving, the last 200 sends, oldest first. */
  dispatchLatenciesMs: number[];
  /** Sends that failed or timed out (a send to several sinks counts once per failing sink). */
  failed: number;
  /** Sends still waiting for a sink. */
  pending: number;
}

const MAX_LATENCIES = 200;

export class Notifier {
  private readonly sinks: NotificationSink[];
  private readonly logger: Logger;
  private readonly settings: () => { armed: boolean; maxPerMinute: number };
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly locale: string | undefined;
  private readonly speech: (() => OwnerSpeech) | undefined;
  private readonly state = new PolicyState();
  private readonly latencies: number[] = [];
  private readonly suppressed: Record<string, number> = {};
  private readonly inFlight = new Set<Promise<void>>();
  /** Whether each sink's last send worked: ok means all of them did. */
  private readonly sinkOk = new Map<string, boolean>();
  private lastPrepareOk = true;
  private lastError: string | null = null;
  private sent = 0;
  private failed = 0;
  private lastSentAt: number | null = null;
  /** Per sink (alert channel): sends that worked and sends that failed or timed out, for /metrics. */
  private readonly channels = new Map<string, { sent: number; failed: number }>();
  private alerts: EventAlertRoute | null = null;

  constructor(options: NotifierOptions) {
    this.sinks = options.sinks;
    this.logger = options.logger;
    this.settings = options.settings;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.locale = options.locale;
    this.speech = options.speech;
  }

  /** The alert channels: every event considered goes there too (they decide per channel, apart from the OS's rules). */
  routeAlertsTo(route: EventAlertRoute | null): void {
    this.alerts = route;
  }

  /**
   * Decides now and, when the answer is yes, starts the sends without waiting for them. Never throws.
   * `sent` in status() counts notifications handed to the sinks; failures show as ok false / lastError / failed.
   */
  consider(input: { event: EventView; camera: Camera; trigger: NotificationTrigger; iconPath: string | null }): { send: boolean; reason?: string } {
    const started = performance.now();
    const { event, camera, trigger } = input;
    this.alerts?.eventAlert(event, camera, trigger); // never throws
    try {
      const nowMs = this.now();
      const now = new Date(nowMs);
      const { armed, maxPerMinute } = this.settings();
      const decision = decide({
        now,
        trigger,
        kind: event.kind,
        eventId: event.id,
        camera,
        armed,
        maxPerMinute,
        state: this.state,
      });
      if (!decision.send) {
        this.suppressed[decision.reason] = (this.suppressed[decision.reason] ?? 0) + 1;
        if (isHeldBack(decision.reason) && trigger === 'opened') holdBack(this.state, camera.id, event.kind, nowMs);
        this.logger.debug({ cameraId: camera.id, eventId: event.id, trigger, reason: decision.reason }, 'notification suppressed');
        return { send: false, reason: decision.reason };
      }
      const held = takeHeldBack(this.state, camera.id);
      record(this.state, camera.id, event.id, now, trigger);
      this.lastPrepareOk = true;
      this.sent++;
      this.lastSentAt = nowMs;
      const text = notificationText(camera.name, event.kind, event.startMs, this.speech?.() ?? this.locale, held);
      const n: OutgoingNotification = { title: text.title, body: text.body, iconPath: input.iconPath, eventId: event.id, cameraId: camera.id };
      this.logger.info({ cameraId: camera.id, eventId: event.id, trigger, kind: event.kind }, 'notification sent');
      for (const sink of this.sinks) this.track(this.dispatch(sink, n, camera.id, event.id, started));
      return { send: true };
    } catch (err) {
      // Only a programming error gets here; a notification is never worth breaking the event pipeline for.
      this.lastPrepareOk = false;
      this.recordFailure(`Notification could not be prepared: ${errorMessage(err)}`);
      this.logger.error({ cameraId: camera.id, eventId: event.id, err: errorMessage(err) }, 'notification failed');
      return { send: false, reason: 'error' };
    }
  }

  /**
   * A system alert (the data folder is gone, and back): not about an event, so no arming schedule, cooldown or cap;
   * sent to every sink at once, never throws. `text` writes it in the owner's language at the moment it is sent.
   */
  alert(text: (speech: OwnerSpeech) => { title: string; body: string }): void;
  alert(title: string, body: string): void;
  alert(titleOrText: string | ((speech: OwnerSpeech) => { title: string; body: string }), body = ''): void {
    let title: string;
    if (typeof titleOrText === 'function') {
      try {
        ({ title, body } = titleOrText(this.speech?.() ?? englishSpeech));
      } catch (err) {
        this.recordFailure(`Notification could not be prepared: ${errorMessage(err)}`);
        this.logger.error({ err: errorMessage(err) }, 'system alert failed');
        return;
      }
    } else {
      title = titleOrText;
    }
    const started = performance.now();
    this.sent++;
    this.lastSentAt = this.now();
    this.logger.info({ title }, 'system alert sent');
    for (const sink of this.sinks) this.track(this.dispatch(sink, { title, body, iconPath: null }, '', '', started));
  }

  status(): NotifierStatus {
    return {
      ok: [...this.sinkOk.values()].every(Boolean) && this.lastPrepareOk,
      lastError: this.lastError,
      sent: this.sent,
      suppressed: { ...this.suppressed },
      lastSentAt: this.lastSentAt,
      dispatchLatenciesMs: [...this.latencies],
      failed: this.failed,
      pending: this.inFlight.size,
    };
  }

  /** Sent and failed counts per sink (alert channel), every configured sink listed from the start. */
  channelCounters(): Array<{ channel: string; sent: number; failed: number }> {
    return this.sinks.map((sink) => ({ channel: sink.name, ...(this.channels.get(sink.name) ?? { sent: 0, failed: 0 }) }));
  }

  /** Resolves when every send started so far has resolved, failed or timed out (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** One send to one sink: resolves always. */
  private async dispatch(sink: NotificationSink, n: OutgoingNotification, cameraId: string, eventId: string, started: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the ${sink.name} notification did not answer within ${Math.round(this.timeoutMs / 100) / 10} s`)),
        this.timeoutMs,
      );
      timer.unref();
    });
    try {
      // Promise.resolve().then: a sink that throws synchronously is a rejection like any other.
      await Promise.race([Promise.resolve().then(() => sink.send(n)), timeout]);
      if (this.latencies.length >= MAX_LATENCIES) this.latencies.shift();
      this.latencies.push(performance.now() - started);
      this.sinkOk.set(sink.name, true);
      this.channel(sink.name).sent++;
    } catch (err) {
      this.sinkOk.set(sink.name, false);
      this.channel(sink.name).failed++;
      this.recordFailure(errorMessage(err));
      this.logger.warn({ cameraId, eventId, sink: sink.name, err: errorMessage(err) }, 'notification could not be shown');
    } finally {
      clearTimeout(timer);
    }
  }

  private channel(name: string): { sent: number; failed: number } {
    let c = this.channels.get(name);
    if (!c) this.channels.set(name, (c = { sent: 0, failed: 0 }));
    return c;
  }

  private recordFailure(message: string): void {
    this.lastError = message;
    this.failed++;
  }
}
