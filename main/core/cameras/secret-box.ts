// Camera passwords at rest: AES-256-GCM with a key kept in a file only the user can read (mode 0600) in the data
// folder. The desktop shell swaps in the OS keychain (Electron safeStorage) behind the same interface.
// Sealed format: `v1:` + base64(iv 12 bytes | tag 16 bytes | ciphertext).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

const PREFIX = 'v1:';

export function createAesSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  return {
    encrypt(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
    },
    decrypt(sealed: string): string {
      try {
        if (!sealed.startsWith(PREFIX)) throw new Error('unknown format');
        const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
        if (raw.length < 28) throw new Error('too short');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('Cannot decrypt the camera password (the key file changed or the value was damaged): re-enter the password.');
      }
    },
  };
}

/** Reads the key file, creating it (32 random bytes, mode 0600) when missing. Never overwrites an existing key. */
export function loadOrCreateKey(keyPath: string): Buffer {
  if (!existsSync(keyPath)) {
    const tmp = path.join(path.dirname(keyPath), `.${path.basename(keyPath)}.${process.pid}.tmp`);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(32));
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, keyPath); // fails if another process created the key meanwhile: theirs wins
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
  }
  try {
    chmodSync(keyPath, 0o600);
  } catch {
    // Windows: permissions come from the user profile folder.
  }
  const key = readFileSync(keyPath);
  if (key.length !== 32) {
    throw new Error(`The key file ${keyPath} is damaged (it must hold 32 bytes). Move it aside and re-enter the camera passwords.`);
  }
  return key;
}

export function createKeyFileSecretBox(keyPath: string): SecretBox {
  return createAesSecretBox(loadOrCreateKey(keyPath));
}

/** Seals a string with a key the operating system keeps (the desktop app: Electron's safeStorage). */
export interface Sealer {
  seal(plain: string): Buffer;
  unseal(sealed: Buffer): string;
}

/** Values sealed by a Sealer: `os1:` + base64(the sealer's bytes). */
export const SEALER_PREFIX = 'os1:';

export function isSealerValue(sealed: string): boolean {
  return sealed.startsWith(SEALER_PREFIX);
}

/**
 * A SecretBox over an OS sealer. Values sealed earlier by the key file (`v1:`) are still read through `legacy` until
 * the desktop shell's migration has resealed them; new values are always sealed by the OS.
 */
export function createSealerSecretBox(sealer: Sealer, legacy: SecretBox | null = null): SecretBox {
  return {
    encrypt(plain: string): string {
      return SEALER_PREFIX + sealer.seal(plain).toString('base64');
    },
    decrypt(sealed: string): string {
      if (!isSealerValue(sealed)) {
        if (legacy) return legacy.decrypt(sealed);
        throw new Error('Cannot decrypt the camera password (it was saved with a key file that is gone): re-enter the password.');
      }
      try {
        return sealer.unseal(Buffer.from(sealed.slice(SEALER_PREFIX.length), 'base64'));
      } catch {
        throw new Error(
          "Cannot decrypt the camera password with this computer's keychain (another user account or a restored backup?): re-enter the password.",
        );
      }
    },
  };
}
