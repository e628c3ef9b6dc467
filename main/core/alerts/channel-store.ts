// The alert channels as saved: settings validated by the wire schema, secrets sealed with the secret box the camera
// passwords use (one sealed JSON value per channel) and shown only as the names of the ones that are set.
import { randomBytes } from 'node:crypto';
import {
  alertChannelSchema,
  CHANNEL_SECRETS,
  channelSecretsSchema,
  type AlertChannelConfig,
  type AlertChannelView,
  type ChannelSecrets,
} from '../../../preload/alert-channels.ts';
import { ApiError, describeZodError } from '../../../preload/contract.ts';
import type { AlertChannelRepository, StoredChannel } from '../storage/alert-channel-repository.ts';
import type { SecretBox } from '../cameras/secret-box.ts';

export class ChannelStore {
  constructor(
    private readonly repo: AlertChannelRepository,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  list(): StoredChannel[] {
    return this.repo.list();
  }

  get(id: string): StoredChannel | null {
    return this.repo.get(id);
  }

  view(stored: StoredChannel): AlertChannelView {
    return { ...stored.config, secretsSet: Object.keys(this.secrets(stored)).sort() };
  }

  /** The channel's secrets in the clear, for its transport only; {} when none is set or they cannot be opened. */
  secrets(stored: StoredChannel): ChannelSecrets {
    if (!stored.secretsEnc) return {};
    try {
      const parsed = channelSecretsSchema.safeParse(JSON.parse(this.box.decrypt(stored.secretsEnc)));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  /**
   * Saves a channel (a new id when it has none). Secrets: a value sets it, '' clears it, a name left out keeps what was
   * saved. Throws ApiError('bad-request') with the sentence the Settings page shows.
   */
  save(input: Record<string, unknown>, secretsIn: ChannelSecrets | undefined): StoredChannel {
    const id = typeof input.id === 'string' && input.id !== '' ? input.id : newChannelId(typeof input.name === 'string' ? input.name : 'channel');
    const parsed = alertChannelSchema.safeParse({ ...input, id });
    if (!parsed.success) throw new ApiError('bad-request', `This alert channel cannot be saved: ${describeZodError(parsed.error)}`);
    const config = parsed.data;
    const before = this.repo.get(id);
    if (before && before.config.type !== config.type) {
      throw new ApiError('bad-request', 'An alert channel cannot change its type: add a new channel of the other type instead.');
    }
    const secrets = this.mergeSecrets(config, before ? this.secrets(before) : {}, secretsIn ?? {});
    const sealed = Object.keys(secrets).length > 0 ? this.box.encrypt(JSON.stringify(secrets)) : null;
    this.repo.save(config, sealed, this.now());
    const saved = this.repo.get(id);
    if (!saved) throw new ApiError('internal', 'The alert channel was saved but cannot be read back.');
    return saved;
  }

  remove(id: string): boolean {
    return this.repo.remove(id);
  }

  private mergeSecrets(config: AlertChannelConfig, before: ChannelSecrets, given: ChannelSecrets): ChannelSecrets {
    const allowed: readonly string[] = CHANNEL_SECRETS[config.type];
    const out: Record<string, string> = {};
    for (const name of allowed) {
      const value = (before as Record<string, string | undefined>)[name];
      if (value) out[name] = value;
    }
    for (const [name, value] of Object.entries(given)) {
      if (value === undefined) continue;
      if (!allowed.includes(name)) {
        throw new ApiError('bad-request', `A ${config.type} channel has no "${name}" secret (it takes: ${allowed.join(', ')}).`);
      }
      if (value === '') delete out[name];
      else out[name] = value;
    }
    return out as ChannelSecrets;
  }
}

/** "front-door-telegram-3f9a": the name's letters and digits, and a random tail. */
export function newChannelId(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  const tail = randomBytes(3).toString('hex');
  return slug ? `${slug}-${tail}` : `channel-${tail}`;
}
