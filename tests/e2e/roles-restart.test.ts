// Roles and restarts in Chromium (issue 15): the owner adds a viewer account in Settings › Access; the viewer signs in on the styled /login (viewport tag, usable at 360 px),
// sees live and review but no settings and no owner actions; then the service — `nvr serve` as a child process — is
// stopped and started again on the same port and data folder while the page is open: the page reconnects by itself
// (its session survived the restart), and the live tile plays again without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { buildCli, cliPath, startChild, stopChild } from '../fixtures/cli-process.ts';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { connectApi, type ApiConnection } from '../../main/service/ws-client.ts';
import { storeLanPassword } from '../../main/service/auth.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { buildPage, openBrowserPage, sampleTiles } from './ui-helpers.ts';
import type { ChildProcess } from 'node:child_process';

const VIEWER = { username: 'staff', password: 'staff-password-1' };

describe('a viewer in Chromium, and a restart of the NVR under an open page', () => {
  let dataDir: string;
  let camera: RtspCamera;
  let child: ChildProcess | null = null;
  let base = '';
  let port = 0;
  let owner: ApiConnection | null = null;
  let ownerLink = '';
  let browser: Browser;
  let page: Page;
  const env = { NVR_LOG_LEVEL: 'warn', NVR_MODEL_PATH: '/nonexistent/model.onnx', NVR_NO_OPEN: '1' };

  const serve = async (onPort: number) => {
    const started = await startChild(process.execPath, [cliPath, 'serve', '--data-dir', dataDir, '--port', String(onPort), '--no-open'], env, 60_000);
    child = started.child;
    const url = new URL(started.url);
    port = Number(url.port);
    base = `http://127.0.0.1:${port}`;
    return url.searchParams.get('token')!;
  };

  const tile = async () => (await page.evaluate(sampleTiles))[0];

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-roles-e2e-');
    await buildCli();
    await buildPage(path.join(repoRoot, 'out', 'renderer')); // what `nvr serve` serves
    await storeLanPassword(dataDir, 'Owner-LAN-password-9');
    camera = await startRtspCamera({ source: 'pattern:ball' });
    const token = await serve(0);
    ownerLink = `${base}/?token=${token}`;
    owner = await connectApi({ baseUrl: base, token });
    await owner.api['cameras.add']({ name: 'Front door', mainUrl: camera.url, recording: { mode: 'off' } });
    owner.close();
    owner = null;
    ({ browser, page } = await openBrowserPage());
  }, 240_000);

  afterAll(async () => {
    owner?.close();
    await browser?.close();
    if (child) await stopChild(child, false);
    await camera?.stop();
  });

  it('the owner adds a viewer account in Settings › Access', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const ownerPage = await context.newPage();
    await ownerPage.goto(ownerLink + '#/settings');
    await ownerPage.getByTestId('settings-access').waitFor({ timeout: 15_000 });
    expect(await ownerPage.getByTestId('lan-enabled').isChecked()).toBe(true); // a LAN password is set
    await ownerPage.getByTestId('account-username').fill(VIEWER.username);
    await ownerPage.getByTestId('account-password').fill('short');
    await ownerPage.getByTestId('add-account-button').click();
    await ownerPage.getByTestId('account-message').filter({ hasText: "A viewer's password needs at least 8 characters." }).waitFor({ timeout: 10_000 });
    await ownerPage.getByTestId('account-password').fill(VIEWER.password);
    await ownerPage.getByTestId('add-account-button').click();
    await ownerPage.getByTestId('account-message').filter({ hasText: 'Added staff' }).waitFor({ timeout: 10_000 });
    expect(await ownerPage.getByTestId('accounts').textContent()).toContain('staff');
    await context.close();
  }, 60_000);

  it('the login page has the app look, a viewport tag, and fits 360 px; a viewer sees live and review, no settings', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}/login`);
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).toContain('width=device-width');
    const fit = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
      return { scroll: d.documentElement.scrollWidth, client: d.documentElement.clientWidth };
    });
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    // Styled: the button carries the theme's colour, not the browser's grey.
    const button = await page.getByRole('button', { name: 'Sign in' }).evaluate((b) => {
      const g = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string; width: string } };
      return g.getComputedStyle(b).backgroundColor;
    });
    expect(button).not.toMatch(/rgb\(2[34]\d, 2[34]\d, 2[34]\d\)/);
    await page.getByLabel('Username').fill(VIEWER.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('login-message').filter({ hasText: 'That username or password is not right.' }).waitFor({ timeout: 10_000 });
    await page.getByLabel('Password').fill(VIEWER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('nav-live').waitFor();
    await page.getByTestId('nav-timeline').waitFor();
    await expect.poll(() => page.getByTestId('nav-settings').count(), { timeout: 10_000 }).toBe(0);
    await page.goto(`${base}/#/live`);
    await expect.poll(async () => (await tile())?.phase, { timeout: 60_000, interval: 500 }).toBe('playing');
    expect(await page.getByTestId('add-camera-button').count()).toBe(0);
    await page.goto(`${base}/#/timeline`);
    await page.getByTestId('follow-now').waitFor({ timeout: 10_000 });
    await page.goto(`${base}/#/settings`);
    await page.getByTestId('viewer-no-settings').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('app-settings').count()).toBe(0);
  }, 120_000);

  it('a restart of the service while the page is open: it reconnects and the live tile plays again without a reload', async () => {
    await page.goto(`${base}/#/live`);
    await expect.poll(async () => (await tile())?.phase, { timeout: 60_000, interval: 500 }).toBe('playing');
    await page.evaluate(() => ((globalThis as unknown as { __sameDocument: number }).__sameDocument = 42));
    const samePort = port;
    await stopChild(child!, false);
    child = null;
    await page.getByTestId('connection').filter({ hasText: 'Connection lost' }).waitFor({ timeout: 20_000 });
    await serve(samePort);
    expect(port).toBe(samePort);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });
    const before = await tile();
    await expect
      .poll(async () => {
        const now = await tile();
        return now?.phase === 'playing' && now.frames > (before?.phase === 'playing' ? before.frames + 10 : 10);
      }, { timeout: 60_000, interval: 1000 })
      .toBe(true);
    // The same document all along (no reload), still the viewer.
    expect(await page.evaluate(() => (globalThis as unknown as { __sameDocument?: number }).__sameDocument)).toBe(42);
    expect(await page.getByTestId('nav-settings').count()).toBe(0);
    expect(await page.getByTestId('signed-out').count()).toBe(0);
  }, 180_000);
});
