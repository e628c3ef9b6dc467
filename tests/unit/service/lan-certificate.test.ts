import { afterAll, describe, expect, it } from 'vitest';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lanCertPath, lanKeyPath, loadOrCreateLanCertificate } from '../../../main/service/lan-certificate.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-cert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the LAN certificate', () => {
  it('is made once for the names given, kept with a private key only the owner reads, and found again', async () => {
    const made = await loadOrCreateLanCertificate(dir, ['shop-pc', 'localhost', '127.0.0.1', '192.0.2.10']);
    expect(made.created).toBe(true);
    const cert = new X509Certificate(readFileSync(lanCertPath(dir)));
    expect(cert.fingerprint256).toBe(made.fingerprint256);
    expect(cert.subjectAltName).toBe('DNS:shop-pc, DNS:localhost, IP Address:127.0.0.1, IP Address:192.0.2.10');
    expect(cert.checkPrivateKey(createPrivateKey(readFileSync(lanKeyPath(dir), 'utf8')))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true); // self-signed
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 4 * 365 * 86_400_000);
    expect(statSync(lanKeyPath(dir)).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateLanCertificate(dir, ['other-name']);
    expect(again).toMatchObject({ created: false, fingerprint256: made.fingerprint256 });
  });

  it('is made again when the kept one is damaged or does not match its key', async () => {
    const before = await loadOrCreateLanCertificate(dir);
    writeFileSync(lanCertPath(dir), '-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n');
    const remade = await loadOrCreateLanCertificate(dir, ['shop-pc']);
    expect(remade.created).toBe(true);
    expect(remade.fingerprint256).not.toBe(before.fingerprint256);
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-cert-other-'));
    try {
      await loadOrCreateLanCertificate(otherDir, ['x']);
      writeFileSync(lanKeyPath(dir), readFileSync(lanKeyPath(otherDir)));
      expect((await loadOrCreateLanCertificate(dir, ['shop-pc'])).created).toBe(true);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
