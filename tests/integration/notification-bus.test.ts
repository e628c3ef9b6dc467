// NodeNotifierSink for real: node-notifier runs notify-send, which calls Notify on a private session bus where dunst
// owns org.freedesktop.Notifications and dbus-monitor watches. Without a display or a bus the sink must reject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startNotificationBus, type NotificationBus } from '../fixtures/notification-bus.ts';
import { NodeNotifierSink, unavailableMessage } from '../../main/core/notify/node-notifier-sink.ts';
import { Notifier } from '../../main/core/notify/notifier.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { notificationSettingsSchema, type Camera } from '../../preload/settings-schema.ts';
import type { EventView } from '../../preload/contract.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { openDatabase } from '../../main/core/storage/database.ts';
import { SettingsRepository } from '../../main/core/storage/settings-repository.ts';
import { ownerSpeech } from '../../main/core/i18n/owner-locale.ts';

const SESSION_VARS = ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR'] as const;

/**
 * node-notifier spawns notify-send with this process's environment (it has no env option): the test sets the session
 * variables for the duration of one send and puts the previous values back.
 */
async function withSessionEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = SESSION_VARS.map((k) => [k, process.env[k]] as const);
  for (const k of SESSION_VARS) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('NodeNotifierSink on a real D-Bus session', () => {
  let bus: NotificationBus;
  let dir: string;
  let icon: string;

  beforeAll(async () => {
    bus = await startNotificationBus();
    dir = tempDataDir('nvr-notify-');
    icon = path.join(dir, 'thumb.jpg');
    await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toFile(icon);
  });

  afterAll(async () => {
    await bus?.stop();
  });

  it('the bus fixture gives a bus address and a display', () => {
    expect(bus.env.DBUS_SESSION_BUS_ADDRESS).toMatch(/^unix:/);
    expect(bus.env.DISPLAY).toMatch(/^:\d+$/);
  });

  it('delivers the title, body and icon: observed by dbus-monitor', async () => {
    const sink = new NodeNotifierSink();
    const title = 'Person at "Front" door $HOME';
    const body = 'Front door · 14:03:27 · Tue 25 Nov';
    await withSessionEnv(bus.env, () => sink.send({ title, body, iconPath: icon }));
    const seen = await bus.waitForNotification((n) => n.title === title, 10_000);
    expect(seen.body).toBe(body);
    expect(seen.icon).toBe(icon);
    expect(seen.appName).toBe('ShopWatch NVR');
  });

  it('through the Notifier: consider() returns at once, the notification arrives, status counts it', async () => {
    const notifier = new Notifier({ sinks: [new NodeNotifierSink()], logger: silentLogger(), settings: () => ({ armed: true, maxPerMinute: 6 }) });
    const camera: Camera = {
      id: 'cam-bus',
      name: 'Courtyard',
      mainUrl: 'rtsp://192.0.2.1/stream',
      subUrl: null,
      username: null,
      hasPassword: false,
      enabled: true,
      demo: false,
      notifications: notificationSettingsSchema.parse({}),
      createdAt: 0,
    } as Camera;
    const event: EventView = {
      id: 'ev-bus',
      cameraId: camera.id,
      kind: 'motion',
      startMs: new Date(2025, 10, 25, 9, 5, 1).getTime(),
      endMs: null,
      updatedMs: 0,
      peakRatio: 0.05,
      boxes: [],
      frameWidth: 640,
      frameHeight: 480,
      topScore: null,
      personBox: null,
      hasSnapshot: false,
      keepForever: false,
      trackId: null,
      path: [],
      zone: null,
      reviewed: false,
    };
    await withSessionEnv(bus.env, async () => {
      expect(notifier.consider({ event, camera, trigger: 'opened', iconPath: null })).toEqual({ send: true });
      await notifier.idle();
    });
    const seen = await bus.waitForNotification((n) => n.title === 'Motion at Courtyard', 10_000);
    expect(seen.body).toBe('Courtyard · 09:05:01 · Tue 25 Nov');
    const status = notifier.status();
    expect(status.ok).toBe(true);
    expect(status.sent).toBe(1);
    expect(status.dispatchLatenciesMs).toHaveLength(1);
  });

  it("in the owner's language: Thai when the language setting is 'th' (the Buddhist year), English after it is changed", async () => {
    const db = openDatabase(path.join(dir, 'nvr-lang.sqlite'), { logger: silentLogger() });
    const settings = new SettingsRepository(db);
    settings.update({ language: 'th' });
    const notifier = new Notifier({
      sinks: [new NodeNotifierSink()],
      logger: silentLogger(),
      settings: () => ({ armed: true, maxPerMinute: 6 }),
      speech: ownerSpeech(() => settings.get().language, { LANG: 'en_GB.UTF-8' }),
    });
    const camera = { id: 'cam-th', name: 'หน้าร้าน', notifications: notificationSettingsSchema.parse({}) } as Camera;
    const startMs = new Date(2025, 10, 25, 9, 5, 1).getTime();
    const person = { id: 'ev-th', cameraId: camera.id, kind: 'person', startMs } as EventView;
    try {
      await withSessionEnv(bus.env, async () => {
        expect(notifier.consider({ event: person, camera, trigger: 'opened', iconPath: null })).toEqual({ send: true });
        await notifier.idle();
      });
      const thai = await bus.waitForNotification((n) => n.title === 'พบคนที่ หน้าร้าน', 10_000);
      expect(thai.body).toBe('หน้าร้าน · 09:05:01 · อังคาร 25 พ.ย. 2568');

      settings.update({ language: 'en' });
      const other = { id: 'cam-en', name: 'Stockroom', notifications: notificationSettingsSchema.parse({}) } as Camera;
      const motion = { id: 'ev-en', cameraId: other.id, kind: 'motion', startMs } as EventView;
      await withSessionEnv(bus.env, async () => {
        expect(notifier.consider({ event: motion, camera: other, trigger: 'opened', iconPath: null })).toEqual({ send: true });
        await notifier.idle();
      });
      const english = await bus.waitForNotification((n) => n.title === 'Motion at Stockroom', 10_000);
      expect(english.body).toBe('Stockroom · 09:05:01 · Tue 25 Nov');
    } finally {
      db.close();
    }
  });

  it('without a display or a session bus the send rejects with a clear message (and the Notifier reports it)', async () => {
    const sink = new NodeNotifierSink();
    const before = bus.seen.length;
    const failure = await withSessionEnv({}, () => sink.send({ title: 'Motion at Nowhere', body: 'x', iconPath: null }).then(
      () => null,
      (err: unknown) => err,
    ));
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^Desktop notifications are not available: /);
    expect((failure as Error).message).not.toMatch(/Command failed/);

    const notifier = new Notifier({ sinks: [sink], logger: silentLogger(), settings: () => ({ armed: true, maxPerMinute: 6 }) });
    const camera = { id: 'cam-x', name: 'Nowhere', notifications: notificationSettingsSchema.parse({}) } as Camera;
    const event = { id: 'ev-x', cameraId: 'cam-x', kind: 'motion', startMs: Date.now() } as EventView;
    await withSessionEnv({}, async () => {
      expect(notifier.consider({ event, camera, trigger: 'opened', iconPath: null }).send).toBe(true);
      await notifier.idle();
    });
    expect(notifier.status().ok).toBe(false);
    expect(notifier.status().lastError).toMatch(/^Desktop notifications are not available: /);
    expect(bus.seen.length).toBe(before);
  });

  it('the fixture names the apt packages when its tools are missing', async () => {
    const emptyBin = mkdtempSync(path.join(os.tmpdir(), 'nvr-nobin-'));
    const savedPath = process.env.PATH;
    process.env.PATH = emptyBin;
    try {
      await expect(startNotificationBus()).rejects.toThrow(/apt-get install -y dbus xvfb dunst/);
    } finally {
      process.env.PATH = savedPath;
      rmSync(emptyBin, { recursive: true, force: true });
    }
  });

  it('turns node-notifier errors into sentences', () => {
    expect(unavailableMessage(new Error('notify-send must be installed on the system.'))).toBe(
      'Desktop notifications are not available: notify-send is not installed (on Debian or Ubuntu: apt install libnotify-bin)',
    );
    expect(unavailableMessage(new Error('Command failed: notify-send "Motion at X" "body"\nCannot autolaunch D-Bus without X11 $DISPLAY\n'))).toBe(
      'Desktop notifications are not available: Cannot autolaunch D-Bus without X11 $DISPLAY (is a desktop session running?)',
    );
  });
});
