import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKeyFileSecretBox } from '../../../../main/core/cameras/secret-box.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'nvr-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the key-file secret box', () => {
  it('round-trips passwords with URL-special and non-ASCII characters, never storing them in clear', () => {
    const box = createKeyFileSecretBox(path.join(tempDir(), 'secret.key'));
    for (const pw of ['p@ss:w/rd#%?&', 'ü€ 漢字 ', '', "'; DROP TABLE cameras; --"]) {
      const sealed = box.encrypt(pw);
      expect(sealed.startsWith('v1:')).toBe(true);
      if (pw) expect(sealed).not.toContain(pw);
      expect(box.decrypt(sealed)).toBe(pw);
    }
    expect(box.encrypt('same')).not.toBe(box.encrypt('same')); // random IV
  });

  it('creates the key file readable only by the user and reuses it', () => {
    const keyPath = path.join(tempDir(), 'secret.key');
    const sealed = createKeyFileSecretBox(keyPath).encrypt('hunter2');
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyPath);
    expect(key.length).toBe(32);
    expect(createKeyFileSecretBox(keyPath).decrypt(sealed)).toBe('hunter2');
    expect(readFileSync(keyPath).equals(key)).toBe(true);
  });

  it('detects tampering and a different key with a message that says to re-enter the password', () => {
    const dir = tempDir();
    const box = createKeyFileSecretBox(path.join(dir, 'a.key'));
    const sealed = box.encrypt('hunter2');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.decrypt('v1:' + raw.toString('base64'))).toThrow(/re-enter/);
    expect(() => createKeyFileSecretBox(path.join(dir, 'b.key')).decrypt(sealed)).toThrow(/re-enter/);
    expect(() => box.decrypt('plain text')).toThrow(/re-enter/);
  });

  it('refuses a damaged key file instead of replacing it', () => {
    const keyPath = path.join(tempDir(), 'secret.key');
    writeFileSync(keyPath, 'short');
    expect(() => createKeyFileSecretBox(keyPath)).toThrow(/damaged/);
    expect(readFileSync(keyPath, 'utf8')).toBe('short');
  });
});
