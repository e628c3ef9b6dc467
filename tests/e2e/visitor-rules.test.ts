// Tracked visitors in the product UI, end to end in Debian's Chromium against service mode with the real engine and
// its SQLite file: the owner opens a camera's settings, draws a counting line (two clicks; the arrow shows the way
// in; "Reverse" swaps it), names it, draws a loitering zone and sets its seconds, and saves: the camera's tracking
// settings hold them. Visitor counts put in through the core's write path (the write guard's visitor sink, as the
// pipeline does) show on the timeline's "people per hour" chart, for all cameras and for one; two overlapping
// visitors get a row each on the timeline, and a click on each row opens that visitor's event.
// The cameras are switched off (no stream needed: the editors draw on a blank frame when there is no picture).
// Screenshots at 1280×800 go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { startService, type RunningService } from '../../main/service/service.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import type { CameraView } from '../../preload/contract.ts';
import type { NvrEngine } from '../../main/core/engine.ts';
import { buildPage, CHROMIUM, CHROMIUM_ARGS } from './ui-helpers.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');
const MIN = 60_000;
const HOUR = 3_600_000;

/** Local midnight of today (Chromium runs in the same time zone as this process). */
function todayStart(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

describe('counting lines, loitering zones and people per hour in Chromium', () => {
  let dataDir: string;
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  let door: CameraView;
  let back: CameraView;
  const consoleErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `visitors-${name}.png`) });
  const editor = () => page.getByTestId('camera-editor');

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-visitors-e2e-'));
    const pageDir = path.join(dataDir, 'page-build');
    await buildPage(pageDir);
    service = await startService({
      dataDir,
      port: 0,
      logger: silentLogger(),
      rendererDir: pageDir,
      engine: { notificationSinks: [{ name: 'none', send: async () => undefined }], modelPath: '/nonexistent/model.onnx' },
    });
    door = await service.engine.cameras.add({ name: 'Front door', mainUrl: 'rtsp://127.0.0.1:9/door', enabled: false });
    back = await service.engine.cameras.add({ name: 'Back door', mainUrl: 'rtsp://127.0.0.1:9/back', enabled: false });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(service.openUrl);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('draws a counting line with its direction and a loitering zone in the camera settings, and saves them', async () => {
    await page.goto(`${service.url}#/settings`);
    await page.getByTestId('settings-camera').selectOption(door.id);
    await page.getByRole('button', { name: 'Edit camera' }).click();
    await editor().waitFor({ timeout: 10_000 });
    await editor().getByTestId('wizard-step-zones').click();
    await editor().getByTestId('zones-tab-line').click();

    // Two clicks: the line's start, then its end. The camera is off, so the blank frame is drawn on.
    const surface = editor().getByTestId('line-editor-surface');
    await surface.waitFor();
    const box = (await surface.boundingBox())!;
    await surface.click({ position: { x: box.width * 0.2, y: box.height * 0.5 } });
    await surface.click({ position: { x: box.width * 0.8, y: box.height * 0.5 } });
    await expect.poll(() => editor().getByTestId('line-editor-handle').count()).toBe(2);
    // Drawn left to right, the way in is down the picture.
    const arrow = editor().getByTestId('line-editor-arrow');
    const dy = async () => Number(await arrow.getAttribute('y2')) - Number(await arrow.getAttribute('y1'));
    expect(await dy()).toBeGreaterThan(0.05);
    await editor().getByTestId('line-editor-reverse').click();
    expect(await dy()).toBeLessThan(-0.05);
    await editor().getByTestId('line-editor-name').fill('Entrance');
    await shot('1-line');

    // A loitering zone: three points, the last a double-click that closes it; 30 seconds.
    await editor().getByTestId('zones-tab-loiter').click();
    const loiter = editor().getByTestId('loiter-editor-surface');
    await loiter.waitFor();
    const lb = (await loiter.boundingBox())!;
    await loiter.click({ position: { x: lb.width * 0.1, y: lb.height * 0.6 } });
    await loiter.click({ position: { x: lb.width * 0.4, y: lb.height * 0.6 } });
    await loiter.dblclick({ position: { x: lb.width * 0.25, y: lb.height * 0.9 } });
    await expect.poll(() => editor().getByTestId('loiter-editor-handle').count()).toBe(3);
    await editor().getByTestId('loiter-editor-name').fill('Till');
    const seconds = editor().getByTestId('loiter-editor-seconds');
    await seconds.fill('3');
    expect(await editor().getByRole('alert').textContent()).toMatch(/whole number of seconds from 5 to 3600/);
    await seconds.fill('30');
    await shot('2-loitering');

    await editor().getByTestId('wizard-save').click();
    await editor().waitFor({ state: 'detached', timeout: 15_000 });
    const saved = service.engine.cameras.get(door.id).tracking;
    expect(saved.lines).toEqual([{ name: 'Entrance', a: [expect.closeTo(0.8, 1), expect.closeTo(0.5, 1)], b: [expect.closeTo(0.2, 1), expect.closeTo(0.5, 1)] }]);
    expect(saved.loiterZones).toHaveLength(1);
    expect(saved.loiterZones[0]).toMatchObject({ name: 'Till', seconds: 30 });
    expect(saved.loiterZones[0]!.polygon).toHaveLength(3);
    expect(service.engine.cameras.get(back.id).tracking.lines).toEqual([]);

    // Opened again, the line is there with its name.
    await page.getByRole('button', { name: 'Edit camera' }).click();
    await editor().getByTestId('wizard-step-zones').click();
    await editor().getByTestId('zones-tab-line').click();
    await expect.poll(() => editor().getByTestId('line-editor-handle').count()).toBe(2);
    expect(await editor().getByTestId('line-editor-name').inputValue()).toBe('Entrance');
    await editor().getByTestId('wizard-cancel').click();
    await editor().waitFor({ state: 'detached', timeout: 10_000 });
  }, 120_000);

  it('shows people per hour for the day from the counts the core stored, for all cameras and for one', async () => {
    const now = Date.now();
    const day = todayStart(now);
    const at = (ms: number) => Math.max(day, ms - (ms % MIN));
    const seeds = [
      { cameraId: door.id, minuteMs: at(now - 2 * MIN), visitors: 3, ins: 3, outs: 1 },
      { cameraId: door.id, minuteMs: at(now - MIN), visitors: 2, ins: 2, outs: 2 },
      { cameraId: back.id, minuteMs: day + 5 * MIN, visitors: 4, ins: 0, outs: 0 },
      { cameraId: back.id, minuteMs: day - HOUR, visitors: 50, ins: 0, outs: 0 }, // yesterday: not on today's chart
    ];
    for (const { cameraId, ...minute } of seeds) (service.engine as NvrEngine).testSeams.writes.visitorSink.add(cameraId, minute);
    const hourOf = (ms: number) => new Date(ms).getHours();
    const expected = (ids: string[]) => {
      const perHour = new Map<number, number>();
      for (const s of seeds) if (ids.includes(s.cameraId) && s.minuteMs >= day) perHour.set(hourOf(s.minuteMs), (perHour.get(hourOf(s.minuteMs)) ?? 0) + s.visitors);
      return perHour;
    };

    await page.goto(`${service.url}#/timeline`);
    const chart = page.getByTestId('visitor-chart');
    await chart.waitFor({ timeout: 15_000 });
    await expect.poll(() => chart.getAttribute('data-total'), { timeout: 15_000 }).toBe('9');
    expect(await page.getByTestId('visitor-total').textContent()).toBe('9');
    const bars = async () =>
      Object.fromEntries(
        await chart.getByTestId('visitor-bar').evaluateAll((els) =>
          els
            .map((el) => ({ hour: Number(el.getAttribute('data-hour')), count: Number(el.getAttribute('data-count')), height: Number(el.getAttribute('height')) }))
            .filter((b) => b.count > 0)
            .map((b) => [b.hour, { count: b.count, tall: b.height > 0 }]),
        ),
      ) as Record<string, { count: number; tall: boolean }>;
    const want = (ids: string[]) => Object.fromEntries([...expected(ids)].map(([h, n]) => [String(h), { count: n, tall: true }]));
    expect(await chart.getByTestId('visitor-bar').count()).toBeGreaterThanOrEqual(23);
    expect(await bars()).toEqual(want([door.id, back.id]));
    await shot('3-people-per-hour');

    await chart.getByTestId('visitor-camera').selectOption(door.id);
    await expect.poll(() => chart.getAttribute('data-total')).toBe('5');
    expect(await bars()).toEqual(want([door.id]));
    await chart.getByTestId('visitor-camera').selectOption(back.id);
    await expect.poll(() => chart.getAttribute('data-total')).toBe('4');
    await chart.getByTestId('visitor-camera').selectOption('all');
  }, 60_000);

  it('gives two overlapping visitors a row each on the timeline; a click on each row opens that visitor', async () => {
    const lane0 = service.engine.cameras.list()[0]!;
    const now = Date.now();
    const visitor = (id: string, startMs: number, endMs: number) => {
      const store = (service.engine as NvrEngine).testSeams.writes.eventStore;
      store.open({ id, cameraId: lane0.id, kind: 'person', startMs, updatedMs: startMs, peakRatio: 0.05, boxes: [], frameWidth: 640, frameHeight: 360 });
      store.close(id, endMs);
    };
    visitor('visitor-a', now - 20 * MIN, now - 10 * MIN);
    visitor('visitor-b', now - 15 * MIN, now - 5 * MIN);

    await page.getByTestId('span-1h').click();
    await page.getByTestId('follow-now').click();
    const canvas = page.getByTestId('timeline-canvas');
    await expect.poll(async () => Number(await canvas.getAttribute('data-events')), { timeout: 15_000 }).toBe(2);
    await shot('4-stacked-visitors');

    // Where "now − 12 min" is (both visitors there), on the first lane: row 0 (top) and row 1 of its event band.
    const rect = (await canvas.boundingBox())!;
    const span = HOUR;
    const xAt = (t: number) => {
      const end = Date.now() + span * 0.04; // following: "now" sits 4 % left of the right edge
      return 132 + ((t - (end - span)) / span) * (rect.width - 132);
    };
    const clickRow = async (row: 0 | 1) => {
      const y = 24 + 13 + (row === 0 ? 5 : 16); // axis, the band's top, inside row 0 (13..24) or row 1 (24..35)
      await canvas.click({ position: { x: xAt(Date.now() - 12 * MIN), y } });
    };
    await clickRow(1);
    await page.waitForURL(/#\/events\/visitor-b$/, { timeout: 10_000 });
    // An event recorded before tracking (no path) shows no path.
    expect(await page.getByTestId('event-path').count()).toBe(0);
    await page.goBack();
    await canvas.waitFor();
    await expect.poll(async () => Number(await canvas.getAttribute('data-events')), { timeout: 15_000 }).toBe(2);
    await clickRow(0);
    await page.waitForURL(/#\/events\/visitor-a$/, { timeout: 10_000 });
    expect(consoleErrors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
  }, 60_000);
});
