// The Settings page's alert channel form (renderer/src/views/alerts-form.ts): every type's empty form saves as a
// channel the wire schema accepts once its required fields are filled, a saved channel round-trips, and secrets are
// write-only (empty keeps, "clear" removes, a typed value sets).
import { describe, expect, it } from 'vitest';
import { alertChannelSchema, CHANNEL_SECRETS, channelKindSchema, type AlertChannelType, type AlertChannelView } from '../../../../preload/alert-channels.ts';
import {
  channelFormFrom,
  channelSaveInput,
  emptyChannelForm,
  kindLabels,
  secretLabel,
  TYPE_FIELDS,
  TYPE_LABELS,
  typeLabels,
} from '../../../../renderer/src/views/alerts-form.ts';
import { catalogs } from '../../../../preload/i18n/all-catalogs.ts';
import { en } from '../../../../preload/i18n/catalog.ts';
import { locales } from '../../../../preload/i18n/locales.ts';

const REQUIRED: Record<AlertChannelType, Record<string, string | number>> = {
  webhook: { url: 'https://example.com/hook' },
  mqtt: { url: 'mqtt://127.0.0.1:1883' },
  telegram: { chatId: '42' },
  line: { to: 'U1234' },
  ntfy: { topic: 'shop-alerts' },
  email: { host: 'smtp.example.com', from: 'nvr@example.com', to: 'a@example.com, b@example.com' },
};

describe('alert channel form', () => {
  it('gives every type a form whose save input the schema accepts', () => {
    for (const type of Object.keys(TYPE_LABELS) as AlertChannelType[]) {
      const form = emptyChannelForm(type);
      Object.assign(form.fields, REQUIRED[type]);
      const { channel } = channelSaveInput(form);
      const parsed = alertChannelSchema.safeParse({ ...channel, id: 'x1' });
      expect(parsed.success, `${type}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
      for (const f of TYPE_FIELDS[type]) expect(channel).toHaveProperty(f.key);
    }
    const email = emptyChannelForm('email');
    Object.assign(email.fields, REQUIRED.email);
    expect(channelSaveInput(email).channel.to).toEqual(['a@example.com', 'b@example.com']);
  });

  it('round-trips a saved channel and sends only the secrets the owner typed or cleared', () => {
    const view: AlertChannelView = {
      ...alertChannelSchema.parse({ id: 'tg-1', type: 'telegram', name: 'Phone', chatId: '42', cameras: ['front'], kinds: ['person'] }),
      secretsSet: ['botToken'],
    };
    const form = channelFormFrom(view);
    expect(form).toMatchObject({ id: 'tg-1', allCameras: false, cameras: ['front'], kinds: ['person'], secretsSet: ['botToken'] });
    expect(channelSaveInput(form)).toEqual({
      channel: { id: 'tg-1', type: 'telegram', name: 'Phone', enabled: true, cameras: ['front'], kinds: ['person'], maxPerMinute: 10, followSchedule: true, chatId: '42', baseUrl: 'https://api.telegram.org' },
    });
    form.secrets.botToken = 'new-token';
    expect(channelSaveInput(form).secrets).toEqual({ botToken: 'new-token' });
    form.clear.botToken = true;
    expect(channelSaveInput(form).secrets).toEqual({ botToken: '' });
    expect(CHANNEL_SECRETS.telegram).toEqual(['botToken']);
  });
});

describe('alert channel form in the page’s language', () => {
  it('labels every field, option, secret and kind with a message every language has; names stay names', () => {
    for (const locale of locales) {
      const m = catalogs[locale];
      for (const type of Object.keys(TYPE_LABELS) as AlertChannelType[]) {
        for (const f of TYPE_FIELDS[type]) {
          expect(typeof m[f.label], `${locale} ${type}.${f.key}`).toBe('string');
          expect(m[f.label].length).toBeGreaterThan(0);
          for (const o of f.options ?? []) expect(m[o.label].length).toBeGreaterThan(0);
        }
        for (const name of CHANNEL_SECRETS[type]) expect(secretLabel(name, m), `${locale} ${name}`).not.toBe(name);
      }
      expect(Object.keys(kindLabels(m)).sort()).toEqual([...channelKindSchema.options].sort());
      expect(typeLabels(m).telegram).toBe('Telegram');
    }
    // English word for word as the page had it.
    expect(TYPE_FIELDS.email.find((f) => f.key === 'to')?.label).toBe('settings_alerts_field_to');
    expect(en.settings_alerts_field_to).toBe('To (comma-separated)');
    expect(TYPE_FIELDS.email.find((f) => f.key === 'security')?.options?.map((o) => [o.value, en[o.label]])).toEqual([
      ['starttls', 'starttls'],
      ['tls', 'tls'],
      ['none', 'none'],
    ]);
    expect(kindLabels()['camera-online']).toBe('Camera back online');
    expect(secretLabel('botToken')).toBe('Bot token');
    expect(secretLabel('somethingNew', catalogs.th)).toBe('somethingNew');
    expect(kindLabels(catalogs.th).person).toMatch(/[\u0E00-\u0E7F]/);
    expect(catalogs.vi[TYPE_FIELDS.email.find((f) => f.key === 'security')!.options![2]!.label]).toBe('không');
  });

  it('names a new channel for its type in the page’s language, and saves that name', () => {
    expect(emptyChannelForm('email').name).toBe('E-mail');
    const thai = emptyChannelForm('email', catalogs.th);
    expect(thai.name).toBe(catalogs.th.settings_alerts_type_email);
    Object.assign(thai.fields, REQUIRED.email);
    expect(channelSaveInput(thai).channel.name).toBe('อีเมล');
    expect(emptyChannelForm('ntfy', catalogs.vi).name).toBe('ntfy');
  });
});
