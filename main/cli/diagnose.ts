// `nvr health` and `nvr diagnose [--to FILE]`: the running service's health, and a support bundle with every secret
// redacted (a shop owner sends it to whoever helps them; it must never carry a password, token or key).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataPaths, resolveDataDir } from '../core/config/data-dir.ts';
import { dataFolderSecrets, redactDocument } from '../core/support/bundle-redaction.ts';
import { dataFolderInfo, lastLogLines, offlineState, osInfo, toolVersions } from '../core/support/support-bundle.ts';
import { healthText } from '../service/cli-format.ts';
import { NoServiceError } from '../service/ws-client.ts';
import { processAlive, readServiceInfo } from '../service/auth.ts';
import { parse, UsageError } from './args.ts';
import { cameraDocument } from './cameras.ts';
import { withConnection } from './connection.ts';
import { versionInfo } from './help.ts';
import { EXIT, print, printJson } from './output.ts';

export async function health(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (positionals.length) throw new UsageError('health takes no arguments.');
  const h = await withConnection(values, (c) => c.api['health.get']({}));
  if (values.json) printJson(h);
  else print(healthText(h));
  return EXIT.ok;
}

const LOG_LINES = 200;

/** The service's view (settings, health, cameras) when one runs, else the database's, with why. */
async function serviceState(values: { 'data-dir'?: string | undefined; port?: string | undefined }, root: string) {
  const info = readServiceInfo(root);
  if (info && processAlive(info.pid)) {
    try {
      return await withConnection(values, async (c) => ({
        service: { running: true, pid: info.pid, host: info.host, port: info.port, startedAt: new Date(info.startedAt).toISOString() },
        settings: await c.api['settings.get']({}),
        health: await c.api['health.get']({}),
        cameras: (await c.api['cameras.list']({})).map(cameraDocument),
      }));
    } catch (err) {
      if (!(err instanceof NoServiceError)) throw err;
    }
  }
  return { service: { running: false }, health: null, ...offlineState(root) };
}

export async function diagnose(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { to: { type: 'string' } });
  if (positionals.length) throw new UsageError('diagnose takes options only: `nvr diagnose [--to FILE]`.');
  const root = dataPaths(resolveDataDir(values['data-dir'])).root;
  const state = await serviceState(values, root);
  const settingsPath = (state as { settings?: { ffmpegPath?: string | null } }).settings?.ffmpegPath ?? null;
  const version = versionInfo();
  const bundle = {
    bundle: { format: 1, createdAt: new Date().toISOString(), note: 'Secrets (passwords, tokens, keys, URL credentials) are replaced by ***.' },
    versions: { app: version.version, node: process.versions.node, electron: process.versions.electron ?? null, ...(await toolVersions(settingsPath)) },
    os: osInfo(),
    dataFolder: dataFolderInfo(root),
    ...state,
    logs: lastLogLines(dataPaths(root).logs, LOG_LINES),
  };
  const text = JSON.stringify(redactDocument(bundle, dataFolderSecrets(root)), null, 2) + '\n';
  if (!values.to) {
    process.stdout.write(text);
    return EXIT.ok;
  }
  const file = path.resolve(values.to);
  writeFileSync(file, text, { mode: 0o600 });
  if (values.json) printJson({ file, bytes: Buffer.byteLength(text) });
  else print(`Support bundle written to ${file} (secrets replaced by ***). Send it to whoever helps you.`);
  return EXIT.ok;
}
