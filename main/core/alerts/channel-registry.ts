// Each alert channel type's transport: type → factory. The entries (service mode, the desktop app) hand this to the
// engine (EngineOptions.alertChannelFactories); tests hand their own channels through the same option.
import type { AlertChannelType } from '../../../preload/alert-channels.ts';
import type { ChannelFactory } from './alert-channel.ts';
import { createWebhookChannel } from './channels/webhook-channel.ts';
import { createTelegramChannel } from './channels/telegram-channel.ts';
import { createLineChannel } from './channels/line-channel.ts';
import { createNtfyChannel } from './channels/ntfy-channel.ts';
import { createMqttChannel } from './channels/mqtt-channel.ts';
import { createEmailChannel } from './channels/email-channel.ts';

export const channelFactories: Record<AlertChannelType, ChannelFactory> = {
  webhook: createWebhookChannel,
  telegram: createTelegramChannel,
  line: createLineChannel,
  ntfy: createNtfyChannel,
  mqtt: createMqttChannel,
  email: createEmailChannel,
};
