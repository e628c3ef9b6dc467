// The Electron shell's wiring (main/desktop/shell.ts) run under Node with the real engine in a temporary data folder,
// against a recording stand-in for Electron's API (tests/fixtures/electron-stand-in.ts; Electron's runtime cannot be
// installed here). Checked: what happens before 'ready' (userData in the data folder, privileged schemes, sandbox,
// single instance), the window's web preferences and page, the hardening handlers, IPC through the registered handler
// with sender checks, both protocols, camera passwords moved from the key file to the keychain on start, closing to
// the tray, the tray menu's arm switch, and a clean quit that stops the engine.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../main/core/storage/database.ts';
import { CameraRepository } from '../../main/core/storage/camera-repository.ts';
import { createKeyFileSecretBox } from '../../main/core/cameras/secret-box.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { cameraInputSchema } from '../../preload/settings-schema.ts';
import { DESKTOP_CSP } from '../../main/desktop/app-protocol.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { repoRoot } from '../fixtures/build-fixture.ts';
import * as electron from '../fixtures/electron-stand-in.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

vi.mock('electron', async () => await import('../fixtures/electron-stand-in.ts'));

const { recorded, emitReady } = electron;
const PASSWORD = 'p@ss:w/rd#%';

describe('the Electron shell wiring, under Node with the real engine', () => {
  let dir: string;
  const argv = process.argv.slice();

  beforeAll(async () => {
    dir = tempDataDir('nvr-shell-');
    // What service mode left: a camera whose password is sealed by the key file (disabled: no ffmpeg needed).
    const db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
    const { password: _p, username: _u, mainUrl: _m, subUrl: _s, ...rest } = cameraInputSchema.parse({ name: 'Till', mainUrl: 'rtsp://127.0.0.1:9/s' });
    new CameraRepository(db).insert({
      ...rest,
      id: 'till',
      mainUrl: 'rtsp://127.0.0.1:9/s',
      subUrl: null,
      username: 'admin',
      passwordEnc: createKeyFileSecretBox(path.join(dir, 'secret.key')).encrypt(PASSWORD),
      enabled: false,
      demo: false,
      createdAt: 1,
    });
    db.close();
    process.argv.push('--data-dir', dir);
    const { runDesktopShell } = await import('../../main/desktop/shell.ts');
    runDesktopShell({ lanViewing: null, preflight: () => null });
  });

  afterAll(() => {
    process.argv.splice(0, process.argv.length, ...argv);
  });

  it('before ready: Chromium files in the data folder, privileged schemes, sandbox everywhere', () => {
    expect(recorded.paths.get('userData')).toBe(path.join(dir, 'electron'));
    expect(recorded.name).toBe('ShopWatch NVR');
    expect(recorded.sandboxEnabled).toBe(true);
    const schemes = Object.fromEntries(recorded.privilegedSchemes.map((s) => [s.scheme, s.privileges]));
    expect(schemes.app).toMatchObject({ standard: true, secure: true });
    expect(schemes['nvr-media']).toMatchObject({ standard: true, secure: true, stream: true, supportFetchAPI: true });
    expect(recorded.windows).toHaveLength(0);
  });

  it('once ready: one hardened window on the app page', async () => {
    emitReady();
    await waitFor(() => recorded.windows.length === 1, 30_000, 'the window');
    const win = recorded.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: path.join(repoRoot, 'out', 'preload', 'index.cjs'),
    });
    expect(win.loaded).toEqual(['app://shopwatch/index.html']);
    win.fire('ready-to-show');
    expect(win.visible).toBe(true);

    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    win.webContents.fire('will-navigate', event, 'https://example.com/');
    win.webContents.fire('will-navigate', event, 'file:///etc/passwd');
    win.webContents.fire('will-redirect', event, 'http://192.168.1.1/');
    win.webContents.fire('will-attach-webview', event);
    expect(prevented).toBe(4);
    win.webContents.fire('will-navigate', event, 'app://shopwatch/index.html#/events/x');
    expect(prevented).toBe(4);
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const granted: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) recorded.permissionRequest!({}, permission, (g) => granted.push(g));
    expect(granted).toEqual([false, false, false, false]);
    expect(recorded.permissionCheck!({}, 'media')).toBe(false);
    const cancel = (url: string) => {
      let result: boolean | null = null;
      recorded.beforeRequest!({ url }, (r) => (result = r.cancel));
      return result;
    };
    expect([cancel('https://cdn.example/x.js'), cancel('ws://10.0.0.2/'), cancel('file:///tmp/x'), cancel('app://shopwatch/a.js'), cancel('nvr-media://media/x')]).toEqual([
      true, true, true, false, false,
    ]);
    // Downloads (exports, snapshots) ask where to save them (main/desktop/download-save.ts).
    expect(recorded.sessionEvents['will-download']).toHaveLength(1);
  });

  it('moved the camera password from the key file to the keychain on start', () => {
    expect(existsSync(path.join(dir, 'secret.key'))).toBe(false);
    const db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger(), readonly: true });
    try {
      const sealed = new CameraRepository(db).getSecret('till')!;
      expect(sealed.startsWith('os1:')).toBe(true);
      expect(electron.safeStorage.decryptString(Buffer.from(sealed.slice(4), 'base64'))).toBe(PASSWORD);
    } finally {
      db.close();
    }
  });

  it('IPC through the registered handler: our window is answered, any other sender is refused', async () => {
    const handler = recorded.ipcHandlers.get('nvr:invoke')!;
    const win = recorded.windows[0]!;
    const frame = { url: 'app://shopwatch/index.html', parent: null };
    const reply = (await handler({ sender: { id: win.webContents.id }, senderFrame: frame }, { name: 'cameras.list', input: {} })) as {
      ok: boolean;
      result: Array<{ id: string; hasPassword: boolean }>;
    };
    expect(reply.ok).toBe(true);
    expect(reply.result.map((c) => [c.id, c.hasPassword])).toEqual([['till', true]]);
    const fromIframe = await handler({ sender: { id: win.webContents.id }, senderFrame: { url: frame.url, parent: frame } }, { name: 'cameras.list' });
    expect(fromIframe).toMatchObject({ ok: false, error: { message: expect.stringMatching(/embedded frame/) } });
    const fromOther = await handler({ sender: { id: 999 }, senderFrame: frame }, { name: 'cameras.list' });
    expect(fromOther).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Refused/) } });
  });

  it("the export folder: the system's folder dialog for our window only, starting where the page says", async () => {
    const handler = recorded.ipcHandlers.get('nvr:pick-folder')!;
    const win = recorded.windows[0]!;
    const frame = { url: 'app://shopwatch/index.html', parent: null };
    recorded.openDialogAnswer = { canceled: false, filePaths: ['/home/shop/Desktop/For the police'] };
    expect(await handler({ sender: { id: win.webContents.id }, senderFrame: frame }, '/home/shop/Desktop')).toBe('/home/shop/Desktop/For the police');
    expect(recorded.openDialogs.at(-1)).toEqual({
      parent: true,
      options: expect.objectContaining({ defaultPath: '/home/shop/Desktop', properties: ['openDirectory', 'createDirectory'] }),
    });
    // Not a full path: the dialog opens where the system likes.
    await handler({ sender: { id: win.webContents.id }, senderFrame: frame }, 'relative');
    expect(recorded.openDialogs.at(-1)!.options).not.toHaveProperty('defaultPath');
    recorded.openDialogAnswer = { canceled: true, filePaths: [] };
    expect(await handler({ sender: { id: win.webContents.id }, senderFrame: frame }, null)).toBeNull();
    // Another sender gets nothing and no dialog opens.
    const opened = recorded.openDialogs.length;
    expect(await handler({ sender: { id: 999 }, senderFrame: frame }, null)).toBeNull();
    expect(await handler({ sender: { id: win.webContents.id }, senderFrame: { url: 'https://evil.example/', parent: null } }, null)).toBeNull();
    expect(recorded.openDialogs.length).toBe(opened);
  });

  it('serves the page with its CSP over app:// and media over nvr-media://', async () => {
    const page = await recorded.protocolHandlers.get('app')!(new Request('app://shopwatch/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(await page.text()).toBe(readFileSync(path.join(repoRoot, 'out', 'renderer', 'index.html'), 'utf8'));
    const media = await recorded.protocolHandlers.get('nvr-media')!(new Request('nvr-media://media/cameras/till/latest.jpg'));
    expect(media.status).toBe(204); // the camera is saved and has no snapshot yet: no picture, and no error
    expect(await media.text()).toBe('');
  });

  it('closing the window hides it and keeps the NVR running; the tray reopens it', async () => {
    const win = recorded.windows[0]!;
    let prevented = false;
    win.fire('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(win.visible).toBe(false);
    expect(recorded.notifications.some((n) => /Still watching/.test(String(n.options.body)))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'window-state.json'), 'utf8'))).toEqual({ x: 40, y: 30, width: 1100, height: 720, maximized: false });
    const tray = recorded.trays[0]!;
    tray.fire('click');
    expect(win.visible).toBe(true);
    expect(recorded.windows).toHaveLength(1);
  });

  it('the tray shows the cameras and arms / disarms notifications', async () => {
    const tray = recorded.trays[0]!;
    await waitFor(() => tray.menu.length > 0, 5000, 'the tray menu');
    expect(tray.tooltip).toBe('ShopWatch NVR: 1 camera, all turned off');
    const disarm = tray.menu.find((i) => i.label === 'Pause notifications (disarm)')!;
    disarm.click!();
    await waitFor(() => tray.menu.some((i) => i.label === 'Resume notifications (arm)'), 5000, 'the arm item');
    expect(tray.tooltip).toMatch(/notifications paused$/);
    const handler = recorded.ipcHandlers.get('nvr:invoke')!;
    const win = recorded.windows[0]!;
    const settings = (await handler({ sender: { id: win.webContents.id }, senderFrame: { url: 'app://shopwatch/', parent: null } }, { name: 'settings.get' })) as {
      result: { notifications: { armed: boolean; maxPerMinute: number } };
    };
    expect(settings.result.notifications).toEqual({ armed: false, maxPerMinute: 6 });
  });

  it('Quit stops the engine cleanly, then quits', async () => {
    const tray = recorded.trays[0]!;
    tray.menu.find((i) => i.label === 'Quit (stops recording)')!.click!();
    await waitFor(() => tray.destroyed, 10_000, 'the shutdown');
    expect(recorded.quitCalls).toBe(2); // the first was held for the engine to stop
    expect(recorded.exitCodes).toEqual([]);
    // The database was closed cleanly: no WAL left behind holding unmerged pages.
    expect(existsSync(path.join(dir, 'nvr.sqlite-wal')) ? readFileSync(path.join(dir, 'nvr.sqlite-wal')).length : 0).toBe(0);
    expect(recorded.errorBoxes).toEqual([]);
  });

  it('logged to logs/nvr.1.log in the data folder, as service mode does: camera lines named, no password', () => {
    const log = readFileSync(path.join(dir, 'logs', 'nvr.1.log'), 'utf8');
    const lines = log.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['engine started', 'camera passwords moved to the OS keychain']));
    for (const line of lines.filter((l) => l.cameraId === 'till')) expect(line.cameraName).toBe('Till');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(encodeURIComponent(PASSWORD));
  });
});
