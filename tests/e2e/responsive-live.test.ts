// Issue 15 (phones, live tiles that tell the truth, accessibility) in Debian's Chromium against service mode with the
// real engine and three GStreamer RTSP cameras: at 390×844, 768×1024, 1280×800 and 1920×1080 no screen is wider than
// the window (the document's scroll width and every element's right edge, measured in the page), the navigation is
// on screen and not covered, phones get full-width video, the live grid and the single camera fit the window; full
// screen per tile; camera groups with their own layout, kept in the settings; axe-core finds no serious or critical
// problem on any screen in either theme; a camera whose RTSP server stops greys its tile with "last seen" and no REC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import type { RunningService } from '../../main/service/service.ts';
import type { CameraView } from '../../preload/contract.ts';
import { buildPageIn, expectAccessible, measureOverflow, openBrowserPage, startPageService } from './ui-helpers.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');
const SIZES = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
type Size = (typeof SIZES)[number];
const NAV = ['live', 'timeline', 'exports', 'settings', 'health'] as const;

interface Screen {
  name: string;
  open: (page: Page) => Promise<void>;
}

describe('phones, live tiles and accessibility in Chromium', () => {
  let dataDir: string;
  const rtsp: RtspCamera[] = [];
  const cams: CameraView[] = [];
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  let eventId: string | null = null;
  const consoleErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `responsive-${name}.png`) });

  async function goHash(hash: string, marker: string) {
    await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
    await page.locator(marker).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('main h1').first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(300); // the layout after the view's first data
  }

  const screens = (): Screen[] => [
    { name: 'live', open: () => goHash('#/live', '[data-testid=live-grid]') },
    { name: 'single', open: () => goHash(`#/live/${cams[0]!.id}`, '[data-testid=live-stage]') },
    { name: 'timeline', open: () => goHash('#/timeline', '[data-testid=timeline-canvas]') },
    ...(eventId ? [{ name: 'event', open: () => goHash(`#/events/${eventId}`, 'main h1') }] : []),
    { name: 'exports', open: () => goHash('#/exports', 'main h1') },
    { name: 'health', open: () => goHash('#/health', 'main h1') },
    { name: 'settings', open: () => goHash('#/settings', 'main h1') },
    {
      name: 'wizard',
      open: async () => {
        await goHash('#/live', '[data-testid=live-grid]');
        await page.getByTestId('add-camera-button').click();
        await page.getByTestId('camera-wizard').waitFor({ timeout: 10_000 });
        await page.waitForTimeout(300);
      },
    },
  ];

  async function closeDialogs() {
    for (let i = 0; i < 3 && (await page.locator('dialog[open]').count()) > 0; i++) {
      await page.keyboard.press('Escape');
      const confirm = page.locator('dialog[open]').getByRole('button', { name: /discard|close without|leave/i });
      if (await confirm.count()) await confirm.first().click();
      await page.waitForTimeout(200);
    }
  }

  /** What does not fit on this screen: a document wider than the window, elements past its right edge. */
  async function overflowProblems(label: string): Promise<string[]> {
    const m = await page.evaluate(measureOverflow);
    const out: string[] = [];
    if (m.scrollWidth > m.viewport) out.push(`${label}: the page is ${m.scrollWidth} px wide in a ${m.viewport} px window`);
    for (const w of m.wide) out.push(`${label}: <${w.tag} ${w.testid ?? ''} .${w.cls}> reaches ${w.right} px (${w.width} px wide)`);
    return out;
  }

  /** Navigation links that are off screen or covered. */
  async function navProblems(label: string, size: Size): Promise<string[]> {
    const out: string[] = [];
    for (const view of NAV) {
      const box = await page.getByTestId(`nav-${view}`).boundingBox();
      if (!box) {
        out.push(`${label}: nav-${view} is not shown`);
        continue;
      }
      if (box.x < 0 || box.x + box.width > size.width + 0.5 || box.y < 0 || box.y + box.height > size.height + 0.5) out.push(`${label}: nav-${view} is off screen`);
      const hit = await page.evaluate(
        ({ x, y, id }) => {
          const d = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { closest(s: string): unknown } | null } }).document;
          return d.elementFromPoint(x, y)?.closest(`[data-testid="${id}"]`) != null;
        },
        { x: box.x + box.width / 2, y: box.y + box.height / 2, id: `nav-${view}` },
      );
      if (!hit) out.push(`${label}: nav-${view} is covered`);
    }
    return out;
  }

  async function leaveFullscreen() {
    await page.evaluate(async () => {
      const d = (globalThis as unknown as { document: { fullscreenElement: unknown; exitFullscreen(): Promise<void> } }).document;
      if (d.fullscreenElement) await d.exitFullscreen();
    });
  }

  /** Every element's box of a selector (in CSS pixels). */
  const boxes = (selector: string) =>
    page.locator(selector).evaluateAll((els) =>
      els.map((e) => {
        const r = (e as unknown as { getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number } }).getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width };
      }),
    );

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = tempDataDir('nvr-responsive-');
    const pageDir = await buildPageIn(dataDir);
    for (let i = 0; i < 3; i++) rtsp.push(await startRtspCamera({ source: 'pattern:ball' }));
    service = await startPageService(dataDir, pageDir);
    for (const [i, name] of ['Front door', 'Till', 'Stock room'].entries()) {
      cams.push(await service.engine.cameras.add({ name, mainUrl: rtsp[i]!.url }));
    }
    ({ browser, page } = await openBrowserPage(consoleErrors, { bypassCSP: true }));
    await page.goto(service.openUrl);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } }).document.querySelectorAll('[data-testid=live-tile][data-phase=playing]').length === 3, undefined, { timeout: 60_000 });
    // A moving ball is motion: an event to open, when one has come by now.
    for (let waited = 0; waited < 45_000 && service.engine.events.list({ limit: 1 }).events.length === 0; waited += 1000) await page.waitForTimeout(1000);
    eventId = service.engine.events.list({ limit: 1 }).events[0]?.id ?? null;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    for (const c of rtsp) await c.stop();
  });

  it('fits every screen at 390, 768, 1280 and 1920 px: nothing wider than the window, the navigation reachable', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const screen of screens()) {
        await screen.open(page);
        const label = `${screen.name} at ${size.width}×${size.height}`;
        problems.push(...(await overflowProblems(label)));
        await shot(`${screen.name}-${size.width}`);
        await closeDialogs();
        problems.push(...(await navProblems(label, size)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(SIZES.length * 7);
    expect(problems).toEqual([]);
  }, 300_000);

  it('fits the live grid and the single camera into the window; phones get full-width video', async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await goHash('#/live', '[data-testid=live-grid]');
      const tiles = await boxes('[data-testid=live-tile]');
      expect(tiles).toHaveLength(3);
      const phone = size.width <= 640;
      for (const t of tiles) {
        expect(t.left).toBeGreaterThanOrEqual(0);
        expect(t.right).toBeLessThanOrEqual(size.width);
        // On a tablet and a PC the whole grid is on screen, without scrolling; a phone scrolls down a column.
        if (!phone) expect(t.bottom, `tile bottom at ${size.width}`).toBeLessThanOrEqual(size.height);
      }
      const videos = await boxes('[data-testid=live-tile] video');
      if (phone) for (const v of videos) expect(v.width).toBeGreaterThanOrEqual(size.width - 24);
      await goHash(`#/live/${cams[0]!.id}`, '[data-testid=live-stage]');
      const [stage] = await boxes('[data-testid=live-stage]');
      expect(stage!.right).toBeLessThanOrEqual(size.width);
      expect(stage!.bottom).toBeLessThanOrEqual(size.height);
      const [video] = await boxes('[data-testid=live-stage] video');
      if (phone) expect(video!.width).toBeGreaterThanOrEqual(size.width - 24);
      else expect(video!.width).toBeGreaterThan(size.width * 0.4);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  it('goes full screen per tile and in the single-camera view', async () => {
    await goHash('#/live', '[data-testid=live-grid]');
    const tile = page.locator(`[data-testid=live-tile][data-camera-id="${cams[1]!.id}"]`);
    await tile.getByTestId('tile-fullscreen').click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { fullscreenElement: { getAttribute(n: string): string | null } | null } }).document.fullscreenElement?.getAttribute('data-camera-id') ?? null)).toBe(cams[1]!.id);
    await expect.poll(() => tile.getByTestId('tile-fullscreen').getAttribute('aria-pressed')).toBe('true');
    await tile.getByTestId('tile-fullscreen').click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { fullscreenElement: unknown } }).document.fullscreenElement === null)).toBe(true);
    await goHash(`#/live/${cams[0]!.id}`, '[data-testid=live-stage]');
    await page.getByTestId('single-fullscreen').click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { fullscreenElement: { getAttribute(n: string): string | null } | null } }).document.fullscreenElement?.getAttribute('data-camera-id') ?? null)).toBe(cams[0]!.id);
    await leaveFullscreen();
  }, 60_000);

  it('keeps camera groups with their own layout in the settings, and shows only their cameras', async () => {
    await leaveFullscreen();
    await goHash('#/live', '[data-testid=live-grid]');
    await page.getByTestId('edit-groups').click();
    const dialog = page.getByTestId('camera-groups');
    await dialog.waitFor();
    await dialog.getByTestId('add-group').click();
    await dialog.getByTestId('group-name').fill('Front');
    await dialog.getByTestId(`group-camera-${cams[0]!.id}`).check();
    await dialog.getByTestId(`group-camera-${cams[1]!.id}`).check();
    await dialog.getByTestId('group-columns').selectOption('1');
    await expectAccessible(page, 'the camera groups dialog');
    // Two groups of one name are refused with a sentence, before anything is sent.
    await dialog.getByTestId('add-group').click();
    await dialog.getByTestId('group-name').nth(1).fill('front');
    await dialog.getByTestId('save-groups').click();
    expect(await dialog.getByTestId('groups-problem').textContent()).toContain('same name');
    await dialog.getByRole('button', { name: 'Remove the group front', exact: true }).click();
    await dialog.getByTestId('save-groups').click();
    await dialog.waitFor({ state: 'detached' });
    expect((await service.engine.settings.get()).live.groups).toEqual([{ name: 'Front', cameraIds: [cams[0]!.id, cams[1]!.id], columns: 1 }]);
    await page.getByTestId('group-picker').selectOption('Front');
    const grid = page.getByTestId('live-grid');
    await expect.poll(() => grid.locator('[data-testid=live-tile]').count()).toBe(2);
    expect(await grid.getAttribute('data-columns')).toBe('1');
    await shot('group-front');
    // After a reload the group is still there and still chosen.
    await page.reload();
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('group-picker').inputValue(), { timeout: 10_000 }).toBe('Front');
    await expect.poll(() => page.locator('[data-testid=live-grid] [data-testid=live-tile]').count()).toBe(2);
    await page.getByTestId('group-picker').selectOption('');
    await expect.poll(() => page.locator('[data-testid=live-grid] [data-testid=live-tile]').count()).toBe(3);
  }, 60_000);

  it('passes axe-core on every screen in both themes, on a PC and on a phone: no serious or critical problem', async () => {
    for (const size of [SIZES[2], SIZES[0]]) {
      await page.setViewportSize(size);
      for (const theme of ['dark', 'light'] as const) {
        await page.evaluate((t) => {
          const g = globalThis as unknown as { localStorage: { setItem(k: string, v: string): void }; document: { documentElement: { dataset: Record<string, string> } } };
          g.localStorage.setItem('nvr.theme', t);
          g.document.documentElement.dataset['theme'] = t;
        }, theme);
        for (const screen of screens()) {
          await screen.open(page);
          await expectAccessible(page, `${screen.name} (${theme}, ${size.width} px)`);
          await closeDialogs();
        }
      }
    }
    // The skip link is the first stop of the keyboard and moves the focus to the page's content.
    await page.setViewportSize({ width: 1280, height: 800 });
    await goHash('#/settings', 'main h1');
    await page.reload();
    await page.locator('main h1').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid'))).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('content');
    // Opening a page moves the focus to it (not left on the body).
    await page.getByTestId('nav-health').click();
    await page.locator('main h1').filter({ hasText: 'Health' }).waitFor();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('content');
    expect(await page.locator('h1').count()).toBe(1);
  }, 300_000);

  it("greys a dead camera's last picture, says when it was last seen, and shows no REC", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await goHash('#/live', '[data-testid=live-grid]');
    const dead = cams[2]!;
    const tile = page.locator(`[data-testid=live-tile][data-camera-id="${dead.id}"]`);
    await page.locator(`[data-testid=live-tile][data-camera-id="${dead.id}"][data-phase=playing]`).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2500); // the tile keeps its picture every 2 s while it plays
    expect(await tile.getByTestId('tile-rec').textContent()).toBe('REC');
    await rtsp[2]!.stop();
    await page.locator(`[data-testid=live-tile][data-camera-id="${dead.id}"][data-dead=true]`).waitFor({ timeout: 60_000 });
    const seen = await tile.getByTestId('tile-last-seen').textContent();
    expect(seen).toMatch(/^Last seen \d\d:\d\d$/);
    const lastFrameAt = service.engine.cameras.get(dead.id).status.lastFrameAt;
    expect(lastFrameAt).not.toBeNull();
    expect(Date.now() - lastFrameAt!).toBeLessThan(90_000);
    const shown = await page.evaluate((at) => new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), lastFrameAt!);
    expect(seen).toBe(`Last seen ${shown}`);
    expect(await tile.getByTestId('tile-rec').count()).toBe(0);
    // The last picture stays, greyed: the tile shows the picture it kept while playing, with a grey filter.
    const still = tile.getByTestId('live-still');
    await still.waitFor({ timeout: 10_000 });
    expect(await still.evaluate((c) => (globalThis as unknown as { getComputedStyle(e: unknown): { filter: string } }).getComputedStyle(c).filter)).toContain('grayscale(1)');
    const ink = await still.evaluate(async (el) => {
      type Ctx = { drawImage(i: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
      const img = el as unknown as { naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
      await img.decode();
      const doc = (globalThis as unknown as { document: { createElement(t: 'canvas'): { width: number; height: number; getContext(k: '2d'): Ctx | null } } }).document;
      const cv = doc.createElement('canvas');
      cv.width = img.naturalWidth;
      cv.height = img.naturalHeight;
      const ctx = cv.getContext('2d');
      if (!ctx || !cv.width) return 0;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, cv.width, cv.height).data;
      let lit = 0;
      for (let i = 0; i < d.length; i += 4) if ((d[i] as number) + (d[i + 1] as number) + (d[i + 2] as number) > 60) lit++;
      return lit;
    });
    expect(ink).toBeGreaterThan(100);
    // The other cameras go on, recording.
    expect(await page.locator(`[data-testid=live-tile][data-camera-id="${cams[0]!.id}"]`).getByTestId('tile-rec').textContent()).toBe('REC');
    await shot('dead-camera');
    await expectAccessible(page, 'the live view with a dead camera');
    expect(consoleErrors.filter((e) => !/404 \(Not Found\)|Failed to load resource/.test(e))).toEqual([]);
  }, 120_000);
});
