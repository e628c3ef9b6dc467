// The seam between the alert outbox (which decides when to try, retries and remembers) and one channel's transport
// (which only tries once and says how it went). A channel never retries by itself and never throws for a delivery
// problem: it classifies it, so the outbox can wait (retry), wait as long as told (retry-after), or stop (fatal: a
// wrong token, a chat that does not exist — retrying cannot fix it, the owner must).
import type { AlertChannelConfig, AlertKind, ChannelSecrets } from '../../../preload/alert-channels.ts';
import type { Logger } from '../logging/logger.ts';
import type { Locale } from '../../../preload/i18n/locales.ts';

/** What is sent: the same for every channel; each renders it its own way. Texts are already in the owner's words. */
export interface OutgoingAlert {
  /** The outbox row (unique, stable across restarts: channels use it for dedup where the API allows, e.g. MQTT ids). */
  alertId: string;
  kind: AlertKind;
  cameraId: string | null;
  cameraName: string | null;
  eventId: string | null;
  title: string;
  body: string;
  /** Epoch ms: the event's start, or when the camera went offline / came back. */
  atMs: number;
  /** The event as other systems read it (webhook body, MQTT payload): null for camera states and tests. */
  event: {
    id: string;
    kind: string;
    startMs: number;
    endMs: number | null;
    score: number | null;
    boxes: Array<{ x: number; y: number; w: number; h: number; score?: number }>;
    trackId: string | null;
    zone: string | null;
  } | null;
  /** Links an owner (or Home Assistant) opens; null when the NVR has no address others can reach. */
  links: { event: string | null; snapshot: string | null; clip: string | null };
  /** The event's snapshot (JPEG bytes), read when the alert is sent; null when there is none. */
  snapshot: Buffer | null;
  // languages (issue 16)
  /** The language the title and body are in: a channel writes its own words (an e-mail's link lines) in it too. */
  locale?: Locale;
}

export type DeliveryResult =
  | { outcome: 'delivered' }
  /** Try again later (network down, 5xx, broker gone). `afterMs` when the service said how long (429 Retry-After). */
  | { outcome: 'retry'; reason: string; afterMs?: number }
  /** Retrying cannot fix it (401/403/404, a bad address): stop, tell the owner this sentence. */
  | { outcome: 'fatal'; reason: string };

export interface AlertChannel {
  readonly id: string;
  readonly type: AlertChannelConfig['type'];
  /** One attempt, bounded by `signal` (the outbox aborts it after its timeout). Resolves always. */
  deliver(alert: OutgoingAlert, signal: AbortSignal): Promise<DeliveryResult>;
  /**
   * Camera states for channels that keep them (MQTT: online/offline, motion, person sensors). Best effort, not
   * queued: the next state replaces it. Optional.
   */
  publishState?(state: { cameraId: string; cameraName: string; online: boolean; motion: boolean; person: boolean }): void;
  /** Called when the channel is removed or the app stops (closes a broker connection, an SMTP pool). */
  close(): Promise<void>;
}

export interface ChannelContext {
  config: AlertChannelConfig;
  secrets: ChannelSecrets;
  /** Camera ids and names, for channels that announce cameras (Home Assistant discovery). */
  cameras: () => Array<{ id: string; name: string }>;
  logger: Logger;
}

export type ChannelFactory = (ctx: ChannelContext) => AlertChannel;
