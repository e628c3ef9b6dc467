// The alert channels put together against a real SQLite file and the real write guard: secrets sealed (never in a view
// or in the database's bytes), routing by camera, kind, schedule and arm switch, one alert per event and kind, camera
// offline / online, deliveries per event, health per channel, "Send a test", and alerts held while writes are held.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Db } from '../../../../main/core/storage/database.ts';
import { EventRepository } from '../../../../main/core/storage/event-repository.ts';
import { ActivityRepository } from '../../../../main/core/storage/activity-repository.ts';
import { SegmentRepository } from '../../../../main/core/storage/segment-repository.ts';
import { AlertChannelRepository } from '../../../../main/core/storage/alert-channel-repository.ts';
import { AlertOutboxRepository } from '../../../../main/core/storage/alert-outbox-repository.ts';
import { WriteGuard } from '../../../../main/core/storage/write-guard.ts';
import { createAesSecretBox } from '../../../../main/core/cameras/secret-box.ts';
import { AlertService } from '../../../../main/core/alerts/alert-service.ts';
import { createMediaLinks } from '../../../../main/core/access/media-links.ts';
import type { ChannelContext, DeliveryResult } from '../../../../main/core/alerts/alert-channel.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { appSettingsSchema, cameraInputSchema, type AppSettings, type Camera } from '../../../../preload/settings-schema.ts';
import type { EventView } from '../../../../preload/contract.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';
import { waitFor } from '../../../fixtures/wait-for.ts';
import { scriptedChannel, type ScriptedChannel } from '../../../fixtures/test-alert-channels.ts';

const SECRET = 'bot-token-9f8e7d6c5b4a-very-secret';
let dir: string;
let db: Db;
let guard: WriteGuard;
let service: AlertService;
let settings: AppSettings;
const made = new Map<string, { ch: ScriptedChannel; ctx: ChannelContext }>();
let script: DeliveryResult[] = [];
let outbox: AlertOutboxRepository;

function makeService(extra: Partial<ConstructorParameters<typeof AlertService>[0]> = {}): AlertService {
  return new AlertService({
    channels: new AlertChannelRepository(db),
    outbox,
    box: createAesSecretBox(randomBytes(32)),
    factories: {
      telegram: (ctx) => {
        const ch = scriptedChannel(ctx.config.id, script.splice(0));
        made.set(ctx.config.id, { ch, ctx });
        return ch;
      },
    },
    writes: guard,
    snapshotFile: async () => null,
    cameras: () => cameras,
    settings: () => settings,
    logger: silentLogger(),
    plan: { curve: { firstMs: 20, maxMs: 50 }, giveUpAfterMs: 60_000 },
    ...extra,
  });
}

function camera(id: string, name: string, patch: Record<string, unknown> = {}): Camera {
  const parsed = cameraInputSchema.parse({ name, mainUrl: 'rtsp://10.0.0.5/stream', ...patch });
  return { ...parsed, id, subUrl: null, username: null, hasPassword: false, enabled: true, demo: false, createdAt: 1 } as unknown as Camera;
}
let cameras: Camera[];

function event(id: string, cameraId: string, kind: EventView['kind'] = 'person'): EventView {
  return {
    id, cameraId, kind, startMs: Date.now(), endMs: null, updatedMs: Date.now(), peakRatio: 0.2, boxes: [{ x: 1, y: 2, w: 3, h: 4 }],
    frameWidth: 320, frameHeight: 180, topScore: 0.8, personBox: null, hasSnapshot: false, keepForever: false, trackId: 7, path: [], zone: null, reviewed: false,
  };
}

beforeEach(() => {
  dir = tempDataDir('nvr-alerts-');
  db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
  outbox = new AlertOutboxRepository(db);
  guard = new WriteGuard({ events: new EventRepository(db), activity: new ActivityRepository(db), segments: new SegmentRepository(db), alerts: outbox, logger: silentLogger() });
  settings = appSettingsSchema.parse({});
  cameras = [camera('front', 'Front door'), camera('till', 'Till')];
  made.clear();
  script = [];
  service = makeService();
  service.start();
});
afterEach(async () => {
  await service.close();
  db.close();
});

const save = (config: Record<string, unknown>, secrets?: Record<string, string>) =>
  service.save({ type: 'telegram', chatId: '42', ...config }, secrets);
const delivered = (id: string) => made.get(id)?.ch.delivered.map((a) => `${a.kind}:${a.cameraId}:${a.eventId ?? ''}`) ?? [];

describe('AlertService', () => {
  it('seals secrets: views name them, the transport gets them, the database bytes never hold them', () => {
    const view = save({ name: 'Owner phone' }, { botToken: SECRET });
    expect(view.id).toMatch(/^owner-phone-[0-9a-f]{6}$/);
    expect(view.secretsSet).toEqual(['botToken']);
    expect(JSON.stringify(service.list())).not.toContain(SECRET);
    expect(made.get(view.id)?.ctx.secrets.botToken).toBe(SECRET);
    // Saving again without secrets keeps the token; '' clears it.
    expect(service.save({ ...view }, undefined).secretsSet).toEqual(['botToken']);
    expect(made.get(view.id)?.ctx.secrets.botToken).toBe(SECRET);
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of ['nvr.sqlite', 'nvr.sqlite-wal']) {
      const file = path.join(dir, f);
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(SECRET))).toBe(false);
    }
    expect(service.save({ ...view }, { botToken: '' }).secretsSet).toEqual([]);
    expect(() => save({ name: 'Bad' }, { password: 'x' })).toThrow('A telegram channel has no "password" secret (it takes: botToken).');
    expect(() => save({ name: '' })).toThrow(/This alert channel cannot be saved/);
  });

  it('routes each event to the channels whose cameras, kinds, schedule and arm switch take it, once per kind', async () => {
    const all = save({ name: 'All', kinds: ['person', 'motion'] });
    const tillOnly = save({ name: 'Till only', cameras: ['till'] });
    const always = save({ name: 'Always', followSchedule: false });
    service.eventAlert(event('e1', 'front'), cameras[0]!, 'person');
    service.eventAlert(event('e1', 'front'), cameras[0]!, 'person'); // the same again: not twice
    service.eventAlert(event('e2', 'till', 'motion'), cameras[1]!, 'opened');
    settings = { ...settings, notifications: { ...settings.notifications, armed: false } };
    service.eventAlert(event('e3', 'till'), cameras[1]!, 'person');
    await waitFor(() => delivered(all.id).length === 2 && delivered(always.id).length === 2 && delivered(tillOnly.id).length === 0, 3000, 'alerts', 20);
    await service.idle();
    expect(delivered(all.id)).toEqual(['person:front:e1', 'motion:till:e2']);
    expect(delivered(tillOnly.id)).toEqual([]); // e2 is motion (it takes person), e3 came while disarmed
    expect(delivered(always.id)).toEqual(['person:front:e1', 'person:till:e3']);
    const deliveries = service.deliveries('e1');
    expect(deliveries.map((d) => [d.channelName, d.state])).toEqual(expect.arrayContaining([['All', 'delivered'], ['Always', 'delivered']]));
    expect(deliveries).toHaveLength(2);
    const health = service.health().find((h) => h.id === all.id);
    expect(health).toMatchObject({ name: 'All', type: 'telegram', state: 'ok', sent: 2, failed: 0, queued: 0, oldestQueuedAt: null, lastError: null });
  });

  it('carries signed links to the event, its snapshot and clip: on the address in Settings, else the LAN address, else none', async () => {
    await service.close();
    const signer = createMediaLinks(randomBytes(32));
    let lan: string[] = [];
    service = makeService({ mediaLinks: signer, lanUrls: () => lan });
    service.start();
    const ch = save({ name: 'Links' });
    const sent = () => made.get(ch.id)?.ch.delivered ?? [];
    service.eventAlert(event('ev-1', 'front'), cameras[0]!, 'person');
    await waitFor(() => sent().length === 1, 3000, 'the first alert', 20);
    expect(sent()[0]!.links).toEqual({ event: null, snapshot: null, clip: null }); // PC only, no address set: no links

    lan = ['https://10.0.0.9:7480/'];
    service.eventAlert({ ...event('ev-2', 'front'), hasSnapshot: true }, cameras[0]!, 'person');
    await waitFor(() => sent().length === 2, 3000, 'the second alert', 20);
    const links = sent()[1]!.links;
    expect(links.event).toBe('https://10.0.0.9:7480/#/events/ev-2');
    for (const [link, pathname] of [[links.snapshot, '/media/events/ev-2/snapshot.jpg'], [links.clip, '/media/events/ev-2/clip.mp4']] as const) {
      const url = new URL(link!);
      expect(url.origin + url.pathname).toBe(`https://10.0.0.9:7480${pathname}`);
      expect(signer.verify(url.pathname, url.searchParams)).toBe(true);
      expect(signer.verify('/media/events/ev-1/snapshot.jpg', url.searchParams)).toBe(false); // for its own path only
      expect(signer.verify(url.pathname, url.searchParams, Date.now() + 8 * 86_400_000)).toBe(false); // a week at most
    }

    settings = { ...settings, alerts: { ...settings.alerts, linkBaseUrl: 'https://shop.example.net:7480' } };
    service.eventAlert(event('ev-3', 'till'), cameras[1]!, 'person');
    await waitFor(() => sent().length === 3, 3000, 'the third alert', 20);
    expect(sent()[2]!.links).toMatchObject({ event: 'https://shop.example.net:7480/#/events/ev-3', snapshot: null });
    expect(sent()[2]!.links.clip).toMatch(/^https:\/\/shop\.example\.net:7480\/media\/events\/ev-3\/clip\.mp4\?exp=\d+&sig=[\w-]{43}$/);
  });

  it('says a camera is offline after the delay, and online when it is back (only then)', async () => {
    const ch = save({ name: 'States' });
    settings = { ...settings, alerts: { ...settings.alerts, offlineAfterSeconds: 0.15 } };
    service.cameraState('front', { state: 'reconnecting', reason: 'The camera stopped answering.' });
    service.cameraState('till', { state: 'reconnecting', reason: null });
    service.cameraState('till', { state: 'streaming', reason: null }); // back before the delay: nothing said
    await waitFor(() => delivered(ch.id).length === 1, 3000, 'offline', 20);
    service.cameraState('front', { state: 'streaming', reason: null });
    await waitFor(() => delivered(ch.id).length === 2, 3000, 'online', 20);
    expect(delivered(ch.id)).toEqual(['camera-offline:front:', 'camera-online:front:']);
    const texts = made.get(ch.id)!.ch.delivered.map((a) => a.title);
    expect(texts).toEqual(['Front door is offline', 'Front door is back online']);
  });

  it('publishes camera states (online, motion, person) to the channels that keep them, only when they change', () => {
    const ch = save({ name: 'States' });
    service.cameraState('front', { state: 'streaming', reason: null });
    service.cameraState('front', { state: 'streaming', reason: null });
    const open = event('e1', 'front', 'person');
    service.eventState(open);
    service.eventState({ ...open, updatedMs: open.updatedMs + 1 });
    service.eventState({ ...open, endMs: Date.now() });
    service.cameraState('front', { state: 'reconnecting', reason: 'gone' });
    expect(made.get(ch.id)!.ch.states).toEqual([
      { cameraId: 'front', cameraName: 'Front door', online: true, motion: false, person: false },
      { cameraId: 'front', cameraName: 'Front door', online: true, motion: true, person: true },
      { cameraId: 'front', cameraName: 'Front door', online: true, motion: false, person: false },
      { cameraId: 'front', cameraName: 'Front door', online: false, motion: false, person: false },
    ]);
  });

  it('stops a channel on a fatal answer, shows why, and a good test clears it', async () => {
    script = [{ outcome: 'fatal', reason: 'Telegram refused the bot token (401 Unauthorized): enter the token BotFather gave you.' }];
    const ch = save({ name: 'Phone' });
    service.eventAlert(event('e1', 'front'), cameras[0]!, 'person');
    service.eventAlert(event('e2', 'front'), cameras[0]!, 'person');
    await waitFor(() => service.health()[0]?.state === 'stopped', 3000, 'stopped', 20);
    expect(service.health()[0]).toMatchObject({ state: 'stopped', failed: 1, queued: 1 });
    expect(service.health()[0]?.lastError).toBe('stopped: Telegram refused the bot token (401 Unauthorized): enter the token BotFather gave you.');
    made.get(ch.id)!.ch.script.push({ outcome: 'fatal', reason: 'Telegram refused the bot token (401 Unauthorized).' });
    expect(await service.test(ch.id)).toEqual({ ok: false, message: 'Telegram refused the bot token (401 Unauthorized).' });
    expect(await service.test(ch.id)).toEqual({ ok: true, message: 'The test alert was sent to Phone.' });
    await waitFor(() => delivered(ch.id).includes('person:front:e2'), 3000, 'the queued alert after the test', 20);
    expect(service.health()[0]).toMatchObject({ state: 'ok', failed: 1, queued: 0 });
  });

  it('holds alerts while writes are held (data folder away), then writes and sends them', async () => {
    const ch = save({ name: 'Phone' });
    guard.suspend();
    service.eventAlert(event('e1', 'front'), cameras[0]!, 'person');
    await new Promise((r) => setTimeout(r, 150));
    expect(delivered(ch.id)).toEqual([]);
    expect(guard.heldCount).toBe(1);
    guard.resume();
    await waitFor(() => delivered(ch.id).length === 1, 8000, 'the held alert', 20);
  });

  it('scrubs the channel secrets from every failure sentence it stores, logs or shows', async () => {
    script = [{ outcome: 'fatal', reason: `POST https://api.telegram.org/bot${SECRET}/sendPhoto answered 401` }];
    const ch = save({ name: 'Phone' }, { botToken: SECRET });
    service.eventAlert(event('e1', 'front'), cameras[0]!, 'person');
    await waitFor(() => service.health()[0]?.state === 'stopped', 3000, 'stopped', 20);
    const stored = db.prepare('SELECT last_error FROM alert_outbox').pluck().get();
    expect(stored).toBe('POST https://api.telegram.org/bot***/sendPhoto answered 401');
    expect(service.deliveries('e1')[0]?.lastError).toBe(stored);
    made.get(ch.id)!.ch.script.push({ outcome: 'fatal', reason: `Telegram said 401 for bot${SECRET}` });
    const tested = await service.test(ch.id);
    expect(tested).toEqual({ ok: false, message: 'Telegram said 401 for bot***' });
    expect(JSON.stringify(service.health())).not.toContain(SECRET);
  });

  it('gives up what a removed channel still had queued, with the reason', async () => {
    script = [{ outcome: 'fatal', reason: 'no' }];
    const ch = save({ name: 'Gone' });
    service.eventAlert(event('e1', 'front'), cameras[0]!, 'person');
    service.eventAlert(event('e2', 'front'), cameras[0]!, 'person');
    await waitFor(() => service.health()[0]?.state === 'stopped', 3000, 'stopped', 20);
    await service.remove(ch.id);
    expect(service.deliveries('e2')).toMatchObject([{ state: 'failed', lastError: 'The channel was removed before this alert was sent.' }]);
    await expect(service.remove(ch.id)).rejects.toThrow('There is no such alert channel');
  });
});
