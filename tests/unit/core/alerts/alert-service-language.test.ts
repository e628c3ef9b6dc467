// The alert channels in the owner's language, against a real SQLite file and the real write guard: each alert is
// written in the `language` setting of the moment it is queued (null follows the OS), carries that language to the
// channel, and a change of the setting applies to the next alert: an event, a camera going offline, a test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
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
import { ownerSpeech } from '../../../../main/core/i18n/owner-locale.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { appSettingsSchema, cameraInputSchema, type AppSettings, type Camera } from '../../../../preload/settings-schema.ts';
import type { EventView } from '../../../../preload/contract.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';
import { waitFor } from '../../../fixtures/wait-for.ts';
import { scriptedChannel, type ScriptedChannel } from '../../../fixtures/test-alert-channels.ts';

let db: Db;
let service: AlertService;
let settings: AppSettings;
const made = new Map<string, ScriptedChannel>();
const front = { ...cameraInputSchema.parse({ name: 'Front door', mainUrl: 'rtsp://10.0.0.5/stream' }), id: 'front', subUrl: null, username: null, hasPassword: false, enabled: true, demo: false, createdAt: 1 } as unknown as Camera;
const startMs = new Date(2025, 10, 25, 14, 3, 27).getTime();

function event(id: string): EventView {
  return {
    id, cameraId: 'front', kind: 'person', startMs, endMs: null, updatedMs: startMs, peakRatio: 0.2, boxes: [], frameWidth: 320, frameHeight: 180,
    topScore: 0.8, personBox: null, hasSnapshot: false, keepForever: false, trackId: 7, path: [], zone: null, reviewed: false,
  };
}

beforeEach(() => {
  db = openDatabase(path.join(tempDataDir('nvr-alerts-lang-'), 'nvr.sqlite'), { logger: silentLogger() });
  const outbox = new AlertOutboxRepository(db);
  const guard = new WriteGuard({ events: new EventRepository(db), activity: new ActivityRepository(db), segments: new SegmentRepository(db), alerts: outbox, logger: silentLogger() });
  settings = appSettingsSchema.parse({ language: 'th' });
  made.clear();
  service = new AlertService({
    channels: new AlertChannelRepository(db),
    outbox,
    box: createAesSecretBox(randomBytes(32)),
    factories: {
      telegram: (ctx) => {
        const ch = scriptedChannel(ctx.config.id);
        made.set(ctx.config.id, ch);
        return ch;
      },
    },
    writes: guard,
    snapshotFile: async () => null,
    cameras: () => [front],
    settings: () => settings,
    logger: silentLogger(),
    plan: { curve: { firstMs: 20, maxMs: 50 }, giveUpAfterMs: 60_000 },
    // The OS says Vietnamese: what a null setting follows.
    speech: ownerSpeech(() => settings.language, { LANG: 'vi_VN.UTF-8' }),
  });
  service.start();
});
afterEach(async () => {
  await service.close();
  db.close();
});

describe('AlertService in the owner language', () => {
  it('writes each alert in the setting of the moment, and tells the channel its language', async () => {
    const ch = service.save({ type: 'telegram', chatId: '42', name: 'Phone', followSchedule: false }, undefined);
    service.eventAlert(event('e1'), front, 'person');
    await waitFor(() => made.get(ch.id)!.delivered.length === 1, 3000, 'the Thai alert', 20);
    settings = { ...settings, language: 'pt-BR', alerts: { ...settings.alerts, offlineAfterSeconds: 0.1 } };
    service.cameraState('front', { state: 'reconnecting', reason: null });
    await waitFor(() => made.get(ch.id)!.delivered.length === 2, 3000, 'the Portuguese offline alert', 20);
    settings = { ...settings, language: null };
    expect((await service.test(ch.id)).ok).toBe(true);
    const [thai, offline] = made.get(ch.id)!.delivered;
    expect(thai).toMatchObject({ locale: 'th', title: 'พบคนที่ Front door', body: 'Front door · 14:03:27 · อังคาร 25 พ.ย. 2568' });
    expect(offline).toMatchObject({ locale: 'pt-BR', kind: 'camera-offline', title: 'Front door está offline' });
    expect(offline!.body).toMatch(/^Front door · sem imagem desde \d\d:\d\d:\d\d · /);
    const test = made.get(ch.id)!.tries.at(-1)!;
    expect(test).toMatchObject({ locale: 'vi', kind: 'test', title: 'Cảnh báo thử từ ShopWatch NVR' });
    expect(test.body).toBe('Đây là tin thử từ ShopWatch NVR qua kênh "Phone": cảnh báo sẽ được gửi đến đây.');
  });
});
