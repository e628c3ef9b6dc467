import { describe, it, expect } from 'vitest';
import { Notifier, type NotificationSink, type OutgoingNotification } from '../../../../main/core/notify/notifier.ts';
import { createLogger } from '../../../../main/core/logging/logger.ts';
import {
  analysisSettingsSchema,
  recordingSettingsSchema,
  trackingSettingsSchema,
  detectionSettingsSchema,
  eventSettingsSchema,
  motionSettingsSchema,
  notificationSettingsSchema,
  type Camera,
  type NotificationSettings,
} from '../../../../preload/settings-schema.ts';
import type { EventView } from '../../../../preload/contract.ts';

function camera(id: string, notifications: Partial<NotificationSettings> = {}): Camera {
  return {
    id,
    name: id === 'cam-1' ? 'Front door' : 'Back room',
    mainUrl: 'rtsp://192.0.2.1/stream',
    subUrl: null,
    username: null,
    hasPassword: false,
    enabled: true,
    demo: false,
    motion: motionSettingsSchema.parse({}),
    events: eventSettingsSchema.parse({}),
    notifications: { ...notificationSettingsSchema.parse({}), ...notifications },
    detection: detectionSettingsSchema.parse({}),
    analysis: analysisSettingsSchema.parse({}),
    recording: recordingSettingsSchema.parse({}),
    tracking: trackingSettingsSchema.parse({}),
    createdAt: 0,
  };
}

function event(id: string, cameraId: string, kind: 'motion' | 'person' = 'motion'): EventView {
  return {
    id,
    cameraId,
    kind,
    startMs: new Date(2025, 10, 25, 14, 3, 27).getTime(),
    endMs: null,
    updatedMs: 0,
    peakRatio: 0.1,
    boxes: [],
    frameWidth: 640,
    frameHeight: 480,
    topScore: null,
    personBox: null,
    hasSnapshot: true,
    keepForever: false,
    trackId: null,
    path: [],
    zone: null,
    reviewed: false,
  };
}

/** A logger whose JSON lines are kept. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } });
  return { logger, lines };
}

class RecordingSink implements NotificationSink {
  readonly name = 'recording';
  readonly received: OutgoingNotification[] = [];
  async send(n: OutgoingNotification): Promise<void> {
    this.received.push(n);
  }
}

describe('Notifier', () => {
  it('sends the title, body and icon to every sink and counts it', async () => {
    const a = new RecordingSink();
    const b = new RecordingSink();
    const { logger } = capturingLogger();
    const notifier = new Notifier({ sinks: [a, b], logger, settings: () => ({ armed: true, maxPerMinute: 6 }) });
    const result = notifier.consider({ event: event('ev-1', 'cam-1', 'person'), camera: camera('cam-1'), trigger: 'opened', iconPath: '/tmp/x.jpg' });
    expect(result).toEqual({ send: true });
    await notifier.idle();
    const expected = { title: 'Person at Front door', body: 'Front door · 14:03:27 · Tue 25 Nov', iconPath: '/tmp/x.jpg', eventId: 'ev-1', cameraId: 'cam-1' };
    expect(a.received).toEqual([expected]);
    expect(b.received).toEqual([expected]);
    const status = notifier.status();
    expect(status.ok).toBe(true);
    expect(status.lastError).toBeNull();
    expect(status.sent).toBe(1);
    expect(status.lastSentAt).toBeTypeOf('number');
    expect(status.dispatchLatenciesMs).toHaveLength(2);
    for (const ms of status.dispatchLatenciesMs) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('says in the next notification what the cooldown held back: "3 people since 14:02"', async () => {
    const sink = new RecordingSink();
    const { logger } = capturingLogger();
    let now = new Date(2025, 10, 25, 14, 2, 10).getTime();
    const notifier = new Notifier({ sinks: [sink], logger, settings: () => ({ armed: true, maxPerMinute: 6 }), now: () => now });
    const cam = camera('cam-1', { cooldownSeconds: 120 });
    const visitor = (id: string) => notifier.consider({ event: event(id, 'cam-1', 'person'), camera: cam, trigger: 'opened', iconPath: null });
    expect(visitor('v1')).toEqual({ send: true });
    now += 30_000;
    expect(visitor('v2')).toEqual({ send: false, reason: 'cooldown' });
    now += 30_000;
    expect(visitor('v3')).toEqual({ send: false, reason: 'cooldown' });
    // A repeat of an event already notified is not news: it is not counted.
    expect(notifier.consider({ event: event('v1', 'cam-1', 'person'), camera: cam, trigger: 'opened', iconPath: null }).send).toBe(false);
    now += 70_000; // the cooldown is over
    expect(visitor('v4')).toEqual({ send: true });
    now += 200_000;
    expect(visitor('v5')).toEqual({ send: true });
    await notifier.idle();
    expect(sink.received.map((n) => n.body)).toEqual([
      'Front door · 14:03:27 · Tue 25 Nov',
      'Front door · 14:03:27 · Tue 25 Nov · 3 people since 14:02',
      // Nothing was held back before the third: it says nothing more.
      'Front door · 14:03:27 · Tue 25 Nov',
    ]);
  });

  it('a failing sink: never throws, ok false with lastError, logged with the camera id', async () => {
    const { logger, lines } = capturingLogger();
    const failing: NotificationSink = {
      name: 'os',
      send: async () => {
        throw new Error('Desktop notifications are not available: no bus');
      },
    };
    const throwingSync: NotificationSink = {
      name: 'sync',
      send: () => {
        throw new Error('thrown synchronously');
      },
    };
    const notifier = new Notifier({ sinks: [failing, throwingSync], logger, settings: () => ({ armed: true, maxPerMinute: 6 }) });
    let result: { send: boolean } | undefined;
    expect(() => {
      result = notifier.consider({ event: event('ev-1', 'cam-1'), camera: camera('cam-1'), trigger: 'opened', iconPath: null });
    }).not.toThrow();
    expect(result?.send).toBe(true);
    await notifier.idle();
    const status = notifier.status();
    expect(status.ok).toBe(false);
    expect(status.lastError).toMatch(/not available|thrown synchronously/);
    expect(status.failed).toBe(2);
    const warnings = lines.filter((l) => l.msg === 'notification could not be shown');
    expect(warnings).toHaveLength(2);
    expect(warnings.every((w) => w.cameraId === 'cam-1' && w.eventId === 'ev-1')).toBe(true);
    expect(warnings.map((w) => w.err)).toContain('Desktop notifications are not available: no bus');
  });

  it('returns at once even when a sink never resolves, and times that send out', async () => {
    const never: NotificationSink = { name: 'stuck', send: () => new Promise<void>(() => undefined) };
    const { logger } = capturingLogger();
    const notifier = new Notifier({ sinks: [never], logger, settings: () => ({ armed: true, maxPerMinute: 6 }), timeoutMs: 200 });
    const t0 = performance.now();
    const result = notifier.consider({ event: event('ev-1', 'cam-1'), camera: camera('cam-1'), trigger: 'opened', iconPath: null });
    expect(performance.now() - t0).toBeLessThan(50);
    expect(result.send).toBe(true);
    expect(notifier.status().pending).toBe(1);
    expect(notifier.status().ok).toBe(true);
    await notifier.idle();
    const status = notifier.status();
    expect(status.ok).toBe(false);
    expect(status.lastError).toBe('the stuck notification did not answer within 0.2 s');
    expect(status.pending).toBe(0);
    expect(status.dispatchLatenciesMs).toEqual([]);
  });

  it('ok again once the failing sink works again; lastError is kept', async () => {
    let fail = true;
    const flaky: NotificationSink = {
      name: 'os',
      send: async () => {
        if (fail) throw new Error('no display');
      },
    };
    const { logger } = capturingLogger();
    const notifier = new Notifier({ sinks: [flaky], logger, settings: () => ({ armed: true, maxPerMinute: 6 }) });
    notifier.consider({ event: event('ev-1', 'cam-1'), camera: camera('cam-1'), trigger: 'opened', iconPath: null });
    await notifier.idle();
    expect(notifier.status().ok).toBe(false);
    fail = false;
    notifier.consider({ event: event('ev-2', 'cam-2'), camera: camera('cam-2'), trigger: 'opened', iconPath: null });
    await notifier.idle();
    expect(notifier.status().ok).toBe(true);
    expect(notifier.status().lastError).toBe('no display');
  });

  it('counts suppressions by reason and reads the arm switch at every decision', async () => {
    const sink = new RecordingSink();
    let armed = true;
    let clock = new Date(2025, 10, 25, 14, 0, 0).getTime();
    const { logger } = capturingLogger();
    const notifier = new Notifier({ sinks: [sink], logger, settings: () => ({ armed, maxPerMinute: 2 }), now: () => clock });
    const cam1 = camera('cam-1', { cooldownSeconds: 60 });
    const consider = (id: string, cam: Camera, trigger: 'opened' | 'person' = 'opened', kind: 'motion' | 'person' = 'motion') =>
      notifier.consider({ event: event(id, cam.id, kind), camera: cam, trigger, iconPath: null });

    expect(consider('ev-1', cam1)).toEqual({ send: true });
    clock += 5_000;
    expect(consider('ev-1', cam1, 'person', 'person')).toEqual({ send: false, reason: 'already-notified' });
    expect(consider('ev-2', cam1)).toEqual({ send: false, reason: 'cooldown' });
    expect(consider('ev-3', camera('cam-2', { cooldownSeconds: 0 }))).toEqual({ send: true });
    expect(consider('ev-4', camera('cam-3', { cooldownSeconds: 0 }))).toEqual({ send: false, reason: 'rate-limit' });
    expect(consider('ev-5', camera('cam-4', { enabled: false }))).toEqual({ send: false, reason: 'disabled' });
    expect(consider('ev-6', camera('cam-5', { onlyPeople: true }))).toEqual({ send: false, reason: 'only-people' });
    expect(consider('ev-7', camera('cam-6', { schedule: { mode: 'never', windows: [] } }))).toEqual({ send: false, reason: 'outside-schedule' });
    armed = false;
    expect(consider('ev-8', camera('cam-7'))).toEqual({ send: false, reason: 'disarmed' });
    await notifier.idle();

    const status = notifier.status();
    expect(status.sent).toBe(2);
    expect(sink.received.map((n) => n.title)).toEqual(['Motion at Front door', 'Motion at Back room']);
    expect(status.suppressed).toEqual({
      'already-notified': 1,
      cooldown: 1,
      'rate-limit': 1,
      disabled: 1,
      'only-people': 1,
      'outside-schedule': 1,
      disarmed: 1,
    });
    expect(status.lastSentAt).toBe(clock);
  });

  it('keeps the last 200 dispatch latencies', async () => {
    const sink = new RecordingSink();
    const second = new RecordingSink();
    const { logger } = capturingLogger();
    const notifier = new Notifier({ sinks: [sink, second], logger, settings: () => ({ armed: true, maxPerMinute: 120 }) });
    for (let i = 0; i < 205; i++) {
      notifier.consider({ event: event(`ev-${i}`, `cam-${i}`), camera: camera(`cam-${i}`, { cooldownSeconds: 0 }), trigger: 'opened', iconPath: null });
    }
    await notifier.idle();
    expect(sink.received).toHaveLength(120); // the rest hit the per-minute cap
    expect(notifier.status().suppressed['rate-limit']).toBe(85);
    // Two sinks: 240 sends resolved, the last 200 kept.
    expect(second.received).toHaveLength(120);
    expect(notifier.status().dispatchLatenciesMs).toHaveLength(200);
  });
});
