// The Settings view's forms without the DOM: the settings in the units a person types (GB, percent of the picture,
// percent confidence) and back to what is saved (bytes, ratios). The empty forms take the settings schema's defaults,
// never numbers of their own. Words (the motion sensitivity levels) come from the catalog the page passes, English
// when none is given. Unit-tested under Node (tests/unit/renderer/views/settings-form.test.ts).
import type { AppSettings, AppSettingsPatch, Camera, CameraPatch, ScheduleWindow } from '../../../preload/settings-schema.ts';
import {
  appSettingsSchema,
  detectionSettingsSchema,
  eventSettingsSchema,
  motionSettingsSchema,
  notificationSettingsSchema,
  recordingSettingsSchema,
} from '../../../preload/settings-schema.ts';
// (English from its own area only, for callers that pass no catalog: the page always passes i18n.m)
import { settings as en, type SettingsMessages as Catalog } from '../../../preload/i18n/settings/en.ts';

export const GB = 1024 ** 3;

/** Bytes → GB with one decimal (what the form shows). */
export const gbFromBytes = (bytes: number): number => Math.round((bytes / GB) * 10) / 10;
/** GB as typed → whole bytes. */
export const bytesFromGb = (gb: number): number => Math.round(gb * GB);
/** A ratio of the picture (0.0008) → a percent with up to three decimals (0.08). */
export const percentFromRatio = (ratio: number): number => Math.round(ratio * 100_000) / 1000;
export const ratioFromPercent = (percent: number): number => percent / 100;
/** A detection score (0.5) → a whole percent (50). */
export const scorePercentFrom = (score: number): number => Math.round(score * 100);

export interface AppForm {
  armed: boolean;
  maxPerMinute: number;
  quotaGb: number;
  floorGb: number;
  retentionMinutes: number;
  threads: number;
  /** The address links in alerts point at ('' = the LAN address while LAN access is on, else no links). */
  linkBaseUrl: string;
}

export function appFormFrom(s: AppSettings): AppForm {
  return {
    armed: s.notifications.armed,
    maxPerMinute: s.notifications.maxPerMinute,
    quotaGb: gbFromBytes(s.storage.recordingsQuotaBytes),
    floorGb: gbFromBytes(s.storage.freeSpaceFloorBytes),
    retentionMinutes: s.storage.retentionIntervalMinutes,
    threads: s.detection.threads,
    linkBaseUrl: s.alerts.linkBaseUrl,
  };
}

/** The app form before the settings have arrived: the schema's defaults. */
export const emptyAppForm = (): AppForm => appFormFrom(appSettingsSchema.parse({}));

export function appPatchFrom(f: AppForm): AppSettingsPatch {
  return {
    notifications: { armed: f.armed, maxPerMinute: f.maxPerMinute },
    storage: {
      recordingsQuotaBytes: bytesFromGb(f.quotaGb),
      freeSpaceFloorBytes: bytesFromGb(f.floorGb),
      retentionIntervalMinutes: f.retentionMinutes,
    },
    detection: { threads: f.threads },
    alerts: { linkBaseUrl: f.linkBaseUrl.trim() },
  };
}

export interface CameraForm {
  enabled: boolean;
  notify: boolean;
  mode: 'always' | 'never' | 'windows';
  windows: ScheduleWindow[];
  cooldown: number;
  onlyPeople: boolean;
  retainDays: number;
  recordingMode: 'off' | 'events' | 'continuous';
  continuousDays: number;
  detect: boolean;
  scorePercent: number;
  minPersonPercent: number;
  motionThreshold: number;
  minMotionPercent: number;
}

type CameraSettings = Pick<Camera, 'enabled' | 'notifications' | 'events' | 'recording' | 'detection' | 'motion'>;

export function cameraFormFrom(c: CameraSettings): CameraForm {
  return {
    enabled: c.enabled,
    notify: c.notifications.enabled,
    mode: c.notifications.schedule.mode,
    windows: c.notifications.schedule.windows.map((w) => ({ ...w, days: [...w.days] })),
    cooldown: c.notifications.cooldownSeconds,
    onlyPeople: c.notifications.onlyPeople,
    retainDays: c.events.retainDays,
    recordingMode: c.recording.mode,
    continuousDays: c.recording.continuousDays,
    detect: c.detection.enabled,
    scorePercent: scorePercentFrom(c.detection.scoreThreshold),
    minPersonPercent: percentFromRatio(c.detection.minPersonAreaRatio),
    motionThreshold: c.motion.threshold,
    minMotionPercent: percentFromRatio(c.motion.minAreaRatio),
  };
}

/** The camera form before a camera is chosen: a new camera's defaults. */
export function emptyCameraForm(): CameraForm {
  return cameraFormFrom({
    enabled: true,
    notifications: notificationSettingsSchema.parse({}),
    events: eventSettingsSchema.parse({}),
    recording: recordingSettingsSchema.parse({}),
    detection: detectionSettingsSchema.parse({}),
    motion: motionSettingsSchema.parse({}),
  });
}

export function cameraPatchFrom(f: CameraForm): CameraPatch {
  return {
    enabled: f.enabled,
    notifications: {
      enabled: f.notify,
      schedule: { mode: f.mode, windows: f.windows },
      cooldownSeconds: f.cooldown,
      onlyPeople: f.onlyPeople,
    },
    events: { retainDays: f.retainDays },
    recording: { mode: f.recordingMode, continuousDays: f.continuousDays },
    detection: { enabled: f.detect, scoreThreshold: ratioFromPercent(f.scorePercent), minPersonAreaRatio: ratioFromPercent(f.minPersonPercent) },
    motion: { threshold: f.motionThreshold, minAreaRatio: ratioFromPercent(f.minMotionPercent) },
  };
}

// Notification schedule and motion sensitivity in the owner's words (issue 15's smaller items).

/**
 * The windows a first "Add a window" gives: the hours a shop that opens Monday to Friday is closed — every night
 * (18:00 to 08:00, all seven days) and the whole weekend — so Saturday and Sunday are never left uncovered.
 */
export function closedHoursWindows(): ScheduleWindow[] {
  return [
    { days: [0, 1, 2, 3, 4, 5, 6], start: '18:00', end: '08:00' },
    { days: [0, 6], start: '08:00', end: '18:00' },
  ];
}

/** The window added next to others: every night, for the owner to change. */
export function nextWindow(): ScheduleWindow {
  return { days: [0, 1, 2, 3, 4, 5, 6], start: '18:00', end: '08:00' };
}

/** Motion sensitivity in words, each the brightness change (0–255) a pixel must pass (motion.threshold). */
const SENSITIVITY_LEVELS = [
  { threshold: 12, key: 'settings_motion_very_high' },
  { threshold: 18, key: 'settings_motion_high' },
  { threshold: 25, key: 'settings_motion_normal' },
  { threshold: 40, key: 'settings_motion_low' },
  { threshold: 60, key: 'settings_motion_very_low' },
] as const satisfies ReadonlyArray<{ threshold: number; key: keyof Catalog }>;

/** The five levels in a language (the page passes `i18n.m`; English when none is given). */
export function motionSensitivity(m: Catalog = en): Array<{ threshold: number; label: string }> {
  return SENSITIVITY_LEVELS.map((s) => ({ threshold: s.threshold, label: m[s.key] }));
}

/** The five levels in English. */
export const MOTION_SENSITIVITY: ReadonlyArray<{ threshold: number; label: string }> = motionSensitivity(en);

/** The choices for a camera's threshold: the five levels, and the camera's own value when it is none of them. */
export function sensitivityChoices(threshold: number, m: Catalog = en): Array<{ threshold: number; label: string }> {
  const levels = motionSensitivity(m);
  if (levels.some((s) => s.threshold === threshold)) return levels;
  const custom = { threshold, label: m.settings_motion_custom({ threshold }) };
  return [...levels, custom].sort((a, b) => a.threshold - b.threshold);
}
