// The NVR engine: owns the database, the worker pools, the notifier, the retention job and one pipeline per camera.
// Plain Node; runs inside Electron's main process or the service process. The API (api.ts) is a thin layer on it.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import type { Logger } from './logging/logger.ts';
import { createLogger } from './logging/logger.ts';
import { CameraLogNames } from './logging/camera-log-names.ts';
import { dataPaths, ensureDataFolders, type DataPaths } from './config/data-dir.ts';
import {
  CAMERA_SETTING_GROUPS,
  cameraInputSchema,
  cameraPatchSchema,
  type AppSettings,
  type Camera,
  type CameraInput,
  type CameraPatch,
} from '../../preload/settings-schema.ts';
import { ApiError, type DatabaseStatus, type LiveInfo, type ApiEvents, type ApiHandlers, type CameraStatus, type CameraView, type EventName, type EventView } from '../../preload/contract.ts';
import { closeDatabase, openDatabaseDetailed, type Db } from './storage/database.ts';
import { databaseStatus, finishFolderIdentity, resolveFolderIdentity } from './storage/folder-identity.ts';
import { reindexSnapshots } from './snapshots/snapshot-reindex.ts';
import { CameraRepository } from './storage/camera-repository.ts';
import { EventRepository } from './storage/event-repository.ts';
import { ActivityRepository } from './storage/activity-repository.ts';
import { VisitorRepository } from './storage/visitor-repository.ts';
import { SettingsRepository } from './storage/settings-repository.ts';
import { createKeyFileSecretBox, type SecretBox } from './cameras/secret-box.ts';
import type { RetentionJob } from './retention/retention-job.ts';
import { buildRetention } from './retention/build-retention.ts';
import { MotionPool } from './motion/motion-pool.ts';
import { PersonDetector } from './detection/person-detector.ts';
import { locateModel } from './detection/model-locate.ts';
import { Notifier, type NotificationSink } from './notify/notifier.ts';
import { NodeNotifierSink } from './notify/node-notifier-sink.ts';
import { SnapshotWriter } from './snapshots/snapshot-writer.ts';
import { locateFfmpeg } from './capture/ffmpeg-locate.ts';
import { splitCredentials, validateStreamUrl, withCredentials } from './capture/stream-url.ts';
import { credentialRelay } from './capture/rtsp-credential-relay.ts';
import { EventRecorder } from './events/event-recorder.ts';
import { MinuteActivity } from './events/minute-activity.ts';
import { CameraPipeline } from './camera-pipeline.ts';
import { createCoreApi } from './api.ts';
import type { Readable } from 'node:stream';
import { SegmentRepository } from './storage/segment-repository.ts';
import { SegmentWriter } from './recording/segment-writer.ts';
import { recoverRecordings } from './recording/recording-recovery.ts';
import { locateFfprobe } from './capture/ffmpeg-locate.ts';
import { ClipService, type Tools } from './recording/clip-service.ts';
import { ClipCache } from './recording/clip-cache.ts';
import { defaultExportFolder, ExportManager } from './recording/export-job.ts';
import type { MediaFileAnswer } from './media/media-router.ts';
import { WriteGuard } from './storage/write-guard.ts';
import { DiskWatch } from './disk-watch.ts';
import { DataFolderGuard } from './data-folder-guard.ts';
import { unlessDiskFull } from './storage/disk-full.ts';
import { isInside } from './util/path-inside.ts';
import { errorMessage } from '../../preload/format.ts';

export interface EngineOptions {
  dataDir: string;
  logger?: Logger;
  ffmpegPath?: string | null;
  modelPath?: string | null;
  /** Where notifications go; node-notifier (the OS's notification daemon) by default. */
  notificationSinks?: NotificationSink[];
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

type Listener<K extends EventName> = (payload: ApiEvents[K]) => void;

export class NvrEngine {
  readonly paths: DataPaths;
  readonly logger: Logger;
  readonly api: ApiHandlers;
  private readonly emitter = new EventEmitter();
  private readonly pipelines = new Map<string, { pipeline: CameraPipeline; recorder: EventRecorder; activity: MinuteActivity }>();
  private ffmpeg: { path: string | null; problem: string | null } = { path: null, problem: null };
  private detectionStatus: { enabled: boolean; reason: string | null } = { enabled: false, reason: 'not started' };
  /** Camera names for log lines that name a camera by id only. */
  private cameraLogNames = new CameraLogNames();
  private stopping: Promise<void> | null = null;
  /** The recording segment index (written as segments close). */
  readonly segmentIndex: SegmentRepository;
  /** Recorded footage for playback (clips, spans) and exports. */
  readonly clips: ClipService;
  readonly exports: ExportManager;
  private ffprobe: string | null = null;
  private identity: DatabaseStatus['identity'] = 'own';
  readonly startedAt: number;
  /** Every write the cameras make goes through it: a full disk holds writes instead of failing (write-guard.ts). */
  writes!: WriteGuard;
  /** Visitors per camera per minute (written through `writes.visitorSink`, read by `visitors.list`). */
  visitors!: VisitorRepository;
  /** The data folder's disk: full-disk state, reserve, resume threshold (disk-watch.ts). */
  disk!: DiskWatch;
  /** The data folder is watched: gone, unmounted or replaced → writes held, recording paused (data-folder-guard.ts). */
  folder: DataFolderGuard | null = null;

  private constructor(
    readonly options: EngineOptions,
    readonly db: Db,
    readonly cameras: CameraRepository,
    readonly events: EventRepository,
    readonly activity: ActivityRepository,
    readonly settings: SettingsRepository,
    readonly secrets: SecretBox,
    readonly motion: MotionPool,
    readonly detector: PersonDetector | null,
    readonly notifier: Notifier,
    readonly snapshots: SnapshotWriter,
    readonly retention: RetentionJob,
    clipCache: ClipCache,
    paths: DataPaths,
    logger: Logger,
  ) {
    this.paths = paths;
    this.logger = logger;
    this.emitter.setMaxListeners(0);
    this.startedAt = Date.now();
    this.segmentIndex = new SegmentRepository(db);
    const tools = (): Tools | string =>
      this.ffmpeg.path && this.ffprobe
        ? { ffmpegPath: this.ffmpeg.path, ffprobePath: this.ffprobe }
        : (this.ffmpeg.problem ?? 'ffprobe (part of ffmpeg) was not found: install ffmpeg to play and export recordings.');
    const pin = (cameraId: string, fromMs: number, toMs: number) => retention.segments?.pin(cameraId, fromMs, toMs) ?? (() => undefined);
    this.clips = new ClipService({
      db,
      dataRoot: paths.root,
      logger: logger.child({ component: 'playback' }),
      event: (id) => events.get(id),
      camera: (id) => cameras.get(id),
      tools,
      pin,
      cache: clipCache,
    });
    this.exports = new ExportManager({
      clips: this.clips,
      logger: logger.child({ component: 'export' }),
      tools,
      cameraName: (id) => cameras.get(id)?.name ?? null,
      emit: (name, payload) => this.emitter.emit(name, payload),
      workDir: paths.exports,
      pin,
      defaultFolder: () =>
        options.exportsFolder ??
        defaultExportFolder({ home: os.homedir(), platform: process.platform, env: process.env, isDir: (p) => existsSync(p) && statSync(p).isDirectory() }),
    });
    this.api = createCoreApi(this);
  }

  static async start(options: EngineOptions): Promise<NvrEngine> {
    const paths = dataPaths(path.resolve(options.dataDir));
    ensureDataFolders(paths);
    // Every logger below this one adds the camera's name to a line that carries only its id.
    const cameraLogNames = new CameraLogNames();
    const logger = cameraLogNames.attach(options.logger ?? createLogger(), { component: 'engine' });
    const disk = new DiskWatch({
      dataRoot: paths.root,
      logger: logger.child({ component: 'disk' }),
      floorSettingBytes: () => settingsRepo.get().storage.freeSpaceFloorBytes,
      runRetention: () => retention.runOnce(),
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
    const settingsRepo = new SettingsRepository(db);
    const settings = settingsRepo.get();
    const visitors = new VisitorRepository(db);
    const writes = new WriteGuard({ events, activity, visitors, segments: new SegmentRepository(db), logger: logger.child({ component: 'storage' }), onFull: () => disk.onFull() });

    const closed = writes.closeDangling();
    if (closed > 0) logger.warn({ closed }, 'closed events left open by an unclean shutdown');

    const secrets = options.secretBox ?? createKeyFileSecretBox(paths.secretKey);
    const clipCache = new ClipCache({ dir: path.join(paths.root, 'cache', 'clips') });
    const retention = buildRetention({
      db, dataRoot: paths.root, logger, cameras: () => cameras.list(), settings: () => settingsRepo.get(), caches: [{ name: 'clips', empty: () => clipCache.empty() }], ...(options.now ? { now: options.now } : {}),
    });
    await unlessDiskFull(
      () => retention.recover({ sweep: !identity.foreignFootage, ownSince: identity.ownSince }),
      () => logger.warn('the disk is full: deletions an unclean stop left are finished at the next start'),
    );

    const motion = new MotionPool({ logger: logger.child({ component: 'motion' }) });
    let detector: PersonDetector | null = null;
    let detectionStatus: { enabled: boolean; reason: string | null };
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
        detectionStatus = { enabled: true, reason: null };
      } catch (err) {
        detectionStatus = { enabled: false, reason: `Person detection is off: ${errorMessage(err)}` };
      }
    } else {
      detectionStatus = { enabled: false, reason: model.reason };
    }
    if (!detectionStatus.enabled) logger.warn({ reason: detectionStatus.reason }, 'person detection is off');

    const notifier = new Notifier({
      sinks: options.notificationSinks ?? [new NodeNotifierSink()],
      logger: logger.child({ component: 'notifier' }),
      settings: () => settingsRepo.get().notifications,
    });
    const snapshots = new SnapshotWriter({ dataRoot: paths.root, logger: logger.child({ component: 'snapshots' }) });

    const engine = new NvrEngine(
      options, db, cameras, events, activity, settingsRepo, secrets, motion, detector, notifier, snapshots, retention, clipCache, paths, logger,
    );
    engine.detectionStatus = detectionStatus;
    engine.cameraLogNames = cameraLogNames;
    for (const camera of cameras.list()) cameraLogNames.set(camera.id, camera.name);
    engine.writes = writes;
    engine.visitors = visitors;
    engine.disk = disk;
    engine.resolveFfmpeg(options.ffmpegPath ?? settings.ffmpegPath ?? null);
    // Exports an unclean stop interrupted: their partial files go from the owner's folders.
    await engine.exports.recover();
    // Recordings left by an unclean stop: before any camera writes new ones.
    const recovery = {
      dataRoot: paths.root,
      recordingsRoot: paths.recordings,
      segments: engine.segmentIndex,
      ffprobePath: engine.ffprobe,
      logger: logger.child({ component: 'recording' }),
      ownSince: identity.ownSince,
    };
    // On a full disk the recovery (and so the folder's identity) waits for the next start: nothing is deleted meanwhile.
    const recovered: { result: Awaited<ReturnType<typeof recoverRecordings>> | null } = { result: null };
    await unlessDiskFull(
      async () => {
        recovered.result = await recoverRecordings(recovery);
      },
      () => logger.warn('the disk is full: recordings an unclean stop left are indexed at the next start'),
    );
    if (recovered.result) {
      const r = recovered.result;
      const snaps = identity.foreignFootage ? await reindexSnapshots(db, paths.root, paths.snapshots) : null;
      const counts = { segments: r.reindexed ?? 0, snapshots: snaps?.events ?? 0, leftAlone: (r.leftAlone ?? 0) + (snaps?.leftAlone ?? 0) };
      await unlessDiskFull(
        async () => finishFolderIdentity(db, paths.root, identity, counts, logger),
        () => logger.warn('the disk is full: the data folder and its database are tied together at the next start'),
      );
    }
    engine.identity = identity.verdict;
    credentialRelay().setLogger(logger); // the relay that keeps camera passwords out of ffmpeg's command line
    for (const camera of cameras.list()) engine.startPipeline(camera);
    disk.start(writes);
    const retentionInterval = () => options.retentionIntervalMs ?? settingsRepo.get().storage.retentionIntervalMinutes * 60_000;
    retention.start(retentionInterval);
    engine.folder = new DataFolderGuard({
      root: paths.root, databasePath: paths.database, logger: logger.child({ component: 'data-folder' }), writes, notifier,
      pipelines: () => engine.cameraPipelines(), stopRetention: () => retention.stop(), startRetention: () => retention.start(retentionInterval),
    });
    await engine.folder.start();
    logger.info({ dataDir: paths.root, cameras: engine.pipelines.size, detection: detectionStatus.enabled }, 'engine started');
    return engine;
  }

  /** Whether the database is the folder's own, and what is kept from a replaced one (health, the API). */
  databaseStatus(): DatabaseStatus {
    return databaseStatus(this.db, this.identity);
  }

  on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    this.emitter.on(name, listener as (p: unknown) => void);
    return () => this.emitter.off(name, listener as (p: unknown) => void);
  }

  emit<K extends EventName>(name: K, payload: ApiEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  // ---- cameras -------------------------------------------------------------------------------------------------

  listCameras(): CameraView[] {
    return this.cameras.list().map((c) => this.view(c));
  }

  getCamera(id: string): CameraView {
    const c = this.cameras.get(id);
    if (!c) throw new ApiError('not-found', 'There is no such camera (it may have been removed).');
    return this.view(c);
  }

  async addCamera(input: CameraInput): Promise<CameraView> {
    const parsed = cameraInputSchema.parse(input);
    const main = this.checkUrl(parsed.mainUrl, 'main', parsed.demo);
    const sub = parsed.subUrl ? this.checkUrl(parsed.subUrl, 'sub', parsed.demo) : null;
    const username = parsed.username ?? main.username ?? sub?.username ?? null;
    const password = parsed.password ?? main.password ?? sub?.password ?? null;
    const id = randomUUID();
    this.cameras.insert({
      ...parsed,
      id,
      mainUrl: main.url,
      subUrl: sub?.url ?? null,
      username,
      passwordEnc: password ? this.secrets.encrypt(password) : null,
      createdAt: Date.now(),
    });
    const camera = this.cameras.get(id) as Camera;
    this.cameraLogNames.set(id, camera.name);
    this.logger.info({ cameraId: id }, 'camera added');
    this.startPipeline(camera);
    this.emit('cameras.changed', { cameraIds: [id] });
    return this.view(camera);
  }

  async updateCamera(id: string, patchInput: CameraPatch): Promise<CameraView> {
    const existing = this.cameras.get(id);
    if (!existing) throw new ApiError('not-found', 'There is no such camera (it may have been removed).');
    const patch = cameraPatchSchema.parse(patchInput);
    const changes: Parameters<CameraRepository['update']>[1] = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.enabled !== undefined) changes.enabled = patch.enabled;
    if (patch.mainUrl !== undefined) {
      const main = this.checkUrl(patch.mainUrl, 'main', existing.demo);
      changes.mainUrl = main.url;
      if (main.username) changes.username = main.username;
      if (main.password) changes.passwordEnc = this.secrets.encrypt(main.password);
    }
    if (patch.subUrl !== undefined) changes.subUrl = patch.subUrl ? this.checkUrl(patch.subUrl, 'sub', existing.demo).url : null;
    if (patch.username !== undefined) changes.username = patch.username ?? null;
    if (patch.password !== undefined) changes.passwordEnc = patch.password ? this.secrets.encrypt(patch.password) : null;
    for (const group of CAMERA_SETTING_GROUPS) {
      const value = patch[group];
      if (value) (changes as Record<string, unknown>)[group] = { ...existing[group], ...value };
    }
    this.cameras.update(id, changes);
    const camera = this.cameras.get(id) as Camera;
    this.cameraLogNames.set(id, camera.name);
    this.logger.info({ cameraId: id }, 'camera changed; restarting its pipeline');
    await this.stopPipeline(id);
    this.startPipeline(camera);
    this.emit('cameras.changed', { cameraIds: [id] });
    return this.view(camera);
  }

  async removeCamera(id: string): Promise<void> {
    if (!this.cameras.get(id)) throw new ApiError('not-found', 'There is no such camera (it may have been removed).');
    await this.stopPipeline(id);
    this.cameras.remove(id);
    this.logger.info({ cameraId: id }, 'camera removed');
    this.cameraLogNames.delete(id);
    this.emit('cameras.changed', { cameraIds: [id] });
  }

  /** A saved camera's password, for the core's own camera test (the wizard editing a camera). Never sent to a UI. */
  storedPassword(id: string): string | null {
    const camera = this.cameras.get(id);
    return camera ? this.password(camera) : null;
  }

  /** The password of a camera, decrypted, for building the URL ffmpeg gets. Never leaves the engine. */
  private password(camera: Camera): string | null {
    const sealed = this.cameras.getSecret(camera.id);
    return sealed ? this.secrets.decrypt(sealed) : null;
  }

  private checkUrl(raw: string, which: 'main' | 'sub', demo: boolean): { url: string; username: string | null; password: string | null } {
    if (demo) return { url: raw, username: null, password: null };
    const checked = validateStreamUrl(raw);
    if (!checked.ok) throw new ApiError('bad-request', `The ${which} stream address is not usable: ${checked.message}`);
    const split = splitCredentials(raw);
    return { url: split.url, username: split.username, password: split.password };
  }

  // ---- pipelines ----------------------------------------------------------------------------------------------

  private resolveFfmpeg(settingsPath: string | null): void {
    try {
      const found = locateFfmpeg({ settingsPath, resourcesPath: this.options.resourcesPath ?? null });
      this.ffmpeg = { path: found.path, problem: null };
      try {
        this.ffprobe = locateFfprobe({ settingsPath, resourcesPath: this.options.resourcesPath ?? null, ffmpegPath: found.path }).path;
      } catch (err) {
        this.logger.warn({ err: errorMessage(err) }, 'ffprobe not found: unfinished recording segments cannot be checked');
      }
    } catch (err) {
      this.ffmpeg = { path: null, problem: errorMessage(err) };
      this.logger.error({ err: this.ffmpeg.problem }, 'ffmpeg not found: cameras cannot start');
    }
  }

  private startPipeline(camera: Camera): void {
    const log = this.logger.child({ cameraId: camera.id, cameraName: camera.name });
    const password = this.password(camera);
    const baseUrl = camera.subUrl ?? camera.mainUrl;
    const analysisUrl = camera.demo ? baseUrl : withCredentials(baseUrl, camera.username, password);
    // With a sub stream, the analysis reads it and the recording copies the main stream (a second input of the same
    // ffmpeg process: one connection per stream, one process per camera).
    const recordUrl = camera.subUrl && !camera.demo ? withCredentials(camera.mainUrl, camera.username, password) : null;
    const segmentWriter =
      camera.recording.mode === 'off'
        ? null
        : new SegmentWriter({
            cameraId: camera.id,
            dataRoot: this.paths.root,
            recordingsRoot: this.paths.recordings,
            segments: this.writes.segmentIndex,
            ffprobePath: this.ffprobe,
            logger: log.child({ component: 'recording' }),
          });
    const secrets = [password ?? ''].filter(Boolean);
    const activity = new MinuteActivity(camera.id, this.writes.activitySink);
    const recorder = new EventRecorder({
      cameraId: camera.id,
      events: this.writes.eventStore,
      canWriteFiles: () => this.writes.writable,
      snapshots: this.snapshots,
      logger: log.child({ component: 'events' }),
      emit: (name, view) => this.emit(name, view),
      notify: (view, trigger, icon) => this.notify(camera.id, view, trigger, icon),
      resolvePath: (rel) => path.join(this.paths.root, rel),
    });
    const pipeline = new CameraPipeline({
      camera,
      analysisUrl,
      secrets,
      ffmpegPath: this.ffmpeg.path,
      ffmpegProblem: this.ffmpeg.problem,
      motion: this.motion,
      detector: this.detector,
      recorder,
      activity,
      visitors: this.writes.visitorSink,
      logger: log,
      emitState: (status) => this.emit('camera.state', { cameraId: camera.id, status }),
      emitMotion: (payload) => this.emit('motion', payload),
      emitDetections: (payload) => this.emit('detections', payload),
      recordUrl,
      segmentWriter,
      onDiskFull: () => this.freeSpaceForRecording(camera.id),
      resumeFreeBytes: () => this.disk.resumeFreeBytes(),
      ...(this.options.recordingResumePollMs !== undefined ? { resumePollMs: this.options.recordingResumePollMs } : {}),
    });
    this.pipelines.set(camera.id, { pipeline, recorder, activity });
    pipeline.start();
    if (this.folder?.holdReason) pipeline.holdRecording(this.folder.holdReason);
  }

  private async stopPipeline(id: string): Promise<void> {
    const entry = this.pipelines.get(id);
    if (!entry) return;
    this.pipelines.delete(id);
    await entry.pipeline.stop();
    entry.activity.flush();
  }

  private notify(cameraId: string, view: EventView, trigger: 'opened' | 'person', iconPath: string | null): void {
    const camera = this.cameras.get(cameraId);
    if (!camera) return;
    this.notifier.consider({ event: view, camera, trigger, iconPath: iconPath && existsSync(iconPath) ? iconPath : null });
  }

  status(id: string): CameraStatus | null {
    return this.pipelines.get(id)?.pipeline.currentStatus() ?? null;
  }

  /** Frame arrival → event row committed, ms, recent events of a camera (benchmarks, health). */
  recorderLatencies(id: string): readonly number[] {
    return this.pipelines.get(id)?.recorder.commitLatencies ?? [];
  }

  /** Confirming frame's arrival → person event committed, ms, recent person events of a camera. */
  personLatencies(id: string): readonly number[] {
    return this.pipelines.get(id)?.recorder.personLatencies ?? [];
  }

  pipeline(id: string): CameraPipeline | null {
    return this.pipelines.get(id)?.pipeline ?? null;
  }

  /** Every camera's pipeline (a turned-off camera has one too, without capture): what /metrics and /ready read. */
  cameraPipelines(): CameraPipeline[] {
    return [...this.pipelines.values()].map((p) => p.pipeline);
  }

  /** False once stop() was called. */
  get running(): boolean {
    return this.stopping === null;
  }

  private view(camera: Camera): CameraView {
    const status = this.status(camera.id) ?? {
      state: camera.enabled ? 'starting' : 'disabled',
      reason: camera.enabled ? null : 'The camera is turned off',
      since: Date.now(),
      fps: 0,
      frames: 0,
      droppedFrames: 0,
      reconnects: 0,
      lastError: null,
      uptimeMs: 0,
      width: null,
      height: null,
      recording: { state: camera.enabled && camera.recording.mode !== 'off' ? 'recording' : 'off', reason: null },
    };
    return { ...camera, status };
  }

  get detection(): { enabled: boolean; reason: string | null } {
    return this.detectionStatus;
  }

  get ffmpegPath(): string | null {
    return this.ffmpeg.path;
  }

  /** The ffprobe paired with that ffmpeg (null when none was found). */
  get ffprobePath(): string | null {
    return this.ffprobe;
  }

  getSettings(): AppSettings {
    return this.settings.get();
  }

  // ---- media --------------------------------------------------------------------------------------------------

  async snapshotFile(eventId: string, variant: 'full' | 'thumb'): Promise<string | null> {
    const row = this.events.getPaths(eventId);
    const rel = variant === 'full' ? row?.snapshotPath : row?.thumbnailPath;
    if (!rel) return null;
    const abs = path.resolve(this.paths.root, rel);
    if (!isInside(this.paths.snapshots, abs)) return null;
    return existsSync(abs) ? abs : null;
  }

  async latestSnapshotFile(cameraId: string): Promise<string | null> {
    const latest = this.events.list({ cameraIds: [cameraId], limit: 5 }).events.find((e) => e.hasSnapshot);
    return latest ? this.snapshotFile(latest.id, 'full') : null;
  }

  // ---- recording and live -------------------------------------------------------------------------------------

  /**
   * A camera's recording hit a full disk: run retention at once (it is the only code that deletes footage). The
   * recording resumes by itself once free space is back.
   */
  freeSpaceForRecording(cameraId: string): void {
    this.logger.warn({ cameraId }, 'the disk is full: running retention now');
    void this.retention.runOnce().catch((err: unknown) => this.logger.error({ err: errorMessage(err) }, 'retention failed'));
  }

  /** The media router's event clip route: the event's footage joined into one cached MP4. */
  eventClipFile(eventId: string): Promise<MediaFileAnswer> {
    return this.clips.eventClipFile(eventId);
  }

  /** The media router's recording route: a camera's footage over [fromMs, toMs). */
  recordingFile(cameraId: string, fromMs: number, toMs: number): Promise<MediaFileAnswer> {
    if (!this.cameras.get(cameraId)) return Promise.resolve({ ok: false, status: 404, message: 'There is no such camera (it may have been removed).' });
    return this.clips.recordingFile(cameraId, fromMs, toMs);
  }

  /** A live fragmented-MP4 stream for one viewer (init segment, then fragments), ended when `signal` aborts. */
  openLive(cameraId: string, quality: 'sub' | 'main', signal?: AbortSignal): Readable | null {
    const live = this.pipelines.get(cameraId)?.pipeline.live(quality);
    return live ? live.hub.open(signal) : null;
  }

  /** The media router's live route. */
  async liveStream(cameraId: string, quality: 'sub' | 'main', signal: AbortSignal): Promise<Readable | null> {
    return this.openLive(cameraId, quality, signal);
  }

  /** The live view's codec and size; waits up to `waitMs` for a camera that is starting. */
  async liveInfo(cameraId: string, quality: 'sub' | 'main', waitMs = 8000): Promise<LiveInfo> {
    const camera = this.cameras.get(cameraId);
    if (!camera) throw new ApiError('not-found', 'There is no such camera (it may have been removed).');
    const deadline = Date.now() + waitMs;
    for (;;) {
      const live = this.pipelines.get(cameraId)?.pipeline.live(quality);
      if (!live) throw new ApiError('unavailable', `${camera.name} is turned off or cannot stream: there is no live picture.`);
      const state = this.status(cameraId);
      if (state?.state === 'failed') throw new ApiError('unavailable', state.reason ?? `${camera.name} cannot stream: there is no live picture.`);
      const info = live.hub.initInfo;
      if (info) {
        return {
          mime: `video/mp4; codecs="${info.codec}"`,
          width: info.width,
          height: info.height,
          transcoded: live.transcoded,
          note: live.note,
        };
      }
      if (Date.now() >= deadline) {
        throw new ApiError('unavailable', `${camera.name} has not sent a picture yet: the live view starts once it does.`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  // ---- shutdown -----------------------------------------------------------------------------------------------

  /** Stops every camera, closes open events, flushes activity, closes the database. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.logger.info('engine stopping');
      this.retention.stop();
      this.clips.close();
      await this.exports.close();
      await Promise.all([...this.pipelines.keys()].map((id) => this.stopPipeline(id)));
      await this.motion.close();
      await this.detector?.close();
      this.disk.stop();
      this.folder?.stop();
      this.writes.drain();
      if (this.writes.heldCount > 0) this.logger.error({ held: this.writes.heldCount }, 'the disk is still full at shutdown: held writes are lost');
      closeDatabase(this.db);
      this.logger.info('engine stopped');
    })();
    return this.stopping;
  }
}
