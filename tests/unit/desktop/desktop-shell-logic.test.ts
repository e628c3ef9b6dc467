// The pure parts of the Electron shell: window position clamped to the displays, the tray's model, the desktop
// settings file and Linux autostart entry, and the app:// page protocol (files with the CSP header, nothing outside).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clampToDisplays, DEFAULT_WINDOW, MIN_HEIGHT, MIN_WIDTH, readWindowState, writeWindowState, type Rect } from '../../../main/desktop/window-state.ts';
import { cameraSummary, trayModel, type TrayInput } from '../../../main/desktop/tray-menu.ts';
import {
  DEFAULT_LAN_PORT,
  linuxAutostartEntry,
  linuxAutostartFile,
  readDesktopSettings,
  setLinuxAutostart,
  writeDesktopSettings,
} from '../../../main/desktop/desktop-settings.ts';
import { APP_INDEX_URL, createAppProtocolHandler, DESKTOP_CSP, isAppUrl } from '../../../main/desktop/app-protocol.ts';
import { resolveInside } from '../../../main/core/util/resolve-inside.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'nvr-shell-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const right: Rect = { x: 1920, y: 0, width: 1280, height: 984 };

describe('window state', () => {
  it('keeps a position that is on a display, pulled inside it', () => {
    expect(clampToDisplays({ x: 100, y: 80, width: 1200, height: 700, maximized: false }, [primary, right])).toEqual({
      x: 100, y: 80, width: 1200, height: 700, maximized: false,
    });
    // On the second monitor, sticking out at the right: moved back in.
    expect(clampToDisplays({ x: 2800, y: 100, width: 1000, height: 700, maximized: true }, [primary, right])).toEqual({
      x: 2200, y: 100, width: 1000, height: 700, maximized: true,
    });
  });

  it('brings back a window saved on a monitor that is gone, centred on the primary display', () => {
    const s = clampToDisplays({ x: 2200, y: 100, width: 1000, height: 700, maximized: false }, [primary]);
    expect(s).toEqual({ x: 460, y: 170, width: 1000, height: 700, maximized: false });
    // Far off the top-left (a title bar strip of less than 64 px on screen counts as lost).
    expect(clampToDisplays({ x: -990, y: 10, width: 1000, height: 700, maximized: false }, [primary]).x).toBe(460);
  });

  it('fits the size to the display, never below the minimum the display allows', () => {
    const small: Rect = { x: 0, y: 0, width: 1024, height: 600 };
    const s = clampToDisplays({ x: 0, y: 0, width: 3000, height: 2000, maximized: false }, [small]);
    expect(s).toMatchObject({ width: 1024, height: 600, x: 0, y: 0 });
    expect(clampToDisplays({ width: 300, height: 200, maximized: false }, [primary])).toMatchObject({ width: MIN_WIDTH, height: MIN_HEIGHT });
    const tiny: Rect = { x: 0, y: 0, width: 640, height: 480 };
    expect(clampToDisplays({ width: 1280, height: 800, maximized: false }, [tiny])).toMatchObject({ width: 640, height: 480, x: 0, y: 0 });
  });

  it('is saved atomically and read back; a damaged or missing file gives the default', () => {
    const file = path.join(tempDir(), 'window-state.json');
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW);
    writeWindowState(file, { x: 10, y: 20, width: 1100, height: 700, maximized: true });
    expect(readWindowState(file)).toEqual({ x: 10, y: 20, width: 1100, height: 700, maximized: true });
    writeFileSync(file, '{"width": "wide"');
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW);
    writeFileSync(file, JSON.stringify({ width: -5, height: 10 }));
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW);
  });
});

describe('tray model', () => {
  const base: TrayInput = {
    cameras: [
      { name: 'Front door', state: 'streaming' },
      { name: 'Till', state: 'streaming' },
    ],
    armed: true,
    startAtLogin: false,
    loginItemSupported: true,
    lanEnabled: false,
    lanPasswordSet: false,
    lanAddress: null,
  };

  it('shows the cameras, the arm switch, open, start at login and quit', () => {
    const m = trayModel(base);
    expect(m.icon).toBe('ok');
    expect(m.tooltip).toBe('ShopWatch NVR: 2 cameras watching');
    expect(m.items).toEqual([
      { kind: 'label', label: '2 cameras watching' },
      { kind: 'label', label: 'Notifications on' },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: 'Open ShopWatch NVR' },
      { kind: 'action', action: 'disarm', label: 'Pause notifications (disarm)' },
      { kind: 'checkbox', action: 'toggle-login', label: 'Start when I log in', checked: false },
      { kind: 'label', label: 'Viewing from phones: set a LAN password first (nvr lan-password)' },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: 'Quit (stops recording)' },
    ]);
  });

  it('disarmed: the arm action and its own icon; a failing camera wins the icon and is named', () => {
    const disarmed = trayModel({ ...base, armed: false });
    expect(disarmed.icon).toBe('disarmed');
    expect(disarmed.items).toContainEqual({ kind: 'action', action: 'arm', label: 'Resume notifications (arm)' });
    expect(disarmed.tooltip).toMatch(/notifications paused$/);
    const failing = trayModel({ ...base, armed: false, cameras: [...base.cameras, { name: 'Back door', state: 'failed' }] });
    expect(failing.icon).toBe('problem');
    expect(failing.items[0]).toEqual({ kind: 'label', label: '1 of 3 cameras has a problem: Back door' });
  });

  it('summarises no cameras, all off, starting', () => {
    expect(cameraSummary([]).text).toBe('No cameras yet');
    expect(cameraSummary([{ name: 'a', state: 'disabled' }]).text).toBe('1 camera, all turned off');
    expect(cameraSummary([{ name: 'a', state: 'starting' }, { name: 'b', state: 'disabled' }]).text).toBe('1 camera, 1 starting');
    expect(cameraSummary([{ name: 'a', state: 'reconnecting' }, { name: 'b', state: 'failed' }]).text).toBe('2 of 2 cameras have a problem: a, b');
  });

  it('offers LAN viewing once its password is set, with the address while on; no login item where unsupported', () => {
    const m = trayModel({ ...base, lanPasswordSet: true, lanEnabled: true, lanAddress: 'http://192.168.1.5:7480/', loginItemSupported: false });
    expect(m.items).toContainEqual({ kind: 'checkbox', action: 'toggle-lan', label: 'View from phones on the shop network', checked: true });
    expect(m.items).toContainEqual({ kind: 'label', label: 'Phones open http://192.168.1.5:7480/' });
    expect(m.items.some((i) => i.kind === 'checkbox' && i.action === 'toggle-login')).toBe(false);
  });
});

describe('desktop settings and Linux autostart', () => {
  it('defaults, round-trips, and survives a damaged file', () => {
    const file = path.join(tempDir(), 'desktop.json');
    expect(readDesktopSettings(file)).toEqual({ startAtLogin: false, lan: { enabled: false, port: DEFAULT_LAN_PORT } });
    writeDesktopSettings(file, { startAtLogin: true, lan: { enabled: true, port: 8080 } });
    expect(readDesktopSettings(file)).toEqual({ startAtLogin: true, lan: { enabled: true, port: 8080 } });
    writeFileSync(file, '{"lan": {"port": 99999}}');
    expect(readDesktopSettings(file).lan.port).toBe(DEFAULT_LAN_PORT);
  });

  it('writes and removes an XDG autostart entry that starts the app hidden in the tray', () => {
    const home = tempDir();
    const exe = '/home/shop/Apps/ShopWatch NVR-0.1.0.AppImage';
    setLinuxAutostart(home, exe, true);
    const file = linuxAutostartFile(home);
    expect(file).toBe(path.join(home, 'autostart', 'shopwatch-nvr.desktop'));
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(linuxAutostartEntry(exe));
    expect(text).toContain('Exec="/home/shop/Apps/ShopWatch NVR-0.1.0.AppImage" --hidden\n');
    expect(text.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
    expect(linuxAutostartEntry('/opt/a$b"c')).toContain('Exec="/opt/a\\$b\\"c" --hidden');
    setLinuxAutostart(home, exe, false);
    expect(existsSync(file)).toBe(false);
    setLinuxAutostart(home, exe, false); // already off: fine
  });
});

describe('the app:// page protocol', () => {
  function renderer(): string {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'page', 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'page', 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc12345.js"></script>');
    writeFileSync(path.join(dir, 'page', 'assets', 'index-abc12345.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'not for the page');
    return path.join(dir, 'page');
  }

  it('serves the page and its assets with the strict CSP header', async () => {
    const handle = createAppProtocolHandler(renderer());
    const page = await handle(new Request(APP_INDEX_URL + '#/events/x'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(await page.text()).toContain('/assets/index-abc12345.js');
    const js = await handle(new Request('app://shopwatch/assets/index-abc12345.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    const root = await handle(new Request('app://shopwatch/'));
    expect(root.status).toBe(200);
  });

  it('the CSP allows no remote content, no eval, no inline script, no frames', () => {
    const directives = Object.fromEntries(DESKTOP_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(['nvr-media:']);
    expect(directives['frame-src']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(DESKTOP_CSP).not.toMatch(/https?:|\*|unsafe-eval/);
  });

  it('refuses paths outside the page folder, other hosts and writes', async () => {
    const dir = renderer();
    const handle = createAppProtocolHandler(dir);
    for (const url of ['app://shopwatch/../secret.txt', 'app://shopwatch/%2e%2e/secret.txt', 'app://shopwatch/..%2fsecret.txt', 'app://shopwatch/nope.js']) {
      const res = await handle(new Request(url));
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('not for the page');
    }
    expect(resolveInside(dir, '/..%5csecret.txt')).toBeNull();
    expect(resolveInside(dir, '/a%00b')).toBeNull();
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handle(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
    expect(isAppUrl('app://shopwatch/index.html#/events/a')).toBe(true);
    expect(isAppUrl('https://shopwatch/index.html')).toBe(false);
    expect(isAppUrl('app://user:pw@shopwatch/')).toBe(false);
    expect(statSync(dir).isDirectory()).toBe(true);
  });
});
