// The Electron shell: the only module that imports 'electron'. Thin wiring of Electron's APIs to modules tested under
// plain Node (ipc-router, media-protocol, app-protocol, notification-routing, credential-migration, window-state,
// tray-menu, desktop-settings); the tray and LAN viewing are desktop-tray.ts, OS notifications os-notifications.ts. Started by main/desktop.ts (the entry, built to out/main/desktop.js, which `nvr start`
// launches where Electron is installed); that entry also hands in LAN viewing, since the shell never imports service
// mode (../shared/ARCHITECTURE.md: no arrow between desktop and service).
//
// - One instance per data folder: a second launch focuses the first window.
// - The engine runs here, in the main process (worker threads and ffmpeg processes as in service mode).
// - The window shows only app://shopwatch (the built page, with a strict CSP header), context-isolated, sandboxed,
//   without Node; navigation, window.open, webviews and every permission request are refused; no remote content.
// - Closing the window keeps the NVR running in the tray; Quit in the tray stops it cleanly.
import { app, BrowserWindow, dialog, ipcMain, Notification, protocol, safeStorage, screen, session } from 'electron';
import type { IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCoreServices } from '../core/core-services.ts';
import { channelFactories } from '../core/alerts/channel-registry.ts';
import { createCoreApi } from '../core/api.ts';
import { EXPORTS_FOLDER_NAME } from '../core/recording/export-job.ts';
import { createLogger, type Logger } from '../core/logging/logger.ts';
import { openDataFolderLog, type AppLog } from '../core/logging/app-log.ts';
import { dataPaths, ensureDataFolders, resolveDataDir } from '../core/config/data-dir.ts';
import { createKeyFileSecretBox, createSealerSecretBox, type SecretBox } from '../core/cameras/secret-box.ts';
import { createMediaRouter } from '../core/media/media-router.ts';
import { APP_ORIGIN, APP_SCHEME, createAppProtocolHandler, isAppUrl } from './app-protocol.ts';
import { createMediaProtocolHandler } from './media-protocol.ts';
import { IpcRouter, forwardEvents, type IpcSender } from './ipc-router.ts';
import { IPC_EVENT, IPC_INVOKE, IPC_NAVIGATE, IPC_PICK_FOLDER, MEDIA_SCHEME } from '../../preload/protocols/desktop-bridge.ts';
import { APP_NAME, DesktopNotificationSink, windowUrlFor } from './notification-routing.ts';
import { presentNotification } from './os-notifications.ts';
import { existingKeyFileBox, keyFileBoxWithKeychainNotice, keychainUsable, migrateCredentials } from './credential-migration.ts';
import { clampToDisplays, MIN_HEIGHT, MIN_WIDTH, readWindowState, writeWindowState } from './window-state.ts';
import { DesktopTray, iconFile, type LanViewing, type RunningCore } from './desktop-tray.ts';
import { errorMessage } from '../../preload/format.ts';
import { askWhereToSaveDownloads } from './download-save.ts';
import { afterSettingsUpdate, desktopMessages } from './desktop-language.ts';
import { desktopSettingsFile, HIDDEN_ARG, readDesktopSettings } from './desktop-settings.ts';

export type { LanServer, LanViewing, RunningCore } from './desktop-tray.ts';

const APP_ID = 'com.shopwatch.nvr';
const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const appRoot = path.resolve(here, '..', '..');

/** The desktop's words in the owner's language (the setting, else the OS's language; English before the engine runs). */
const words = () => desktopMessages(engine?.services.settings.get().language, app.isReady() ? app.getLocale() : '');

function argValue(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
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

let engine: RunningCore | null = null;
let win: BrowserWindow | null = null;
let tray: DesktopTray | null = null;
let quitting = false;
let stopped = false;
let toldAboutTray = false;

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
  askWhereToSaveDownloads(ses, { appOrigin: APP_ORIGIN, folders: () => ({ videos: app.getPath('videos'), pictures: app.getPath('pictures') }), logger, words });
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  const problem = preflight?.(paths.root) ?? null;
  if (problem) throw new Error(problem);
  const secretBox = chooseSecretBox();
  const sink = new DesktopNotificationSink(presentNotification, (route) => showWindow(route), iconFile(iconsDir, 'icon.png'));
  const services = await createCoreServices({
    dataDir,
    // The app's root logger: the engine names its own components (a second `component` key would repeat in each line).
    logger: appLog?.logger ?? logger,
    notificationSinks: [sink],
    alertChannelFactories: channelFactories,
    secretBox: secretBox.box,
    resourcesPath,
    exportsFolder: path.join(app.getPath('videos'), EXPORTS_FOLDER_NAME),
  });
  const running: RunningCore = { services, api: afterSettingsUpdate(createCoreApi(services), () => tray?.scheduleUpdate()) };
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
      title: words().desktop_pick_exports_title,
      buttonLabel: words().desktop_pick_exports_button,
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

  const desktopTray = new DesktopTray({ iconsDir, dataDir, rendererDir, logger, core: running, lanViewing, showWindow });
  tray = desktopTray;
  desktopTray.create();
  for (const name of ['camera.state', 'cameras.changed'] as const) running.services.on(name, () => desktopTray.scheduleUpdate());
  // The page can arm or disarm too, and there is no event for settings: look again now and then.
  setInterval(() => desktopTray.scheduleUpdate(), 15_000).unref();
  const settings = readDesktopSettings(desktopSettingsFile(dataDir));
  if (settings.lan.enabled) {
    // A busy port must not keep the NVR from starting: it runs without LAN viewing and says why in the log.
    await desktopTray.setLan(true).catch((err: unknown) => logger.error({ err: errorMessage(err) }, 'LAN viewing could not start'));
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
  const icon = iconFile(iconsDir, 'icon.png');
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
      new Notification({ title: APP_NAME, body: words().desktop_still_running, silent: true }).show();
    }
  });
  void w.loadURL(windowUrlFor(route));
  return w;
}

// ---- shutdown -------------------------------------------------------------------------------------------------------

async function shutdown(): Promise<void> {
  const deadline = setTimeout(() => {
    logger.error('shutdown took too long: exiting now');
    appLog?.flush();
    app.exit(1);
  }, 5000);
  try {
    await tray?.closeLan();
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
  dialog.showErrorBox(words().desktop_start_failed, `${errorMessage(err)}\n\n${words().desktop_start_failed_log({ folder: paths.logs })}`);
  stopped = true;
  appLog?.flush();
  app.exit(1);
}
