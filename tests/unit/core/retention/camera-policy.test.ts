// What retention keeps of a camera, from its settings, and the fallbacks for a camera that no longer exists: taken
// from the settings schema's defaults, so a changed default changes retention with it.
import { describe, expect, it } from 'vitest';
import { cameraInputSchema, eventSettingsSchema, recordingSettingsSchema } from '../../../../preload/settings-schema.ts';
import { DEFAULT_CAMERA_POLICY, DEFAULT_RETAIN_DAYS, cameraPolicy } from '../../../../main/core/retention/camera-policy.ts';
import { planRetention } from '../../../../main/core/retention/retention-plan.ts';
import { DAY_MS } from '../../../../main/core/retention/segment-retention-plan.ts';

describe('camera retention policy', () => {
  it('turns a camera’s settings into milliseconds and days', () => {
    const c = cameraInputSchema.parse({ name: 'Till', mainUrl: 'rtsp://10.0.0.7/s', recording: { mode: 'continuous', preRollSeconds: 8, postRollSeconds: 12, continuousDays: 3 }, events: { retainDays: 9 } });
    expect(cameraPolicy(c)).toEqual({ mode: 'continuous', preRollMs: 8000, postRollMs: 12_000, continuousDays: 3, eventRetainDays: 9 });
  });

  it('gives a removed camera a new camera’s defaults, from the schema', () => {
    const rec = recordingSettingsSchema.parse({});
    expect(DEFAULT_RETAIN_DAYS).toBe(eventSettingsSchema.parse({}).retainDays);
    expect(DEFAULT_CAMERA_POLICY).toEqual({
      mode: rec.mode,
      preRollMs: rec.preRollSeconds * 1000,
      postRollMs: rec.postRollSeconds * 1000,
      continuousDays: rec.continuousDays,
      eventRetainDays: DEFAULT_RETAIN_DAYS,
    });
  });

  it('keeps an unlisted camera’s events for the default days', () => {
    const now = 1_800_000_000_000;
    const ev = (id: string, ageDays: number) => ({ id, cameraId: 'gone', startMs: now - ageDays * DAY_MS - 1000, endMs: now - ageDays * DAY_MS, bytes: 10, keepForever: false });
    const plan = planRetention({ events: [ev('old', DEFAULT_RETAIN_DAYS + 1), ev('young', DEFAULT_RETAIN_DAYS - 1)], now, retainDays: new Map(), freeBytes: 1e12, floorBytes: 0 });
    expect(plan.deletions.map((d) => d.id)).toEqual(['old']);
  });
});
