// The pasted address in the camera wizard (Chromium, service mode, a GStreamer RTSP camera behind a password with raw
// `@ : / #` in it): pasting `rtsp://admin:p@ss:w/rd#1@127.0.0.1:PORT/stream` leaves only the bare address in the field
// (no fragment of the password, at any moment after the paste), says that the credentials were moved, fills the
// sign-in fields, and the camera test passes with them. A second Escape (after one that closed nothing) asks before
// the wizard's changes are thrown away; a system notice can be dismissed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import type { RunningService } from '../../main/service/service.ts';
import { buildPageIn, startPageService, openBrowserPage } from './ui-helpers.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const USER = 'admin';
const PASSWORD = 'p@ss:w/rd#1';
/** Every piece of the password that the standard reading (first `@`, first `/`) would leave in the address. */
const FRAGMENTS = ['p@ss', 'ss:w', ':w/', 'w/rd', 'rd#1', '#1@', '@127'];

describe('a pasted address in the camera wizard', () => {
  let camera: RtspCamera;
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const wizard = () => page.getByTestId('camera-wizard');

  beforeAll(async () => {
    const dataDir = tempDataDir('nvr-pasted-address-');
    const pageDir = await buildPageIn(dataDir);
    camera = await startRtspCamera({ source: 'pattern:ball', user: USER, password: PASSWORD });
    service = await startPageService(dataDir, pageDir);
    ({ browser, page } = await openBrowserPage(consoleErrors));
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(service.url).origin });
    await page.goto(service.openUrl);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await camera?.stop();
  });

  it('moves the credentials to their fields at the paste, never shows a part of the password, and the test passes', async () => {
    const port = new URL(camera.url).port;
    const pasted = `rtsp://${USER}:${PASSWORD}@127.0.0.1:${port}/stream`;
    await page.getByTestId('add-camera-button').click();
    await wizard().waitFor({ timeout: 10_000 });
    await wizard().getByTestId('brand').selectOption('url');
    const address = wizard().locator('input[name=mainUrl]');
    // A real paste from the clipboard (Ctrl+V), as the owner does it.
    await page.evaluate((text) => (globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }).navigator.clipboard.writeText(text), pasted);
    await address.focus();
    await page.keyboard.press('Control+V');
    await wizard().getByTestId('credentials-moved').waitFor({ timeout: 5000 });
    expect(await wizard().getByTestId('credentials-moved').textContent()).toBe('The username and password were moved to their fields.');
    const shown = await address.inputValue();
    expect(shown).toBe(camera.url);
    for (const fragment of FRAGMENTS) expect(shown).not.toContain(fragment);
    // Nowhere else in the step either (the page's text and every input's value).
    const everything = await wizard().evaluate((el) => {
      const root = el as unknown as { textContent: string; querySelectorAll(s: string): ArrayLike<{ value: string }> };
      return root.textContent + Array.from(root.querySelectorAll('input')).map((i) => i.value).join(' ');
    });
    for (const fragment of FRAGMENTS) expect(everything).not.toContain(fragment);

    await wizard().getByTestId('wizard-next').click();
    expect(await wizard().locator('input[name=username]').inputValue()).toBe(USER);
    expect(await wizard().locator('input[name=password]').inputValue()).toBe(PASSWORD);
    expect(await wizard().locator('input[name=password]').getAttribute('type')).toBe('password');
    await wizard().getByTestId('wizard-next').click();
    await wizard().getByTestId('probe-ok').waitFor({ timeout: 40_000 });
  }, 90_000);

  it('moves credentials typed into an address when the field is left', async () => {
    await wizard().getByTestId('wizard-step-find').click();
    const sub = wizard().locator('input[name=subUrl]');
    await sub.fill(`rtsp://${USER}:${PASSWORD}@127.0.0.1:1/sub`);
    await sub.press('Tab');
    expect(await sub.inputValue()).toBe('rtsp://127.0.0.1:1/sub');
    await sub.fill('');
  });

  it('asks before a second Escape throws the changes away; without changes Escape closes at once', async () => {
    const editor = page.getByTestId('camera-editor');
    const confirm = page.getByTestId('confirm-dialog');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ timeout: 5000 });
    expect(await confirm.textContent()).toContain('Discard');
    await page.keyboard.press('Escape'); // keeps editing
    await confirm.waitFor({ state: 'detached', timeout: 5000 });
    expect(await editor.isVisible()).toBe(true);
    expect(await wizard().locator('input[name=mainUrl]').inputValue()).toBe(camera.url);
    await page.keyboard.press('Escape');
    await confirm.getByRole('button', { name: 'Discard changes' }).click();
    await editor.waitFor({ state: 'detached', timeout: 5000 });
    expect(service.engine.cameras.list()).toEqual([]);

    await page.getByTestId('add-camera-button').click();
    await wizard().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached', timeout: 5000 });
    expect(await confirm.count()).toBe(0);
  }, 30_000);

  it('dismisses a system notice for the session (no model here: "Person detection is off")', async () => {
    const notice = page.getByTestId('system-notice').filter({ hasText: 'Person detection is off' });
    await notice.waitFor({ timeout: 10_000 });
    await notice.getByTestId('dismiss-notice').click();
    await notice.waitFor({ state: 'detached', timeout: 5000 });
    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('add-camera-button').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('system-notice').filter({ hasText: 'Person detection is off' }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  }, 30_000);
});
