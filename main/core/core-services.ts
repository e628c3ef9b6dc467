// The core's one composition root: `createCoreServices(options)` builds every part in start-up order (core-parts.ts),
// recovers the data folder, starts the cameras, and hands out narrow services. The entries (service mode in
// main/service/service.ts, the desktop shell in main/desktop/shell.ts) get only these and wire transports to them with
// `createCoreApi(services)` (api.ts); the database and the secret box never leave main/core.
import type { MediaLinks } from './access/media-links.ts';
import type { Locale } from '../../preload/i18n/locales.ts';
import type { ApiEvents, EventName } from '../../preload/contract.ts';
import type { Logger } from './logging/logger.ts';
import type { DataPaths } from './config/data-dir.ts';
import type { CameraLifecycle } from './camera-lifecycle.ts';
import type { CameraMedia } from './camera-media.ts';
import type { HealthService } from './health-service.ts';
import type { MediaTools } from './media-tools.ts';
import type { EventRepository } from './storage/event-repository.ts';
import type { ActivityRepository } from './storage/activity-repository.ts';
import type { VisitorRepository } from './storage/visitor-repository.ts';
import type { SettingsRepository } from './storage/settings-repository.ts';
import type { RetentionJob } from './retention/retention-job.ts';
import type { ClipService } from './recording/clip-service.ts';
import type { ExportManager } from './recording/export-job.ts';
import type { RangeExports } from './exports/range-exports.ts';
import type { SealedPasswordStore } from './cameras/sealed-passwords.ts';
import type { AccessService } from './access/access-service.ts';
import type { EngineOptions } from './core-parts.ts';
import type { AlertService } from './alerts/alert-service.ts';
import { NvrEngine } from './engine.ts';

export type { EngineOptions };

export type Listener<K extends EventName> = (payload: ApiEvents[K]) => void;

/** What the entries and the API get from the core: narrow services, never the database or the secret box. */
export interface CoreServices {
  readonly paths: DataPaths;
  readonly logger: Logger;
  readonly startedAt: number;
  /** The cameras: saved settings, their pipelines and states; add, change, remove. */
  readonly cameras: CameraLifecycle;
  /** Events as the UI reads them. */
  readonly events: Pick<EventRepository, 'list' | 'get' | 'setKeepForever' | 'markReviewed' | 'days' | 'unreviewedCounts'>;
  /** Deleting an event goes through retention (files before rows). */
  readonly eventDeletion: Pick<RetentionJob, 'deleteEvent'>;
  readonly activity: Pick<ActivityRepository, 'range'>;
  /** People counted per camera per minute (counting lines, new person tracks): the timeline's people per hour. */
  readonly visitors: Pick<VisitorRepository, 'buckets'>;
  readonly settings: Pick<SettingsRepository, 'get' | 'update'>;
  /** Recorded footage for the timeline and an event's clip. */
  readonly recordings: Pick<ClipService, 'spans' | 'eventFootage'>;
  readonly exports: Pick<ExportManager, 'start'>;
  /** Range exports kept in the data folder's exports/ (exports.*). */
  readonly rangeExports: Pick<RangeExports, 'create' | 'list' | 'rename' | 'delete'>;
  /** What the media routers serve: snapshots, clips, recordings, live fMP4 (media/media-router.ts's MediaSource). */
  readonly media: CameraMedia;
  /** ffmpeg and ffprobe, located once at start. */
  readonly tools: MediaTools;
  readonly health: HealthService;
  /** The cameras' sealed passwords, for the desktop app's move to the OS keychain. */
  readonly passwords: SealedPasswordStore;
  /** Viewer accounts, LAN access and the sign-in sessions (roles). */
  readonly access: AccessService;
  /** Signs and checks the media links alerts carry (the service opens /media/ for them without a session). */
  readonly mediaLinks: MediaLinks;
  /** The owner's language now (the setting, else the OS's), as notifications speak it. */
  ownerLocale(): Locale;
  /** The alert channels: saved, tested, their deliveries per event (never a secret). */
  readonly alerts: Pick<AlertService, 'list' | 'save' | 'remove' | 'test' | 'deliveries'>;
  on<K extends EventName>(name: K, listener: Listener<K>): () => void;
  emit<K extends EventName>(name: K, payload: ApiEvents[K]): void;
  /** False once stop() was called. */
  readonly running: boolean;
  /** Stops every camera, closes open events, flushes activity, closes the database. Idempotent. */
  stop(): Promise<void>;
}

export function createCoreServices(options: EngineOptions): Promise<CoreServices> {
  return NvrEngine.start(options);
}
