// The language picker in Debian's Chromium against service mode with the real engine: Settings offers every language
// by its own name and "Same as this computer"; choosing Thai switches the page at once (its words, <html lang>, the
// taller Thai lines, no control's text clipped) and saves the `language` setting; another browser with nothing
// remembered opens in Thai because the setting says so; "Same as this computer" follows the browser's English again.
// Screenshots of Settings in each language go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../fixtures/build-fixture.ts';
import type { RunningService } from '../../main/service/service.ts';
import { buildPageIn, measureOverflow, openBrowserPage, startPageService } from './ui-helpers.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');

/** In the page: controls whose text is cut off (taller or wider than the box that shows it). */
function clippedControls(): string[] {
  type El = { tagName: string; textContent: string | null; scrollHeight: number; clientHeight: number; scrollWidth: number; clientWidth: number };
  const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } };
  return Array.from(g.document.querySelectorAll('button, select, label, h1, h3'))
    .filter((el) => el.clientHeight > 0 && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
    .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`);
}

describe('the language picker in Chromium', () => {
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const lang = (p: Page) => p.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang);

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const dataDir = tempDataDir('nvr-e2e-');
    const pageDir = await buildPageIn(dataDir);
    service = await startPageService(dataDir, pageDir);
    ({ browser, page } = await openBrowserPage(consoleErrors));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('offers every language by its own name, following this computer at first', async () => {
    await page.goto(service.openUrl);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 10_000 });
    await page.goto(`${service.url}#/settings`);
    const picker = page.getByTestId('language-picker');
    await picker.and(page.locator(':enabled')).waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('Language').count()).toBe(1);
    expect(await picker.locator('option').allTextContents()).toEqual(['Same as this computer', 'English', 'ไทย', 'Português (Brasil)', 'Tiếng Việt']);
    expect(await picker.inputValue()).toBe('system');
    expect(await lang(page)).toBe('en');
    // Durations are written by Intl.DurationFormat in this browser (the catalog's words are only the fallback).
    expect(await page.evaluate(() => typeof (Intl as unknown as { DurationFormat?: unknown }).DurationFormat)).toBe('function');
    await page.screenshot({ path: path.join(artifacts, 'language-settings-en.png'), fullPage: true });
  }, 40_000);

  it('switches to Thai at once, saves the setting, and keeps every control whole', async () => {
    await page.getByTestId('language-picker').selectOption('th');
    await page.getByLabel('ภาษา').waitFor({ timeout: 5_000 });
    expect(await lang(page)).toBe('th');
    await expect.poll(() => service.engine.settings.get().language, { timeout: 5_000 }).toBe('th');
    expect(await page.getByTestId('language-picker').locator('option').first().textContent()).toBe('ตามภาษาของเครื่องนี้');
    const lineHeight = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { body: unknown }; getComputedStyle(e: unknown): { lineHeight: string; fontSize: string } };
      const st = g.getComputedStyle(g.document.body);
      return parseFloat(st.lineHeight) / parseFloat(st.fontSize);
    });
    expect(lineHeight).toBeGreaterThanOrEqual(1.6);
    expect(await page.evaluate(clippedControls)).toEqual([]);
    const overflow = await page.evaluate(measureOverflow);
    expect(overflow.wide).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'language-settings-th.png'), fullPage: true });
  }, 30_000);

  it('opens in Thai in another browser, because the setting says so', async () => {
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await other.goto(service.openUrl);
      await other.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang === 'th', undefined, { timeout: 10_000 });
      await other.goto(`${service.url}#/settings`);
      expect(await other.getByTestId('language-picker').and(other.locator(':enabled')).inputValue({ timeout: 10_000 })).toBe('th');
    } finally {
      await other.close();
    }
  }, 30_000);

  it('shows Portuguese and Vietnamese whole too, and follows the browser again with "Same as this computer"', async () => {
    for (const locale of ['pt-BR', 'vi'] as const) {
      await page.getByTestId('language-picker').selectOption(locale);
      await page.waitForFunction((l) => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang === l, locale, { timeout: 5_000 });
      expect(await page.evaluate(clippedControls)).toEqual([]);
      expect((await page.evaluate(measureOverflow)).wide).toEqual([]);
      await page.screenshot({ path: path.join(artifacts, `language-settings-${locale}.png`), fullPage: true });
    }
    await page.getByTestId('language-picker').selectOption('system');
    await page.getByLabel('Language').waitFor({ timeout: 5_000 });
    expect(await lang(page)).toBe('en');
    await expect.poll(() => service.engine.settings.get().language, { timeout: 5_000 }).toBeNull();
    expect(consoleErrors).toEqual([]);
  }, 30_000);
});
