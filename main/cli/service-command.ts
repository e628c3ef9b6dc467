// `nvr service install|uninstall|status`: service mode started by the system, so it runs at log-in (and at boot with
// `loginctl enable-linger`). Linux: a systemd user unit (no root needed). Windows and macOS: one sentence saying what
// to do instead (the README's "Running as a service").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/config/data-dir.ts';
import { processAlive, readServiceInfo } from '../service/auth.ts';
import { UsageError } from '../service/cli-format.ts';
import { UNIT_NAME, buildSystemdUnit, userUnitPath } from './systemd-unit.ts';

const USAGE = 'Use `nvr service install [--data-dir DIR] [--port N]`, `nvr service uninstall` or `nvr service status` (each takes --json).';

const ELSEWHERE: Partial<Record<NodeJS.Platform, string>> = {
  win32:
    'On Windows, start service mode at log-on with the Task Scheduler (a task running `node <folder>\\out\\main\\cli.js serve`): the README\'s "Running as a service" shows the steps.',
  darwin:
    'On macOS, start service mode with a launchd LaunchAgent (~/Library/LaunchAgents/com.shopwatch.nvr.plist): the README\'s "Running as a service" has the file to copy.',
};

interface Outcome {
  code: number;
  lines: string[];
  json: Record<string, unknown>;
}

/** systemctl --user, or why it cannot be used (not installed, no user session). */
function systemctl(args: string[]): { ok: boolean; out: string; missing: boolean } {
  const r = spawnSync('systemctl', ['--user', ...args], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) return { ok: false, out: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'systemctl is not installed' : r.error.message, missing: true };
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] ?? '';
  return { ok: r.status === 0, out, missing: false };
}

/** The built command line script: this file when it runs from out/, else the checkout's out/main/cli.js. */
function cliScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return here;
  return path.resolve(path.dirname(here), '..', '..', 'out', 'main', 'cli.js');
}

function install(dataDir: string, unitFile: string, port: number | undefined): Outcome {
  const cliPath = cliScript();
  if (!existsSync(cliPath)) {
    return { code: 1, lines: [`The NVR is not built yet (${cliPath} is missing): run \`npm run build\`, then this again.`], json: { installed: false } };
  }
  const unit = buildSystemdUnit({ nodePath: process.execPath, cliPath, dataDir, ...(port !== undefined ? { port } : {}) });
  mkdirSync(path.dirname(unitFile), { recursive: true });
  writeFileSync(unitFile, unit, { mode: 0o644 });
  const lines = [`Wrote ${unitFile} (service mode for the data folder ${dataDir}).`];
  const running = readServiceInfo(dataDir);
  if (running && processAlive(running.pid)) {
    lines.push(`Service mode is already running on this data folder (process ${running.pid}): stop it (Ctrl+C) so that systemd can start its own.`);
  }
  systemctl(['daemon-reload']);
  const enabled = systemctl(['enable', '--now', UNIT_NAME]);
  if (enabled.ok) {
    lines.push('Enabled and started: it starts whenever you log in. To start it at boot without logging in, run `loginctl enable-linger $USER`.');
    lines.push('Its log: `journalctl --user -u shopwatch-nvr`, and logs/ in the data folder.');
    return { code: 0, lines, json: { installed: true, enabled: true, unitFile, dataDir } };
  }
  lines.push(
    enabled.missing
      ? `systemctl was not found (${enabled.out}): start \`${process.execPath} ${cliPath} serve\` with this system's own service manager.`
      : `systemd could not enable it (${enabled.out}): in your desktop session run \`systemctl --user enable --now ${UNIT_NAME}\`, and \`loginctl enable-linger $USER\` to start it at boot.`,
  );
  return { code: 1, lines, json: { installed: true, enabled: false, unitFile, dataDir, problem: enabled.out } };
}

function uninstall(unitFile: string): Outcome {
  if (!existsSync(unitFile)) return { code: 0, lines: [`Nothing to remove: ${unitFile} does not exist.`], json: { installed: false, unitFile } };
  const disabled = systemctl(['disable', '--now', UNIT_NAME]);
  rmSync(unitFile, { force: true });
  systemctl(['daemon-reload']);
  const lines = [`Removed ${unitFile}: service mode no longer starts by itself.`];
  if (!disabled.ok && !disabled.missing) lines.push(`systemd said: ${disabled.out} (if it still runs, stop it with \`systemctl --user stop ${UNIT_NAME}\`).`);
  return { code: 0, lines, json: { installed: false, removed: true, unitFile } };
}

function status(dataDir: string, unitFile: string): Outcome {
  if (!existsSync(unitFile)) {
    return { code: 0, lines: ['Not installed: `nvr service install` starts service mode whenever you log in.'], json: { installed: false, unitFile } };
  }
  const execStart = /^ExecStart=(.*)$/m.exec(readFileSync(unitFile, 'utf8'))?.[1] ?? '';
  const enabled = systemctl(['is-enabled', UNIT_NAME]);
  const active = systemctl(['is-active', UNIT_NAME]);
  const state = (r: ReturnType<typeof systemctl>) => (r.missing ? 'unknown (systemctl is not installed)' : r.out || 'unknown');
  const running = readServiceInfo(dataDir);
  const lines = [
    `Installed: ${unitFile}`,
    `Runs: ${execStart}`,
    `Enabled: ${state(enabled)}. Active: ${state(active)}.`,
    running && processAlive(running.pid)
      ? `Service mode is running on this data folder (process ${running.pid}, port ${running.port}); \`nvr url\` prints its address.`
      : 'Service mode is not running on this data folder.',
  ];
  return { code: 0, lines, json: { installed: true, unitFile, execStart, enabled: state(enabled), active: state(active), running: Boolean(running && processAlive(running.pid)) } };
}

function parse(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify a positional.*$/s, '.') : String(err));
  }
}

/** The `service` command; returns the exit status (0 done, 1 not done: the message says why, 2 wrong usage). */
export async function serviceCommand(args: string[], platform: NodeJS.Platform = process.platform): Promise<number> {
  const { values, positionals } = parse(args);
  const [sub, ...extra] = positionals;
  if (values.help) return process.stdout.write(USAGE + '\n'), 0;
  if (!sub || !['install', 'uninstall', 'status'].includes(sub) || extra.length) throw new UsageError(USAGE);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port takes a number from 1 to 65535; "${values.port}" is not one.`);
  }
  const elsewhere = platform === 'linux' ? null : (ELSEWHERE[platform] ?? 'On this system, start `node out/main/cli.js serve` with its own service manager.');
  const dataDir = resolveDataDir(values['data-dir']);
  const unitFile = userUnitPath(os.homedir(), process.env);
  const outcome: Outcome = elsewhere
    ? { code: 1, lines: [elsewhere], json: { supported: false, message: elsewhere } }
    : sub === 'install'
      ? install(dataDir, unitFile, port)
      : sub === 'uninstall'
        ? uninstall(unitFile)
        : status(dataDir, unitFile);
  if (values.json) process.stdout.write(JSON.stringify({ ...outcome.json, messages: outcome.lines }, null, 2) + '\n');
  else process.stdout.write(outcome.lines.join('\n') + '\n');
  return outcome.code;
}
