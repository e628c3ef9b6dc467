// The support bundle knows the alert channels' secrets (sealed in the database with the key file) and scrubs them from
// every string, like camera passwords.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/core/storage/database.ts';
import { AlertChannelRepository } from '../../../../main/core/storage/alert-channel-repository.ts';
import { ChannelStore } from '../../../../main/core/alerts/channel-store.ts';
import { createKeyFileSecretBox } from '../../../../main/core/cameras/secret-box.ts';
import { dataPaths } from '../../../../main/core/config/data-dir.ts';
import { dataFolderSecrets, redactDocument } from '../../../../main/core/support/bundle-redaction.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';

describe('support bundle redaction of alert channel secrets', () => {
  it('finds every sealed channel secret and replaces it in any text', () => {
    const root = tempDataDir('nvr-redact-alerts-');
    const paths = dataPaths(root);
    const db = openDatabase(paths.database, { logger: silentLogger() });
    const store = new ChannelStore(new AlertChannelRepository(db), createKeyFileSecretBox(paths.secretKey));
    store.save({ id: 'tg', type: 'telegram', name: 'Phone', chatId: '42' }, { botToken: '123456:AAE-telegram-token' });
    store.save({ id: 'mail', type: 'email', name: 'Mail', host: 'smtp.example.com', from: 'nvr@example.com', to: ['me@example.com'] }, { password: 'smtp-pass-word-77' });
    db.close();
    const secrets = dataFolderSecrets(root);
    expect(secrets).toEqual(expect.arrayContaining(['123456:AAE-telegram-token', 'smtp-pass-word-77']));
    const doc = redactDocument({ log: 'POST https://api.telegram.org/bot123456:AAE-telegram-token/sendPhoto failed; auth smtp-pass-word-77' }, secrets);
    expect(JSON.stringify(doc)).not.toMatch(/AAE-telegram-token|smtp-pass-word-77/);
  });
});
