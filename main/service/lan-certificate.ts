// The certificate for LAN access over HTTPS, made by the NVR itself: an ECDSA P-256 key and a self-signed certificate
// for this PC's names and addresses, kept in the data folder (lan-key.pem readable only by the owner). A phone cannot
// know it in advance, so it shows a warning the first time: the owner compares the fingerprint the PC shows
// (`nvr serve` prints it; health has it) with the one the phone's browser shows, and accepts it once. It is made
// once and kept (a new one would change the fingerprint); a damaged or expired pair is made again.
import { createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @peculiar/x509 builds its parts with tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export interface LanCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, as browsers show it: "AB:CD:…". */
  fingerprint256: string;
  /** The names and addresses it was made for. */
  names: string[];
  validTo: Date;
}

export const lanCertPath = (dataRoot: string): string => path.join(dataRoot, 'lan-cert.pem');
export const lanKeyPath = (dataRoot: string): string => path.join(dataRoot, 'lan-key.pem');

const VALID_DAYS = 5 * 365;
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** This PC's host name and its IPv4/IPv6 addresses (link-local ones left out), with localhost. */
export function lanNames(): string[] {
  const names = new Set<string>([os.hostname(), 'localhost', '127.0.0.1']);
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && !a.address.startsWith('fe80:')) names.add(a.address);
  }
  return [...names].filter(Boolean);
}

function writePrivate(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

function describe(key: string, cert: string): LanCertificate | null {
  try {
    const c = new X509Certificate(cert);
    if (!c.checkPrivateKey(createPrivateKey(key))) return null;
    const validTo = new Date(c.validTo);
    if (validTo.getTime() < Date.now() + 7 * 86_400_000) return null; // about to expire: make a new one
    const names = (c.subjectAltName ?? '').split(', ').map((s) => s.replace(/^(DNS|IP Address):/, ''));
    return { key, cert, fingerprint256: c.fingerprint256, names, validTo };
  } catch {
    return null;
  }
}

async function make(names: string[]): Promise<{ key: string; cert: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = new Date();
  const ips = names.filter((n) => /^[\d.]+$/.test(n) || n.includes(':'));
  const dns = names.filter((n) => !ips.includes(n));
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '7'),
    name: `CN=ShopWatch NVR on ${os.hostname().replace(/[,=+<>#;"\\]/g, ' ').slice(0, 60)}`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + VALID_DAYS * 86_400_000),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...dns.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const key = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { key, cert: cert.toString('pem') + '\n' };
}

/** The data folder's LAN certificate: the kept one when it is sound, else a new one (saved before it is used). */
export async function loadOrCreateLanCertificate(dataRoot: string, names: string[] = lanNames()): Promise<LanCertificate & { created: boolean }> {
  const keyFile = lanKeyPath(dataRoot);
  const certFile = lanCertPath(dataRoot);
  if (existsSync(keyFile) && existsSync(certFile)) {
    const kept = describe(readFileSync(keyFile, 'utf8'), readFileSync(certFile, 'utf8'));
    if (kept) return { ...kept, created: false };
  }
  const made = await make(names);
  writePrivate(keyFile, made.key, 0o600);
  writePrivate(certFile, made.cert, 0o644);
  const described = describe(made.key, made.cert);
  if (!described) throw new Error('the LAN certificate just made could not be read back');
  return { ...described, created: true };
}
