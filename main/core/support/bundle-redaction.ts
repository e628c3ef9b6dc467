// The support bundle's secrets: what they are in a data folder (the session token, the LAN password's hash, the key
// file, every camera password it can decrypt) and their removal from a whole document: fields named like a secret
// become "***", and every string loses URL credentials and any occurrence of a known secret (capture/redact.ts).
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { redact } from '../capture/redact.ts';
import { createAesSecretBox } from '../cameras/secret-box.ts';
import { dataPaths } from '../config/data-dir.ts';

/** Field names whose string values are secrets wherever they appear (settings, cameras, health, future ones). */
const SECRET_FIELD = /(password|passwd|secret|token|hash|apikey|api_key|privatekey|credentials?)$/i;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** Replaces secret fields and scrubs every string, deeply; the input is not changed. */
export function redactDocument(value: unknown, secrets: readonly string[], fieldName = ''): unknown {
  if (typeof value === 'string') return fieldName && isSecretField(fieldName) && value !== '' ? '***' : redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDocument(v, secrets));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redact(k, secrets)] = redactDocument(v, secrets, k);
    return out;
  }
  return value;
}

function readText(file: string): string | null {
  try {
    const t = readFileSync(file, 'utf8').trim();
    return t || null;
  } catch {
    return null;
  }
}

/** The camera passwords sealed with the key file (service mode); keychain-sealed ones cannot be read here. */
function cameraPasswords(database: string, key: Buffer | null): string[] {
  if (!key || key.length !== 32 || !existsSync(database)) return [];
  const box = createAesSecretBox(key);
  const out: string[] = [];
  let db: Database.Database | null = null;
  try {
    db = new Database(database, { readonly: true, fileMustExist: true });
    const rows = db.prepare<[], { password_enc: string | null }>('SELECT password_enc FROM cameras WHERE password_enc IS NOT NULL').all();
    for (const r of rows) {
      try {
        if (r.password_enc) out.push(box.decrypt(r.password_enc));
      } catch {
        // A value this key cannot open is useless to anyone reading the bundle as well.
      }
    }
    out.push(...alertChannelSecrets(db, box));
  } catch {
    // No readable database: no camera passwords to look for.
  } finally {
    db?.close();
  }
  return out;
}

/** The alert channels' secrets (bot tokens, SMTP and MQTT passwords, webhook signing secrets), sealed like passwords. */
function alertChannelSecrets(db: Database.Database, box: ReturnType<typeof createAesSecretBox>): string[] {
  const out: string[] = [];
  let rows: Array<{ secrets_enc: string }> = [];
  try {
    rows = db.prepare<[], { secrets_enc: string }>('SELECT secrets_enc FROM alert_channels WHERE secrets_enc IS NOT NULL').all();
  } catch {
    return out; // a database from before the alert channels
  }
  for (const r of rows) {
    try {
      const secrets = JSON.parse(box.decrypt(r.secrets_enc)) as Record<string, unknown>;
      for (const v of Object.values(secrets)) if (typeof v === 'string') out.push(v);
    } catch {
      // not readable with this key: nothing to look for
    }
  }
  return out;
}

/** Every secret value the data folder knows of, in the forms it could be printed in. */
export function dataFolderSecrets(root: string): string[] {
  const paths = dataPaths(root);
  const secrets: string[] = [];
  const token = readText(paths.serviceToken);
  if (token) secrets.push(token);
  const lan = readText(`${root}/service-lan.json`);
  if (lan) {
    try {
      const hash = (JSON.parse(lan) as { passwordHash?: unknown }).passwordHash;
      if (typeof hash === 'string') secrets.push(hash, ...hash.split('$').filter((p) => p.length >= 16));
    } catch {
      // not JSON: nothing to look for
    }
  }
  let key: Buffer | null = null;
  try {
    key = readFileSync(paths.secretKey);
    secrets.push(key.toString('hex'), key.toString('base64'), key.toString('base64url'));
  } catch {
    key = null;
  }
  secrets.push(...cameraPasswords(paths.database, key));
  return secrets.filter((s) => s.length >= 4);
}
