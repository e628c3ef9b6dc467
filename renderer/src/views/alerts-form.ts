// The Settings page's alert channel form, pure: the fields each channel type has (from preload/alert-channels.ts), a
// form from a saved channel, and the save request from a form. Secrets are write-only: an empty secret box keeps what
// is saved, "clear" removes it, and the form never holds a saved secret's value (only whether it is set).
import { CHANNEL_SECRETS, type AlertChannelType, type AlertChannelView, type ChannelKind, type ChannelSecrets } from '../../../preload/alert-channels.ts';

export interface FieldSpec {
  key: string;
  label: string;
  input: 'text' | 'url' | 'number' | 'checkbox' | 'select' | 'list';
  options?: readonly string[];
  placeholder?: string;
}

export const TYPE_LABELS: Record<AlertChannelType, string> = {
  webhook: 'Webhook',
  mqtt: 'MQTT (Home Assistant)',
  telegram: 'Telegram',
  line: 'LINE',
  ntfy: 'ntfy',
  email: 'E-mail',
};

export const KIND_LABELS: Record<ChannelKind, string> = {
  person: 'People',
  motion: 'Motion',
  loitering: 'Loitering',
  'camera-offline': 'Camera offline',
  'camera-online': 'Camera back online',
};

export const SECRET_LABELS: Record<string, string> = {
  signingSecret: 'Signing secret (HMAC-SHA256)',
  password: 'Password',
  botToken: 'Bot token',
  channelAccessToken: 'Channel access token',
  accessToken: 'Access token (optional)',
};

export const TYPE_FIELDS: Record<AlertChannelType, readonly FieldSpec[]> = {
  webhook: [{ key: 'url', label: 'Address', input: 'url', placeholder: 'https://example.com/hook' }],
  mqtt: [
    { key: 'url', label: 'Broker', input: 'text', placeholder: 'mqtt://192.168.1.10:1883' },
    { key: 'username', label: 'User name', input: 'text' },
    { key: 'topicPrefix', label: 'Topic prefix', input: 'text' },
    { key: 'discoveryPrefix', label: 'Home Assistant discovery prefix (empty = off)', input: 'text' },
    { key: 'allowSelfSigned', label: 'Accept a self-signed broker certificate', input: 'checkbox' },
  ],
  telegram: [
    { key: 'chatId', label: 'Chat id', input: 'text' },
    { key: 'baseUrl', label: 'Bot API address', input: 'url' },
  ],
  line: [
    { key: 'to', label: 'User, group or room id', input: 'text' },
    { key: 'baseUrl', label: 'Messaging API address', input: 'url' },
  ],
  ntfy: [
    { key: 'topic', label: 'Topic', input: 'text' },
    { key: 'baseUrl', label: 'Server', input: 'url' },
  ],
  email: [
    { key: 'host', label: 'SMTP server', input: 'text' },
    { key: 'port', label: 'Port', input: 'number' },
    { key: 'security', label: 'Security', input: 'select', options: ['starttls', 'tls', 'none'] },
    { key: 'username', label: 'User name', input: 'text' },
    { key: 'from', label: 'From', input: 'text' },
    { key: 'to', label: 'To (comma-separated)', input: 'list' },
    { key: 'allowSelfSigned', label: 'Accept a self-signed server certificate', input: 'checkbox' },
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

export function emptyChannelForm(type: AlertChannelType): ChannelForm {
  return {
    id: null,
    type,
    name: TYPE_LABELS[type],
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
