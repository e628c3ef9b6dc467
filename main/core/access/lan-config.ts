// LAN access, as the data folder keeps it (service-lan.json, mode 0600): the LAN password's scrypt hash (the owner's
// password for other devices) and whether LAN access is switched on. `nvr lan-password` writes it before the service
// runs; Settings (lan.update) change it while it runs. A file written before the switch existed has no `enabled`:
// then the --host option alone decides, as it did.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashPassword, lanPasswordProblem } from './password-hash.ts';

export interface LanConfig {
  passwordHash: string | null;
  /** null: never switched in Settings (the --host option decides). */
  enabled: boolean | null;
}

export const lanAuthPath = (dataRoot: string): string => path.join(dataRoot, 'service-lan.json');

export function readLanConfig(dataRoot: string): LanConfig {
  const file = lanAuthPath(dataRoot);
  if (!existsSync(file)) return { passwordHash: null, enabled: null };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { passwordHash?: unknown; enabled?: unknown };
    return {
      passwordHash: typeof parsed.passwordHash === 'string' ? parsed.passwordHash : null,
      enabled: typeof parsed.enabled === 'boolean' ? parsed.enabled : null,
    };
  } catch {
    return { passwordHash: null, enabled: null };
  }
}

export function readLanPasswordHash(dataRoot: string): string | null {
  return readLanConfig(dataRoot).passwordHash;
}

/** Writes the file whole (a temporary file renamed over it: never half a file). */
export function writeLanConfig(dataRoot: string, config: LanConfig): void {
  const file = lanAuthPath(dataRoot);
  const temp = `${file}.tmp`;
  const body: Record<string, unknown> = { passwordHash: config.passwordHash };
  if (config.enabled !== null) body.enabled = config.enabled;
  writeFileSync(temp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

export async function storeLanPassword(dataRoot: string, password: string): Promise<void> {
  const problem = lanPasswordProblem(password);
  if (problem) throw new Error(problem);
  const current = readLanConfig(dataRoot);
  writeLanConfig(dataRoot, { ...current, passwordHash: await hashPassword(password) });
}
