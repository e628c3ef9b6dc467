// The desktop app's tray icon and menu (what it shows is tray-menu.ts's pure model), and LAN viewing, which the menu
// turns on and off: service mode's HTTP server next to the window, handed in by the entry (main/desktop.ts).
import { app, dialog, Menu, nativeImage, Tray } from 'electron';
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiHandlers } from '../../preload/contract.ts';
import { invokeRequest } from '../../preload/contract.ts';
import type { CoreServices } from '../core/core-services.ts';
import type { Logger } from '../core/logging/logger.ts';
import { errorMessage } from '../../preload/format.ts';
import { APP_NAME } from './notification-routing.ts';
import { desktopMessages } from './desktop-language.ts';
import { trayModel, type TrayAction, type TrayIconState } from './tray-menu.ts';
import { desktopSettingsFile, HIDDEN_ARG, readDesktopSettings, setLinuxAutostart, writeDesktopSettings } from './desktop-settings.ts';

/** A running LAN server (service mode's HTTP transport next to the window). */
export interface LanServer {
  readonly port: number;
  close(): Promise<void>;
}

/** LAN viewing, provided by the entry (main/desktop.ts) from service mode. */
export interface LanViewing {
  /** Whether the LAN password (`nvr lan-password`) is set for this data folder. */
  passwordSet(dataDir: string): boolean;
  start(core: RunningCore, options: { port: number; rendererDir: string; logger: Logger; dataDir: string }): Promise<LanServer>;
}

/** The core's services and the contract's handlers over them, once started. */
export interface RunningCore {
  services: CoreServices;
  api: ApiHandlers;
}

export interface DesktopTrayDeps {
  iconsDir: string;
  dataDir: string;
  rendererDir: string;
  logger: Logger;
  core: RunningCore;
  lanViewing: LanViewing | null;
  showWindow: (route: string | null) => void;
}

export function iconFile(iconsDir: string, name: string): string | null {
  const file = path.join(iconsDir, name);
  return existsSync(file) ? file : null;
}

export class DesktopTray {
  private tray: Tray | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lan: LanServer | null = null;

  constructor(private readonly d: DesktopTrayDeps) {}

  create(): void {
    this.tray = new Tray(this.image('ok'));
    this.tray.on('click', () => this.d.showWindow(null));
    void this.update();
  }

  /** At most one menu rebuild a second, however many camera states change. */
  scheduleUpdate(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.update();
    }, 1000);
  }

  destroy(): void {
    this.tray?.destroy();
  }

  async update(): Promise<void> {
    const tray = this.tray;
    if (!tray || tray.isDestroyed()) return;
    const { core } = this.d;
    const cameras = await core.api['cameras.list']({});
    const desktop = readDesktopSettings(desktopSettingsFile(this.d.dataDir));
    const settings = core.services.settings.get();
    const model = trayModel({
      cameras: cameras.map((c) => ({ name: c.name, state: c.status.state })),
      armed: settings.notifications.armed,
      startAtLogin: desktop.startAtLogin,
      loginItemSupported: loginItemSupported(),
      lanEnabled: this.lan !== null,
      lanPasswordSet: this.d.lanViewing?.passwordSet(this.d.dataDir) ?? false,
      lanAddress: this.lan ? `http://${lanHostName()}:${this.lan.port}/` : null,
    }, desktopMessages(settings.language, app.getLocale()));
    const template: MenuItemConstructorOptions[] = model.items.map((item) => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'label':
          return { label: item.label, enabled: false };
        case 'action':
          return { label: item.label, click: () => void this.onAction(item.action) };
        case 'checkbox':
          return { label: item.label, type: 'checkbox', checked: item.checked, click: () => void this.onAction(item.action) };
      }
    });
    tray.setImage(this.image(model.icon));
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  /** LAN viewing on or off; remembered in the desktop settings for the next start. */
  async setLan(enabled: boolean): Promise<void> {
    const { logger, lanViewing } = this.d;
    const file = desktopSettingsFile(this.d.dataDir);
    const settings = readDesktopSettings(file);
    if (!enabled) {
      await this.closeLan();
    } else if (!this.lan && lanViewing) {
      if (!lanViewing.passwordSet(this.d.dataDir)) {
        logger.warn('LAN viewing needs a LAN password first (nvr lan-password)');
        return;
      }
      this.lan = await lanViewing.start(this.d.core, { port: settings.lan.port, rendererDir: this.d.rendererDir, logger, dataDir: this.d.dataDir });
      logger.info({ port: this.lan.port }, 'LAN viewing on');
    }
    settings.lan.enabled = this.lan !== null;
    writeDesktopSettings(file, settings);
  }

  /** Stops LAN viewing without changing the remembered setting (shutdown). */
  async closeLan(): Promise<void> {
    await this.lan?.close();
    this.lan = null;
  }

  private async onAction(action: TrayAction): Promise<void> {
    try {
      switch (action) {
        case 'open':
          this.d.showWindow(null);
          break;
        case 'arm':
        case 'disarm': {
          const { core } = this.d;
          const notifications = { ...core.services.settings.get().notifications, armed: action === 'arm' };
          await invokeRequest(core.api, 'settings.update', { notifications });
          break;
        }
        case 'toggle-login':
          this.toggleStartAtLogin();
          break;
        case 'toggle-lan':
          await this.setLan(this.lan === null);
          break;
        case 'quit':
          app.quit();
          break;
      }
    } catch (err) {
      this.d.logger.error({ action, err: errorMessage(err) }, 'tray action failed');
      void dialog.showMessageBox({ type: 'warning', title: APP_NAME, message: errorMessage(err) });
    }
    await this.update();
  }

  private toggleStartAtLogin(): void {
    const file = desktopSettingsFile(this.d.dataDir);
    const settings = readDesktopSettings(file);
    settings.startAtLogin = !settings.startAtLogin;
    if (process.platform === 'linux') {
      setLinuxAutostart(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), process.env.APPIMAGE ?? process.execPath, settings.startAtLogin);
    } else {
      app.setLoginItemSettings({ openAtLogin: settings.startAtLogin, args: [HIDDEN_ARG] });
    }
    writeDesktopSettings(file, settings);
  }

  private image(state: TrayIconState): NativeImage {
    const file = iconFile(this.d.iconsDir, `tray-${state}.png`) ?? iconFile(this.d.iconsDir, 'icon.png');
    return file ? nativeImage.createFromPath(file) : nativeImage.createEmpty();
  }
}

function loginItemSupported(): boolean {
  return process.platform !== 'linux' || Boolean(process.env.APPIMAGE) || app.isPackaged;
}

function lanHostName(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    const v4 = list?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  return os.hostname();
}
