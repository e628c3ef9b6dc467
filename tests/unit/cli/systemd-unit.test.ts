// The systemd user unit `nvr service install` writes: absolute paths, quoting that survives spaces, quotes, `%` and
// `$`, a restart on failure, the clean stop signal, and its place under the user's config folder.
import { describe, expect, it } from 'vitest';
import { UNIT_NAME, buildSystemdUnit, execWord, userUnitPath } from '../../../main/cli/systemd-unit.ts';

describe('systemd unit', () => {
  const input = { nodePath: '/opt/node24/bin/node', cliPath: '/home/ann/nvr/out/main/cli.js', dataDir: '/home/ann/.config/ShopWatch NVR' };

  it('runs `node cli.js serve --data-dir DIR` with Restart=on-failure, for the default target', () => {
    const unit = buildSystemdUnit(input);
    expect(unit).toContain('\n[Service]\nType=simple\n');
    expect(unit).toContain('ExecStart=/opt/node24/bin/node /home/ann/nvr/out/main/cli.js serve --data-dir "/home/ann/.config/ShopWatch NVR" --no-open\n');
    expect(unit).toContain('\nRestart=on-failure\n');
    expect(unit).toContain('\nKillSignal=SIGINT\n');
    expect(unit).toContain('\n[Install]\nWantedBy=default.target\n');
    expect(unit.split('\n').filter((l) => l.startsWith('ExecStart='))).toHaveLength(1);
  });

  it('adds the port when one is given', () => {
    expect(buildSystemdUnit({ ...input, port: 8080 })).toMatch(/--no-open --port 8080\n/);
  });

  it('quotes and escapes what systemd would otherwise read as separators, specifiers or variables', () => {
    expect(execWord('/plain/path-1.2_x')).toBe('/plain/path-1.2_x');
    expect(execWord('/a b')).toBe('"/a b"');
    expect(execWord('/100%/x')).toBe('"/100%%/x"');
    expect(execWord('/$HOME/x')).toBe('"/$$HOME/x"');
    expect(execWord('/say "hi"\\now')).toBe('"/say \\"hi\\"\\\\now"');
  });

  it('refuses relative paths and line breaks with a sentence', () => {
    expect(() => buildSystemdUnit({ ...input, dataDir: 'data' })).toThrow('The data folder for the service must be an absolute path, not "data".');
    expect(() => buildSystemdUnit({ ...input, nodePath: 'node' })).toThrow('The Node binary for the service must be an absolute path');
    expect(() => buildSystemdUnit({ ...input, dataDir: '/a\nExecStartPre=/bin/rm' })).toThrow('A path for the service cannot hold a line break');
  });

  it('lives in ~/.config/systemd/user, or under XDG_CONFIG_HOME when that is set', () => {
    expect(UNIT_NAME).toBe('shopwatch-nvr.service');
    expect(userUnitPath('/home/ann', {})).toBe('/home/ann/.config/systemd/user/shopwatch-nvr.service');
    expect(userUnitPath('/home/ann', { XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/systemd/user/shopwatch-nvr.service');
    expect(userUnitPath('/home/ann', { XDG_CONFIG_HOME: 'relative' })).toBe('/home/ann/.config/systemd/user/shopwatch-nvr.service');
  });
});
