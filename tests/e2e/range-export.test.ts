// Exports in Debian's Chromium against service mode: a range of two cameras picked on the timeline page (two times and
// the cameras' checkboxes), exported with per-camera progress, both files received by the browser as downloads
// (Playwright's download event) and measured by ffprobe (the range's duration within 1 s); the Exports view lists the
// export with its player, and Delete (after the confirmation) removes it and its files. The footage is real 10 s
// segments cut by ffmpeg from courtyard.mp4, indexed as the recorder does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningService } from '../../main/service/service.ts';
import type { CameraView } from '../../preload/contract.ts';
import { addSegment, decodeAll, makeCourtyardSegments, probeDurationSec } from '../fixtures/recording-segments.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { testSeams } from '../fixtures/test-engine.ts';
import { courtyardFrame, seedFootage } from '../fixtures/footage-folder.ts';
import { startRtspCamera, courtyardPath } from '../fixtures/rtsp-camera.ts';
import { NvrEngine } from '../../main/core/engine.ts';
import { buildPageIn, openBrowserPage, startPageService } from './ui-helpers.ts';
import { repoRoot } from '../fixtures/build-fixture.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');

const hms = (ms: number) => {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};

describe('exporting a range of two cameras in Chromium', () => {
  let dataDir: string;
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const cams: CameraView[] = [];
  const source = makeCourtyardSegments();
  const consoleErrors: string[] = [];
  // Six segments per camera, recorded a few minutes ago today (whole seconds: the time inputs have seconds).
  const now = Date.now();
  const today = new Date(now).setHours(0, 0, 0, 0);
  const T0 = Math.floor(Math.max(now - 300_000, today + 1000) / 1000) * 1000;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = tempDataDir('nvr-e2e-export-');
    const pageDir = await buildPageIn(dataDir);
    service = await startPageService(dataDir, pageDir);
    for (const name of ['Front door', 'Till']) cams.push(await service.engine.cameras.add({ name, mainUrl: `rtsp://127.0.0.1:9/${name.length}`, enabled: false }));
    const seams = testSeams(service.engine);
    for (const cam of cams) for (let i = 0; i < 6; i++) addSegment(dataDir, seams.segmentIndex, cam.id, T0 + i * 10_000, source.files[i % source.files.length]!);
    ({ browser, page } = await openBrowserPage(consoleErrors));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    source.cleanup();
  });

  it('downloads one file per camera with the range’s duration, lists it in Exports, and deletes it', async () => {
    await page.goto(service.openUrl);
    await page.goto(service.url + '#/review');
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    const picker = page.getByTestId('range-picker');
    await picker.locator('summary').click();
    const from = T0 + 3_000;
    const to = T0 + 48_000;
    await page.getByTestId('range-from').fill(hms(from));
    await page.getByTestId('range-to').fill(hms(to));
    for (const cam of cams) await page.locator(`[data-testid=range-camera][data-camera-id="${cam.id}"]`).check();
    await page.getByTestId('range-pick').click();
    const label = (await page.getByTestId('range-export-label').textContent())!;
    expect(label).toBe(`${hms(from)}–${hms(to)} on Front door, Till`);
    await page.getByTestId('range-export-start').click();

    const links = page.getByTestId('range-export-download');
    await expect.poll(() => links.count(), { timeout: 60_000 }).toBe(2);
    await picker.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, 'exports-1-range.png') });
    const saved: string[] = [];
    for (let i = 0; i < 2; i++) {
      const [download] = await Promise.all([page.waitForEvent('download'), links.nth(i).click()]);
      const name = download.suggestedFilename();
      expect(name).toMatch(new RegExp(`^${i === 0 ? 'Front door' : 'Till'} \\d{4}-\\d{2}-\\d{2} \\d{2}-\\d{2}-\\d{2}\\.mp4$`));
      const file = path.join(dataDir, `downloaded-${i}.mp4`);
      await download.saveAs(file);
      expect(await download.failure()).toBeNull();
      saved.push(file);
    }
    for (const file of saved) {
      decodeAll(file);
      expect(Math.abs(probeDurationSec(file) - (to - from) / 1000)).toBeLessThan(1);
    }

    await page.getByTestId('nav-exports').click();
    const item = page.getByTestId('export-item');
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    expect(await item.getByTestId('export-name').textContent()).toBe(label);
    expect(await item.getByTestId('export-download').count()).toBe(2);
    // The player loads the export's first file.
    await page.waitForFunction(() => {
      const v = (globalThis as unknown as { document: { querySelector(s: string): { readyState: number; duration: number } | null } }).document.querySelector('[data-testid=export-player]');
      return v !== null && v.readyState >= 1 && v.duration > 40;
    }, undefined, { timeout: 20_000 });
    await page.screenshot({ path: path.join(artifacts, 'exports-2-list.png') });
    const exportId = (await item.getAttribute('data-export-id'))!;
    expect(readdirSync(path.join(dataDir, 'exports', exportId))).toHaveLength(2);

    await item.getByTestId('export-delete').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete export' }).click();
    await page.getByTestId('no-exports').waitFor({ timeout: 10_000 });
    expect(existsSync(path.join(dataDir, 'exports', exportId))).toBe(false);
    expect(await service.engine.rangeExports.list()).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it('downloads an event’s snapshot and a live camera’s current picture', async () => {
    if (!(service.engine instanceof NvrEngine)) throw new Error('service mode runs the NvrEngine');
    await seedFootage(service.engine, { cameraId: cams[0]!.id, segmentFiles: [], frame: courtyardFrame(), snapshots: 1, daysAgo: 0 });
    const [event] = (await service.engine.api['events.list']({ cameraIds: [cams[0]!.id], limit: 1 })).events;
    await page.goto(service.url + `#/events/${event!.id}`);
    const [shot] = await Promise.all([page.waitForEvent('download'), page.getByTestId('snapshot-download').click()]);
    expect(shot.suggestedFilename()).toMatch(/^Front door \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.jpg$/);
    const shotFile = path.join(dataDir, 'event-snapshot.jpg');
    await shot.saveAs(shotFile);
    expect(readFileSync(shotFile).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    const rtsp = await startRtspCamera({ source: 'file:' + courtyardPath() });
    try {
      const live = await service.engine.cameras.add({ name: 'Stock room', mainUrl: rtsp.url, recording: { mode: 'off' } });
      await page.goto(service.url + `#/live/${live.id}`);
      const tile = page.locator(`[data-testid=live-tile][data-camera-id="${live.id}"]`);
      await tile.getByTestId('tile-state').filter({ hasText: /stream/i }).waitFor({ timeout: 30_000 });
      const [picture] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), tile.getByTestId('live-snapshot').click()]);
      expect(picture.suggestedFilename()).toMatch(/^Stock room \d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.jpg$/);
      const pictureFile = path.join(dataDir, 'live-picture.jpg');
      await picture.saveAs(pictureFile);
      const jpeg = readFileSync(pictureFile);
      expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(jpeg.length).toBeGreaterThan(5_000);
      await service.engine.cameras.remove(live.id);
    } finally {
      await rtsp.stop();
    }
  }, 120_000);
});
