// The one schema for settings: defaults fill everything, bad values are refused with sentences, patches stay partial.
import { describe, expect, it } from 'vitest';
import { appSettingsSchema, cameraInputSchema, cameraPatchSchema } from '../../preload/settings-schema.ts';
import { describeZodError } from '../../preload/contract.ts';

describe('settings schema', () => {
  it('fills every camera setting with its default', () => {
    const c = cameraInputSchema.parse({ name: '  Front door ', mainUrl: 'rtsp://10.0.0.5/s' });
    expect(c.name).toBe('Front door');
    expect(c).toMatchObject({
      enabled: true,
      demo: false,
      motion: { threshold: 25, minAreaRatio: 0.0008, masks: [], lightingGuardRatio: 0.6, absorbSeconds: 10 },
      events: { minMotionFrames: 3, quietGapSeconds: 10, maxEventSeconds: 1800, retainDays: 30 },
      notifications: { enabled: true, schedule: { mode: 'always', windows: [] }, cooldownSeconds: 60, onlyPeople: false },
      detection: { enabled: true, scoreThreshold: 0.5, zones: [] },
      analysis: { fps: 5, maxWidth: 640 },
    });
  });

  it('refuses bad values with readable messages', () => {
    const bad = cameraInputSchema.safeParse({ name: 'x\u0007', mainUrl: '', motion: { threshold: 500 }, notifications: { schedule: { mode: 'windows', windows: [{ days: [7], start: '25:00', end: '18:00' }] } } });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      const text = describeZodError(bad.error);
      expect(text).toMatch(/control characters/);
      expect(text).toMatch(/stream URL/);
      expect(text).toMatch(/motion.threshold/);
    }
    expect(cameraInputSchema.safeParse({ name: 'a'.repeat(81), mainUrl: 'rtsp://h/x' }).success).toBe(false);
    expect(cameraInputSchema.safeParse({ name: 'ok', mainUrl: 'rtsp://h/x', motion: { masks: [[[0, 0], [1, 1]]] } }).success).toBe(false); // a polygon needs 3 points
  });

  it('keeps a patch partial: nothing it does not mention gets a default', () => {
    const p = cameraPatchSchema.parse({ motion: { threshold: 40 } });
    expect(p).toEqual({ motion: { threshold: 40 } });
    expect(cameraPatchSchema.parse({})).toEqual({});
  });

  it('has app-wide defaults: a 2 GiB free-space floor, notifications armed, a rate cap', () => {
    const a = appSettingsSchema.parse({});
    expect(a.storage.freeSpaceFloorBytes).toBe(2 * 1024 ** 3);
    expect(a.notifications).toEqual({ armed: true, maxPerMinute: 6 });
    expect(a.detection.threads).toBe(0);
  });
});
