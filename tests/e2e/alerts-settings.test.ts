// Settings → Alerts in Debian's Chromium against service mode with the real engine: add a webhook-like channel (the
// tests' own, through the engine's seam) pointing at this test's HTTP server, with a secret; the secret box shows only
// "set" afterwards and the page never holds the value; "Send a test" shows the exact error (401), then success; the
// channel's state is listed. Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../fixtures/build-fixture.ts';
import type { RunningService } from '../../main/service/service.ts';
import { buildPageIn, startPageService, openBrowserPage } from './ui-helpers.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';
import { httpTestChannel } from '../fixtures/test-alert-channels.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');
const SECRET = 'e2e-signing-secret-5f4e3d2c1b';

describe('Settings → Alerts in Chromium', () => {
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  let hook: Server;
  const answers = [401, 200];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const dataDir = tempDataDir('nvr-e2e-alerts-');
    hook = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answers.shift() ?? 200).end());
    });
    await new Promise<void>((r) => void hook.listen(0, '127.0.0.1', () => r()));
    const pageDir = await buildPageIn(dataDir);
    service = await startPageService(dataDir, pageDir, { alertChannelFactories: { webhook: httpTestChannel } });
    ({ browser, page } = await openBrowserPage(consoleErrors));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    hook?.closeAllConnections();
    hook?.close();
  });

  it('adds a channel with a write-only secret, shows the exact test error, then a good test', async () => {
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    await page.goto(service.openUrl);
    await page.goto(service.url + '#/settings');
    const panel = page.getByTestId('alert-channels');
    await panel.waitFor();
    await panel.getByLabel('Channel type').selectOption('webhook');
    await panel.getByRole('button', { name: 'Add channel' }).click();
    const form = page.getByTestId('channel-form');
    await form.getByLabel('Name').fill('Back office');
    await form.getByLabel('Address').fill(url);
    await form.getByLabel('Signing secret (HMAC-SHA256)', { exact: true }).fill(SECRET);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('alerts-message').textContent()).toBe('Saved Back office.');
    // The secret box is empty again and says the secret is set; the page holds no copy of it.
    const secretBox = form.getByLabel('Signing secret (HMAC-SHA256)', { exact: true });
    expect(await secretBox.inputValue()).toBe('');
    expect(await secretBox.getAttribute('placeholder')).toBe('set (leave empty to keep)');
    expect(await page.content()).not.toContain(SECRET);
    await form.getByTestId('channel-test').click();
    await expect.poll(() => page.getByTestId('alerts-message').textContent()).toBe('The test server refused the credentials (401).');
    await page.screenshot({ path: path.join(artifacts, 'alerts-settings-test-error.png'), fullPage: true });
    await form.getByTestId('channel-test').click();
    await expect.poll(() => page.getByTestId('alerts-message').textContent()).toBe('The test alert was sent to Back office.');
    await expect.poll(() => panel.getByTestId('channel-state').first().textContent()).toMatch(/^ok/);
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
