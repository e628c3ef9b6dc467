// Camera passwords saved by service mode are sealed with the key file in the data folder (secret.key, `v1:` values).
// The desktop app keeps them in the OS keychain instead (Electron's safeStorage behind the core's Sealer interface,
// `os1:` values). On start it reseals every key-file value with the keychain:
// - idempotent: values already sealed by the keychain are left alone, a second run changes nothing;
// - safe to interrupt: every value is resealed and checked (unsealed again and compared) first, then all rows are
//   written in one SQLite transaction, and only after that commit is the key file deleted; killed at any point, the
//   next start finds either the old values with their key or the new ones (and then deletes the leftover key);
// - a value the key file cannot open is left as it is (the owner re-enters that password) and the key file is kept.
// No Electron import: tested under Node with a real SQLite database and a real reversible sealer.
import { existsSync, unlinkSync } from 'node:fs';
import type { SealedPasswordStore } from '../core/cameras/sealed-passwords.ts';
import { createAesSecretBox, isSealerValue, loadOrCreateKey, type SecretBox } from '../core/cameras/secret-box.ts';
import type { Logger } from '../core/logging/logger.ts';

export interface MigrationResult {
  /** Values resealed with the keychain in this run. */
  migrated: number;
  /** Values that were already the keychain's. */
  alreadySealed: number;
  /** Cameras whose value the key file could not open (left untouched; the owner re-enters the password). */
  unreadable: string[];
  /** Whether the key file was deleted in this run. */
  keyFileRemoved: boolean;
}

export interface MigrationOptions {
  /** The cameras' sealed passwords (the core's narrow store: no database here). */
  passwords: SealedPasswordStore;
  /** The data folder's key file (dataPaths().secretKey). */
  keyFile: string;
  /** The keychain-backed box (createSealerSecretBox(sealer)). */
  target: SecretBox;
  logger: Logger;
}

/** The key-file box when the key file exists, without ever creating one (loadOrCreateKey would). */
export function existingKeyFileBox(keyFile: string): SecretBox | null {
  return existsSync(keyFile) ? createAesSecretBox(loadOrCreateKey(keyFile)) : null;
}

export function migrateCredentials(options: MigrationOptions): MigrationResult {
  const { passwords, keyFile, target, logger } = options;
  const legacy = existingKeyFileBox(keyFile);
  const result: MigrationResult = { migrated: 0, alreadySealed: 0, unreadable: [], keyFileRemoved: false };
  const resealed: Array<{ cameraId: string; sealed: string }> = [];

  for (const { cameraId, sealed } of passwords.list()) {
    if (isSealerValue(sealed)) {
      result.alreadySealed++;
      continue;
    }
    if (!legacy) {
      result.unreadable.push(cameraId);
      continue;
    }
    let plain: string;
    try {
      plain = legacy.decrypt(sealed);
    } catch {
      result.unreadable.push(cameraId);
      continue;
    }
    const value = target.encrypt(plain);
    // Never write a value the keychain cannot give back.
    if (target.decrypt(value) !== plain) throw new Error('The keychain gave back a different password than it sealed; nothing was changed.');
    resealed.push({ cameraId, sealed: value });
  }

  if (resealed.length > 0) {
    passwords.replace(resealed);
    result.migrated = resealed.length;
  }
  for (const cameraId of result.unreadable) {
    logger.warn({ cameraId }, 'camera password could not be moved to the keychain: the owner must enter it again');
  }
  if (result.unreadable.length === 0 && existsSync(keyFile)) {
    unlinkSync(keyFile);
    result.keyFileRemoved = true;
  }
  if (result.migrated > 0 || result.keyFileRemoved) {
    logger.info({ migrated: result.migrated, keyFileRemoved: result.keyFileRemoved }, 'camera passwords moved to the OS keychain');
  }
  return result;
}

/**
 * The key-file box for a run where the keychain is not usable. Passwords moved to the keychain by an earlier run
 * cannot be read now: say so, and what to do, instead of the key file's "damaged" message.
 */
export function keyFileBoxWithKeychainNotice(fileBox: SecretBox, reason: string): SecretBox {
  return {
    encrypt: (plain) => fileBox.encrypt(plain),
    decrypt(sealed) {
      if (isSealerValue(sealed)) {
        throw new Error(
          `Cannot decrypt the camera password: it is kept by the OS keychain, which is not available now (${reason}). Unlock or start the keyring and restart ShopWatch NVR, or re-enter the password.`,
        );
      }
      return fileBox.decrypt(sealed);
    },
  };
}

/**
 * Whether the OS keychain can hold the passwords. Electron on Linux without a keyring falls back to a fixed
 * password ("basic_text"), which protects less than the key file readable only by the owner: keep the key file then.
 */
export function keychainUsable(available: boolean, linuxBackend: string | null): { usable: boolean; reason: string | null } {
  if (!available) return { usable: false, reason: 'the OS keychain is not available' };
  if (linuxBackend === 'basic_text' || linuxBackend === 'unknown') {
    return { usable: false, reason: 'no keyring service (GNOME Keyring or KWallet) is running' };
  }
  return { usable: true, reason: null };
}
