// The camera wizard end to end in Debian's Chromium against service mode with the real engine: a GStreamer RTSP camera
// playing courtyard.mp4 behind a user name and password full of special characters, and an ONVIF stand-in answering the
// network search. A wrong password shows the wrong-password sentence and saves nothing; the right one passes the test
// (both streams, a still), the settings and a drawn mask and zone are saved, and the new camera's tile plays.
// Screenshots of every step at 1280×800 go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build as viteBuild } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { startRtspCamera, courtyardPath, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { startOnvifCamera, type OnvifCamera } from '../fixtures/onvif-camera.ts';
import type { RunningService } from '../../main/service/service.ts';
import { buildPageIn, startPageService, openBrowserPage } from './ui-helpers.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');
const USER = 'caisse@shop';
const PASSWORD = 'Wiz:@rd/#?%&é "42"';

/** In the page (type-checked without the DOM library): the video of the tile of one camera. */
function tileVideo(cameraId: string): { currentTime: number; frames: number } | null {
  type Vid = { currentTime: number; getVideoPlaybackQuality(): { totalVideoFrames: number } };
  const doc = (globalThis as unknown as { document: { querySelector(s: string): { querySelector(s: string): unknown } | null } }).document;
  const video = doc.querySelector(`[data-testid=live-tile][data-camera-id="${cameraId}"]`)?.querySelector('video') as Vid | undefined;
  return video ? { currentTime: video.currentTime, frames: video.getVideoPlaybackQuality().totalVideoFrames } : null;
}

/** In the page: true once the image matching the selector has loaded. */
function imageLoaded(selector: string): boolean {
  const doc = (globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }).document;
  const img = doc.querySelector(selector);
  return !!img && img.complete && img.naturalWidth > 0;
}

describe('the camera wizard in Chromium', () => {
  let dataDir: string;
  let camera: RtspCamera;
  /** The ONVIF camera's sub stream: a second RTSP server (the file-loop fixture feeds one media at a time, so a
   *  second address on the same server would starve the camera already saved and streaming). */
  let subCamera: RtspCamera;
  let onvif: OnvifCamera;
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `wizard-${name}.png`) });
  const wizard = () => page.getByTestId('camera-wizard');

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = tempDataDir('nvr-wizard-e2e-');
    const pageDir = await buildPageIn(dataDir);
    // The wizard alone on a page of its own (edit mode is opened there with ?edit=<id>), served beside the app.
    await viteBuild({
      configFile: false,
      root: path.join(repoRoot, 'tests', 'e2e', 'wizard-harness'),
      base: '/wizard-harness/',
      plugins: [svelte({ configFile: path.join(repoRoot, 'renderer', 'svelte.config.js') })],
      logLevel: 'warn',
      build: { outDir: path.join(pageDir, 'wizard-harness'), emptyOutDir: true, sourcemap: false, target: 'es2022' },
    });
    camera = await startRtspCamera({ source: 'file:' + courtyardPath(), user: USER, password: PASSWORD });
    subCamera = await startRtspCamera({ source: 'pattern:ball', user: USER, password: PASSWORD });
    onvif = await startOnvifCamera({
      username: USER,
      password: PASSWORD,
      manufacturer: 'HIKVISION',
      model: 'DS-2CD2143G2-I',
      name: 'Stockroom',
      mainUri: camera.url,
      subUri: subCamera.url,
    });
    service = await startPageService(dataDir, pageDir);
    ({ browser, page } = await openBrowserPage(consoleErrors));
    await page.goto(service.openUrl);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await onvif?.stop();
    await camera?.stop();
    await subCamera?.stop();
  });

  it('finds the ONVIF camera on the network, and a wrong password shows the wrong-password sentence and saves nothing', async () => {
    await page.getByTestId('add-camera-button').click();
    await wizard().waitFor({ timeout: 10_000 });
    // Step 1: the network search lists the stand-in with its maker and model.
    const found = wizard().getByTestId('discovered-device').filter({ hasText: 'Stockroom' });
    await found.waitFor({ timeout: 15_000 });
    expect(await found.textContent()).toContain('HIKVISION DS-2CD2143G2-I');
    await shot('1-find');

    // The manual path: the full RTSP address.
    await wizard().getByTestId('brand').selectOption('url');
    await wizard().locator('input[name=mainUrl]').fill(camera.url);
    await wizard().getByTestId('wizard-next').click();

    // Step 2: credentials, shown and hidden.
    await wizard().locator('input[name=username]').fill(USER);
    const password = wizard().locator('input[name=password]');
    await password.fill('wrong-' + PASSWORD);
    expect(await password.getAttribute('type')).toBe('password');
    await wizard().getByTestId('password-toggle').click();
    expect(await password.getAttribute('type')).toBe('text');
    await wizard().getByTestId('password-toggle').click();
    expect(await password.getAttribute('type')).toBe('password');
    await shot('2-credentials');

    // Step 3: the test fails with the wrong-password sentence; nothing can be saved.
    await wizard().getByTestId('wizard-next').click();
    const error = wizard().getByTestId('probe-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBe('auth');
    expect(await error.textContent()).toMatch(/Wrong username or password/);
    expect(await wizard().getByTestId('wizard-next').isDisabled()).toBe(true);
    expect(await wizard().getByTestId('wizard-step-settings').isDisabled()).toBe(true);
    await shot('3-test-wrong-password');
    expect(service.engine.cameras.list()).toEqual([]);
    expect(await page.content()).not.toContain('wrong-' + PASSWORD);
  }, 90_000);

  it('the right password passes the test; settings, a mask and a zone are saved; the camera streams and its tile plays', async () => {
    await wizard().getByTestId('probe-fix').click();
    await wizard().locator('input[name=password]').fill(PASSWORD);
    await wizard().getByTestId('wizard-next').click();
    await wizard().getByTestId('probe-ok').waitFor({ timeout: 40_000 });
    expect(await wizard().getByTestId('probe-main').textContent()).toMatch(/^H\.264 768×576/);
    await page.waitForFunction(imageLoaded, '[data-testid=probe-snapshot]', { timeout: 10_000 });
    await shot('3-test');

    // Step 4: name, recording, notifications.
    await wizard().getByTestId('wizard-next').click();
    const name = wizard().getByTestId('camera-name');
    await name.fill('Courtyard (wizard)');
    await wizard().locator('input[name=recordingMode][value=continuous]').check();
    await wizard().locator('input[name=onlyPeople]').check();
    // This service has no model: the wizard says so beside the setting.
    expect(await wizard().getByTestId('detection-off').textContent()).toMatch(/Person detection is off: no model file/);
    await shot('4-settings');

    // Step 5: a mask drawn with the mouse (three clicks, a double-click closes it), a zone drawn with the keyboard.
    await wizard().getByTestId('wizard-zones').click();
    const surface = wizard().getByTestId('mask-editor-surface');
    await surface.waitFor();
    const box = (await surface.boundingBox())!;
    await surface.click({ position: { x: box.width * 0.1, y: box.height * 0.1 } });
    await surface.click({ position: { x: box.width * 0.4, y: box.height * 0.1 } });
    await surface.dblclick({ position: { x: box.width * 0.25, y: box.height * 0.4 } });
    await expect.poll(() => wizard().getByTestId('mask-editor-handle').count()).toBe(3);
    // Drag one point of the mask.
    const handle = wizard().getByTestId('mask-editor-handle').nth(2);
    const h = (await handle.boundingBox())!;
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await wizard().getByTestId('zones-tab-zone').click();
    const zone = wizard().getByTestId('zone-editor-surface');
    await zone.focus();
    for (const keys of [['Space'], ['ArrowRight', 'ArrowRight', 'Shift+ArrowRight', 'Space'], ['Shift+ArrowDown', 'Shift+ArrowDown', 'Space'], ['Enter']]) {
      for (const k of keys) await page.keyboard.press(k);
    }
    await expect.poll(() => wizard().getByTestId('zone-editor-handle').count()).toBe(3);
    await shot('5-zones');

    await wizard().getByTestId('wizard-save').click();
    await page.getByTestId('camera-editor').waitFor({ state: 'detached', timeout: 15_000 });

    const cameras = service.engine.cameras.list();
    expect(cameras).toHaveLength(1);
    const saved = cameras[0]!;
    expect(saved).toMatchObject({
      name: 'Courtyard (wizard)',
      mainUrl: camera.url,
      username: USER,
      hasPassword: true,
      recording: { mode: 'continuous' },
      notifications: { enabled: true, onlyPeople: true },
      detection: { enabled: true },
    });
    expect(service.engine.cameras.storedPassword(saved.id)).toBe(PASSWORD);
    expect(saved.motion.masks).toHaveLength(1);
    expect(saved.motion.masks[0]![2]).toEqual([expect.closeTo(0.3, 1), expect.closeTo(0.5, 1)]);
    expect(saved.detection.zones).toEqual([
      [
        [0.5, 0.5],
        [0.57, 0.5],
        [0.57, 0.6],
      ],
    ]);

    // It appears streaming, and its tile plays: time advances and frames are decoded.
    await expect.poll(() => service.engine.cameras.get(saved.id).status.state, { timeout: 20_000 }).toBe('streaming');
    await page.locator(`[data-testid=live-tile][data-camera-id="${saved.id}"]`).waitFor({ timeout: 15_000 });
    await page.waitForFunction(tileVideo, saved.id, { timeout: 45_000 }).then(async () => {
      await expect.poll(async () => (await page.evaluate(tileVideo, saved.id))?.frames ?? 0, { timeout: 45_000 }).toBeGreaterThan(10);
    });
    const a = (await page.evaluate(tileVideo, saved.id))!;
    await expect.poll(async () => (await page.evaluate(tileVideo, saved.id))!.currentTime, { timeout: 20_000 }).toBeGreaterThan(a.currentTime + 1);
    await shot('6-streaming');
    expect(await page.content()).not.toContain(PASSWORD);
    expect(consoleErrors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
  }, 180_000);

  it('a camera picked from the network search is tested through ONVIF (its own addresses); cancelling saves nothing', async () => {
    await page.getByTestId('add-camera-button').click();
    const found = wizard().getByTestId('discovered-device').filter({ hasText: 'Stockroom' });
    await found.waitFor({ timeout: 15_000 });
    await found.click();
    expect(await found.getAttribute('aria-pressed')).toBe('true');
    await wizard().getByTestId('wizard-next').click();
    await wizard().locator('input[name=username]').fill(USER);
    await wizard().locator('input[name=password]').fill(PASSWORD);
    await wizard().getByTestId('wizard-next').click();
    const ok = wizard().getByTestId('probe-ok');
    await ok.waitFor({ timeout: 40_000 });
    // The maker and model come from GetDeviceInformation; both streams from GetStreamUri.
    expect(await ok.textContent()).toContain('HIKVISION DS-2CD2143G2-I');
    expect(await wizard().getByTestId('probe-main').textContent()).toMatch(/^H\.264 768×576/);
    expect(await wizard().getByTestId('probe-sub').textContent()).toMatch(/^H\.264 640×360/);
    expect(onvif.actions).toEqual(expect.arrayContaining(['GetProfiles', 'GetStreamUri']));
    await wizard().getByTestId('wizard-next').click();
    expect(await wizard().getByTestId('camera-name').inputValue()).toBe('Stockroom');
    await wizard().getByTestId('wizard-cancel').click();
    await page.getByTestId('camera-editor').waitFor({ state: 'detached', timeout: 10_000 });
    expect(service.engine.cameras.list().map((c) => c.name)).toEqual(['Courtyard (wizard)']);
  }, 120_000);

  it('edits the saved camera: settings and masks change, the saved password is kept and used for a new test', async () => {
    const saved = service.engine.cameras.list()[0]!;
    await page.goto(`${service.url}wizard-harness/?edit=${encodeURIComponent(saved.id)}`);
    // Editing opens on the settings, filled from the camera.
    const name = wizard().getByTestId('camera-name');
    await name.waitFor({ timeout: 15_000 });
    expect(await name.inputValue()).toBe('Courtyard (wizard)');
    expect(await wizard().locator('input[name=recordingMode][value=continuous]').isChecked()).toBe(true);
    await name.fill('Courtyard (edited)');
    await shot('7-edit-settings');

    // The saved mask is there; removing one of its three points leaves too few, and the mask goes.
    await wizard().getByTestId('wizard-step-zones').click();
    await expect.poll(() => wizard().getByTestId('mask-editor-handle').count(), { timeout: 10_000 }).toBe(3);
    await wizard().getByTestId('mask-editor-handle').first().focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => wizard().getByTestId('mask-editor-handle').count()).toBe(0);

    // A new test with the password field left empty uses the saved password.
    await wizard().getByTestId('wizard-step-credentials').click();
    expect(await wizard().locator('input[name=password]').getAttribute('placeholder')).toMatch(/Unchanged/);
    expect(await wizard().locator('input[name=username]').inputValue()).toBe(USER);
    await wizard().getByTestId('wizard-next').click();
    await wizard().getByTestId('probe-ok').waitFor({ timeout: 40_000 });
    await wizard().getByTestId('wizard-step-settings').click();
    await wizard().getByTestId('wizard-save').click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: { outcome?: string } } } }).document.body.dataset.outcome !== undefined, undefined, { timeout: 15_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { document: { body: { dataset: { outcome?: string } } } }).document.body.dataset.outcome)).toBe(`saved:${saved.id}`);

    const after = service.engine.cameras.get(saved.id);
    expect(after).toMatchObject({ name: 'Courtyard (edited)', mainUrl: camera.url, username: USER, hasPassword: true, recording: { mode: 'continuous' } });
    expect(after.motion.masks).toEqual([]);
    expect(after.detection.zones).toHaveLength(1);
    expect(service.engine.cameras.storedPassword(saved.id)).toBe(PASSWORD);
    await expect.poll(() => service.engine.cameras.get(saved.id).status.state, { timeout: 20_000 }).toBe('streaming');
    expect(await page.content()).not.toContain(PASSWORD);
  }, 120_000);
});
