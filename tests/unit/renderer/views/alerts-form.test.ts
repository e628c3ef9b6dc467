// The Settings page's alert channel form (renderer/src/views/alerts-form.ts): every type's empty form saves as a
// channel the wire schema accepts once its required fields are filled, a saved channel round-trips, and secrets are
// write-only (empty keeps, "clear" removes, a typed value sets).
import { describe, expect, it } from 'vitest';
import { alertChannelSchema, CHANNEL_SECRETS, type AlertChannelType, type AlertChannelView } from '../../../../preload/alert-channels.ts';
import { channelFormFrom, channelSaveInput, emptyChannelForm, TYPE_FIELDS, TYPE_LABELS } from '../../../../renderer/src/views/alerts-form.ts';

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
