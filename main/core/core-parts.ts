// The core's parts, built in start-up order: the data folder's disk and database (and whether the database is the
// folder's own), the repositories and the write guard, retention (which finishes what an unclean stop left), the worker
// pools, the notifier, ffmpeg/ffprobe. Internal to main/core: the engine (engine.ts) owns these and hands out narrow
// services (core-services.ts); nothing outside core sees the database or the secret box.
import { loadMediaLinks, type MediaLinks } from './access/media-links.ts';
import path from 'node:path';
import type { Logger } from './logging/logger.ts';
import { createLogger } from './logging/logger.ts';
import { CameraLogNames } from './logging/camera-log-names.ts';
import { dataPaths, ensureDataFolders, type DataPaths } from './config/data-dir.ts';
import { openDatabaseDetailed, type Db } from './storage/database.ts';
import { resolveFolderIdentity } from './storage/folder-identity.ts';
import { CameraRepository } from './storage/camera-repository.ts';
import { EventRepository } from './storage/event-repository.ts';
import { ActivityRepository } from './storage/activity-repository.ts';
import { VisitorRepository } from './storage/visitor-repository.ts';
import { SettingsRepository } from './storage/settings-repository.ts';
import { SegmentRepository } from './storage/segment-repository.ts';
import { WriteGuard } from './storage/write-guard.ts';
import { AlertChannelRepository } from './storage/alert-channel-repository.ts';
import { AlertOutboxRepository } from './storage/alert-outbox-repository.ts';
import type { ChannelFactories } from './alerts/alert-service.ts';
import type { DeliveryPlanConfig } from './alerts/delivery-plan.ts';
import { unlessDiskFull } from './storage/disk-full.ts';
import { createKeyFileSecretBox, type SecretBox } from './cameras/secret-box.ts';
import type { RetentionJob } from './retention/retention-job.ts';
import { buildRetention } from './retention/build-retention.ts';
import { ClipCache } from './recording/clip-cache.ts';
import { MotionPool } from './motion/motion-pool.ts';
import { PersonDetector } from './detection/person-detector.ts';
import { locateModel, noModelSaid } from './detection/model-locate.ts';
import { Notifier, type NotificationSink } from './notify/notifier.ts';
import { NodeNotifierSink } from './notify/node-notifier-sink.ts';
import { ownerSpeech, type OwnerSpeech } from './i18n/owner-locale.ts';
import { SnapshotWriter } from './snapshots/snapshot-writer.ts';
import { DiskWatch } from './disk-watch.ts';
import { locateMediaTools, type MediaTools } from './media-tools.ts';
import type { DetectionState } from './health-service.ts';
import { errorMessage } from '../../preload/format.ts';
import { say } from '../../preload/i18n/engine-message.ts';

export interface EngineOptions {
  dataDir: string;
  logger?: Logger;
  ffmpegPath?: string | null;
  modelPath?: string | null;
  /** Where notifications go; node-notifier (the OS's notification daemon) by default. */
  notificationSinks?: NotificationSink[];
  /** Each alert channel type's transport (alerts/channel-registry.ts in the entries; tests pass their own). None: channels are saved but not sent. */
  alertChannelFactories?: ChannelFactories;
  /** The alert outbox's backoff and give-up (tests: a faster curve). */
  alertPlan?: DeliveryPlanConfig;
  /** Secret box for camera passwords at rest; a key file in the data folder by default. */
  secretBox?: SecretBox;
  /** The packaged desktop app's resources folder (Electron's process.resourcesPath): ffmpeg and the model ship there. */
  resourcesPath?: string | null;
  /** Retention job interval override (tests). */
  retentionIntervalMs?: number;
  /** Where exports go when the owner names no folder (default: "ShopWatch NVR exports" in the videos folder). */
  exportsFolder?: string;
  /** Free bytes needed before a recording paused by a full disk resumes (default: from the disk's size and the floor, disk-thresholds.ts). */
  recordingResumeFreeBytes?: number;
  /** How often free space is checked while a recording is paused (default 10 s). */
  recordingResumePollMs?: number;
  now?: () => number;
}

type FolderIdentity = Awaited<ReturnType<typeof resolveFolderIdentity>>;

export interface StorageParts {
  db: Db;
  identity: FolderIdentity;
  cameras: CameraRepository;
  events: EventRepository;
  activity: ActivityRepository;
  visitors: VisitorRepository;
  settings: SettingsRepository;
  segmentIndex: SegmentRepository;
  writes: WriteGuard;
  alertChannels: AlertChannelRepository;
  alertOutbox: AlertOutboxRepository;
  disk: DiskWatch;
  retention: RetentionJob;
  clipCache: ClipCache;
}

export interface CoreParts extends StorageParts {
  options: EngineOptions;
  paths: DataPaths;
  logger: Logger;
  cameraLogNames: CameraLogNames;
  secrets: SecretBox;
  /** Signs the media links alerts carry (the service checks them). */
  mediaLinks: MediaLinks;
  motion: MotionPool;
  detector: PersonDetector | null;
  detection: DetectionState;
  notifier: Notifier;
  /** The owner's language for notifications and alerts: the `language` setting, else the OS's; read at every send. */
  speech: () => OwnerSpeech;
  snapshots: SnapshotWriter;
  tools: MediaTools;
}

export async function buildCoreParts(options: EngineOptions): Promise<CoreParts> {
  const paths = dataPaths(path.resolve(options.dataDir));
  ensureDataFolders(paths);
  // Every logger below this one adds the camera's name to a line that carries only its id.
  const cameraLogNames = new CameraLogNames();
  const logger = cameraLogNames.attach(options.logger ?? createLogger(), { component: 'engine' });
  const storage = await openStorage(options, paths, logger);
  const settings = storage.settings.get();
  const secrets = options.secretBox ?? createKeyFileSecretBox(paths.secretKey);
  const mediaLinks = loadMediaLinks(paths.mediaLinkKey);
  const motion = new MotionPool({ logger: logger.child({ component: 'motion' }) });
  const { detector, detection } = await startDetection(options, settings, logger);
  const speech = ownerSpeech(() => storage.settings.get().language);
  const notifier = new Notifier({
    sinks: options.notificationSinks ?? [new NodeNotifierSink()],
    logger: logger.child({ component: 'notifier' }),
    settings: () => storage.settings.get().notifications,
    speech,
  });
  const snapshots = new SnapshotWriter({ dataRoot: paths.root, logger: logger.child({ component: 'snapshots' }) });
  const tools = locateMediaTools({ settingsPath: options.ffmpegPath ?? settings.ffmpegPath ?? null, resourcesPath: options.resourcesPath ?? null, logger });
  return { ...storage, options, paths, logger, cameraLogNames, secrets, mediaLinks, motion, detector, detection, notifier, speech, snapshots, tools };
}

/** The disk, the database and what reads and writes it; retention finishes the deletions an unclean stop left. */
async function openStorage(options: EngineOptions, paths: DataPaths, logger: Logger): Promise<StorageParts> {
  const late: { retention?: RetentionJob; settings?: SettingsRepository } = {};
  const disk = new DiskWatch({
    dataRoot: paths.root,
    logger: logger.child({ component: 'disk' }),
    floorSettingBytes: () => (late.settings as SettingsRepository).get().storage.freeSpaceFloorBytes,
    runRetention: () => (late.retention as RetentionJob).runOnce(),
    ...(options.recordingResumeFreeBytes !== undefined ? { resumeFreeBytes: options.recordingResumeFreeBytes } : {}),
  });
  await disk.beforeOpen(); // a full disk gives the reserve back first, so that the database opens
  const opened = openDatabaseDetailed(paths.database, { logger });
  const db = opened.db;
  // Before anything may delete: is this the database that indexed the folder's footage?
  const identity = await resolveFolderIdentity(db, paths, opened.fromVersion === 0, Date.now());
  const cameras = new CameraRepository(db);
  const events = new EventRepository(db);
  const activity = new ActivityRepository(db);
  const settings = new SettingsRepository(db);
  late.settings = settings;
  const visitors = new VisitorRepository(db);
  const alertChannels = new AlertChannelRepository(db);
  const alertOutbox = new AlertOutboxRepository(db);
  const writes = new WriteGuard({ events, activity, visitors, alerts: alertOutbox, segments: new SegmentRepository(db), logger: logger.child({ component: 'storage' }), onFull: () => disk.onFull() });

  const closed = writes.closeDangling();
  if (closed > 0) logger.warn({ closed }, 'closed events left open by an unclean shutdown');

  const clipCache = new ClipCache({ dir: path.join(paths.root, 'cache', 'clips') });
  const retention = buildRetention({
    db,
    dataRoot: paths.root,
    logger,
    cameras: () => cameras.list(),
    settings: () => settings.get(),
    caches: [{ name: 'clips', empty: () => clipCache.empty() }],
    ...(options.now ? { now: options.now } : {}),
  });
  late.retention = retention;
  await unlessDiskFull(
    () => retention.recover({ sweep: !identity.foreignFootage, ownSince: identity.ownSince }),
    () => logger.warn('the disk is full: deletions an unclean stop left are finished at the next start'),
  );
  return {
    db, identity, cameras, events, activity, visitors, settings, segmentIndex: new SegmentRepository(db), writes,
    alertChannels, alertOutbox, disk, retention, clipCache,
  };
}

/** The person detector when the model is there and loads; otherwise why detection is off (motion goes on). */
async function startDetection(
  options: EngineOptions,
  settings: ReturnType<SettingsRepository['get']>,
  logger: Logger,
): Promise<{ detector: PersonDetector | null; detection: DetectionState }> {
  let detector: PersonDetector | null = null;
  let detection: DetectionState;
  const model = locateModel({
    settingsPath: options.modelPath ?? settings.modelPath ?? null,
    ...(options.resourcesPath !== undefined ? { resourcesPath: options.resourcesPath } : {}),
  });
  if (model.path) {
    try {
      detector = await PersonDetector.create({
        modelPath: model.path,
        shippedModel: model.shipped,
        threads: settings.detection.threads,
        logger: logger.child({ component: 'detection' }),
      });
      detection = { enabled: true, reason: null, reasonMessage: null };
    } catch (err) {
      const off = say('engine_detection_off', { error: errorMessage(err) });
      detection = { enabled: false, reason: off.text, reasonMessage: off.message };
    }
  } else {
    const off = model.path === null ? model.said : noModelSaid([]);
    detection = { enabled: false, reason: off.text, reasonMessage: off.message };
  }
  if (!detection.enabled) logger.warn({ reason: detection.reason }, 'person detection is off');
  return { detector, detection };
}
