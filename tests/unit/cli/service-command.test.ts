// `nvr service` where there is no systemd: on Windows and macOS it says in one sentence what to do instead.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serviceCommand } from '../../../main/cli/service-command.ts';

describe('nvr service on Windows and macOS', () => {
  afterEach(() => vi.restoreAllMocks());

  const printed = async (platform: NodeJS.Platform, args: string[]) => {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true));
    const code = await serviceCommand(args, platform);
    return { code, text: chunks.join('') };
  };

  it('points Windows at the Task Scheduler and macOS at a LaunchAgent, exit 1, writing nothing', async () => {
    const win = await printed('win32', ['install']);
    expect(win.code).toBe(1);
    expect(win.text.trim().split('\n')).toHaveLength(1);
    expect(win.text).toContain('On Windows, start service mode at log-on with the Task Scheduler');
    const mac = await printed('darwin', ['status', '--json']);
    expect(mac.code).toBe(1);
    expect(JSON.parse(mac.text)).toMatchObject({ supported: false, message: expect.stringContaining('launchd LaunchAgent') });
  });

  it('refuses a subcommand it does not know, on every system', async () => {
    await expect(serviceCommand(['restart'], 'linux')).rejects.toThrow('Use `nvr service install [--data-dir DIR] [--port N]`');
    await expect(serviceCommand([], 'win32')).rejects.toThrow('Use `nvr service install');
  });
});
