// An alert e-mail in the owner's language, for real: the language setting saved in a real SQLite file, the alert
// service writing the alert when the event comes, the outbox sending it through the e-mail channel to a real SMTP
// server (the smtp-server package on 127.0.0.1), and the mail read back from the wire (subject and text decoded from
// their MIME encodings). The setting is 'pt-BR': the mail is in Portuguese; set to English, the next one is English.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { openDatabase, type Db } from '../../main/core/storage/database.ts';
import { EventRepository } from '../../main/core/storage/event-repository.ts';
import { ActivityRepository } from '../../main/core/storage/activity-repository.ts';
import { SegmentRepository } from '../../main/core/storage/segment-repository.ts';
import { AlertChannelRepository } from '../../main/core/storage/alert-channel-repository.ts';
import { AlertOutboxRepository } from '../../main/core/storage/alert-outbox-repository.ts';
import { SettingsRepository } from '../../main/core/storage/settings-repository.ts';
import { WriteGuard } from '../../main/core/storage/write-guard.ts';
import { createAesSecretBox } from '../../main/core/cameras/secret-box.ts';
import { AlertService } from '../../main/core/alerts/alert-service.ts';
import { createEmailChannel } from '../../main/core/alerts/channels/email-channel.ts';
import { ownerSpeech } from '../../main/core/i18n/owner-locale.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { cameraInputSchema, type Camera } from '../../preload/settings-schema.ts';
import type { EventView } from '../../preload/contract.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { waitFor } from '../fixtures/wait-for.ts';

const received: string[] = [];
let server: SMTPServer;
let port: number;
let db: Db;
let settings: SettingsRepository;
let service: AlertService;

const balcao = {
  ...cameraInputSchema.parse({ name: 'Balcão', mainUrl: 'rtsp://10.0.0.5/stream' }),
  id: 'balcao', subUrl: null, username: null, hasPassword: false, enabled: true, demo: false, createdAt: 1,
} as unknown as Camera;
const startMs = new Date(2025, 10, 25, 14, 3, 27).getTime();

function event(id: string): EventView {
  return {
    id, cameraId: balcao.id, kind: 'person', startMs, endMs: null, updatedMs: startMs, peakRatio: 0.2, boxes: [], frameWidth: 320,
    frameHeight: 180, topScore: 0.8, personBox: null, hasSnapshot: false, keepForever: false, trackId: 3, path: [], zone: null, reviewed: false,
  };
}

/** A header's value with its RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) decoded and folding undone. */
function headerValue(raw: string, name: string): string {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)) ?? '';
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' ')),
    );
}

/** Quoted-printable to text (soft line breaks joined, =XX bytes as UTF-8). */
function qp(text: string): string {
  const joined = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The text body of a single-part text/plain mail, decoded from its transfer encoding. */
function textBody(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const encoding = headerValue(raw, 'Content-Transfer-Encoding').toLowerCase();
  const body = raw.slice(split + 4).replace(/\r\n$/, '');
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return qp(body);
  return Buffer.from(body, 'latin1').toString('utf8');
}

beforeEach(async () => {
  server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('latin1'));
        callback();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.server.address() as AddressInfo).port;
  db = openDatabase(path.join(tempDataDir('nvr-mail-lang-'), 'nvr.sqlite'), { logger: silentLogger() });
  const outbox = new AlertOutboxRepository(db);
  settings = new SettingsRepository(db);
  const writes = new WriteGuard({ events: new EventRepository(db), activity: new ActivityRepository(db), segments: new SegmentRepository(db), alerts: outbox, logger: silentLogger() });
  service = new AlertService({
    channels: new AlertChannelRepository(db),
    outbox,
    box: createAesSecretBox(randomBytes(32)),
    factories: { email: createEmailChannel },
    writes,
    snapshotFile: async () => null,
    cameras: () => [balcao],
    settings: () => settings.get(),
    logger: silentLogger(),
    plan: { curve: { firstMs: 50, maxMs: 200 }, giveUpAfterMs: 30_000 },
    speech: ownerSpeech(() => settings.get().language, { LANG: 'en_GB.UTF-8' }),
  });
  service.start();
});

afterEach(async () => {
  await service.close();
  db.close();
  await new Promise<void>((r) => server.close(() => r()));
});
afterAll(() => {
  received.length = 0;
});

describe('an alert e-mail in the owner language (a real SMTP server)', () => {
  it("is in Portuguese when the setting is 'pt-BR', and the next one is English after the setting changes", async () => {
    settings.update({ language: 'pt-BR' });
    const mail = service.save(
      { type: 'email', name: 'Dono', host: '127.0.0.1', port, security: 'none', from: 'NVR <nvr@loja.example.test>', to: ['dono@loja.example.test'], followSchedule: false },
      undefined,
    );
    received.length = 0;
    service.eventAlert(event('ev-pt'), balcao, 'person');
    await waitFor(() => received.length === 1, 15_000, 'the Portuguese e-mail');
    expect(headerValue(received[0]!, 'Subject')).toBe('Pessoa em Balcão');
    expect(textBody(received[0]!)).toBe('Balcão · 14:03:27 · ter., 25 de nov. de 2025');

    expect(await service.test(mail.id)).toMatchObject({ ok: true });
    await waitFor(() => received.length === 2, 15_000, 'the Portuguese test e-mail');
    expect(headerValue(received[1]!, 'Subject')).toBe('Alerta de teste do ShopWatch NVR');
    expect(textBody(received[1]!)).toBe('Este é um teste do ShopWatch NVR no canal "Dono": os alertas vão chegar aqui.');

    settings.update({ language: 'en' });
    service.eventAlert(event('ev-en'), balcao, 'person');
    await waitFor(() => received.length === 3, 15_000, 'the English e-mail');
    expect(headerValue(received[2]!, 'Subject')).toBe('Person at Balcão');
    expect(textBody(received[2]!)).toBe('Balcão · 14:03:27 · Tue 25 Nov');
  });
});
