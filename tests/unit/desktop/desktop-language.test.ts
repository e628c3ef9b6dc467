// The desktop shell in the owner's language: the setting, else the OS's language matched to one the NVR speaks; the
// tray menu and the save dialogs in that language (the pure models, with the real catalogs); the tray rebuilt after
// every settings.update (the core's handlers over a real settings table in SQLite).
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { matchLocale } from '../../../preload/i18n/locales.ts';
import { desktopLocale, desktopMessages, afterSettingsUpdate } from '../../../main/desktop/desktop-language.ts';
import { trayModel, type TrayInput } from '../../../main/desktop/tray-menu.ts';
import { saveDialogFor } from '../../../main/desktop/download-save.ts';
import { createCoreApi } from '../../../main/core/api.ts';
import type { CoreServices } from '../../../main/core/core-services.ts';
import { openDatabase } from '../../../main/core/storage/database.ts';
import { SettingsRepository } from '../../../main/core/storage/settings-repository.ts';
import { silentLogger } from '../../../main/core/logging/logger.ts';
import { tempDataDir } from '../../fixtures/temp-data-dir.ts';

describe('matchLocale', () => {
  it('picks the first preferred language the NVR speaks, by region or by language', () => {
    expect(matchLocale(['th-TH'])).toBe('th');
    expect(matchLocale(['th'])).toBe('th');
    expect(matchLocale(['pt-BR'])).toBe('pt-BR');
    expect(matchLocale(['pt-PT'])).toBe('pt-BR');
    expect(matchLocale(['pt'])).toBe('pt-BR');
    expect(matchLocale(['vi-VN'])).toBe('vi');
    expect(matchLocale(['en-US', 'th'])).toBe('en');
    expect(matchLocale(['de-DE', 'vi'])).toBe('vi');
    expect(matchLocale(['pt_BR'])).toBe('pt-BR');
    expect(matchLocale(['de', 'fr-FR'])).toBe('en');
    expect(matchLocale([])).toBe('en');
  });
});

describe('the desktop’s language', () => {
  it('is the setting when there is one, else the OS’s', () => {
    expect(desktopLocale('vi', 'th')).toBe('vi');
    expect(desktopLocale(null, 'th')).toBe('th');
    expect(desktopLocale(null, 'pt-BR')).toBe('pt-BR');
    expect(desktopLocale(undefined, 'en-GB')).toBe('en');
    expect(desktopLocale(null, '')).toBe('en');
    expect(desktopMessages(null, 'th').desktop_quit).toBe('ออก (หยุดบันทึก)');
  });
});

const base: TrayInput = {
  cameras: [
    { name: 'Front door', state: 'streaming' },
    { name: 'Till', state: 'streaming' },
  ],
  armed: true,
  startAtLogin: false,
  loginItemSupported: true,
  lanEnabled: false,
  lanPasswordSet: false,
  lanAddress: null,
};

describe('the tray in Thai', () => {
  const th = desktopMessages('th', 'en-US');

  it('labels every item in Thai', () => {
    const m = trayModel(base, th);
    expect(m.tooltip).toBe('ShopWatch NVR: กล้อง 2 ตัวกำลังเฝ้าดู');
    expect(m.items).toEqual([
      { kind: 'label', label: 'กล้อง 2 ตัวกำลังเฝ้าดู' },
      { kind: 'label', label: 'เปิดการแจ้งเตือนอยู่' },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: 'เปิด ShopWatch NVR' },
      { kind: 'action', action: 'disarm', label: 'หยุดการแจ้งเตือนชั่วคราว (ปลดการเฝ้าระวัง)' },
      { kind: 'checkbox', action: 'toggle-login', label: 'เริ่มทำงานเมื่อฉันเข้าสู่ระบบ', checked: false },
      { kind: 'label', label: 'ดูจากโทรศัพท์: ตั้งรหัสผ่าน LAN ก่อน (nvr lan-password)' },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: 'ออก (หยุดบันทึก)' },
    ]);
  });

  it('names a failing camera, the LAN address and the paused state in Thai', () => {
    const failing = trayModel({ ...base, armed: false, cameras: [...base.cameras, { name: 'Back door', state: 'failed' }] }, th);
    expect(failing.items[0]).toEqual({ kind: 'label', label: 'กล้อง 1 จาก 3 ตัวมีปัญหา: Back door' });
    expect(failing.items).toContainEqual({ kind: 'action', action: 'arm', label: 'แจ้งเตือนต่อ (เปิดการเฝ้าระวัง)' });
    expect(failing.tooltip).toBe('ShopWatch NVR: กล้อง 1 จาก 3 ตัวมีปัญหา: Back door · หยุดการแจ้งเตือนชั่วคราว');
    const lan = trayModel({ ...base, lanPasswordSet: true, lanEnabled: true, lanAddress: 'http://192.168.1.5:7480/' }, th);
    expect(lan.items).toContainEqual({ kind: 'label', label: 'เปิดในโทรศัพท์ที่ http://192.168.1.5:7480/' });
  });

  it('says so in Portuguese and Vietnamese too, with the plural of the language', () => {
    expect(trayModel({ ...base, cameras: [{ name: 'a', state: 'disabled' }] }, desktopMessages('pt-BR', '')).items[0]).toEqual({ kind: 'label', label: '1 câmera, desligada' });
    expect(trayModel(base, desktopMessages('pt-BR', '')).items[0]).toEqual({ kind: 'label', label: '2 câmeras vigiando' });
    expect(trayModel(base, desktopMessages(null, 'vi-VN')).items[0]).toEqual({ kind: 'label', label: '2 camera đang theo dõi' });
  });
});

describe('the save dialog in the owner’s language', () => {
  it('titles, button and file type in Vietnamese', () => {
    const folders = { videos: '/home/shop/Videos', pictures: '/home/shop/Pictures' };
    expect(saveDialogFor('Till.jpg', folders, desktopMessages('vi', ''))).toMatchObject({
      title: 'Lưu ảnh',
      buttonLabel: 'Lưu',
      filters: [{ name: 'Ảnh JPEG', extensions: ['jpg', 'jpeg'] }],
      defaultPath: path.join('/home/shop/Pictures', 'Till.jpg'),
    });
  });
});

describe('afterSettingsUpdate', () => {
  it('tells the tray after the language is saved, and not when the save is refused', async () => {
    const dir = tempDataDir();
    const db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
    try {
      const settings = new SettingsRepository(db);
      const seen: Array<string | null> = [];
      const api = afterSettingsUpdate(createCoreApi({ settings } as unknown as CoreServices), () => seen.push(settings.get().language));
      await api['settings.update']({ language: 'th' });
      expect(seen).toEqual(['th']);
      expect(desktopMessages(settings.get().language, 'en-US').desktop_open).toBe('เปิด ShopWatch NVR');
      await expect(api['settings.update']({ notifications: { maxPerMinute: -3 } })).rejects.toThrow(/maxPerMinute/);
      expect(seen).toEqual(['th']);
      expect((await api['settings.get']({})).language).toBe('th');
    } finally {
      db.close();
    }
  });
});
