// The NVR engine: owns the parts (core-parts.ts: the database, the worker pools, the notifier, the retention job) and
// one pipeline per camera (camera-lifecycle.ts), and hands out the narrow services of core-services.ts. Plain Node;
// runs inside Electron's main process or the service process. Entries start it with createCoreServices(options) and
// build the API over it with createCoreApi(services) (api.ts).
import type { MediaLinks } from './access/media-links.ts';
import type { Locale } from '../../preload/i18n/locales.ts';
import type { WriteGuard } from './storage/write-guard.ts';
import { DataFolderGuard } from './data-folder-guard.ts';
import { credentialRelay } from './capture/rtsp-credential-relay.ts';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { existsSync, statSync } from 'node:fs';
import type { ApiEvents, ApiHandlers, EventName } from '../../preload/contract.ts';
import { closeDatabase } from './storage/database.ts';
import { databaseStatus } from './storage/folder-identity.ts';
import type { EventRepository } from './storage/event-repository.ts';
import type { SegmentRepository } from './storage/segment-repository.ts';
import type { PersonDetector } from './detection/person-detector.ts';
import type { MotionPool } from './motion/motion-pool.ts';
import type { SnapshotWriter } from './snapshots/snapshot-writer.ts';
import type { RetentionJob } from './retention/retention-job.ts';
import type { Notifier } from './notify/notifier.ts';
import { ClipService } from './recording/clip-service.ts';
import { defaultExportFolder, ExportManager } from './recording/export-job.ts';
import { RangeExports } from './exports/range-exports.ts';
import { EngineDownloads } from './exports/engine-downloads.ts';
import { ExportRepository } from './storage/export-repository.ts';
import { createSealedPasswordStore, type SealedPasswordStore } from './cameras/sealed-passwords.ts';
import { AccessService } from './access/access-service.ts';
import { AccountRepository, SessionRepository } from './storage/account-repository.ts';
import { buildCoreParts, type CoreParts, type EngineOptions } from './core-parts.ts';
import { recoverDataFolder } from './folder-recovery.ts';
import { CameraLifecycle } from './camera-lifecycle.ts';
import { CameraMedia } from './camera-media.ts';
import { HealthService } from './health-service.ts';
import type { CoreServices, Listener } from './core-services.ts';
import { createCoreApi } from './api.ts';
import { AlertService } from './alerts/alert-service.ts';
import type { Said } from '../../preload/i18n/engine-message.ts';

export type { EngineOptions };
export { errorMessage } from '../../preload/format.ts';

/**
 * What a test may reach that the API does not show, each named for what it is (never the database): rows a test seeds
 * (footage-folder.ts), the segment index, the worker pools' counters, retention run by hand.
 */
export interface EngineTestSeams {
  readonly eventRows: EventRepository;
  readonly segmentIndex: SegmentRepository;
  readonly snapshots: SnapshotWriter;
  readonly motion: MotionPool;
  readonly detector: PersonDetector | null;
  readonly retention: RetentionJob;
  readonly notifier: Notifier;
  /** Every write the cameras make (held while the disk is full or the data folder is away). */
  readonly writes: WriteGuard;
  /** Called with the camera's id each time its recording hits a full disk and retention is asked to run at once. */
  onRecordingFullDisk(listener: (cameraId: string) => void): void;
  /** A camera's password as stored (sealed), to check it is never kept in the clear. */
  storedSecret(cameraId: string): string | null;
}

export class NvrEngine implements CoreServices {
  readonly paths: CoreParts['paths'];
  readonly logger: CoreParts['logger'];
  readonly startedAt = Date.now();
  readonly cameras: CameraLifecycle;
  readonly events: CoreServices['events'];
  readonly eventDeletion: CoreServices['eventDeletion'];
  readonly activity: CoreServices['activity'];
  readonly visitors: CoreServices['visitors'];
  readonly settings: CoreServices['settings'];
  readonly recordings: ClipService;
  readonly exports: ExportManager;
  readonly rangeExports: RangeExports;
  readonly media: CameraMedia;
  readonly tools: CoreParts['tools'];
  readonly health: HealthService;
  readonly passwords: SealedPasswordStore;
  readonly access: AccessService;
  readonly mediaLinks: MediaLinks;
  private readonly speech: CoreParts['speech'];
  readonly alerts: AlertService;
  readonly testSeams: EngineTestSeams;
  private readonly emitter = new EventEmitter();
  private stopping: Promise<void> | null = null;
  private identity: ReturnType<typeof databaseStatus>['identity'] = 'own';
  /** The data folder is watched: gone, unmounted or replaced → writes held, recording paused (data-folder-guard.ts). */
  private folder: DataFolderGuard | null = null;
  private contractHandlers: ApiHandlers | null = null;
  private readonly fullDiskListeners: Array<(cameraId: string) => void> = [];

  private constructor(private readonly parts: CoreParts) {
    const { paths, logger, cameras, events, retention } = parts;
    this.paths = paths;
    this.logger = logger;
    this.tools = parts.tools;
    this.events = events;
    this.eventDeletion = retention;
    this.activity = parts.activity;
    this.visitors = parts.visitors;
    this.settings = parts.settings;
    this.emitter.setMaxListeners(0);
    const emit: Emit = (name, payload) => this.emit(name, payload);
    ({ recordings: this.recordings, exports: this.exports, rangeExports: this.rangeExports } = playbackServices(parts, emit));
    this.cameras = cameraLifecycle(parts, emit, this.fullDiskListeners, () => this.folder?.holdReason ?? null);
    const downloads = new EngineDownloads({ exports: this.rangeExports, cameras: this.cameras, events, tools: parts.tools });
    this.media = new CameraMedia({ paths, events, clips: this.recordings, cameras: this.cameras, downloads });
    this.mediaLinks = parts.mediaLinks;
    this.speech = parts.speech;
    this.alerts = alertService(parts, this.media, () => this.access?.lanView().urls ?? []);
    parts.notifier.routeAlertsTo(this.alerts);
    this.on('camera.state', (s) => this.alerts.cameraState(s.cameraId, s.status));
    for (const name of ['event.opened', 'event.updated', 'event.closed'] as const) this.on(name, (e) => this.alerts.eventState(e));
    this.health = new HealthService({
      dataRoot: paths.root,
      startedAt: this.startedAt,
      cameras: this.cameras,
      detection: parts.detection,
      detector: parts.detector,
      notifier: parts.notifier,
      retention,
      settings: parts.settings,
      disk: parts.disk,
      tools: parts.tools,
      database: () => databaseStatus(parts.db, this.identity),
      databaseOpen: () => parts.db.open,
      running: () => this.running,
      dataFolder: () => this.folder?.watch.status() ?? null,
      alerts: this.alerts,
    });
    this.passwords = createSealedPasswordStore(parts.db, cameras);
    this.access = new AccessService({
      dataRoot: paths.root,
      accounts: new AccountRepository(parts.db),
      sessions: new SessionRepository(parts.db),
      logger: logger.child({ component: 'access' }),
    });
    this.testSeams = {
      eventRows: events,
      segmentIndex: parts.segmentIndex,
      snapshots: parts.snapshots,
      motion: parts.motion,
      detector: parts.detector,
      retention,
      notifier: parts.notifier,
      writes: parts.writes,
      onRecordingFullDisk: (listener) => this.fullDiskListeners.push(listener),
      storedSecret: (id) => cameras.getSecret(id),
    };
  }

  static async start(options: EngineOptions): Promise<NvrEngine> {
    const parts = await buildCoreParts(options);
    const engine = new NvrEngine(parts);
    // Log lines from here on (recovery included) name a camera that carries only its id.
    for (const camera of parts.cameras.list()) parts.cameraLogNames.set(camera.id, camera.name);
    // Exports an unclean stop interrupted: their partial files go from the owner's folders.
    await engine.exports.recover();
    await engine.rangeExports.recover();
    // Recordings left by an unclean stop: before any camera writes new ones.
    await recoverDataFolder(parts);
    engine.identity = parts.identity.verdict;
    credentialRelay().setLogger(parts.logger); // the relay that keeps camera passwords out of ffmpeg's command line
    engine.alerts.start(); // what the outbox held before a restart goes out now
    const cameras = engine.cameras.startAll();
    parts.disk.start(parts.writes);
    const retentionInterval = () => options.retentionIntervalMs ?? parts.settings.get().storage.retentionIntervalMinutes * 60_000;
    parts.retention.start(retentionInterval);
    engine.folder = new DataFolderGuard({
      root: parts.paths.root,
      databasePath: parts.paths.database,
      logger: parts.logger.child({ component: 'data-folder' }),
      writes: parts.writes,
      notifier: parts.notifier,
      pipelines: () => engine.cameras.pipelinesNow(),
      stopRetention: () => parts.retention.stop(),
      startRetention: () => parts.retention.start(retentionInterval),
    });
    await engine.folder.start();
    parts.logger.info({ dataDir: parts.paths.root, cameras, detection: parts.detection.enabled }, 'engine started');
    return engine;
  }

  /** The contract's handlers over this engine's services (tests and benchmarks; the entries call createCoreApi). */
  get api(): ApiHandlers {
    this.contractHandlers ??= createCoreApi(this);
    return this.contractHandlers;
  }

  on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    this.emitter.on(name, listener as (p: unknown) => void);
    return () => this.emitter.off(name, listener as (p: unknown) => void);
  }

  emit<K extends EventName>(name: K, payload: ApiEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  /** False once stop() was called. */
  get running(): boolean {
    return this.stopping === null;
  }

  /** Stops every camera, closes open events, flushes activity, closes the database. Idempotent. */
  ownerLocale(): Locale {
    return this.speech().locale;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const { parts } = this;
      const { logger, retention, motion, detector, disk, writes, db } = parts;
      logger.info('engine stopping');
      const retentionClosed = retention.close();
      this.recordings.close();
      await this.exports.close();
      await this.rangeExports.close();
      await this.cameras.stopAll();
      parts.notifier.routeAlertsTo(null);
      await this.alerts.close();
      await motion.close();
      await detector?.close();
      disk.stop();
      this.folder?.stop();
      await retentionClosed;
      writes.drain();
      if (writes.heldCount > 0) logger.error({ held: writes.heldCount }, 'the disk is still full at shutdown: held writes are lost');
      closeDatabase(db);
      logger.info('engine stopped');
    })();
    return this.stopping;
  }
}

/** The alert channels over the outbox's tables, sending through the write guard's state. */
function alertService(parts: CoreParts, media: CameraMedia, lanUrls: () => readonly string[]): AlertService {
  return new AlertService({
    channels: parts.alertChannels,
    outbox: parts.alertOutbox,
    box: parts.secrets,
    factories: parts.options.alertChannelFactories ?? {},
    writes: parts.writes,
    snapshotFile: (eventId) => media.snapshotFile(eventId, 'full'),
    cameras: () => parts.cameras.list(),
    settings: () => parts.settings.get(),
    mediaLinks: parts.mediaLinks,
    lanUrls,
    logger: parts.logger.child({ component: 'alerts' }),
    speech: parts.speech,
    ...(parts.options.alertPlan ? { plan: parts.options.alertPlan } : {}),
  });
}

type Emit = <K extends EventName>(name: K, payload: ApiEvents[K]) => void;

/** Playback (clips, spans) and exports over the recorded footage, both holding their ranges against retention. */
function playbackServices(parts: CoreParts, emit: Emit): { recordings: ClipService; exports: ExportManager; rangeExports: RangeExports } {
  const { options, paths, logger, cameras, events, retention } = parts;
  const pin = (cameraId: string, fromMs: number, toMs: number) => retention.segments?.pin(cameraId, fromMs, toMs) ?? (() => undefined);
  const recordings = new ClipService({
    db: parts.db,
    dataRoot: paths.root,
    logger: logger.child({ component: 'playback' }),
    event: (id) => events.get(id),
    camera: (id) => cameras.get(id),
    tools: () => parts.tools.both(),
    pin,
    cache: parts.clipCache,
  });
  const exports = new ExportManager({
    clips: recordings,
    logger: logger.child({ component: 'export' }),
    tools: () => parts.tools.both(),
    cameraName: (id) => cameras.get(id)?.name ?? null,
    emit: (name, payload) => emit(name as EventName, payload as ApiEvents[EventName]),
    workDir: paths.exports,
    pin,
    defaultFolder: () =>
      options.exportsFolder ??
      defaultExportFolder({ home: os.homedir(), platform: process.platform, env: process.env, isDir: (p) => existsSync(p) && statSync(p).isDirectory() }),
  });
  const rangeExports = new RangeExports({
    repo: new ExportRepository(parts.db),
    clips: recordings,
    dir: paths.exports,
    logger: logger.child({ component: 'export' }),
    tools: () => parts.tools.both(),
    cameraName: (id) => cameras.get(id)?.name ?? null,
    emit: (name, payload) => emit(name as EventName, payload as ApiEvents[EventName]),
    pin,
  });
  return { recordings, exports, rangeExports };
}

/** The cameras and what each one's pipeline is wired to. */
function cameraLifecycle(
  parts: CoreParts,
  emit: Emit,
  fullDiskListeners: ReadonlyArray<(cameraId: string) => void>,
  recordingHeld: () => Said | string | null,
): CameraLifecycle {
  const { options, paths, logger, cameras, retention } = parts;
  return new CameraLifecycle({
    repo: cameras,
    secrets: parts.secrets,
    logger,
    logNames: parts.cameraLogNames,
    emit,
    wiring: {
      paths,
      logger,
      tools: parts.tools,
      writes: parts.writes,
      snapshots: parts.snapshots,
      motion: parts.motion,
      detector: parts.detector,
      notifier: parts.notifier,
      camera: (id) => cameras.get(id),
      emit,
      runRetention: (cameraId) => {
        for (const listener of fullDiskListeners) listener(cameraId);
        return retention.runOnce();
      },
      resumeFreeBytes: () => parts.disk.resumeFreeBytes(),
      recordingHeld,
      ...(options.recordingResumePollMs !== undefined ? { recordingResumePollMs: options.recordingResumePollMs } : {}),
    },
  });
}
