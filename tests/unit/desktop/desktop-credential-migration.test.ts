// Moving camera passwords from service mode's key file to the OS keychain (main/desktop/credential-migration.ts), on a
// real SQLite database with the real key-file secret box and a real reversible sealer standing in for safeStorage.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../../../main/core/storage/database.ts';
import { CameraRepository } from '../../../main/core/storage/camera-repository.ts';
import { createKeyFileSecretBox, createSealerSecretBox, type Sealer } from '../../../main/core/cameras/secret-box.ts';
import { silentLogger } from '../../../main/core/logging/logger.ts';
import { cameraInputSchema } from '../../../preload/settings-schema.ts';
import { existingKeyFileBox, keyFileBoxWithKeychainNotice, keychainUsable, migrateCredentials } from '../../../main/desktop/credential-migration.ts';
import { createTestSealer } from '../../fixtures/test-sealer.ts';
import { createSealedPasswordStore } from '../../../main/core/cameras/sealed-passwords.ts';
import { tempDataDir } from '../../fixtures/temp-data-dir.ts';

const PASSWORDS: Record<string, string> = { front: 'p@ss:w/rd#%?&', back: 'ü€ 漢字', till: "'; DROP TABLE cameras; --" };

let dir: string;
let dbFile: string;
let keyFile: string;
let db: Db;
let cameras: CameraRepository;

function addCamera(id: string, passwordEnc: string | null, createdAt: number): void {
  const { password: _p, username: _u, mainUrl: _m, subUrl: _s, ...rest } = cameraInputSchema.parse({ name: `Camera ${id}`, mainUrl: 'rtsp://10.0.0.5/s' });
  cameras.insert({ ...rest, id, mainUrl: 'rtsp://10.0.0.5/s', subUrl: null, username: 'admin', passwordEnc, createdAt });
}

beforeEach(() => {
  dir = tempDataDir('nvr-migrate-');
  dbFile = path.join(dir, 'nvr.sqlite');
  keyFile = path.join(dir, 'secret.key');
  db = openDatabase(dbFile, { logger: silentLogger() });
  cameras = new CameraRepository(db);
  // What service mode saved: passwords sealed by the key file, and one camera without a password.
  const fileBox = createKeyFileSecretBox(keyFile);
  let t = 1;
  for (const [id, pw] of Object.entries(PASSWORDS)) addCamera(id, fileBox.encrypt(pw), t++);
  addCamera('nopass', null, t++);
});
afterEach(() => {
  db.close();
});

const secrets = () => Object.fromEntries(cameras.list().map((c) => [c.id, cameras.getSecret(c.id)]));

describe('credential migration to the OS keychain', () => {
  it('reseals every key-file password with the keychain, keeps them readable, and deletes the key file', () => {
    const sealer = createTestSealer();
    const target = createSealerSecretBox(sealer);
    const result = migrateCredentials({ passwords: createSealedPasswordStore(db, cameras), keyFile, target, logger: silentLogger() });
    expect(result).toEqual({ migrated: 3, alreadySealed: 0, unreadable: [], keyFileRemoved: true });
    expect(existsSync(keyFile)).toBe(false);
    const after = secrets();
    expect(after.nopass).toBeNull();
    for (const [id, pw] of Object.entries(PASSWORDS)) {
      expect(after[id]!.startsWith('os1:')).toBe(true);
      expect(after[id]).not.toContain(pw);
      expect(target.decrypt(after[id]!)).toBe(pw);
    }
    // After a restart (a fresh connection to the same file), with only the keychain: still every password.
    db.close();
    db = openDatabase(dbFile, { logger: silentLogger() });
    cameras = new CameraRepository(db);
    const box = createSealerSecretBox(createTestSealer());
    for (const [id, pw] of Object.entries(PASSWORDS)) expect(box.decrypt(cameras.getSecret(id)!)).toBe(pw);
  });

  it('is idempotent: a second run changes nothing', () => {
    const target = createSealerSecretBox(createTestSealer());
    migrateCredentials({ passwords: createSealedPasswordStore(db, cameras), keyFile, target, logger: silentLogger() });
    const once = secrets();
    const again = migrateCredentials({ passwords: createSealedPasswordStore(db, cameras), keyFile, target, logger: silentLogger() });
    expect(again).toEqual({ migrated: 0, alreadySealed: 3, unreadable: [], keyFileRemoved: false });
    expect(secrets()).toEqual(once);
  });

  it('interrupted before its commit (the keychain fails half-way) leaves every row and the key file as they were', () => {
    const before = secrets();
    const real = createTestSealer();
    let calls = 0;
    const failing: Sealer = {
      seal(plain) {
        if (++calls === 2) throw new Error('keychain locked');
        return real.seal(plain);
      },
      unseal: (b) => real.unseal(b),
    };
    expect(() => migrateCredentials({ passwords: createSealedPasswordStore(db, cameras), keyFile, target: createSealerSecretBox(failing), logger: silentLogger() })).toThrow(/keychain locked/);
    expect(secrets()).toEqual(before);
    expect(existsSync(keyFile)).toBe(true);
    // The next start completes it.
    const result = migrateCredentials({ passwords: createSealedPasswordStore(db, cameras), keyFile, target: createSealerSecretBox(real), logger: silentLogger() });
    expect(result.migrated).toBe(3);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('interrupted after its commit (the key file still there) only deletes the leftover key next time', () => {
    const target = createSealerSecretBox(createTestSealer());
    const spare = path.join(dir, 'spare.key');
    copyFileSync(keyFile, spare);
    migrateCredentials({ passwords: createSealedPasswordStore(db, cameras), keyFile, target, logger: silentLogger() });
    copyFileSync(spare, keyFile); // as if the process died between the commit and the unlink
    const migrated = secrets();
    const result = migrateCredentials({ passwords: createSealedPasswordStore(db, cameras), keyFile, target, logger: silentLogger() });
    expect(result).toEqual({ migrated: 0, alreadySealed: 3, unreadable: [], keyFileRemoved: true });
    expect(secrets()).toEqual(migrated);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('never writes a value the keychain cannot give back', () => {
    const real = createTestSealer();
    const lossy: Sealer = { seal: (p) => real.seal(p.slice(1)), unseal: (b) => real.unseal(b) };
    const before = secrets();
    expect(() => migrateCredentials({ passwords: createSealedPasswordStore(db, cameras), keyFile, target: createSealerSecretBox(lossy), logger: silentLogger() })).toThrow(/different password/);
    expect(secrets()).toEqual(before);
    expect(existsSync(keyFile)).toBe(true);
  });

  it('leaves a value the key file cannot open as it is, keeps the key file, and migrates the rest', () => {
    cameras.update('back', { passwordEnc: 'v1:' + Buffer.alloc(40, 7).toString('base64') }); // damaged
    const target = createSealerSecretBox(createTestSealer());
    const result = migrateCredentials({ passwords: createSealedPasswordStore(db, cameras), keyFile, target, logger: silentLogger() });
    expect(result).toMatchObject({ migrated: 2, unreadable: ['back'], keyFileRemoved: false });
    expect(cameras.getSecret('back')!.startsWith('v1:')).toBe(true);
    expect(existsSync(keyFile)).toBe(true);
  });

  it('reads key-file values through the legacy box until they are moved, and never creates a key file', () => {
    const sealer = createTestSealer();
    const box = createSealerSecretBox(sealer, existingKeyFileBox(keyFile));
    expect(box.decrypt(cameras.getSecret('front')!)).toBe(PASSWORDS.front);
    expect(box.encrypt('new').startsWith('os1:')).toBe(true);
    rmSync(keyFile);
    expect(existingKeyFileBox(keyFile)).toBeNull();
    expect(existsSync(keyFile)).toBe(false);
    const noLegacy = createSealerSecretBox(sealer, null);
    expect(() => noLegacy.decrypt(cameras.getSecret('front')!)).toThrow(/re-enter the password/);
    // A value sealed by another keychain (another user account, a restored backup) says so.
    const foreign = createSealerSecretBox(createTestSealer('another keychain')).encrypt('x');
    expect(() => box.decrypt(foreign)).toThrow(/keychain.*re-enter the password/);
  });

  it('without the keychain, reads key-file values and explains keychain ones instead of calling them damaged', () => {
    const keychainSealed = createSealerSecretBox(createTestSealer()).encrypt('moved earlier');
    const box = keyFileBoxWithKeychainNotice(createKeyFileSecretBox(keyFile), 'no keyring service (GNOME Keyring or KWallet) is running');
    expect(box.decrypt(cameras.getSecret('till')!)).toBe(PASSWORDS.till);
    expect(box.encrypt('x').startsWith('v1:')).toBe(true);
    expect(() => box.decrypt(keychainSealed)).toThrow(
      'Cannot decrypt the camera password: it is kept by the OS keychain, which is not available now (no keyring service (GNOME Keyring or KWallet) is running). Unlock or start the keyring and restart ShopWatch NVR, or re-enter the password.',
    );
  });

  it('uses the keychain only where it really protects: not when unavailable, not with Linux basic_text', () => {
    expect(keychainUsable(true, null)).toEqual({ usable: true, reason: null });
    expect(keychainUsable(true, 'gnome_libsecret').usable).toBe(true);
    expect(keychainUsable(true, 'kwallet6').usable).toBe(true);
    expect(keychainUsable(true, 'basic_text')).toMatchObject({ usable: false, reason: expect.stringMatching(/keyring/) });
    expect(keychainUsable(false, null)).toMatchObject({ usable: false, reason: expect.stringMatching(/not available/) });
  });
});
