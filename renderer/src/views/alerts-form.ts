// The Settings page's alert channel form, pure: the fields each channel type has (from preload/alert-channels.ts), a
// form from a saved channel, and the save request from a form. Secrets are write-only: an empty secret box keeps what
// is saved, "clear" removes it, and the form never holds a saved secret's value (only whether it is set). Labels are
// message keys of the settings area; the page shows them in its language (`i18n.m[label]`).
// (English from its own area only, for callers that pass no catalog: the page always passes i18n.m)
import { settings as en, type SettingsMessages } from '../../../preload/i18n/settings/en.ts';

type Catalog = SettingsMessages;
import { CHANNEL_SECRETS, type AlertChannelType, type AlertChannelView, type ChannelKind, type ChannelSecrets } from '../../../preload/alert-channels.ts';

/** A message of the settings area that is plain text (a field's label, an option's name). */
export type SettingsText = { [K in keyof SettingsMessages]: SettingsMessages[K] extends string ? K : never }[keyof SettingsMessages];

export interface FieldSpec {
  key: string;
  /** The label's message (`i18n.m[label]`). */
  label: SettingsText;
  input: 'text' | 'url' | 'number' | 'checkbox' | 'select' | 'list';
  /** A select's values, each with the message that names it. */
  options?: ReadonlyArray<{ value: string; label: SettingsText }>;
  placeholder?: string;
}

const TYPE_LABEL_KEYS: Record<AlertChannelType, SettingsText> = {
  webhook: 'settings_alerts_type_webhook',
  mqtt: 'settings_alerts_type_mqtt',
  telegram: 'settings_alerts_type_telegram',
  line: 'settings_alerts_type_line',
  ntfy: 'settings_alerts_type_ntfy',
  email: 'settings_alerts_type_email',
};

const KIND_LABEL_KEYS: Record<ChannelKind, SettingsText> = {
  person: 'settings_alerts_kind_person',
  motion: 'settings_alerts_kind_motion',
  loitering: 'settings_alerts_kind_loitering',
  'camera-offline': 'settings_alerts_kind_camera_offline',
  'camera-online': 'settings_alerts_kind_camera_online',
};

const SECRET_LABEL_KEYS: Record<string, SettingsText> = {
  signingSecret: 'settings_alerts_secret_signing',
  password: 'settings_password',
  botToken: 'settings_alerts_secret_bot_token',
  channelAccessToken: 'settings_alerts_secret_channel_access_token',
  accessToken: 'settings_alerts_secret_access_token',
};

const labelsIn = <K extends string>(keys: Record<K, SettingsText>, m: Catalog): Record<K, string> =>
  Object.fromEntries(Object.entries<SettingsText>(keys).map(([k, key]) => [k, m[key]])) as Record<K, string>;

/** Each channel type's name in a language (the page passes `i18n.m`; English when none is given). */
export const typeLabels = (m: Catalog = en): Record<AlertChannelType, string> => labelsIn(TYPE_LABEL_KEYS, m);
/** Each kind of alert in a language. */
export const kindLabels = (m: Catalog = en): Record<ChannelKind, string> => labelsIn(KIND_LABEL_KEYS, m);
/** A secret's label in a language; its own name when it has none. */
export const secretLabel = (name: string, m: Catalog = en): string => {
  const key = SECRET_LABEL_KEYS[name];
  return key ? m[key] : name;
};

export const TYPE_LABELS: Record<AlertChannelType, string> = typeLabels(en);

export const TYPE_FIELDS: Record<AlertChannelType, readonly FieldSpec[]> = {
  webhook: [{ key: 'url', label: 'settings_alerts_field_address', input: 'url', placeholder: 'https://example.com/hook' }],
  mqtt: [
    { key: 'url', label: 'settings_alerts_field_broker', input: 'text', placeholder: 'mqtt://192.168.1.10:1883' },
    { key: 'username', label: 'settings_alerts_field_username', input: 'text' },
    { key: 'topicPrefix', label: 'settings_alerts_field_topic_prefix', input: 'text' },
    { key: 'discoveryPrefix', label: 'settings_alerts_field_discovery_prefix', input: 'text' },
    { key: 'allowSelfSigned', label: 'settings_alerts_field_broker_self_signed', input: 'checkbox' },
  ],
  telegram: [
    { key: 'chatId', label: 'settings_alerts_field_chat_id', input: 'text' },
    { key: 'baseUrl', label: 'settings_alerts_field_bot_api', input: 'url' },
  ],
  line: [
    { key: 'to', label: 'settings_alerts_field_line_to', input: 'text' },
    { key: 'baseUrl', label: 'settings_alerts_field_messaging_api', input: 'url' },
  ],
  ntfy: [
    { key: 'topic', label: 'settings_alerts_field_topic', input: 'text' },
    { key: 'baseUrl', label: 'settings_alerts_field_server', input: 'url' },
  ],
  email: [
    { key: 'host', label: 'settings_alerts_field_smtp_server', input: 'text' },
    { key: 'port', label: 'settings_alerts_field_port', input: 'number' },
    {
      key: 'security',
      label: 'settings_alerts_field_security',
      input: 'select',
      options: [
        { value: 'starttls', label: 'settings_alerts_security_starttls' },
        { value: 'tls', label: 'settings_alerts_security_tls' },
        { value: 'none', label: 'settings_alerts_security_none' },
      ],
    },
    { key: 'username', label: 'settings_alerts_field_username', input: 'text' },
    { key: 'from', label: 'settings_alerts_field_from', input: 'text' },
    { key: 'to', label: 'settings_alerts_field_to', input: 'list' },
    { key: 'allowSelfSigned', label: 'settings_alerts_field_server_self_signed', input: 'checkbox' },
  ],
};

const TYPE_DEFAULTS: Record<AlertChannelType, Record<string, string | number | boolean>> = {
  webhook: { url: '' },
  mqtt: { url: '', username: '', topicPrefix: 'shopwatch', discoveryPrefix: 'homeassistant', allowSelfSigned: false },
  telegram: { chatId: '', baseUrl: 'https://api.telegram.org' },
  line: { to: '', baseUrl: 'https://api.line.me' },
  ntfy: { topic: '', baseUrl: 'https://ntfy.sh' },
  email: { host: '', port: 587, security: 'starttls', username: '', from: '', to: '', allowSelfSigned: false },
};

export interface ChannelForm {
  id: string | null;
  type: AlertChannelType;
  name: string;
  enabled: boolean;
  allCameras: boolean;
  cameras: string[];
  kinds: ChannelKind[];
  maxPerMinute: number;
  followSchedule: boolean;
  fields: Record<string, string | number | boolean>;
  /** What the owner typed (empty = keep what is saved). */
  secrets: Record<string, string>;
  /** Secrets to remove. */
  clear: Record<string, boolean>;
  /** The secrets that are set (from the saved channel). */
  secretsSet: string[];
}

/** A new channel of a type, named for its type in the page's language (English when no catalog is given). */
export function emptyChannelForm(type: AlertChannelType, m: Catalog = en): ChannelForm {
  return {
    id: null,
    type,
    name: m[TYPE_LABEL_KEYS[type]],
    enabled: true,
    allCameras: true,
    cameras: [],
    kinds: ['person', 'camera-offline', 'camera-online'],
    maxPerMinute: 10,
    followSchedule: true,
    fields: { ...TYPE_DEFAULTS[type] },
    secrets: {},
    clear: {},
    secretsSet: [],
  };
}

export function channelFormFrom(view: AlertChannelView): ChannelForm {
  const record = view as unknown as Record<string, unknown>;
  const fields: Record<string, string | number | boolean> = {};
  for (const f of TYPE_FIELDS[view.type]) {
    const v = record[f.key];
    fields[f.key] = Array.isArray(v) ? v.join(', ') : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : '';
  }
  return {
    id: view.id,
    type: view.type,
    name: view.name,
    enabled: view.enabled,
    allCameras: view.cameras === null,
    cameras: view.cameras ?? [],
    kinds: [...view.kinds],
    maxPerMinute: view.maxPerMinute,
    followSchedule: view.followSchedule,
    fields,
    secrets: {},
    clear: {},
    secretsSet: [...view.secretsSet],
  };
}

/** The alerts.channels.save request for a form. */
export function channelSaveInput(form: ChannelForm): { channel: Record<string, unknown>; secrets?: ChannelSecrets } {
  const channel: Record<string, unknown> = {
    ...(form.id ? { id: form.id } : {}),
    type: form.type,
    name: form.name.trim(),
    enabled: form.enabled,
    cameras: form.allCameras ? null : [...form.cameras],
    kinds: [...form.kinds],
    maxPerMinute: Number(form.maxPerMinute),
    followSchedule: form.followSchedule,
  };
  for (const f of TYPE_FIELDS[form.type]) {
    const v = form.fields[f.key];
    if (f.input === 'list') channel[f.key] = String(v ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    else if (f.input === 'number') channel[f.key] = Number(v);
    else if (f.input === 'checkbox') channel[f.key] = Boolean(v);
    else channel[f.key] = String(v ?? '').trim();
  }
  const secrets: Record<string, string> = {};
  for (const name of CHANNEL_SECRETS[form.type]) {
    if (form.clear[name]) secrets[name] = '';
    else if (form.secrets[name]) secrets[name] = form.secrets[name]!;
  }
  return Object.keys(secrets).length > 0 ? { channel, secrets: secrets as ChannelSecrets } : { channel };
}
