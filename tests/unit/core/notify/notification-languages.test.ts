// Notifications and alert texts in the owner's language: every language's words for an event, what the cooldown held
// back, a camera's offline / online alert and a channel's test (a Thai date with the Buddhist year); English word for
// word what it always was; the Notifier and an e-mail follow a change of the language setting at the next send.
import { describe, expect, it } from 'vitest';
import { cameraStateText, heldBackText, notificationText, testAlertText } from '../../../../main/core/notify/notification-text.ts';
import { englishSpeech, ownerSpeech, speechFor } from '../../../../main/core/i18n/owner-locale.ts';
import { Notifier, type OutgoingNotification } from '../../../../main/core/notify/notifier.ts';
import { mailMessage, type EmailConfig } from '../../../../main/core/alerts/channels/email-message.ts';
import type { OutgoingAlert } from '../../../../main/core/alerts/alert-channel.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { emailChannelSchema } from '../../../../preload/alert-channels.ts';
import { notificationSettingsSchema, type Camera } from '../../../../preload/settings-schema.ts';
import type { EventView } from '../../../../preload/contract.ts';
import type { Locale } from '../../../../preload/i18n/locales.ts';

const t = new Date(2025, 10, 25, 14, 3, 27).getTime();
const since = new Date(2025, 10, 25, 14, 2, 40).getTime();

describe('notification texts in each language', () => {
  it('English is what it always was, with or without the English speech', () => {
    for (const s of [undefined, englishSpeech, speechFor('en', { LANG: 'en_GB.UTF-8' })]) {
      expect(notificationText('Front door', 'person', t, s)).toEqual({ title: 'Person at Front door', body: 'Front door · 14:03:27 · Tue 25 Nov' });
    }
    expect(heldBackText({ people: 1, other: 2, sinceMs: since }, 'motion', englishSpeech)).toBe('1 person and 3 other events since 14:02');
    expect(cameraStateText('camera-offline', 'Till', t, { downSinceMs: since, reason: 'no answer' }, englishSpeech)).toEqual({
      title: 'Till is offline',
      body: 'Till · no picture since 14:02:40 · Tue 25 Nov · no answer',
    });
    expect(cameraStateText('camera-online', 'Till', t, {}, englishSpeech)).toEqual({ title: 'Till is back online', body: 'Till · back at 14:03:27 · Tue 25 Nov' });
    expect(testAlertText('Phone', englishSpeech)).toEqual({
      title: 'ShopWatch NVR test alert',
      body: 'This is a test from ShopWatch NVR on the "Phone" channel: alerts will arrive here.',
    });
  });

  it('Thai: Thai words, the Buddhist year (2568 for 2025), the 24-hour clock', () => {
    const th = speechFor('th');
    expect(notificationText('หน้าร้าน', 'person', t, th)).toEqual({ title: 'พบคนที่ หน้าร้าน', body: 'หน้าร้าน · 14:03:27 · อังคาร 25 พ.ย. 2568' });
    expect(notificationText('หน้าร้าน', 'motion', t, th).title).toBe('พบการเคลื่อนไหวที่ หน้าร้าน');
    expect(notificationText('หน้าร้าน', 'loitering', t, th).title).toBe('มีคนป้วนเปี้ยนอยู่ที่ หน้าร้าน');
    expect(notificationText('หน้าร้าน', 'person', t, th, { people: 2, other: 0, sinceMs: since }).body).toBe(
      'หน้าร้าน · 14:03:27 · อังคาร 25 พ.ย. 2568 · 3 คน ตั้งแต่ 14:02',
    );
    expect(heldBackText({ people: 1, other: 2, sinceMs: since }, 'motion', th)).toBe('1 คน และเหตุการณ์อื่น 3 รายการ ตั้งแต่ 14:02');
    expect(cameraStateText('camera-offline', 'Till', t, { downSinceMs: since }, th)).toEqual({
      title: 'Till ขาดการเชื่อมต่อ',
      body: 'Till · ไม่มีภาพตั้งแต่ 14:02:40 · อังคาร 25 พ.ย. 2568',
    });
    expect(cameraStateText('camera-online', 'Till', t, {}, th).title).toBe('Till กลับมาเชื่อมต่อแล้ว');
    expect(testAlertText('มือถือ', th).body).toBe('นี่คือการทดสอบจาก ShopWatch NVR ผ่านช่องทาง "มือถือ" การแจ้งเตือนจะส่งมาที่นี่');
  });

  it('Portuguese (Brazil): singular and plural, the day with the year', () => {
    const pt = speechFor('pt-BR');
    expect(notificationText('Caixa', 'person', t, pt)).toEqual({ title: 'Pessoa em Caixa', body: 'Caixa · 14:03:27 · ter., 25 de nov. de 2025' });
    expect(heldBackText({ people: 0, other: 1, sinceMs: since }, 'person', pt)).toBe('1 pessoa e 1 outro evento desde 14:02');
    expect(heldBackText({ people: 1, other: 2, sinceMs: since }, 'motion', pt)).toBe('1 pessoa e 3 outros eventos desde 14:02');
    expect(heldBackText({ people: 0, other: 2, sinceMs: since }, 'motion', pt)).toBe('3 eventos desde 14:02');
    expect(cameraStateText('camera-offline', 'Caixa', t, { downSinceMs: since }, pt).body).toBe('Caixa · sem imagem desde 14:02:40 · ter., 25 de nov. de 2025');
    expect(cameraStateText('camera-online', 'Caixa', t, {}, pt)).toEqual({ title: 'Caixa voltou a ficar online', body: 'Caixa · de volta às 14:03:27 · ter., 25 de nov. de 2025' });
    expect(testAlertText('Celular', pt).title).toBe('Alerta de teste do ShopWatch NVR');
  });

  it('Vietnamese: full diacritics, the day with the year', () => {
    const vi = speechFor('vi');
    expect(notificationText('Quầy', 'motion', t, vi)).toEqual({ title: 'Có chuyển động tại Quầy', body: 'Quầy · 14:03:27 · Thứ 3, 25 thg 11, 2025' });
    expect(heldBackText({ people: 2, other: 0, sinceMs: since }, 'person', vi)).toBe('3 người kể từ 14:02');
    expect(cameraStateText('camera-offline', 'Quầy', t, { downSinceMs: since }, vi).title).toBe('Quầy mất kết nối');
    expect(testAlertText('Điện thoại', vi).body).toBe('Đây là tin thử từ ShopWatch NVR qua kênh "Điện thoại": cảnh báo sẽ được gửi đến đây.');
  });
});

function camera(): Camera {
  return { id: 'cam-1', name: 'Till', notifications: notificationSettingsSchema.parse({ cooldownSeconds: 10 }) } as Camera;
}
function event(id: string, startMs: number): EventView {
  return { id, cameraId: 'cam-1', kind: 'person', startMs } as EventView;
}

describe('the Notifier writes in the owner language of the moment it sends', () => {
  it('a change of the setting applies to the next notification, and to what the cooldown held back', async () => {
    const sent: OutgoingNotification[] = [];
    let language: Locale | null = 'th';
    let now = t;
    const notifier = new Notifier({
      sinks: [{ name: 'memory', send: async (n) => void sent.push(n) }],
      logger: silentLogger(),
      settings: () => ({ armed: true, maxPerMinute: 10 }),
      now: () => now,
      speech: ownerSpeech(() => language, { LANG: 'en_GB.UTF-8' }),
    });
    expect(notifier.consider({ event: event('e1', t), camera: camera(), trigger: 'opened', iconPath: null }).send).toBe(true);
    language = 'pt-BR';
    now = t + 2_000;
    expect(notifier.consider({ event: event('e2', now), camera: camera(), trigger: 'opened', iconPath: null })).toEqual({ send: false, reason: 'cooldown' });
    now = t + 12_000;
    expect(notifier.consider({ event: event('e3', now), camera: camera(), trigger: 'opened', iconPath: null }).send).toBe(true);
    language = null; // follows the OS: en_GB
    now = t + 30_000;
    notifier.alert((s) => ({ title: s.m.notify_folder_back_title, body: s.m.notify_folder_back_body({ folder: '/data' }) }));
    await notifier.idle();
    expect(sent.map((n) => [n.title, n.body])).toEqual([
      ['พบคนที่ Till', 'Till · 14:03:27 · อังคาร 25 พ.ย. 2568'],
      ['Pessoa em Till', 'Till · 14:03:39 · ter., 25 de nov. de 2025 · 2 pessoas desde 14:03'],
      ['Recording resumed: the data folder is back', 'The data folder /data is back: recording resumed and the events kept meanwhile were saved.'],
    ]);
  });
});

describe('an e-mail in the alert language', () => {
  const config = emailChannelSchema.parse({ id: 'mail-1', type: 'email', name: 'Mail', host: 'smtp.example.test', from: 'nvr@example.test', to: ['dono@example.test'] }) as EmailConfig;
  const alert = (locale: Locale | undefined): OutgoingAlert => ({
    alertId: 'a1',
    kind: 'person',
    cameraId: 'cam-1',
    cameraName: 'Caixa',
    eventId: 'e1',
    title: 'Pessoa em Caixa',
    body: 'Caixa · 14:03:27 · ter., 25 de nov. de 2025',
    atMs: t,
    event: null,
    links: { event: 'https://nvr.example.net/events/e1', clip: 'https://nvr.example.net/clips/e1.mp4', snapshot: null },
    snapshot: null,
    ...(locale ? { locale } : {}),
  });

  it('says its link lines in Portuguese for a Portuguese alert, in English for one queued before languages', () => {
    expect(mailMessage(config, alert('pt-BR')).text).toBe(
      'Caixa · 14:03:27 · ter., 25 de nov. de 2025\n\nEvento: https://nvr.example.net/events/e1\n\nClipe: https://nvr.example.net/clips/e1.mp4',
    );
    expect(mailMessage(config, alert(undefined)).text).toContain('\n\nEvent: https://nvr.example.net/events/e1\n\nClip: https://nvr.example.net/clips/e1.mp4');
    expect(mailMessage(config, { ...alert(undefined), locale: 'xx' as Locale }).text).toContain('\n\nEvent: https://');
  });
});
