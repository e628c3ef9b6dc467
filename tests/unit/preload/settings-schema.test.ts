// The one schema for settings: defaults fill everything, bad values are refused with sentences, patches stay partial.
import { describe, expect, it } from 'vitest';
import { appSettingsSchema, cameraInputSchema, cameraPatchSchema, trackingSettingsSchema } from '../../../preload/settings-schema.ts';
import { trackingConfigs } from '../../../main/core/tracking/tracking-settings.ts';
import { describeZodError } from '../../../preload/contract.ts';

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

  it('has tracking defaults: lost after 2 s, stationary after 10 s, 1 check a second (2 while new or near someone), no lines, no loitering zones', () => {
    expect(trackingSettingsSchema.parse({})).toEqual({
      lostSeconds: 2,
      stationarySeconds: 10,
      activeChecksPerSecond: 1,
      stationaryCheckSeconds: 10,
      fullFrameSeconds: 30,
      lines: [],
      loiterZones: [],
    });
    const t = trackingSettingsSchema.parse({
      lines: [{ name: ' Front door ', a: [0.1, 0.6], b: [0.9, 0.6] }],
      loiterZones: [{ name: 'Till', polygon: [[0.4, 0.4], [0.6, 0.4], [0.5, 0.8]] }],
    });
    expect(t.lines).toEqual([{ name: 'Front door', a: [0.1, 0.6], b: [0.9, 0.6] }]);
    expect(t.loiterZones[0]!.seconds).toBe(60);
  });

  it('refuses bad tracking settings with sentences that say what to fix', () => {
    const cases: [unknown, RegExp][] = [
      [{ lostSeconds: 0 }, /lostSeconds/],
      [{ activeChecksPerSecond: 50 }, /activeChecksPerSecond/],
      [{ lines: [{ name: 'Door', a: [0.5, 0.5], b: [0.505, 0.5] }] }, /too close together; draw a longer line/],
      [{ lines: [{ name: 'Door', a: [0.5, 1.5], b: [0.1, 0.5] }] }, /lines\.0\.a/],
      [{ lines: [{ name: '', a: [0, 0.5], b: [1, 0.5] }] }, /give it a name/],
      [{ lines: [{ name: 'Door', a: [0, 0.5], b: [1, 0.5] }, { name: 'door', a: [0, 0.2], b: [1, 0.2] }] }, /two lines have the same name/],
      [{ loiterZones: [{ name: 'Till', polygon: [[0, 0], [1, 1]] }] }, /loiterZones\.0\.polygon/],
      [{ loiterZones: [{ name: 'Till', polygon: [[0, 0], [1, 0], [1, 1]], seconds: 2 }] }, /seconds/],
    ];
    for (const [input, message] of cases) {
      const r = trackingSettingsSchema.safeParse(input);
      expect(r.success).toBe(false);
      if (!r.success) expect(describeZodError(r.error)).toMatch(message);
    }
  });

  it('turns tracking settings into the tracker, schedule and rules configurations (ms, the camera threshold)', () => {
    const t = trackingSettingsSchema.parse({
      lostSeconds: 3,
      lines: [{ name: 'Door', a: [0.1, 0.6], b: [0.9, 0.6] }],
      loiterZones: [{ name: 'Till', polygon: [[0.4, 0.4], [0.6, 0.4], [0.5, 0.8]], seconds: 45 }],
    });
    expect(trackingConfigs(t, 0.5)).toEqual({
      tracker: { lostAfterMs: 3000, stationaryAfterMs: 10_000, highScore: 0.5, newTrackScore: 0.5, lowScore: 0.2 },
      schedule: { activeChecksPerSecond: 1, stationaryCheckMs: 10_000, fullFrameEveryMs: 30_000 },
      lines: [{ id: 'Door', a: [0.1, 0.6], b: [0.9, 0.6] }],
      zones: [{ id: 'Till', polygon: [[0.4, 0.4], [0.6, 0.4], [0.5, 0.8]], seconds: 45 }],
    });
  });
});
