// The Settings view's conversions (renderer/src/views/settings-form.ts): the units a person types and back, the round
// trip of a real camera's settings, and empty forms that take the schema's defaults.
import { describe, expect, it } from 'vitest';
import {
  appSettingsSchema,
  cameraInputSchema,
  cameraPatchSchema,
  appSettingsPatchSchema,
} from '../../../../preload/settings-schema.ts';
import {
  GB,
  appFormFrom,
  appPatchFrom,
  bytesFromGb,
  cameraFormFrom,
  cameraPatchFrom,
  emptyAppForm,
  emptyCameraForm,
  gbFromBytes,
  percentFromRatio,
  ratioFromPercent,
  MOTION_SENSITIVITY,
  motionSensitivity,
  sensitivityChoices,
} from '../../../../renderer/src/views/settings-form.ts';
import { catalogs } from '../../../../preload/i18n/all-catalogs.ts';

describe('the app settings form', () => {
  it('shows bytes as GB with one decimal and saves whole bytes', () => {
    expect(gbFromBytes(2 * GB)).toBe(2);
    expect(gbFromBytes(1.26 * GB)).toBe(1.3);
    expect(gbFromBytes(0)).toBe(0);
    expect(bytesFromGb(0.5)).toBe(GB / 2);
    expect(Number.isInteger(bytesFromGb(1.3))).toBe(true);
  });

  it('starts from the schema defaults and saves a patch the API accepts', () => {
    const defaults = appSettingsSchema.parse({});
    const form = emptyAppForm();
    expect(form).toEqual({ armed: true, maxPerMinute: 6, quotaGb: 0, floorGb: 2, retentionMinutes: 5, threads: defaults.detection.threads, linkBaseUrl: '' });
    const patch = appPatchFrom({ ...form, quotaGb: 250, floorGb: 3.5, retentionMinutes: 15, armed: false, linkBaseUrl: ' https://shop-pc.example.net:7480 ' });
    expect(appSettingsPatchSchema.parse(patch)).toEqual(patch);
    expect(patch).toEqual({
      notifications: { armed: false, maxPerMinute: 6 },
      storage: { recordingsQuotaBytes: 250 * GB, freeSpaceFloorBytes: 3.5 * GB, retentionIntervalMinutes: 15 },
      detection: { threads: defaults.detection.threads },
      alerts: { linkBaseUrl: 'https://shop-pc.example.net:7480' },
    });
  });

  it('round-trips saved settings through the form', () => {
    const saved = appSettingsSchema.parse({ storage: { recordingsQuotaBytes: 120 * GB, freeSpaceFloorBytes: 5 * GB, retentionIntervalMinutes: 30 } });
    const patch = appPatchFrom(appFormFrom(saved));
    expect(patch.storage).toEqual({ recordingsQuotaBytes: 120 * GB, freeSpaceFloorBytes: 5 * GB, retentionIntervalMinutes: 30 });
  });
});

describe('the camera settings form', () => {
  const camera = cameraInputSchema.parse({
    name: 'Front door',
    mainUrl: 'rtsp://10.0.0.5/stream1',
    detection: { scoreThreshold: 0.62, minPersonAreaRatio: 0.0025 },
    motion: { threshold: 30, minAreaRatio: 0.0008 },
    events: { retainDays: 14 },
    recording: { mode: 'continuous', continuousDays: 10 },
    notifications: { cooldownSeconds: 120, schedule: { mode: 'windows', windows: [{ days: [1, 2, 3], start: '08:00', end: '18:00' }] } },
  });

  it('shows ratios of the picture as percents and scores as whole percents', () => {
    expect(percentFromRatio(0.0008)).toBe(0.08);
    expect(percentFromRatio(0.0025)).toBe(0.25);
    expect(ratioFromPercent(0.25)).toBeCloseTo(0.0025, 10);
    const form = cameraFormFrom({ ...camera, enabled: true });
    expect(form).toMatchObject({ scorePercent: 62, minPersonPercent: 0.25, minMotionPercent: 0.08, motionThreshold: 30, retainDays: 14, recordingMode: 'continuous', continuousDays: 10, cooldown: 120, mode: 'windows' });
  });

  it('saves what it showed: the patch parses and gives back the camera’s values', () => {
    const form = cameraFormFrom({ ...camera, enabled: true });
    const patch = cameraPatchSchema.parse(cameraPatchFrom(form));
    expect(patch.detection?.scoreThreshold).toBeCloseTo(0.62, 10);
    expect(patch.detection?.minPersonAreaRatio).toBeCloseTo(0.0025, 10);
    expect(patch.motion).toEqual({ threshold: 30, minAreaRatio: 0.0008 });
    expect(patch.notifications?.schedule).toEqual(camera.notifications.schedule);
    expect(patch.events).toEqual({ retainDays: 14 });
    expect(patch.recording).toEqual({ mode: 'continuous', continuousDays: 10 });
  });

  it('copies the schedule windows, so editing the form does not change the camera shown', () => {
    const form = cameraFormFrom({ ...camera, enabled: true });
    form.windows[0]!.days.push(4);
    expect(camera.notifications.schedule.windows[0]!.days).toEqual([1, 2, 3]);
  });

  it('starts from a new camera’s defaults', () => {
    const fresh = cameraInputSchema.parse({ name: 'New', mainUrl: 'rtsp://10.0.0.6/s' });
    expect(emptyCameraForm()).toEqual(cameraFormFrom({ ...fresh, enabled: true }));
    expect(emptyCameraForm()).toMatchObject({ retainDays: 30, continuousDays: 7, recordingMode: 'events', scorePercent: expect.any(Number) });
  });
});

describe('motion sensitivity in the page’s language', () => {
  it('names the five levels and a custom value in the catalog given, English when none is', () => {
    expect(motionSensitivity().map((s) => s.label)).toEqual(MOTION_SENSITIVITY.map((s) => s.label));
    expect(MOTION_SENSITIVITY.find((s) => s.threshold === 25)?.label).toBe('Normal (recommended)');
    for (const locale of ['th', 'pt-BR', 'vi'] as const) {
      const m = catalogs[locale];
      const levels = motionSensitivity(m);
      expect(levels.map((s) => s.threshold)).toEqual([12, 18, 25, 40, 60]);
      expect(levels.find((s) => s.threshold === 25)?.label).toBe(m.settings_motion_normal);
      expect(new Set(levels.map((s) => s.label)).size).toBe(5);
      const custom = sensitivityChoices(30, m).find((s) => s.threshold === 30);
      expect(custom?.label).toBe(m.settings_motion_custom({ threshold: 30 }));
      expect(custom?.label).toContain('30');
      expect(sensitivityChoices(40, m)).toEqual(levels);
    }
    expect(motionSensitivity(catalogs.th)[0]?.label).toMatch(/[\u0E00-\u0E7F]/);
  });
});
