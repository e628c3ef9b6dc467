// The alert channels' wire shapes (settings, the Settings page, `nvr`): where an alert goes besides the OS
// notification. One declaration, validated at both transports like contract.ts. A channel's secrets (tokens,
// passwords, the webhook's signing secret) are write-only: they come in through `secrets`, are sealed at rest like
// camera passwords, and come back out only as the names of the ones that are set (`secretsSet`).
import { z } from 'zod';

/** What an alert is about. `test` is the Settings page's "Send a test". */
export const alertKindSchema = z.enum(['person', 'motion', 'loitering', 'camera-offline', 'camera-online', 'test']);
export type AlertKind = z.infer<typeof alertKindSchema>;
/** The kinds an owner picks per channel. */
export const channelKindSchema = alertKindSchema.exclude(['test']);
export type ChannelKind = z.infer<typeof channelKindSchema>;

const httpsOrHttp = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), { message: 'The address must start with http:// or https://.' });

/** What every channel has: its own name, cameras, kinds, rate limit, and whether the cameras' arming schedule applies. */
const channelCommon = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  name: z.string().trim().min(1).max(60),
  enabled: z.boolean().default(true),
  /** Camera ids; null = every camera (also the ones added later). */
  cameras: z.array(z.string().max(64)).max(256).nullable().default(null),
  kinds: z.array(channelKindSchema).min(1).default(['person', 'camera-offline', 'camera-online']),
  /** At most this many alerts a minute on this channel (the rest wait in the outbox, none is dropped). */
  maxPerMinute: z.number().int().min(1).max(600).default(10),
  /** Follow each camera's notification schedule (and the global arm switch); off = always. */
  followSchedule: z.boolean().default(true),
};

export const webhookChannelSchema = z.object({
  ...channelCommon,
  type: z.literal('webhook'),
  url: httpsOrHttp,
});
export const mqttChannelSchema = z.object({
  ...channelCommon,
  type: z.literal('mqtt'),
  /** mqtt://host:1883 or mqtts://host:8883 (TLS). */
  url: z
    .string()
    .max(2048)
    .refine((u) => /^mqtts?:\/\/[^\s/]+/i.test(u), { message: 'The broker address must start with mqtt:// or mqtts://.' }),
  username: z.string().max(256).default(''),
  /** Topic prefix (Frigate's is "frigate"). */
  topicPrefix: z.string().regex(/^[^#+\s]{1,100}$/).default('shopwatch'),
  /** Home Assistant MQTT discovery under this prefix; empty = off. */
  discoveryPrefix: z.string().regex(/^([^#+\s]{1,100})?$/).default('homeassistant'),
  /** Accept a broker certificate no authority signed (a self-signed broker on the LAN). */
  allowSelfSigned: z.boolean().default(false),
});
export const telegramChannelSchema = z.object({
  ...channelCommon,
  type: z.literal('telegram'),
  chatId: z.string().trim().min(1).max(64),
  baseUrl: httpsOrHttp.default('https://api.telegram.org'),
});
export const lineChannelSchema = z.object({
  ...channelCommon,
  type: z.literal('line'),
  /** The user, group or room id the push message goes to. */
  to: z.string().trim().min(1).max(64),
  baseUrl: httpsOrHttp.default('https://api.line.me'),
});
export const ntfyChannelSchema = z.object({
  ...channelCommon,
  type: z.literal('ntfy'),
  topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, { message: 'An ntfy topic has letters, digits, - and _ only.' }),
  baseUrl: httpsOrHttp.default('https://ntfy.sh'),
});
export const emailChannelSchema = z.object({
  ...channelCommon,
  type: z.literal('email'),
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(587),
  /** 'tls' = TLS from the start (port 465), 'starttls' = upgrade (587), 'none' = plain (a LAN relay). */
  security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  username: z.string().max(256).default(''),
  from: z.string().trim().min(3).max(256),
  to: z.array(z.string().trim().min(3).max(256)).min(1).max(20),
  /** Accept a server certificate no authority signed. */
  allowSelfSigned: z.boolean().default(false),
});

export const alertChannelSchema = z.discriminatedUnion('type', [
  webhookChannelSchema,
  mqttChannelSchema,
  telegramChannelSchema,
  lineChannelSchema,
  ntfyChannelSchema,
  emailChannelSchema,
]);
export type AlertChannelConfig = z.output<typeof alertChannelSchema>;
export type AlertChannelType = AlertChannelConfig['type'];

/** The secrets each type takes (write-only). */
export const CHANNEL_SECRETS = {
  webhook: ['signingSecret'],
  mqtt: ['password'],
  telegram: ['botToken'],
  line: ['channelAccessToken'],
  ntfy: ['accessToken'],
  email: ['password'],
} as const satisfies Record<AlertChannelType, readonly string[]>;
export type ChannelSecrets = Partial<Record<'signingSecret' | 'password' | 'botToken' | 'channelAccessToken' | 'accessToken', string>>;
export const channelSecretsSchema = z
  .object({
    signingSecret: z.string().max(512),
    password: z.string().max(512),
    botToken: z.string().max(512),
    channelAccessToken: z.string().max(2048),
    accessToken: z.string().max(512),
  })
  .partial()
  .strict();

/** A channel as the API shows it: the config and which secrets are set, never their values. */
export type AlertChannelView = AlertChannelConfig & { secretsSet: string[] };
