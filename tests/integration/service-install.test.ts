// `nvr service install|status|uninstall`, as built (out/main/cli.js), in a temporary home folder: the systemd user
// unit it writes is valid for systemd itself (`systemd-analyze --user verify`, Debian's systemd package), runs this
// Node on this checkout's cli.js for the data folder (a path with a space), and goes away again. systemctl cannot
// reach a user manager here (no session bus: XDG_RUNTIME_DIR is an empty folder), which the command says in a sentence.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCli, cliPath, runCli } from '../fixtures/cli-process.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

describe('nvr service (systemd user unit)', () => {
  let home: string;
  let runtime: string;
  let dataDir: string;
  let unitFile: string;
  let env: NodeJS.ProcessEnv;
  const nvr = (...args: string[]) => runCli(['service', ...args, '--data-dir', dataDir], env);

  beforeAll(async () => {
    await buildCli();
    home = tempDataDir('nvr-home-');
    runtime = path.join(home, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    dataDir = path.join(home, '.config', 'ShopWatch NVR');
    unitFile = path.join(home, '.config', 'systemd', 'user', 'shopwatch-nvr.service');
    env = { HOME: home, XDG_CONFIG_HOME: '', XDG_RUNTIME_DIR: runtime, DBUS_SESSION_BUS_ADDRESS: '' };
  }, 60_000);


  it('status before install says it is not installed', async () => {
    const r = await nvr('status');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('Not installed: `nvr service install` starts service mode whenever you log in.');
  });

  it('install writes the unit; without a user session it says how to enable it, exit 1', async () => {
    const r = await nvr('install');
    expect(r.stdout).toContain(`Wrote ${unitFile} (service mode for the data folder ${dataDir}).`);
    expect(r.stdout).toMatch(/systemd could not enable it \(.+\): in your desktop session run `systemctl --user enable --now shopwatch-nvr.service`, and `loginctl enable-linger \$USER` to start it at boot\./);
    expect(r.code).toBe(1);
    const unit = readFileSync(unitFile, 'utf8');
    expect(unit).toContain(`ExecStart=${process.execPath} ${cliPath} serve --data-dir "${dataDir}" --no-open\n`);
    expect(unit).toContain('\nRestart=on-failure\n');
  });

  it('the unit file is valid for systemd (systemd-analyze verify)', () => {
    const r = spawnSync('systemd-analyze', ['--user', 'verify', unitFile], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new Error("systemd-analyze is missing: install Debian's systemd package (apt-get install -y --no-install-recommends systemd) to check the unit file.");
    }
    expect(r.error).toBeUndefined();
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('status shows the installed unit, what it runs, systemd state and whether service mode runs; --json too', async () => {
    const r = await nvr('status');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Installed: ${unitFile}\nRuns: ${process.execPath} ${cliPath} serve --data-dir "${dataDir}" --no-open\n`);
    expect(r.stdout).toMatch(/^Enabled: .+\. Active: .+\.$/m);
    expect(r.stdout).toContain('Service mode is not running on this data folder.');
    const json = JSON.parse((await nvr('status', '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ installed: true, unitFile, running: false });
    expect(json.execStart).toContain(cliPath);
  });

  it('uninstall removes the unit; a second uninstall has nothing to remove', async () => {
    const r = await nvr('uninstall');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Removed ${unitFile}: service mode no longer starts by itself.`);
    expect(existsSync(unitFile)).toBe(false);
    const again = await nvr('uninstall');
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(`Nothing to remove: ${unitFile} does not exist.`);
  });

  it('a wrong subcommand or port is a usage error, exit 2', async () => {
    for (const args of [['start'], [], ['install', '--port', 'x'], ['install', 'extra']]) {
      const r = await nvr(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Use `nvr service install|--port takes a number/);
    }
  });
});
