// The one API contract between the engine and any UI. Every request is `name: (input) => Promise<output>` with a zod
// schema for its input; every pushed event is `name: payload`. The core implements the requests once
// (main/core/api.ts); the Electron IPC transport and the WebSocket transport are generic over this file, so adding a
// feature is one entry here and one handler in the core, never a change to a transport.
import { z } from 'zod';
import {
  appSettingsPatchSchema,
  cameraInputSchema,
  cameraPatchSchema,
  type AppSettings,
  type Camera,
} from './settings-schema.ts';
import { BRAND_IDS, type BrandId } from './camera-brands.ts';
import { channelSecretsSchema, type AlertChannelType, type AlertChannelView } from './alert-channels.ts';
// The engine's sentences as messages (issue 16): each English sentence below may have its message next to it.
import type { EngineMessage, Said } from './i18n/engine-message.ts';
export type { EngineMessage } from './i18n/engine-message.ts';

export type { Camera, AppSettings };

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'an id has only letters, digits, - and _');
const epochMs = z.number().int().min(0).max(8.64e15);
/** motion: change no tracked person explains; person: one visitor (a confirmed person track); loitering: a person in a
 * loitering zone for longer than its time. */
export const eventKindSchema = z.enum(['motion', 'person', 'loitering']);
export type EventKind = z.infer<typeof eventKindSchema>;

export const boxSchema = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
export type Box = z.infer<typeof boxSchema>;

export type CameraStateName = 'starting' | 'streaming' | 'reconnecting' | 'failed' | 'disabled';

/** The live condition of a camera, as health and the UI show it. */
export interface CameraStatus {
  state: CameraStateName;
  /** A sentence a shop owner can act on ("Wrong username or password for Front door"), null when all is well. */
  reason: string | null;
  /** The reason as a message of the engine area (the UI shows it in the owner's language); null or absent without one. */
  reasonMessage?: EngineMessage | null;
  since: number;
  fps: number;
  frames: number;
  droppedFrames: number;
  reconnects: number;
  lastError: string | null;
  uptimeMs: number;
  /** Analysis frame size once known. */
  width: number | null;
  height: number | null;
  /** Whether the camera's footage is being written (a full disk pauses it; live view and motion go on). */
  recording: RecordingStatus;
  // Live tiles that tell the truth (issue 15, live):
  /** When the last picture arrived from the camera (epoch ms), null before the first since the NVR started. */
  lastFrameAt: number | null;
}

export interface RecordingStatus {
  state: 'recording' | 'off' | 'paused';
  /** Why it is paused ("Recording paused: the disk is full. …"), else null. */
  reason: string | null;
  /** The reason as a message of the engine area; null or absent without one. */
  reasonMessage?: EngineMessage | null;
}

/** What a live player needs before it opens the live stream (mediaPaths.live). */
export interface LiveInfo {
  /** For MediaSource.isTypeSupported / addSourceBuffer, e.g. video/mp4; codecs="avc1.64001f". */
  mime: string;
  width: number;
  height: number;
  /** The camera's stream is re-encoded for the browser (an H.265 camera). */
  transcoded: boolean;
  /** Something the owner should know about this live view, else null. */
  note: string | null;
}

export interface CameraView extends Camera {
  status: CameraStatus;
}

export interface EventView {
  id: string;
  cameraId: string;
  kind: EventKind;
  startMs: number;
  /** null while the event is still open. */
  endMs: number | null;
  updatedMs: number;
  peakRatio: number;
  /** Peak motion boxes, in pixels of a frame of frameWidth × frameHeight. */
  boxes: Box[];
  frameWidth: number;
  frameHeight: number;
  topScore: number | null;
  personBox: Box | null;
  hasSnapshot: boolean;
  keepForever: boolean;
  /** The tracked object this event is (person and loitering events), null for motion events and older events. */
  trackId: number | null;
  /** Where the tracked person went: boxes over time (a few per second), in pixels of frameWidth × frameHeight; empty
   * for motion events and events recorded before tracking. */
  path: TrackPathPoint[];
  /** The loitering zone's name (loitering events), else null. */
  zone: string | null;
  /** Alert channels: which got this event's alert and when (events.get; events.list leaves it out). */
  deliveries?: EventDelivery[];
  /** The owner marked it reviewed (events.markReviewed): not "new since your last visit" any more. */
  reviewed: boolean;
}

export interface TrackPathPoint {
  /** Epoch ms. */
  t: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ActivityMinute {
  cameraId: string;
  minuteMs: number;
  frames: number;
  motionFrames: number;
  maxRatio: number;
}

/** Visitors of one camera over one bucket (a minute or an hour starting at startMs, UTC-aligned). */
export interface VisitorBucket {
  cameraId: string;
  startMs: number;
  /** People counted: 'in' crossings of the camera's counting lines, or new person tracks where no line is drawn. */
  visitors: number;
  ins: number;
  outs: number;
}

export const visitorBucketSizeSchema = z.enum(['minute', 'hour']);
export type VisitorBucketSize = z.infer<typeof visitorBucketSizeSchema>;

export type StreamProbeResult =
  | {
      ok: true;
      video: { codec: string; width: number; height: number; fps: number | null };
      audio: { codec: string } | null;
      /** e.g. the H.265 notice: the browser cannot play it live. */
      notice: string | null;
    }
  | { ok: false; code: string; message: string; engineMessage?: EngineMessage | null };

/** One stream as the camera wizard's test found it. */
export interface ProbedStream {
  codec: string;
  width: number;
  height: number;
  fps: number | null;
  audio: string | null;
}

/** A camera found on the network by ONVIF WS-Discovery. */
export interface DiscoveredCamera {
  id: string;
  name: string;
  manufacturer: string | null;
  model: string | null;
  address: string;
  onvifPort: number;
  serviceUrl: string;
  brand: BrandId | null;
}

const portNumber = z.number().int().min(1).max(65535);
const templateBrands = BRAND_IDS.filter((b) => b !== 'onvif' && b !== 'url') as [BrandId, ...BrandId[]];
/** Where the wizard's test looks: a brand's address template, the camera's own ONVIF answer, or typed addresses. */
export const cameraSourceSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('brand'),
      brand: z.enum(templateBrands),
      address: z.string().min(1).max(260),
      port: portNumber.nullish(),
      channel: z.number().int().min(1).max(64).nullish(),
      /** Asked when the brand's usual path is not found (the brand's usual ONVIF port when absent). */
      onvifPort: portNumber.nullish(),
    })
    .strict(),
  z.object({ kind: z.literal('onvif'), address: z.string().min(1).max(260), onvifPort: portNumber.nullish() }).strict(),
  z.object({ kind: z.literal('url'), mainUrl: z.string().min(1).max(2048), subUrl: z.string().max(2048).nullish() }).strict(),
]);
export type CameraSource = z.input<typeof cameraSourceSchema>;
export const cameraProbeInputSchema = z
  .object({
    source: cameraSourceSchema,
    username: z.string().max(256).nullish(),
    password: z.string().max(256).nullish(),
    /** Editing a saved camera: its stored password is used when `password` is not given. */
    cameraId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/).nullish(),
  })
  .strict();
export type CameraProbeInput = z.output<typeof cameraProbeInputSchema>;

/** The wizard's test: the streams found, a JPEG still (data URL) for the preview and masks, notices; or why not. */
export interface CameraProbeResult {
  ok: boolean;
  /** null when ok; else auth, not-found, refused, timeout, not-video, invalid-url, invalid-address, onvif-… */
  code: string | null;
  message: string | null;
  /** The message as a message of the engine area (the UI shows it in the owner's language); null or absent without one. */
  engineMessage?: EngineMessage | null;
  /** The addresses tested, never with credentials. */
  mainUrl: string | null;
  subUrl: string | null;
  main: ProbedStream | null;
  sub: ProbedStream | null;
  snapshot: string | null;
  device: { manufacturer: string | null; model: string | null; firmware: string | null } | null;
  notices: string[];
  /** Each notice as a message of the engine area, in the same order (null for one that has none). */
  noticeMessages?: Array<EngineMessage | null>;
}

export interface NotificationStatus {
  ok: boolean;
  lastError: string | null;
  sent: number;
  suppressed: Record<string, number>;
  lastSentAt: number | null;
}

export interface Health {
  cameras: Array<{ cameraId: string; name: string } & CameraStatus>;
  system: {
    cpuPercent: number;
    rssBytes: number;
    heapUsedBytes: number;
    loadAverage: number[];
    diskFreeBytes: number | null;
    diskTotalBytes: number | null;
    dataFolderBytes: number;
    dataDir: string;
    notifications: NotificationStatus;
    detection: {
      enabled: boolean;
      reason: string | null;
      /** Why detection is off, as a message of the engine area. */
      reasonMessage?: EngineMessage | null;
      inferences: number;
      skippedFrames: number;
      queueDepth: number;
      inferenceMsMedian: number | null;
      /** Which execution provider runs the model ('cpu', 'dml', 'coreml'), and why not the one asked for; null without a detector. */
      accelerator: { requested: string; running: string; note: string | null } | null;
    };
    retention: {
      lastRunAt: number | null;
      deletedEvents: number;
      deletedBytes: number;
      lastError: string | null;
      /** Recording segments deleted since start, by rule; the free-space floor in force and the measured bitrate. */
      segments?: RecordingRetentionStatus;
    };
    uptimeMs: number;
    /** Whether the event database is the one that indexed this data folder, and what was re-indexed when it was not. */
    database: DatabaseStatus;
    /** The data folder's disk: full or not, writes held in memory meanwhile, the reserve kept for the database. */
    disk?: DiskHealth;
    /** The data folder itself: there, or gone / unmounted / replaced (writes held and recording paused meanwhile). */
    dataFolder?: DataFolderHealth;
    /** Alert channels: each one's state and counters (the outbox). */
    alerts?: AlertChannelHealth[];
  };
}

// alert channels (issue 14): the outbox's view of each channel and of an event's deliveries
export interface EventDelivery {
  channelId: string;
  channelName: string;
  state: 'queued' | 'delivered' | 'failed';
  /** Delivered: when; failed: when it was given up; queued: the next try. */
  at: number | null;
  lastError: string | null;
}
export interface AlertChannelHealth {
  id: string;
  name: string;
  type: AlertChannelType;
  /** ok; retrying (the last try failed, it will try again); stopped (retrying cannot fix it: see lastError). */
  state: 'ok' | 'retrying' | 'stopped';
  sent: number;
  failed: number;
  queued: number;
  oldestQueuedAt: number | null;
  lastError: string | null;
}

export interface DataFolderHealth {
  state: 'ok' | 'missing' | 'unmounted' | 'replaced' | 'copied';
  /** One sentence for the owner, or null when all is well. */
  reason: string | null;
  /** The reason as a message of the engine area. */
  reasonMessage?: EngineMessage | null;
  since: number;
}

export interface DatabaseStatus {
  /** How this start found the database: own, new, adopted (an install from before ids), replaced or foreign. */
  identity: 'own' | 'new' | 'adopted' | 'replaced' | 'foreign';
  /** One sentence while footage re-indexed from a replaced database is kept; null otherwise. */
  notice: string | null;
  /** The notice as a message of the engine area (absent without a notice). */
  noticeMessage?: EngineMessage;
  /** Recording segments and snapshots kept from a replaced database: deleted only under the free-space floor. */
  reindexedSegments: number;
  reindexedSnapshots: number;
}

export interface DiskHealth {
  /** True while writes are held in memory because the disk refused them, or while it has (almost) no room left. */
  full: boolean;
  /** One sentence for the owner, or null when all is well. */
  reason: string | null;
  /** The reason as a message of the engine area. */
  reasonMessage?: EngineMessage | null;
  /** Writes (event rows, activity minutes, segment rows) waiting for space, in order. */
  heldWrites: number;
  /** Writes lost since start (the held queue overflowed, or a write failed for another reason than space). */
  lostWrites: number;
  /** The reserve file: in place, released for the database on a full disk, being made again, or none yet. */
  reserve: 'ready' | 'released' | 'making' | 'none';
  reserveBytes: number;
  /** Free bytes a recording paused by a full disk waits for before it resumes. */
  resumeFreeBytes: number;
}

export interface RecordingRetentionStatus {
  lastRunAt: number | null;
  deletedSegments: number;
  deletedBytes: number;
  byAge: number;
  byQuota: number;
  bySpace: number;
  floorBytes: number;
  bitrateBytesPerSec: number;
  lastError: string | null;
}

/** review: one local calendar day with its events, and how many of them are not reviewed yet. */
export interface EventDay {
  /** YYYY-MM-DD in the asking page's local time. */
  day: string;
  events: number;
  unreviewed: number;
}

/** Recorded time of one camera, neighbouring segments merged (the timeline's recorded bar). */
export interface RecordingSpans {
  cameraId: string;
  spans: Array<{ startMs: number; endMs: number }>;
}

/** Whether an event has footage, and the range its clip and export cover ([start − pre-roll, end + post-roll]). */
export interface EventFootage {
  hasFootage: boolean;
  fromMs: number;
  toMs: number;
  /** Recorded time inside the range (less than the range when the camera was down part of the time). */
  coveredMs: number;
}

/** An export under way: its file appears under this name once complete (export.done), or export.failed says why not. */
export interface ExportStarted {
  exportId: string;
  file: string;
  fromMs: number;
  toMs: number;
}

// Range exports kept in the data folder (issue 15, "Get it out"): exports.create / list / rename / delete.
/** One camera's file of a range export, downloadable at mediaPaths.exportFile(id, file). */
export interface ExportFileView {
  cameraId: string;
  file: string;
  bytes: number;
  durationMs: number;
}

/** A range export in the data folder's exports/ (never deleted by retention). */
export interface ExportView {
  id: string;
  name: string;
  cameraIds: string[];
  fromMs: number;
  toMs: number;
  createdMs: number;
  /** running: its files are being written (export.progress under its id); done: every file is complete. */
  state: 'running' | 'done';
  bytes: number;
  files: ExportFileView[];
}

/** A range export under way: export.progress / export.done per file under its progressId, and for the whole under exportId. */
export interface ExportCreated {
  exportId: string;
  name: string;
  parts: Array<{ cameraId: string; progressId: string; file: string }>;
  /** Chosen cameras that recorded nothing in the range (no file for them). */
  skippedCameraIds: string[];
}

const exportName = z.string().max(120);

/** A folder on this PC the owner chose for exports (absolute; checked to exist and be writable by the core). */
const exportFolder = z.string().min(1).max(4096);

const eventListInput = z.object({
  cameraIds: z.array(id).max(256).optional(),
  kinds: z.array(eventKindSchema).max(3).optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
  cursor: z.string().max(200).optional(),
  /** review: only reviewed (true) or only unreviewed (false) events. */
  reviewed: z.boolean().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

// ---- Roles and accounts (issue 15, roles): who is asking, viewer accounts, LAN access from Settings ----
/** viewer: live and review only; owner: everything (the PC itself, the LAN password). */
export const roleSchema = z.enum(['viewer', 'owner']);
export type Role = z.infer<typeof roleSchema>;

/** Who a request comes from, as the transport knows it (a session's role; the desktop app is the owner). */
export interface Caller {
  role: Role;
  /** A viewer account's name; null for the owner. */
  username: string | null;
}

/** The desktop app's IPC and in-process calls: the PC itself, the owner. */
export const PC_OWNER: Caller = Object.freeze({ role: 'owner', username: null });

export interface AccountView {
  username: string;
  role: 'viewer';
  createdAt: number;
  passwordChangedAt: number;
}

export interface LanAccessView {
  /** Whether other devices on the shop's network may sign in. */
  enabled: boolean;
  /** Whether the LAN (owner's) password is set: LAN access needs it. */
  passwordSet: boolean;
  /** Whether the NVR listens on the network right now (null: not known, e.g. the desktop app without LAN viewing). */
  listening: boolean | null;
  /** The addresses other devices open, when listening. */
  urls: string[];
  /** One sentence the owner should read (e.g. "starts listening at the next start"), else null. */
  note: string | null;
}

export const accountUsernameSchema = z
  .string()
  .trim()
  .min(1, 'a username needs at least one character')
  .max(32, 'a username has at most 32 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'a username has only letters, digits, ".", "_" and "-"');
const accountPassword = z.string().min(1).max(256);

/** Every request: its input schema, and its output type (a phantom for the type system): `returns<Out>()(schema)`. */
const returns =
  <O>() =>
  <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O });
const none = z.object({}).strict();
const byId = z.object({ id }).strict();

export const requests = {
  'cameras.list': returns<CameraView[]>()(none),
  'cameras.get': returns<CameraView>()(byId),
  'cameras.add': returns<CameraView>()(cameraInputSchema),
  'cameras.addDemo': returns<CameraView>()(none),
  'cameras.update': returns<CameraView>()(z.object({ id, patch: cameraPatchSchema }).strict()),
  'cameras.remove': returns<{ removed: true }>()(byId),
  'cameras.enable': returns<CameraView>()(byId),
  'cameras.disable': returns<CameraView>()(byId),
  /** Probe a stream before saving it: codec, size, fps, audio, or a clear reason why not. */
  'cameras.testStream': returns<StreamProbeResult>()(
    z
      .object({ url: z.string().min(1).max(2048), username: z.string().max(256).nullish(), password: z.string().max(256).nullish() })
      .strict(),
  ),
  /** ONVIF WS-Discovery on the local network: the cameras that answered within the timeout. */
  'cameras.discover': returns<{ devices: DiscoveredCamera[]; error: string | null }>()(
    z.object({ timeoutMs: z.number().int().min(500).max(15_000).optional() }).strict(),
  ),
  /** The camera wizard's test: main and sub stream, a still picture, notices, or one sentence saying what is wrong. */
  'cameras.probe': returns<CameraProbeResult>()(cameraProbeInputSchema),
  'events.list': returns<{ events: EventView[]; nextCursor: string | null }>()(eventListInput),
  'events.get': returns<EventView>()(byId),
  'events.delete': returns<{ deleted: true }>()(byId),
  'events.keepForever': returns<EventView>()(z.object({ id, keep: z.boolean() }).strict()),
  /** Motion activity per minute (the timeline's heat strip). */
  'activity.range': returns<ActivityMinute[]>()(
    z.object({ cameraIds: z.array(id).max(256).optional(), from: epochMs, to: epochMs }).strict(),
  ),
  /** Visitors per camera per minute or hour over a range (at most 31 days), for "people per hour". */
  'visitors.list': returns<{ buckets: VisitorBucket[] }>()(
    z
      .object({ cameraIds: z.array(id).max(256).optional(), from: epochMs, to: epochMs, bucket: visitorBucketSizeSchema.default('hour') })
      .strict()
      .refine((r) => r.to > r.from && r.to - r.from <= 31 * 86_400_000, 'the range must end after it starts and span at most 31 days'),
  ),
  'settings.get': returns<AppSettings>()(none),
  'settings.update': returns<AppSettings>()(appSettingsPatchSchema),
  'health.get': returns<Health>()(none),
  // alert channels (issue 14)
  'alerts.channels.list': returns<AlertChannelView[]>()(none),
  /** Saves a channel (a new id when it has none); secrets: a value sets it, '' clears it, left out keeps it. */
  'alerts.channels.save': returns<AlertChannelView>()(
    z.object({ channel: z.record(z.string(), z.unknown()), secrets: channelSecretsSchema.optional() }).strict(),
  ),
  'alerts.channels.remove': returns<{ removed: true }>()(byId),
  /** Sends a test alert now (not through the outbox's wait): ok, or the exact sentence of what went wrong. */
  'alerts.channels.test': returns<{ ok: boolean; message: string }>()(byId),
  /** The live view's codec and size (waits a few seconds for a camera that is just starting). */
  'cameras.liveInfo': returns<LiveInfo>()(z.object({ id, quality: z.enum(['sub', 'main']).default('sub') }).strict()),
  /** Recorded spans per camera over a range (at most 31 days), for the timeline. */
  'recordings.spans': returns<RecordingSpans[]>()(
    z
      .object({ cameraIds: z.array(id).max(256).optional(), from: epochMs, to: epochMs })
      .strict()
      .refine((r) => r.to > r.from && r.to - r.from <= 31 * 86_400_000, 'the range must end after it starts and span at most 31 days'),
  ),
  /** Whether an event has recorded footage (its clip plays at mediaPaths.clip). */
  'recordings.eventFootage': returns<EventFootage>()(byId),
  /** Export an event or a camera's range (at most 24 h) as one MP4 into a folder; progress arrives as export.* events. */
  'recordings.export': returns<ExportStarted>()(
    z.union([
      z.object({ eventId: id, folder: exportFolder.optional() }).strict(),
      z
        .object({ cameraId: id, from: epochMs, to: epochMs, folder: exportFolder.optional() })
        .strict()
        .refine((r) => r.to > r.from, 'the end of the range must be after its start'),
    ]),
  ),
  // Range exports kept in the data folder (issue 15, "Get it out").
  /** Export 1–4 cameras over one range (at most 24 h) into the data folder's exports/: one MP4 per camera. */
  'exports.create': returns<ExportCreated>()(
    z
      .object({ cameraIds: z.array(id).min(1).max(4), from: epochMs, to: epochMs, name: exportName.optional() })
      .strict()
      .refine((r) => r.to > r.from, 'the end of the range must be after its start'),
  ),
  'exports.list': returns<ExportView[]>()(none),
  'exports.rename': returns<ExportView>()(z.object({ id, name: exportName.min(1) }).strict()),
  'exports.delete': returns<{ deleted: true }>()(byId),
  // Roles and accounts (issue 15, roles)
  /** Who this connection is signed in as (the UI hides what the role may not do; the server checks it). */
  'session.whoami': returns<Caller>()(none),
  'accounts.list': returns<{ accounts: AccountView[] }>()(none),
  /** A named viewer account: live and review only. */
  'accounts.add': returns<AccountView>()(z.object({ username: accountUsernameSchema, password: accountPassword }).strict()),
  /** A new password for a viewer; the account's open sessions end. */
  'accounts.resetPassword': returns<AccountView>()(z.object({ username: accountUsernameSchema, password: accountPassword }).strict()),
  'accounts.remove': returns<{ removed: true }>()(z.object({ username: accountUsernameSchema }).strict()),
  'lan.get': returns<LanAccessView>()(none),
  /** LAN access on or off, and the LAN (owner's) password; a new password ends the LAN owner sessions. */
  'lan.update': returns<LanAccessView>()(
    z.object({ enabled: z.boolean().optional(), password: z.string().min(1).max(256).optional() }).strict(),
  ),
  // review: the Review & playback screen (the calendar's days, the reviewed flag, unreviewed counts per camera)
  /** Events and unreviewed events per local day (in timeZone, else UTC + tzOffsetMinutes), at most 62 days. */
  'events.days': returns<EventDay[]>()(
    z
      .object({
        cameraIds: z.array(id).max(256).optional(),
        from: epochMs,
        to: epochMs,
        tzOffsetMinutes: z.number().int().min(-840).max(840),
        /** The page's IANA time zone (Asia/Bangkok): days then follow its daylight-saving changes; wins over the offset. */
        timeZone: z
          .string()
          .min(1)
          .max(64)
          .refine((tz) => isTimeZone(tz), 'not a time zone this computer knows (a name like Asia/Bangkok)')
          .optional(),
      })
      .strict()
      .refine((r) => r.to > r.from && r.to - r.from <= 62 * 86_400_000, 'the range must end after it starts and span at most 62 days'),
  ),
  /** Marks events reviewed: these ids, or every event (of these cameras) that started before `before`. */
  'events.markReviewed': returns<{ marked: number }>()(
    z.union([
      z.object({ ids: z.array(id).min(1).max(500) }).strict(),
      z.object({ cameraIds: z.array(id).max(256).optional(), before: epochMs }).strict(),
    ]),
  ),
  /** Events not yet reviewed, per camera (cameras with none are left out). */
  'events.unreviewedCounts': returns<Array<{ cameraId: string; unreviewed: number }>>()(none),
} as const;

export type RequestName = keyof typeof requests;
export type RequestInput<K extends RequestName> = z.input<(typeof requests)[K]['input']>;
export type ParsedInput<K extends RequestName> = z.output<(typeof requests)[K]['input']>;
export type RequestOutput<K extends RequestName> = (typeof requests)[K]['output'];

/**
 * The least role each request needs (issue 15, roles), checked in one place: invokeRequest, which every transport
 * calls. viewer: live and review (cameras as they are, events, recordings, activity, visitors, health); owner: every
 * change, every setting, camera tests and exports. `satisfies` makes a request missing here a compile error.
 */
export const requestRoles = {
  'cameras.list': 'viewer',
  'cameras.get': 'viewer',
  'cameras.add': 'owner',
  'cameras.addDemo': 'owner',
  'cameras.update': 'owner',
  'cameras.remove': 'owner',
  'cameras.enable': 'owner',
  'cameras.disable': 'owner',
  'cameras.testStream': 'owner',
  'cameras.discover': 'owner',
  'cameras.probe': 'owner',
  'events.list': 'viewer',
  'events.get': 'viewer',
  'events.delete': 'owner',
  'events.keepForever': 'owner',
  'activity.range': 'viewer',
  'visitors.list': 'viewer',
  'settings.get': 'owner',
  'settings.update': 'owner',
  'health.get': 'viewer',
  'cameras.liveInfo': 'viewer',
  'recordings.spans': 'viewer',
  'recordings.eventFootage': 'viewer',
  'recordings.export': 'owner',
  'exports.create': 'owner',
  'exports.list': 'owner',
  'exports.rename': 'owner',
  'exports.delete': 'owner',
  'alerts.channels.list': 'owner',
  'alerts.channels.save': 'owner',
  'alerts.channels.remove': 'owner',
  'alerts.channels.test': 'owner',
  'events.days': 'viewer',
  /** Reviewing is what a viewer is for: marking an event reviewed deletes nothing and changes no setting. */
  'events.markReviewed': 'viewer',
  'events.unreviewedCounts': 'viewer',
  'session.whoami': 'viewer',
  'accounts.list': 'owner',
  'accounts.add': 'owner',
  'accounts.resetPassword': 'owner',
  'accounts.remove': 'owner',
  'lan.get': 'owner',
  'lan.update': 'owner',
} as const satisfies { readonly [K in RequestName]: Role };

/** What a viewer was trying to do, for the refusal's sentence. */
function ownerOnlyAction(name: string): string {
  if (name === 'settings.get') return 'see the settings';
  if (name.startsWith('settings.')) return 'change settings';
  if (name.startsWith('accounts.')) return 'manage accounts';
  if (name.startsWith('lan.')) return 'change LAN access';
  if (name === 'events.delete') return 'delete events';
  if (name === 'events.keepForever') return 'keep events forever';
  if (name === 'recordings.export' || name.startsWith('exports.')) return 'export recordings';
  if (name === 'cameras.testStream' || name === 'cameras.probe' || name === 'cameras.discover') return 'test or look for cameras';
  if (name.startsWith('cameras.')) return 'add, change or remove cameras';
  if (name.startsWith('alerts.')) return 'change where alerts go';
  return 'do this';
}

/** Why this caller may not make this request (the role it needs), or null when it may. */
export function roleRefusal(name: string, caller: Caller): ApiError | null {
  if (!Object.prototype.hasOwnProperty.call(requestRoles, name)) return null; // unknown names: parseRequestInput says so
  const needs = requestRoles[name as RequestName];
  if (needs === 'viewer' || caller.role === 'owner') return null;
  return new ApiError('forbidden', `A viewer account cannot ${ownerOnlyAction(name)}: sign in as the owner.`);
}

/**
 * What the core implements, once. Inputs arrive already validated by the transport, with who asks (absent: an
 * in-process call on the PC, the owner).
 */
export type ApiHandlers = { [K in RequestName]: (input: ParsedInput<K>, caller?: Caller) => Promise<RequestOutput<K>> };

/** What a UI calls: the same names with unparsed inputs. */
export type ApiClient = { [K in RequestName]: (input: RequestInput<K>) => Promise<RequestOutput<K>> };

/** Events the engine pushes to every connected UI. */
export interface ApiEvents {
  'camera.state': { cameraId: string; status: CameraStatus };
  /** Latest motion boxes for the overlay, at most 5 a second per camera. */
  'motion': { cameraId: string; time: number; ratio: number; boxes: Box[]; width: number; height: number };
  /** Latest person boxes for the overlay (only while person detection runs on motion), at most 5 a second per camera. */
  'detections': { cameraId: string; time: number; boxes: Array<Box & { score: number }>; width: number; height: number };
  'event.opened': EventView;
  'event.updated': EventView;
  'event.closed': EventView;
  'cameras.changed': { cameraIds: string[] };
  /** An export's progress, 0..1, a few times a second. */
  'export.progress': { exportId: string; fraction: number };
  'export.done': { exportId: string; file: string; bytes: number; durationMs: number };
  /** A sentence the owner can act on. */
  'export.failed': { exportId: string; message: string };
}
export type EventName = keyof ApiEvents;

/**
 * Every key of ApiEvents, once: `satisfies` makes the compiler refuse a key missing here (an event no transport would
 * forward) and a key ApiEvents does not have. The order is the order transports subscribe in.
 */
const eventKeys = {
  'camera.state': true,
  'motion': true,
  'detections': true,
  'event.opened': true,
  'event.updated': true,
  'event.closed': true,
  'cameras.changed': true,
  'export.progress': true,
  'export.done': true,
  'export.failed': true,
} as const satisfies { readonly [K in EventName]: true };
export const eventNames: readonly EventName[] = Object.freeze(Object.keys(eventKeys) as EventName[]);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An error a user can act on; transports send its message as is. Anything else becomes a generic message. */
export interface ApiErrorBody {
  code: 'bad-request' | 'not-found' | 'conflict' | 'unavailable' | 'internal' | 'unknown-request' | 'forbidden';
  message: string;
  /** The message as a message of the engine area, when the core said it with say() (the UI shows it translated). */
  engineMessage?: EngineMessage;
}

/** Media is fetched by URL, never through the contract: the renderer only changes the base. */
export const mediaPaths = {
  snapshot: (eventId: string) => `/media/events/${encodeURIComponent(eventId)}/snapshot.jpg`,
  thumbnail: (eventId: string) => `/media/events/${encodeURIComponent(eventId)}/thumbnail.jpg`,
  latestSnapshot: (cameraId: string) => `/media/cameras/${encodeURIComponent(cameraId)}/latest.jpg`,
  /** Live fragmented MP4 (init segment, then fragments from the next keyframe), for MediaSource. */
  live: (cameraId: string, quality: 'sub' | 'main' = 'sub') => `/media/cameras/${encodeURIComponent(cameraId)}/live.mp4?quality=${quality}`,
  /** An event's footage, [start − pre-roll, end + post-roll], one seekable MP4. */
  clip: (eventId: string) => `/media/events/${encodeURIComponent(eventId)}/clip.mp4`,
  /** A camera's recording over [from, to) (ms since 1970, at most one hour), one seekable MP4. */
  recording: (cameraId: string, from: number, to: number) =>
    `/media/cameras/${encodeURIComponent(cameraId)}/recording.mp4?from=${Math.floor(from)}&to=${Math.ceil(to)}`,
  // Downloads (issue 15, "Get it out"): served as attachments.
  /** One file of a range export (exports.list), with byte ranges. */
  exportFile: (exportId: string, file: string) => `/media/exports/${encodeURIComponent(exportId)}/${encodeURIComponent(file)}`,
  /** The camera's current picture as a JPEG. */
  cameraSnapshot: (cameraId: string) => `/media/cameras/${encodeURIComponent(cameraId)}/snapshot.jpg`,
  /** An event's snapshot as a download (the same picture as snapshot, as an attachment). */
  snapshotDownload: (eventId: string) => `/media/events/${encodeURIComponent(eventId)}/snapshot.jpg?download=1`,
} as const;

/** Thrown by the core for anything a user can cause; the message is shown to the user as is. */
export class ApiError extends Error {
  readonly code: ApiErrorBody['code'];
  /** The sentence as a message of the engine area, when it was said with say(); transports carry it. */
  readonly engineMessage: EngineMessage | undefined;
  constructor(code: ApiErrorBody['code'], message: string | Said, engineMessage?: EngineMessage) {
    super(typeof message === 'string' ? message : message.text);
    this.name = 'ApiError';
    this.code = code;
    this.engineMessage = typeof message === 'string' ? engineMessage : message.message;
  }

  /** The body a transport sends: the code, the English message, and the engine message when there is one. */
  body(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.engineMessage ? { engineMessage: this.engineMessage } : {}) };
  }
}

/** "name: must be at most 80 characters; events.quietGapSeconds: …" — zod issues as one sentence a user can read. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Validates a request's input with its schema, as every transport must before the core sees it. */
export function parseRequestInput<K extends RequestName>(name: K, input: unknown): ParsedInput<K> {
  const entry = (requests as Record<string, { input: z.ZodType } | undefined>)[name];
  if (!entry || !Object.prototype.hasOwnProperty.call(requests, name)) {
    throw new ApiError('unknown-request', `There is no request named "${String(name).slice(0, 64)}".`);
  }
  const parsed = entry.input.safeParse(input ?? {});
  if (!parsed.success) throw new ApiError('bad-request', `Invalid input for ${name}: ${describeZodError(parsed.error)}`);
  return parsed.data as ParsedInput<K>;
}

/**
 * Settings that choose a program the NVR runs (ffmpeg, the model's file): a visitor on the shop's network who could
 * change them could make the NVR run anything as the owner. They are changed only from the PC itself (the desktop app,
 * or a page or `nvr` command on 127.0.0.1); transports refuse them from anywhere else.
 */
export const LOCAL_ONLY_SETTINGS = ['ffmpegPath', 'modelPath'] as const;

/** Why a request may not come from another device, or null when it may. */
export function localOnlyRefusal(name: string, input: unknown): string | null {
  if (name !== 'settings.update' || typeof input !== 'object' || input === null) return null;
  const touched = LOCAL_ONLY_SETTINGS.filter((key) => key in input);
  if (touched.length === 0) return null;
  const what = touched.map((k) => (k === 'ffmpegPath' ? 'the ffmpeg program' : "the person detector's model file")).join(' and ');
  return `Only the shop PC itself can change ${what}: open the NVR on that PC to change it.`;
}

/**
 * Check the caller's role, validate, then call the core: what a transport does with one request. The WebSocket
 * transport passes its session's caller; the desktop app's IPC and in-process calls are the PC itself (PC_OWNER).
 */
export async function invokeRequest<K extends RequestName>(
  handlers: ApiHandlers,
  name: K,
  input: unknown,
  caller: Caller = PC_OWNER,
): Promise<RequestOutput<K>> {
  const refusal = roleRefusal(name, caller);
  if (refusal) throw refusal;
  const parsed = parseRequestInput(name, input);
  return handlers[name](parsed, caller);
}
