// Notification clicks open the window on their event: the engine's real Notifier (policy unchanged) hands a
// notification to the desktop sink, whose presenter records what Electron would be asked to show; "clicking" it
// calls the window opener with the renderer route #/events/<id>.
import { describe, expect, it } from 'vitest';
import { Notifier } from '../../../main/core/notify/notifier.ts';
import { silentLogger } from '../../../main/core/logging/logger.ts';
import { cameraInputSchema, type Camera } from '../../../preload/settings-schema.ts';
import type { EventView } from '../../../preload/contract.ts';
import { DesktopNotificationSink, eventIdOfRoute, eventRoute, windowUrlFor, type NotificationSpec } from '../../../main/desktop/notification-routing.ts';
import { APP_INDEX_URL } from '../../../main/desktop/app-protocol.ts';

function camera(id: string, name: string): Camera {
  const { password: _p, ...input } = cameraInputSchema.parse({ name, mainUrl: 'rtsp://192.0.2.1/stream' });
  return { ...input, id, hasPassword: false, enabled: true, demo: false, createdAt: 0 } as Camera;
}

function event(id: string, cameraId: string, kind: 'motion' | 'person'): EventView {
  return {
    id,
    cameraId,
    kind,
    startMs: new Date(2026, 10, 25, 14, 3, 27).getTime(),
    endMs: null,
    updatedMs: 0,
    peakRatio: 0.2,
    boxes: [],
    frameWidth: 640,
    frameHeight: 480,
    topScore: kind === 'person' ? 0.8 : null,
    personBox: null,
    hasSnapshot: true,
    keepForever: false,
    trackId: null,
    path: [],
    zone: null,
    reviewed: false,
  } as EventView;
}

function setup() {
  const shown: Array<{ spec: NotificationSpec; click: () => void }> = [];
  const opened: Array<string | null> = [];
  const sink = new DesktopNotificationSink(
    async (spec, onClick) => {
      shown.push({ spec, click: onClick });
    },
    (route) => opened.push(route),
    '/opt/shopwatch/resources/icons/icon.png',
  );
  const notifier = new Notifier({ sinks: [sink], logger: silentLogger(), settings: () => ({ armed: true, maxPerMinute: 6 }) });
  return { shown, opened, notifier, sink };
}

describe('notification click routing', () => {
  it('clicking a notification opens the window on its event', async () => {
    const { shown, opened, notifier } = setup();
    const front = camera('cam-1', 'Front door');
    expect(notifier.consider({ event: event('ev_Person-1', 'cam-1', 'person'), camera: front, trigger: 'person', iconPath: '/data/snapshots/t.jpg' }).send).toBe(true);
    await notifier.idle();
    expect(shown).toHaveLength(1);
    expect(shown[0]!.spec).toEqual({
      title: 'Person at Front door',
      body: expect.stringMatching(/^Front door · 14:03:27 · /),
      iconPath: '/data/snapshots/t.jpg',
      route: '#/events/ev_Person-1',
    });
    expect(opened).toEqual([]);
    shown[0]!.click();
    expect(opened).toEqual(['#/events/ev_Person-1']);
    expect(windowUrlFor(opened[0]!)).toBe(`${APP_INDEX_URL}#/events/ev_Person-1`);
    expect(notifier.status()).toMatchObject({ ok: true, sent: 1, failed: 0 });
  });

  it('each notification opens its own event, and the policy still decides (disarmed: nothing shown)', async () => {
    const { shown, opened, notifier } = setup();
    const front = camera('cam-1', 'Front door');
    const back = camera('cam-2', 'Back room');
    notifier.consider({ event: event('a1', 'cam-1', 'motion'), camera: front, trigger: 'opened', iconPath: null });
    notifier.consider({ event: event('b2', 'cam-2', 'motion'), camera: back, trigger: 'opened', iconPath: null });
    await notifier.idle();
    expect(shown.map((s) => s.spec.route)).toEqual(['#/events/a1', '#/events/b2']);
    expect(shown[0]!.spec.iconPath).toBe('/opt/shopwatch/resources/icons/icon.png'); // no thumbnail: the app icon
    shown[1]!.click();
    shown[0]!.click();
    expect(opened).toEqual(['#/events/b2', '#/events/a1']);

    const disarmed = new Notifier({ sinks: [setup().sink], logger: silentLogger(), settings: () => ({ armed: false, maxPerMinute: 6 }) });
    expect(disarmed.consider({ event: event('c3', 'cam-1', 'person'), camera: front, trigger: 'person', iconPath: null }).send).toBe(false);
  });

  it('a notification that cannot be shown is a failure the notifier reports', async () => {
    const sink = new DesktopNotificationSink(
      async () => {
        throw new Error('Desktop notifications are not available: this system has no notification service.');
      },
      () => undefined,
    );
    const notifier = new Notifier({ sinks: [sink], logger: silentLogger(), settings: () => ({ armed: true, maxPerMinute: 6 }) });
    notifier.consider({ event: event('e1', 'cam-1', 'person'), camera: camera('cam-1', 'Till'), trigger: 'person', iconPath: null });
    await notifier.idle();
    expect(notifier.status()).toMatchObject({ ok: false, failed: 1, lastError: expect.stringMatching(/no notification service/) });
  });

  it('routes only valid event ids; without one the window opens on its page', () => {
    expect(eventRoute('abc_DEF-123')).toBe('#/events/abc_DEF-123');
    expect(() => eventRoute('../../settings')).toThrow();
    expect(() => eventRoute('')).toThrow();
    expect(eventIdOfRoute('#/events/abc_DEF-123')).toBe('abc_DEF-123');
    expect(eventIdOfRoute('#/events/a/b')).toBeNull();
    expect(eventIdOfRoute('javascript:alert(1)')).toBeNull();
    expect(windowUrlFor(null)).toBe(APP_INDEX_URL);
    const sink = new DesktopNotificationSink(async () => undefined, () => undefined);
    expect(sink.spec({ title: 't', body: 'b', iconPath: null }).route).toBeNull();
    expect(sink.spec({ title: 't', body: 'b', iconPath: null, eventId: 'bad id!' }).route).toBeNull();
  });
});
