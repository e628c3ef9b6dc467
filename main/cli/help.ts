// The usage text of every command (`nvr help COMMAND`, `nvr COMMAND --help`) and `nvr --version`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PORT } from '../service/defaults.ts';
import { projectRoot } from '../core/util/worker-path.ts';

const FOOTER = `Every command takes --data-dir DIR (default: NVR_DATA_DIR, else the platform's application-data folder) and --json
(one JSON document on standard output; a failure as {"error": {"code", "message"}}).
Exit status: 0 done, 1 the NVR said no (the message says why), 2 wrong usage, 3 no service running.`;

/** Usage per command (`nvr help COMMAND`). */
export const COMMAND_USAGE: Record<string, string> = {
  start: `nvr start [--port N] [--host ADDR] [--no-open]
  the desktop app, or service mode where Electron is not installed`,
  serve: `nvr serve [--port N] [--host ADDR] [--no-open]
  service mode in the foreground (Ctrl+C stops it); default 127.0.0.1:${DEFAULT_PORT}; another host needs \`nvr lan-password\``,
  url: `nvr url
  print the address (with its session token) of the running service`,
  cameras: `nvr cameras list
nvr cameras show ID
nvr cameras add --name NAME --url URL [--sub-url URL] [--username U] [--password-stdin]
nvr cameras add --demo
nvr cameras set ID key=value… [--password-stdin]
nvr cameras remove ID
  add: --password-stdin reads the camera's password from standard input (a --password P argument works too, but
  other users of this PC can read it in the process list); --demo adds a demo camera that needs no hardware.
  set: any camera setting, groups joined with dots, e.g. name="Back door" notifications.cooldownSeconds=60
  recording.mode=continuous motion.threshold=30 enabled=false; values are read as JSON when they parse, else as text.
  A new password only with --password-stdin. \`nvr cameras show ID\` lists every key.`,
  events: `nvr events list [--camera ID] [--kind motion|person] [--since 10m|ISO-TIME] [--limit N]
nvr events show ID
nvr events export ID --to DIR
  export writes the event's footage as one MP4 into DIR (a progress bar on a terminal).`,
  visitors: `nvr visitors [--camera ID] [--since 24h|ISO-TIME] [--bucket hour|minute]
  people counted per camera (crossing a counting line in, or new people where no line is drawn), per hour (UTC) or
  per minute, with the crossings in and out; at most 31 days back.`,
  alerts: `nvr alerts list
nvr alerts test ID
  the alert channels (webhook, MQTT, Telegram, LINE, ntfy, e-mail) with their state and counts; test sends a test
  alert now and prints what went wrong when it fails. Channels are added and changed in Settings → Alerts.`,
  settings: `nvr settings get [KEY]
nvr settings set key=value…
  the app's settings, e.g. nvr settings set storage.retentionIntervalMinutes=10 notifications.maxPerMinute=3;
  a key names one setting and changes only that one.`,
  health: `nvr health
  each camera's state and reason, recording, notifications, detection, disk and clean-up`,
  backup: `nvr backup --to FILE [--with-recordings]
  one .tar.gz: a consistent copy of the database (SQLite's online backup: the service may keep running), the settings,
  the key that encrypts camera passwords, the LAN password hash, and the event snapshots; --with-recordings adds the
  recorded footage. The file holds secrets: keep it as safe as the PC.`,
  restore: `nvr restore FILE [--data-dir DIR] [--force]
  unpacks a backup into a data folder that no running service uses; --force replaces an existing database there.`,
  diagnose: `nvr diagnose [--to FILE]
  a support bundle: versions (app, Node, ffmpeg, ffprobe), the OS, settings, health, cameras and the last 200 log
  lines, with every secret (passwords, tokens, keys, URL credentials) replaced by ***.`,
  'lan-password': `nvr lan-password
  read a LAN password from standard input (needed to listen beyond this PC)`,
  'repair-database': `nvr repair-database [--force]
  move a damaged event database aside (kept as nvr.sqlite.damaged-<time>, nothing deleted); the next start re-indexes
  the footage and keeps it. Refused while the NVR runs; --force moves a sound database aside too.`,
  help: `nvr help [COMMAND]
  the commands, or one command's usage`,
};

export function commandHelp(command: string): string | null {
  const usage = COMMAND_USAGE[command];
  return usage === undefined ? null : `Usage:\n${indent(usage)}\n\n${FOOTER}`;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n');

/** One line per command for `nvr help`. */
const SUMMARY: Record<string, string> = {
  start: 'the desktop app, or service mode where Electron is not installed',
  serve: 'service mode in the foreground (Ctrl+C stops it)',
  url: 'the address (with its session token) of the running service',
  cameras: 'list, show, add, set (any setting), remove cameras',
  events: 'list events, show one, export its footage as an MP4',
  visitors: 'people counted per camera, per hour or minute',
  alerts: 'alert channels: list them, send a test',
  settings: "get and set the app's settings",
  health: "each camera's state, recording, notifications, detection, disk",
  backup: 'one .tar.gz of the database, settings and keys while the service runs',
  restore: 'a backup into a data folder no service uses',
  diagnose: 'a support bundle with every secret redacted',
  'lan-password': 'set the password for viewing from other devices',
  'repair-database': 'move a damaged event database aside, keeping the footage',
  help: "the commands, or one command's usage",
};

export function generalHelp(): string {
  const lines = Object.keys(COMMAND_USAGE).map((name) => `  ${name.padEnd(14)}${SUMMARY[name] ?? ''}`);
  return `Usage: nvr <command> [options]\n\n${lines.join('\n')}\n\n\`nvr help COMMAND\` or \`nvr COMMAND --help\` shows one command's usage; \`nvr --version\` the version.\n${FOOTER}`;
}

export interface VersionInfo {
  name: string;
  version: string;
  node: string;
}

export function versionInfo(): VersionInfo {
  let version = 'unknown';
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    // A damaged installation still answers --version, with "unknown".
  }
  return { name: 'ShopWatch NVR', version, node: process.versions.node };
}
