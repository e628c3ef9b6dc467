// `nvr alerts list`'s lines: each channel with its type, name, state and counts, and the reason when it is stopped.
import { describe, expect, it } from 'vitest';
import { alertsText } from '../../../main/cli/alerts.ts';
import { alertChannelSchema } from '../../../preload/alert-channels.ts';
import type { AlertChannelHealth } from '../../../preload/contract.ts';

describe('nvr alerts list', () => {
  it('prints one line per channel, the state and counts from health, and why a channel stopped', () => {
    const phone = { ...alertChannelSchema.parse({ id: 'phone-1', type: 'telegram', name: 'Owner phone', chatId: '42' }), secretsSet: ['botToken'] };
    const hook = { ...alertChannelSchema.parse({ id: 'hook-1', type: 'webhook', name: 'Office', url: 'https://x.example/h', enabled: false }), secretsSet: [] };
    const health = new Map<string, AlertChannelHealth>([
      ['phone-1', { id: 'phone-1', name: 'Owner phone', type: 'telegram', state: 'stopped', sent: 12, failed: 1, queued: 3, oldestQueuedAt: 1, lastError: 'stopped: Telegram refused the bot token (401).' }],
    ]);
    expect(alertsText([phone, hook], health)).toBe(
      'phone-1  telegram  Owner phone  stopped · 12 sent, 1 failed, 3 queued\n    stopped: Telegram refused the bot token (401).\nhook-1  webhook  Office  off',
    );
    expect(alertsText([], new Map())).toBe('No alert channels. Add one in Settings → Alerts.');
  });
});
