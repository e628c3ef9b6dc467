// The Electron shell: the only module that imports 'electron'. Thin wiring of Electron's APIs to modules tested under
// plain Node (ipc-router, media-protocol, app-protocol, notification-routing, credential-migration, window-state,
// tray-menu, desktop-settings). Started by main/desktop.ts (the entry, built to out/main/desktop.js, which `nvr start`
// launches where Electron is installed); that entry also hands in LAN viewing, since the shell never imports service
// mode (../shared/ARCHITECTURE.md: no arrow between desktop and service).
//
// - One instance per data folder: a second launch focuses the first window.
// - The engine runs here, in the main process (worker threads and ffmpeg processes as in service mode).
// - The window shows only app://shopwatch (the built page, with a strict CSP header), context-isolated, sandboxed,
//   without Node; navigation, window.open, webviews and every permission request are refused; no remote content.
// - Closing the window keeps the NVR running in the tray; Quit in the tray stops it cleanly.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, safeStorage, screen, session, Tray } from 'electron';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions, NativeImage, OpenDialogOptions } from 'electron';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCoreServices, type CoreServices } from '../core/core-services.ts';
import { createCoreApi } from '../core/api.ts';
import type { ApiHandlers } from '../../preload/contract.ts';
import { EXPORTS_FOLDER_NAME } from '../core/recording/export-job.ts';
import { createLogger, type Logger } from '../core/logging/logger.ts';
import { openDataFolderLog, type AppLog } from '../core/logging/app-log.ts';
import { dataPaths, ensureDataFolders, resolveDataDir } from '../core/config/data-dir.ts';
import { createKeyFileSecretBox, createSealerSecretBox, type SecretBox } from '../core/cameras/secret-box.ts';
import { createMediaRouter } from '../core/media/media-router.ts';
import { invokeRequest } from '../../preload/contract.ts';
import { APP_ORIGIN, APP_SCHEME, createAppProtocolHandler, isAppUrl } from './app-protocol.ts';
import { createMediaProtocolHandler, MEDIA_SCHEME } from './media-protocol.ts';
import { IpcRouter, forwardEvents, IPC_EVENT, IPC_INVOKE, IPC_NAVIGATE, IPC_PICK_FOLDER, type IpcSender } from './ipc-router.ts';
import { APP_NAME, DesktopNotificationSink, windowUrlFor, type Presenter } from './notification-routing.ts';
import { existingKeyFileBox, keyFileBoxWithKeychainNotice, keychainUsable, migrateCredentials } from './credential-migration.ts';
import { clampToDisplays, MIN_HEIGHT, MIN_WIDTH, readWindowState, writeWindowState } from './window-state.ts';
import { trayModel, type TrayAction, type TrayIconState } from './tray-menu.ts';
import { desktopSettingsFile, HIDDEN_ARG, readDesktopSettings, setLinuxAutostart, writeDesktopSettings } from './desktop-settings.ts';

const APP_ID = 'com.shopwatch.nvr';
const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const appRoot = path.resolve(here, '..', '..');

function argValue(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

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

let dataDir = '';
let paths: ReturnType<typeof dataPaths>;
let startHidden = false;
let logger: Logger;
let appLog: AppLog | null = null;
let lanViewing: LanViewing | null = null;
let preflight: ((dataDir: string) => string | null) | null = null;

/** Packaged: resources next to the app (process.resourcesPath); from a checkout: the project's resources/. */
const resourcesPath: string | null = app.isPackaged ? process.resourcesPath : null;
const iconsDir = app.isPackaged ? path.join(process.resourcesPath, 'icons') : path.join(appRoot, 'resources', 'icons');
const rendererDir = path.join(appRoot, 'out', 'renderer');
const preloadPath = path.join(appRoot, 'out', 'preload', 'index.cjs');
if (app.isPackaged && !process.env.NVR_WORKERS_DIR) {
  // Worker threads cannot start from inside app.asar: electron-builder.yml unpacks out/workers.
  process.env.NVR_WORKERS_DIR = path.join(process.resourcesPath, 'app.asar.unpacked', 'out', 'workers');
}

/** The core's services and the contract's handlers over them, once started. */
export interface RunningCore {
  services: CoreServices;
  api: ApiHandlers;
}
let engine: RunningCore | null = null;
let win: BrowserWindow | null = null;
let tray: Tray | null = null;
let lan: LanServer | null = null;
let quitting = false;
let stopped = false;
let toldAboutTray = false;
const shown = new Set<Notification>(); // kept referenced until closed, or clicks are lost to the garbage collector

/** Sets everything up before Electron's ready event, then starts the engine and the window once ready. */
export function runDesktopShell(options: {
  lanViewing: LanViewing | null;
  /** Why the engine must not start on this data folder now (service mode already runs on it), or null. */
  preflight?: (dataDir: string) => string | null;
}): void {
  lanViewing = options.lanViewing;
  preflight = options.preflight ?? null;
  dataDir = resolveDataDir(argValue('--data-dir'));
  paths = dataPaths(dataDir);
  ensureDataFolders(paths);
  startHidden = process.argv.includes(HIDDEN_ARG);
  // The console until the log file is open (before the engine starts): then logs/nvr.N.log, rotated, as in service
  // mode, and the console too unless this is the installed app with no terminal to read it.
  const terminal = app.isPackaged && !process.stderr.isTTY ? null : { stream: process.stderr, isTTY: Boolean(process.stderr.isTTY) };
  logger = createLogger({ destination: process.stderr }).child({ component: 'desktop' });
  const logReady = openDataFolderLog(dataDir, terminal).then((log) => {
    appLog = log;
    logger = log.logger.child({ component: 'desktop' });
  });
  // Chromium's own files (the keychain's wrapped key on Windows, caches) live in the data folder too: one folder to
  // back up. Set before the single-instance lock, which is per userData folder: one instance per data folder.
  app.setPath('userData', path.join(dataDir, 'electron'));
  app.setName(APP_NAME);
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
  ]);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => showWindow(null));
  app.on('activate', () => showWindow(null)); // macOS: a click on the Dock icon
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => {
    // Keep running in the tray: recording never depends on the window.
  });
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    quitting = true;
    void shutdown();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  app.whenReady().then(() => logReady).then(start).catch((err: unknown) => fatal(err));
}

/** Schemes the window never loads: the network and the file system. */
function isRemoteUrl(url: string): boolean {
  return /^(https?|wss?|ftp|file):/i.test(url);
}

function harden(contents: Electron.WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

async function start(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // No remote content: nothing over the network, nothing from file://, only app: and nvr-media: (and data:/blob:).
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: isRemoteUrl(details.url) }));
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  const problem = preflight?.(paths.root) ?? null;
  if (problem) throw new Error(problem);
  const secretBox = chooseSecretBox();
  const sink = new DesktopNotificationSink(present, (route) => showWindow(route), iconFile('icon.png'));
  const services = await createCoreServices({
    dataDir,
    // The app's root logger: the engine names its own components (a second `component` key would repeat in each line).
    logger: appLog?.logger ?? logger,
    notificationSinks: [sink],
    secretBox: secretBox.box,
    resourcesPath,
    exportsFolder: path.join(app.getPath('videos'), EXPORTS_FOLDER_NAME),
  });
  const running: RunningCore = { services, api: createCoreApi(services) };
  engine = running;
  if (secretBox.keychain) {
    try {
      migrateCredentials({ passwords: services.passwords, keyFile: paths.secretKey, target: secretBox.box, logger });
    } catch (err) {
      logger.error({ err: errorMessage(err) }, 'camera passwords could not be moved to the keychain; they stay with the key file');
    }
  }

  protocol.handle(MEDIA_SCHEME, createMediaProtocolHandler(createMediaRouter(running.services.media), { appOrigin: APP_ORIGIN }));
  const senderOf = (event: IpcMainInvokeEvent): IpcSender => ({
    webContentsId: event.sender.id,
    frameUrl: event.senderFrame?.url ?? null,
    isMainFrame: event.senderFrame?.parent === null,
  });
  const router = new IpcRouter({
    handlers: running.api,
    origin: APP_ORIGIN,
    windowIds: () => new Set(win && !win.isDestroyed() ? [win.webContents.id] : []),
    logger,
  });
  ipcMain.handle(IPC_INVOKE, (event, message: unknown) => router.handle(senderOf(event), message));
  // The export folder, chosen in the system's own folder dialog (the page cannot browse the disk itself).
  ipcMain.handle(IPC_PICK_FOLDER, async (event, current: unknown): Promise<string | null> => {
    if (router.refusal(senderOf(event)) !== null) return null;
    const options: OpenDialogOptions = {
      title: 'Choose where to save exports',
      buttonLabel: 'Save exports here',
      properties: ['openDirectory', 'createDirectory'],
      ...(typeof current === 'string' && path.isAbsolute(current) ? { defaultPath: current } : {}),
    };
    const picked = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  });
  forwardEvents(
    (name, listener) => running.services.on(name, listener),
    (message) => {
      if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(IPC_EVENT, message);
    },
  );

  createTray();
  for (const name of ['camera.state', 'cameras.changed'] as const) running.services.on(name, () => scheduleTrayUpdate());
  // The page can arm or disarm too, and there is no event for settings: look again now and then.
  setInterval(scheduleTrayUpdate, 15_000).unref();
  const settings = readDesktopSettings(desktopSettingsFile(dataDir));
  if (settings.lan.enabled) {
    // A busy port must not keep the NVR from starting: it runs without LAN viewing and says why in the log.
    await setLan(true).catch((err: unknown) => logger.error({ err: errorMessage(err) }, 'LAN viewing could not start'));
  }
  if (!startHidden) showWindow(null);
}

function chooseSecretBox(): { box: SecretBox; keychain: boolean } {
  const check = keychainUsable(safeStorage.isEncryptionAvailable(), process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null);
  if (!check.usable) {
    logger.warn({ reason: check.reason }, 'camera passwords stay encrypted with the key file in the data folder');
    return { box: keyFileBoxWithKeychainNotice(createKeyFileSecretBox(paths.secretKey), check.reason ?? 'unknown reason'), keychain: false };
  }
  const sealer = { seal: (plain: string) => safeStorage.encryptString(plain), unseal: (sealed: Buffer) => safeStorage.decryptString(sealed) };
  return { box: createSealerSecretBox(sealer, existingKeyFileBox(paths.secretKey)), keychain: true };
}

// ---- window ---------------------------------------------------------------------------------------------------------

function showWindow(route: string | null): void {
  if (!win || win.isDestroyed()) {
    win = createWindow(route);
    return;
  }
  if (route) win.webContents.send(IPC_NAVIGATE, route);
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function createWindow(route: string | null): BrowserWindow {
  const stateFile = path.join(dataDir, 'window-state.json');
  const primary = screen.getPrimaryDisplay();
  const areas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  const state = clampToDisplays(readWindowState(stateFile), areas);
  const icon = iconFile('icon.png');
  const w = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: APP_NAME,
    backgroundColor: '#10151c',
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  w.removeMenu();
  if (state.maximized) w.maximize();
  w.once('ready-to-show', () => w.show());
  const save = () => {
    if (w.isDestroyed()) return;
    const b = w.getNormalBounds();
    try {
      writeWindowState(stateFile, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: w.isMaximized() });
    } catch (err) {
      logger.warn({ err: errorMessage(err) }, 'window position not saved');
    }
  };
  let saveTimer: NodeJS.Timeout | null = null;
  const saveSoon = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  w.on('resize', saveSoon);
  w.on('move', saveSoon);
  w.on('close', (event) => {
    save();
    if (quitting) return;
    event.preventDefault(); // keep running in the tray
    w.hide();
    if (!toldAboutTray && Notification.isSupported()) {
      toldAboutTray = true;
      new Notification({ title: APP_NAME, body: 'Still watching the cameras. Open it again from the tray icon; Quit is in its menu.', silent: true }).show();
    }
  });
  void w.loadURL(windowUrlFor(route));
  return w;
}

// ---- notifications --------------------------------------------------------------------------------------------------

const present: Presenter = (spec, onClick) =>
  new Promise<void>((resolve, reject) => {
    if (!Notification.isSupported()) {
      reject(new Error('Desktop notifications are not available: this system has no notification service.'));
      return;
    }
    const icon = spec.iconPath && existsSync(spec.iconPath) ? nativeImage.createFromPath(spec.iconPath) : undefined;
    const n = new Notification({ title: spec.title, body: spec.body, ...(icon && !icon.isEmpty() ? { icon } : {}) });
    shown.add(n);
    n.on('show', () => resolve());
    n.on('failed', (_event, error) => {
      shown.delete(n);
      reject(new Error(`Desktop notifications are not available: ${error}`));
    });
    n.on('click', () => {
      shown.delete(n);
      onClick();
    });
    n.on('close', () => shown.delete(n));
    n.show();
  });

// ---- tray -----------------------------------------------------------------------------------------------------------

function iconFile(name: string): string | null {
  const file = path.join(iconsDir, name);
  return existsSync(file) ? file : null;
}

function trayImage(state: TrayIconState): NativeImage {
  const file = iconFile(`tray-${state}.png`) ?? iconFile('icon.png');
  return file ? nativeImage.createFromPath(file) : nativeImage.createEmpty();
}

function createTray(): void {
  tray = new Tray(trayImage('ok'));
  tray.on('click', () => showWindow(null));
  void updateTray();
}

let trayTimer: NodeJS.Timeout | null = null;
function scheduleTrayUpdate(): void {
  if (trayTimer) return;
  trayTimer = setTimeout(() => {
    trayTimer = null;
    void updateTray();
  }, 1000);
}

function loginItemSupported(): boolean {
  return process.platform !== 'linux' || Boolean(process.env.APPIMAGE) || app.isPackaged;
}

async function updateTray(): Promise<void> {
  if (!tray || !engine || tray.isDestroyed()) return;
  const cameras = await engine.api['cameras.list']({});
  const desktop = readDesktopSettings(desktopSettingsFile(dataDir));
  const model = trayModel({
    cameras: cameras.map((c) => ({ name: c.name, state: c.status.state })),
    armed: engine.services.settings.get().notifications.armed,
    startAtLogin: desktop.startAtLogin,
    loginItemSupported: loginItemSupported(),
    lanEnabled: lan !== null,
    lanPasswordSet: lanViewing?.passwordSet(paths.root) ?? false,
    lanAddress: lan ? `http://${lanHostName()}:${lan.port}/` : null,
  });
  const template: MenuItemConstructorOptions[] = model.items.map((item) => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, click: () => void onTrayAction(item.action) };
      case 'checkbox':
        return { label: item.label, type: 'checkbox', checked: item.checked, click: () => void onTrayAction(item.action) };
    }
  });
  tray.setImage(trayImage(model.icon));
  tray.setToolTip(model.tooltip);
  tray.setContextMenu(Menu.buildFromTemplate(template));
}

async function onTrayAction(action: TrayAction): Promise<void> {
  try {
    switch (action) {
      case 'open':
        showWindow(null);
        break;
      case 'arm':
      case 'disarm': {
        if (!engine) return;
        const notifications = { ...engine.services.settings.get().notifications, armed: action === 'arm' };
        await invokeRequest(engine.api, 'settings.update', { notifications });
        break;
      }
      case 'toggle-login': {
        const file = desktopSettingsFile(dataDir);
        const settings = readDesktopSettings(file);
        settings.startAtLogin = !settings.startAtLogin;
        if (process.platform === 'linux') {
          setLinuxAutostart(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), process.env.APPIMAGE ?? process.execPath, settings.startAtLogin);
        } else {
          app.setLoginItemSettings({ openAtLogin: settings.startAtLogin, args: [HIDDEN_ARG] });
        }
        writeDesktopSettings(file, settings);
        break;
      }
      case 'toggle-lan':
        await setLan(lan === null);
        break;
      case 'quit':
        app.quit();
        break;
    }
  } catch (err) {
    logger.error({ action, err: errorMessage(err) }, 'tray action failed');
    void dialog.showMessageBox({ type: 'warning', title: APP_NAME, message: errorMessage(err) });
  }
  await updateTray();
}

// ---- LAN viewing (opt-in: service mode's HTTP server next to the window) ------------------------------------------

function lanHostName(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    const v4 = list?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  return os.hostname();
}

async function setLan(enabled: boolean): Promise<void> {
  const file = desktopSettingsFile(dataDir);
  const settings = readDesktopSettings(file);
  if (!enabled) {
    await lan?.close();
    lan = null;
  } else if (!lan && engine && lanViewing) {
    if (!lanViewing.passwordSet(paths.root)) {
      logger.warn('LAN viewing needs a LAN password first (nvr lan-password)');
      return;
    }
    lan = await lanViewing.start(engine, { port: settings.lan.port, rendererDir, logger, dataDir: paths.root });
    logger.info({ port: lan.port }, 'LAN viewing on');
  }
  settings.lan.enabled = lan !== null;
  writeDesktopSettings(file, settings);
}

// ---- shutdown -------------------------------------------------------------------------------------------------------

async function shutdown(): Promise<void> {
  const deadline = setTimeout(() => {
    logger.error('shutdown took too long: exiting now');
    appLog?.flush();
    app.exit(1);
  }, 5000);
  try {
    await lan?.close();
    await engine?.services.stop();
  } catch (err) {
    logger.error({ err: errorMessage(err) }, 'shutdown failed');
  } finally {
    clearTimeout(deadline);
    stopped = true;
    tray?.destroy();
    appLog?.flush();
    app.quit();
  }
}

function fatal(err: unknown): void {
  logger.fatal({ err: errorMessage(err) }, 'the desktop app could not start');
  process.stderr.write(`ShopWatch NVR could not start: ${errorMessage(err)}\n`);
  dialog.showErrorBox('ShopWatch NVR could not start', `${errorMessage(err)}\n\nThe log is in ${paths.logs}.`);
  stopped = true;
  appLog?.flush();
  app.exit(1);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
