// The systemd user unit that starts service mode at log-in (and at boot with `loginctl enable-linger`). Pure: the
// text of the unit from absolute paths; `nvr service install` writes it.
import path from 'node:path';

export const UNIT_NAME = 'shopwatch-nvr.service';

export interface UnitInput {
  /** The Node binary (absolute). */
  nodePath: string;
  /** out/main/cli.js (absolute). */
  cliPath: string;
  /** The data folder (absolute). */
  dataDir: string;
  /** Optional port (else the default, 7480). */
  port?: number;
}

/** Where a user's units live: $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user. */
export function userUnitPath(home: string, env: NodeJS.ProcessEnv): string {
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'systemd', 'user', UNIT_NAME);
}

/**
 * One word of a systemd command line: quoted when it needs it, with `\` and `"` escaped, `%` (specifiers) as `%%`
 * and `$` (variables) as `$$`, so that a path like `~/.config/ShopWatch NVR` reaches the program unchanged.
 */
export function execWord(word: string): string {
  if (/[\0\r\n]/.test(word)) throw new Error(`A path for the service cannot hold a line break: ${JSON.stringify(word.slice(0, 80))}.`);
  const escaped = word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[\w@%+=:,./-]+$/.test(escaped) && escaped === word ? word : `"${escaped}"`;
}

export function buildSystemdUnit(input: UnitInput): string {
  for (const [what, value] of [
    ['Node binary', input.nodePath],
    ['command line script', input.cliPath],
    ['data folder', input.dataDir],
  ] as const) {
    if (!path.isAbsolute(value)) throw new Error(`The ${what} for the service must be an absolute path, not "${value}".`);
  }
  const args = [input.nodePath, input.cliPath, 'serve', '--data-dir', input.dataDir, '--no-open'];
  if (input.port !== undefined) args.push('--port', String(input.port));
  return [
    '# Written by `nvr service install`; `nvr service uninstall` removes it.',
    '[Unit]',
    'Description=ShopWatch NVR (service mode: records and serves the page on this PC)',
    // A camera setting that stops it from starting is retried 5 times in 5 minutes, then left stopped.
    'StartLimitIntervalSec=300',
    'StartLimitBurst=5',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${args.map(execWord).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=10',
    // Ctrl+C's clean stop: open events closed, ffmpeg stopped, the database closed (it takes under 5 s).
    'KillSignal=SIGINT',
    'TimeoutStopSec=15',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}
