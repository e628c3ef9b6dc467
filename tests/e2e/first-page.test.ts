// End to end in Debian's Chromium: service mode with the real engine and the page built by Vite. Open the page with the
// token (swapped for a cookie), see the demo camera offered while there are none and the notice that person detection
// is off without a model, add the demo camera: its tile, labelled DEMO, plays live and its motion events arrive on the
// timeline within a minute. Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../fixtures/build-fixture.ts';
import type { RunningService } from '../../main/service/service.ts';
import { loadedImages, buildPageIn, startPageService, openBrowserPage } from './ui-helpers.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');

describe('the first page in Chromium', () => {
  let dataDir: string;
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `first-page-${name}.png`) });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = tempDataDir('nvr-e2e-');
    const pageDir = await buildPageIn(dataDir);
    service = await startPageService(dataDir, pageDir);
    ({ browser, page } = await openBrowserPage(consoleErrors));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
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
    await shot('1-empty');
  }, 30_000);

  it('adds the demo camera: its tile, labelled as a demo, plays live', async () => {
    await page.getByTestId('demo-offer').getByRole('button', { name: 'Add the demo camera' }).click();
    const tile = page.getByTestId('live-tile');
    await tile.waitFor({ timeout: 10_000 });
    expect(await tile.textContent()).toContain('DEMO');
    await page.locator('[data-testid=live-tile][data-phase=playing]').waitFor({ timeout: 45_000 });
    expect(await page.getByTestId('demo-offer').count()).toBe(0);
    await shot('2-demo-live');
  }, 60_000);

  it("shows the demo camera's motion events on the timeline within a minute, with thumbnails", async () => {
    await page.getByTestId('nav-timeline').click();
    await page.getByTestId('event').filter({ hasText: 'Demo camera' }).first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(loadedImages, '[data-testid=event-thumbnail]', { timeout: 60_000 });
    expect(await page.getByTestId('event').first().textContent()).toContain('Motion');
    await shot('3-events');
    expect(consoleErrors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
  }, 100_000);
});
