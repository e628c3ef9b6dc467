// The desktop shell's own few settings (desktop.json in the data folder): start at login, and LAN viewing (the
// service mode's HTTP server next to the window, so a phone on the shop's network can look in; off until the owner
// turns it on, and it needs the LAN password set with `nvr lan-password`). Plus the Linux autostart entry, since
// Electron's login items exist only on Windows and macOS. Pure; no Electron import.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The port phones use for LAN viewing unless desktop.json says otherwise (service mode's default too). */
export const DEFAULT_LAN_PORT = 7480;

const settingsSchema = z.object({
  startAtLogin: z.boolean().default(false),
  lan: z
    .object({
      enabled: z.boolean().default(false),
      port: z.number().int().min(1).max(65535).default(DEFAULT_LAN_PORT),
    })
    .prefault({}),
});

export type DesktopSettings = z.infer<typeof settingsSchema>;

export function desktopSettingsFile(dataDir: string): string {
  return path.join(dataDir, 'desktop.json');
}

export function readDesktopSettings(file: string): DesktopSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    raw = {};
  }
  const parsed = settingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

export function writeDesktopSettings(file: string, settings: DesktopSettings): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(settingsSchema.parse(settings), null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

/** The command line the OS starts at login: the app, told to stay in the tray. */
export const HIDDEN_ARG = '--hidden';

/** ~/.config/autostart/shopwatch-nvr.desktop (XDG autostart), for the given executable (the AppImage's path). */
export function linuxAutostartFile(configHome: string): string {
  return path.join(configHome, 'autostart', 'shopwatch-nvr.desktop');
}

/** An XDG desktop entry value, quoted as the spec says (double quotes, with \, ", `, $ escaped). */
function quoteExec(arg: string): string {
  return /[\s"'\\`$]/.test(arg) ? `"${arg.replace(/[\\"`$]/g, (c) => '\\' + c)}"` : arg;
}

export function linuxAutostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=ShopWatch NVR',
    'Comment=Watches the shop cameras',
    `Exec=${quoteExec(executable)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function setLinuxAutostart(configHome: string, executable: string, enabled: boolean): void {
  const file = linuxAutostartFile(configHome);
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, linuxAutostartEntry(executable), { mode: 0o644 });
}
