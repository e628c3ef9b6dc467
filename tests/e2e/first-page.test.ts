// End to end in Debian's Chromium: service mode with the real engine, a GStreamer RTSP camera playing courtyard.mp4,
// the page built by Vite. Open the page with the token, see the demo camera offered, add the camera by URL (test,
// then save), see it turn to streaming and motion events with thumbnails arrive live; then the demo camera, labelled.
// Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build as viteBuild } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { startService, type RunningService } from '../../main/service/service.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
const PASSWORD = 'E2e-Secret-4242';

/** Runs in the page (this file is type-checked without the DOM library): true once an image matching it has loaded. */
function loadedImages(selector: string): boolean {
  const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ complete: boolean; naturalWidth: number }> } }).document;
  return Array.from(doc.querySelectorAll(selector)).some((img) => img.complete && img.naturalWidth > 0);
}

describe('the first page in Chromium', () => {
  let dataDir: string;
  let pageDir: string;
  let camera: RtspCamera;
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `first-page-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-e2e-'));
    pageDir = path.join(dataDir, 'page-build');
    // Its own build of the page, so a build running elsewhere cannot empty the folder under this test.
    await viteBuild({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir: pageDir, emptyOutDir: true } });
    camera = await startRtspCamera({ source: 'file:' + courtyardPath() });
    service = await startService({
      dataDir,
      port: 0,
      logger: silentLogger(),
      rendererDir: pageDir,
      engine: { notificationSinks: [{ name: 'none', send: async () => undefined }], modelPath: '/nonexistent/model.onnx' },
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await camera?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens with the token, keeps a cookie, and offers the demo camera when there are none', async () => {
    await page.goto(service.openUrl);
    expect(page.url()).toBe(service.url); // the token left the address bar
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'nvr_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('demo-offer').waitFor({ timeout: 10_000 });
    // This service runs without a model: the page says plainly that person detection is off, and why.
    await page.getByTestId('system-notice').filter({ hasText: 'Person detection is off' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('system-notice').first().textContent()).toMatch(/Motion detection still works/);
    expect(await page.getByTestId('demo-offer').textContent()).toContain('demo camera');
    expect(await page.getByTestId('no-events').isVisible()).toBe(true);
    await shot('1-empty');
  }, 30_000);

  it('adds the RTSP camera by URL: test, then save; it turns to streaming', async () => {
    const form = page.getByTestId('add-camera');
    await form.locator('input[name=name]').fill('Courtyard');
    await form.locator('input[name=url]').fill(camera.url);
    await form.locator('input[name=username]').fill('viewer');
    await form.locator('input[name=password]').fill(PASSWORD);
    const save = form.getByRole('button', { name: 'Save camera' });
    expect(await save.isDisabled()).toBe(true); // saving needs a successful test first
    await form.getByRole('button', { name: 'Test' }).click();
    const result = page.getByTestId('probe-result');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.textContent()).toMatch(/Works: H264 \d+×\d+/);
    await shot('2-tested');
    await save.click();
    const card = page.getByTestId('camera-card');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('h3').textContent()).toContain('Courtyard');
    await page.locator('[data-testid=camera-card][data-state=streaming]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('camera-state').textContent()).toContain('Streaming');
    expect(await page.getByTestId('demo-offer').count()).toBe(0);
    await shot('3-streaming');
  }, 60_000);

  it('shows motion events with thumbnails arriving live, and the camera still refreshing', async () => {
    // No reload: events come through pushed event.opened / updated / closed.
    await page.waitForFunction(loadedImages, '[data-testid=event-thumbnail]', { timeout: 60_000 });
    const events = page.getByTestId('event');
    expect(await events.count()).toBeGreaterThan(0);
    expect(await events.first().textContent()).toContain('Motion');
    expect(await events.first().textContent()).toContain('Courtyard');
    await page.waitForFunction(loadedImages, '[data-testid=camera-card] img', { timeout: 30_000 });
    // The still reloads (a new ?v=) on new snapshots and every 10 s.
    const still = page.getByTestId('camera-card').locator('img');
    const before = await still.getAttribute('src');
    await expect.poll(() => still.getAttribute('src'), { timeout: 15_000 }).not.toBe(before);
    await shot('4-events');
    expect(await page.content()).not.toContain(PASSWORD);
  }, 100_000);

  it('offers the demo camera again once the camera is removed, and shows it labelled as a demo', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('camera-card').getByRole('button', { name: 'Remove' }).click();
    await page.getByTestId('demo-offer').waitFor({ timeout: 10_000 });
    await page.getByTestId('demo-offer').getByRole('button', { name: 'Add the demo camera' }).click();
    await page.getByTestId('demo-label').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid=camera-card][data-state=streaming]').waitFor({ timeout: 20_000 });
    // A newcomer sees its motion events within a minute.
    await page.getByTestId('event').filter({ hasText: 'Demo camera' }).first().waitFor({ timeout: 60_000 });
    await shot('5-demo');
    expect(consoleErrors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
  }, 100_000);
});
