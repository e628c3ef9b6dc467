// The one zod schema for everything a user can set: per camera and for the whole app. Defaults live here and only
// here; every boundary (database rows, API inputs, the CLI) parses through these schemas. It lives in preload/, next to
// the contract that carries these types to the renderer, because the renderer may import nothing from main/.
import { z } from 'zod';
import { localeSchema } from './i18n/locales.ts';

const unit = z.number().min(0).max(1);
export const pointSchema = z.tuple([unit, unit]);
export const polygonSchema = z.array(pointSchema).min(3).max(64);

export const motionSettingsSchema = z.object({
  /** Luma difference (0..255) above which a pixel counts as changed. */
  threshold: z.number().int().min(5).max(120).default(25),
  /** Smallest moving region that counts, as a fraction of the frame (0.0005 = 0.05 %). */
  minAreaRatio: z.number().min(0).max(0.5).default(0.0008),
  masks: z.array(polygonSchema).max(16).default([]),
  lightingGuardRatio: z.number().min(0.2).max(1).default(0.6),
  absorbSeconds: z.number().min(1).max(600).default(10),
});

export const eventSettingsSchema = z.object({
  /** Analysed frames in a row with motion before an event opens (debounce against single-frame noise). */
  minMotionFrames: z.number().int().min(1).max(50).default(3),
  /** An event closes after this long without motion. */
  quietGapSeconds: z.number().min(1).max(600).default(10),
  /** A very long event is closed and a new one opened after this long, so the timeline stays readable. */
  maxEventSeconds: z.number().min(60).max(24 * 3600).default(1800),
  /** Events and their snapshots are deleted after this many days (0 = never by age). */
  retainDays: z.number().int().min(0).max(3650).default(30),
});

export const scheduleWindowSchema = z.object({
  /** 0 = Sunday … 6 = Saturday (local time). */
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 08:30'),
  end: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a time like 18:00'),
});

export const notificationSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** always: armed all the time; never: disarmed; windows: armed inside the weekly windows (local time). */
  schedule: z
    .object({
      mode: z.enum(['always', 'never', 'windows']).default('always'),
      windows: z.array(scheduleWindowSchema).max(50).default([]),
    })
    .prefault({}),
  cooldownSeconds: z.number().int().min(0).max(86_400).default(60),
  onlyPeople: z.boolean().default(false),
});

export const detectionSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  scoreThreshold: z.number().min(0.05).max(0.99).default(0.5),
  /** Smallest person that counts, as a fraction of the frame area. */
  minPersonAreaRatio: z.number().min(0).max(0.5).default(0.001),
  /** When set, only a person inside one of these polygons counts. */
  zones: z.array(polygonSchema).max(16).default([]),
});

export const recordingSettingsSchema = z.object({
  /**
   * off: nothing recorded; events: only the footage around events is kept (the rest is deleted after a short buffer);
   * continuous: everything is kept for `continuousDays`, footage around events for the camera's event days.
   */
  mode: z.enum(['off', 'events', 'continuous']).default('events'),
  /** Footage kept before an event starts and after it ends (events mode, clips and exports). */
  preRollSeconds: z.number().int().min(0).max(120).default(5),
  postRollSeconds: z.number().int().min(0).max(300).default(5),
  /** Continuous mode: footage outside events is deleted after this many days. */
  continuousDays: z.number().int().min(1).max(3650).default(7),
});

export const analysisSettingsSchema = z.object({
  fps: z.number().min(1).max(15).default(5),
  maxWidth: z.number().int().min(160).max(1280).default(640),
});

/** Free text a user types as a name: trimmed, one line, bounded; the sentences name what it is. */
function lineOfText(what: string, max: number, empty: string) {
  return z
    .string()
    .trim()
    .min(1, empty)
    .max(max, `${what} has at most ${max} characters`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${what} cannot contain control characters`);
}

/** A rule's name as the owner types it ("Front door", "Till"). */
const ruleNameSchema = lineOfText('a name', 40, 'give it a name, for instance "Front door"');

/**
 * A counting line, drawn in the wizard like a zone: two points in normalised frame coordinates. People crossing it
 * to the right-hand side of the arrow a → b (as seen on the screen) go "in", back to its left "out": a line drawn
 * left to right counts people walking down the picture as coming in.
 */
export const countLineSchema = z
  .object({
    name: ruleNameSchema,
    a: pointSchema,
    b: pointSchema,
  })
  .refine((l) => Math.hypot(l.a[0] - l.b[0], l.a[1] - l.b[1]) >= 0.02, {
    message: 'the two ends of a line are too close together; draw a longer line',
  });

/** A zone where a person staying longer than `seconds` raises a loitering event. */
export const loiterZoneSchema = z.object({
  name: ruleNameSchema,
  polygon: polygonSchema,
  seconds: z.number().int().min(5).max(3600).default(60),
});

function uniqueNames(items: readonly { name: string }[]): boolean {
  return new Set(items.map((i) => i.name.toLowerCase())).size === items.length;
}

/**
 * The object tracker, the detection schedule and the rules on tracks (main/core/tracking/). Times in seconds, as the
 * owner sees them; main/core/tracking/tracking-settings.ts turns them into the modules' configurations.
 */
export const trackingSettingsSchema = z.object({
  /** A person looked for and not found this long is gone: their event ends at their last sighting. */
  lostSeconds: z.number().min(0.5).max(30).default(2),
  /** A person who has not really moved this long is stationary: checked every `stationaryCheckSeconds` only. */
  stationarySeconds: z.number().min(2).max(600).default(10),
  /**
   * How often the detector re-checks a moving person it follows, per second, once their walk is known and nobody is
   * near them; twice as often while they are new or close to someone else (where two people could be mixed up).
   */
  activeChecksPerSecond: z.number().min(0.2).max(5).default(1),
  stationaryCheckSeconds: z.number().min(2).max(120).default(10),
  /** A pass over the whole picture this often while anything moves or is followed (finds people standing still). */
  fullFrameSeconds: z.number().min(5).max(600).default(30),
  lines: z.array(countLineSchema).max(8).default([]).refine(uniqueNames, 'two lines have the same name'),
  loiterZones: z.array(loiterZoneSchema).max(16).default([]).refine(uniqueNames, 'two loitering zones have the same name'),
});

/** A camera's name. */
const nameSchema = lineOfText('a camera name', 80, 'a camera needs a name');

/** What a user gives to add a camera. URLs are checked further by capture/stream-url.ts. */
export const cameraInputSchema = z.object({
  name: nameSchema,
  mainUrl: z.string().min(1, 'the camera needs a stream URL').max(2048),
  subUrl: z.string().max(2048).nullish(),
  username: z.string().max(256).nullish(),
  password: z.string().max(256).nullish(),
  enabled: z.boolean().default(true),
  motion: motionSettingsSchema.prefault({}),
  events: eventSettingsSchema.prefault({}),
  notifications: notificationSettingsSchema.prefault({}),
  detection: detectionSettingsSchema.prefault({}),
  analysis: analysisSettingsSchema.prefault({}),
  recording: recordingSettingsSchema.prefault({}),
  tracking: trackingSettingsSchema.prefault({}),
  demo: z.boolean().default(false),
});
export type CameraInput = z.input<typeof cameraInputSchema>;
export type CameraConfig = z.output<typeof cameraInputSchema>;

/**
 * The patch form of a settings group: every field optional and WITHOUT its default, so that a patch naming one field
 * changes that field only (zod's `.partial()` would fill the others with their defaults and wipe the user's values).
 */
function patchOf<S extends z.ZodObject>(group: S): z.ZodType<Partial<z.output<S>>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(group.shape as Record<string, z.ZodType>)) {
    const inner = field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? (field.unwrap() as z.ZodType) : field;
    shape[key] = inner.optional();
  }
  return z.object(shape).strict() as unknown as z.ZodType<Partial<z.output<S>>>;
}

/** The camera's settings groups: each a zod object with defaults, stored together and merged key by key on a change. */
export const CAMERA_SETTING_GROUPS = ['motion', 'events', 'notifications', 'detection', 'analysis', 'recording', 'tracking'] as const;
export type CameraSettingGroup = (typeof CAMERA_SETTING_GROUPS)[number];

/** A change to a camera: any subset; nested settings objects are merged key by key. */
export const cameraPatchSchema = z.object({
  name: nameSchema.optional(),
  mainUrl: z.string().min(1).max(2048).optional(),
  subUrl: z.string().max(2048).nullish(),
  username: z.string().max(256).nullish(),
  password: z.string().max(256).nullish(),
  enabled: z.boolean().optional(),
  motion: patchOf(motionSettingsSchema).optional(),
  events: patchOf(eventSettingsSchema).optional(),
  notifications: patchOf(notificationSettingsSchema).optional(),
  detection: patchOf(detectionSettingsSchema).optional(),
  analysis: patchOf(analysisSettingsSchema).optional(),
  recording: patchOf(recordingSettingsSchema).optional(),
  tracking: patchOf(trackingSettingsSchema).optional(),
});
export type CameraPatch = z.input<typeof cameraPatchSchema>;

export type MotionSettings = z.output<typeof motionSettingsSchema>;
export type EventSettings = z.output<typeof eventSettingsSchema>;
export type NotificationSettings = z.output<typeof notificationSettingsSchema>;
export type DetectionSettings = z.output<typeof detectionSettingsSchema>;
export type AnalysisSettings = z.output<typeof analysisSettingsSchema>;
export type RecordingSettings = z.output<typeof recordingSettingsSchema>;
export type TrackingSettings = z.output<typeof trackingSettingsSchema>;
export type CountLineSettings = z.output<typeof countLineSchema>;
export type LoiterZoneSettings = z.output<typeof loiterZoneSchema>;
export type ScheduleWindow = z.output<typeof scheduleWindowSchema>;

/** A camera as stored and as the API shows it. Never carries the password: `hasPassword` says whether one is set. */
export interface Camera {
  id: string;
  name: string;
  /** Stream URLs without credentials. */
  mainUrl: string;
  subUrl: string | null;
  username: string | null;
  hasPassword: boolean;
  enabled: boolean;
  demo: boolean;
  motion: MotionSettings;
  events: EventSettings;
  notifications: NotificationSettings;
  detection: DetectionSettings;
  analysis: AnalysisSettings;
  recording: RecordingSettings;
  /** Counting lines and loitering zones, and the tracker's timing (main/core/tracking/). */
  tracking: TrackingSettings;
  createdAt: number;
}

export const loggingSettingsSchema = z.object({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** A log file is rolled over at this size. */
  fileMaxMB: z.number().int().min(1).max(10_240).default(100),
  /** Log files kept in all (the oldest goes first). */
  files: z.number().int().min(2).max(100).default(10),
});
export type LoggingSettings = z.output<typeof loggingSettingsSchema>;

// Live view: camera groups (issue 15, live) — named sets of cameras ("Front", "Stock room") with their own layout.
const groupCameraId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a camera id has only letters, digits, - and _');
export const cameraGroupSchema = z.object({
  name: z.string().trim().min(1, { message: 'A camera group needs a name.' }).max(40, { message: 'A group name can have at most 40 characters.' }),
  cameraIds: z.array(groupCameraId).max(64).default([]),
  /** Columns of the group's grid, or 'auto' (as many as fit the screen best). */
  columns: z.union([z.literal('auto'), z.number().int().min(1).max(8)]).default('auto'),
});
export type CameraGroup = z.output<typeof cameraGroupSchema>;
export const liveSettingsSchema = z.object({
  groups: z
    .array(cameraGroupSchema)
    .max(32)
    .refine((gs) => new Set(gs.map((g) => g.name.toLowerCase())).size === gs.length, { message: 'Two camera groups have the same name: give each its own.' })
    .default([]),
});
export type LiveSettings = z.output<typeof liveSettingsSchema>;

export const appSettingsSchema = z.object({
  /** Explicit ffmpeg binary; else FFMPEG_PATH, ffmpeg-static, ffmpeg on PATH. */
  ffmpegPath: z.string().max(4096).nullish(),
  /** Explicit model file; else NVR_MODEL_PATH, the app's resources folder. */
  modelPath: z.string().max(4096).nullish(),
  storage: z
    .object({
      /** Retention keeps at least this much free space on the data folder's disk. */
      freeSpaceFloorBytes: z.number().int().min(0).default(2 * 1024 ** 3),
      /** All recordings together stay under this many bytes (0 = no quota; the free-space floor still applies). */
      recordingsQuotaBytes: z.number().int().min(0).default(0),
      /** How often the retention job runs, besides start-up and when the floor is crossed. */
      retentionIntervalMinutes: z.number().min(1).max(1440).default(5),
    })
    .prefault({}),
  notifications: z
    .object({
      /** Armed globally (the tray's arm / disarm). */
      armed: z.boolean().default(true),
      /** At most this many notifications per minute across all cameras. */
      maxPerMinute: z.number().int().min(1).max(120).default(6),
    })
    .prefault({}),
  detection: z
    .object({
      /** Intra-op threads of each detection worker's ONNX session; 0 = the machine's cores shared among the workers. */
      threads: z.number().int().min(0).max(16).default(0),
    })
    .prefault({}),
  service: z
    .object({
      /**
       * A read-only token that opens /metrics only (what Prometheus sends as `Authorization: Bearer …`). Empty: /metrics
       * needs the session token. A secret like a password: never printed, redacted in support bundles.
       */
      metricsToken: z
        .string()
        .max(256, { message: 'The metrics token can have at most 256 characters.' })
        .refine((t) => t === '' || /^[\x21-\x7e]{16,}$/.test(t), {
          message: 'The metrics token needs at least 16 characters (letters, digits or punctuation, no spaces); leave it empty to use the session token only.',
        })
        .default(''),
    })
    .prefault({}),
  /** The log (the console and logs/nvr.N.log in the data folder). Applies at the next start; NVR_LOG_LEVEL wins. */
  logging: loggingSettingsSchema.prefault({}),
  /** The live view's camera groups (issue 15). */
  live: liveSettingsSchema.prefault({}),
  // alert channels (issue 14)
  alerts: z
    .object({
      /** A camera down this long is a camera-offline alert (and camera-online when it is back). */
      offlineAfterSeconds: z.number().int().min(10).max(86_400).default(60),
      /**
       * The address phones and other systems open the NVR at (https://shop-pc.example.net:7480), for the links in alerts
       * (the event's page, and its snapshot and clip through links signed for a week). Empty: the NVR's LAN address
       * while LAN access is on, else alerts carry no links.
       */
      linkBaseUrl: z
        .string()
        .trim()
        .max(512)
        .refine((u) => u === '' || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(u), {
          message: 'The link address must be a web address like https://shop-pc.example.net:7480 (or empty).',
        })
        .default(''),
    })
    .prefault({}),
  // languages (issue 16)
  /**
   * The language of the page, the notifications, every alert channel and the desktop's tray and dialogs; null follows
   * the OS (and, in a browser, the browser's languages). The CLI and the logs stay in English.
   */
  language: localeSchema.nullable().default(null),
});
export type AppSettings = z.output<typeof appSettingsSchema>;
export type AppSettingsInput = z.input<typeof appSettingsSchema>;

/**
 * A change to the app settings (settings.update): any subset, each group patched field by field without its defaults
 * (so `{storage: {retentionIntervalMinutes: 10}}` leaves the other storage fields as they are).
 */
function appSettingsPatchOf<S extends z.ZodObject>(schema: S): z.ZodType<{ [K in keyof z.output<S>]?: Partial<z.output<S>[K]> }> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const inner = field instanceof z.ZodDefault || field instanceof z.ZodPrefault ? (field.unwrap() as z.ZodType) : field;
    shape[key] = inner instanceof z.ZodObject ? patchOf(inner).optional() : inner.optional();
  }
  return z.object(shape).strict() as unknown as z.ZodType<{ [K in keyof z.output<S>]?: Partial<z.output<S>[K]> }>;
}
export const appSettingsPatchSchema = appSettingsPatchOf(appSettingsSchema);
export type AppSettingsPatch = z.output<typeof appSettingsPatchSchema>;
