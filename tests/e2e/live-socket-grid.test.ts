// Service mode's live grid in Chromium: 7 GStreamer RTSP cameras (more than the 6 HTTP/1.1 connections a browser
// keeps per address) in the 9-grid all play at once, carried over the page's one live WebSocket (/api/live) with no
// live.mp4 request; opening one camera full size stops the other tiles' streams (the hubs' viewers go back); when the
// socket drops, the page opens a new one by itself and the tile plays again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import type { RunningService } from '../../main/service/service.ts';
import { sampleTiles, buildPageIn, startPageService, openBrowserPage } from './ui-helpers.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const CAMERAS = 7;

describe('the live grid over one socket in Chromium', () => {
  let dataDir: string;
  const cameras: RtspCamera[] = [];
  const ids: string[] = [];
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const liveRequests: string[] = [];
  const sockets: string[] = [];

  const viewers = () => ids.map((id) => service.engine.cameras.pipeline(id)?.live('sub')?.hub.viewerCount ?? 0);

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-live-grid-');
    const pageDir = await buildPageIn(dataDir);
    // The lightest source the fixture has: a still picture at constant quality (cheap to encode, no motion to analyse).
    for (let i = 0; i < CAMERAS; i++) cameras.push(await startRtspCamera({ source: 'pattern:static' }));
    service = await startPageService(dataDir, pageDir);
    for (const [i, cam] of cameras.entries()) {
      ids.push((await service.engine.cameras.add({ name: `Shelf ${i + 1}`, mainUrl: cam.url, recording: { mode: 'off' } })).id);
    }
    ({ browser, page } = await openBrowserPage());
    page.on('request', (r) => {
      if (r.url().includes('/live.mp4')) liveRequests.push(r.url());
    });
    page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    for (const c of cameras) await c.stop();
  });

  it('plays 7 cameras at once in the 9-grid, all over one socket', async () => {
    await page.goto(service.openUrl + '#/live');
    await page.getByTestId('layout-9').click();
    await expect.poll(() => page.getByTestId('live-tile').count(), { timeout: 20_000 }).toBe(CAMERAS);
    await expect
      .poll(async () => (await page.evaluate(sampleTiles)).filter((s) => s.phase === 'playing').length, { timeout: 120_000, interval: 1000 })
      .toBe(CAMERAS);
    const a = await page.evaluate(sampleTiles);
    await page.waitForTimeout(4000);
    const b = await page.evaluate(sampleTiles);
    for (const s of b) {
      const was = a.find((x) => x.cameraId === s.cameraId)!;
      expect(s.phase, s.cameraId).toBe('playing');
      expect(s.currentTime, s.cameraId).toBeGreaterThan(was.currentTime + 1);
      expect(s.frames, s.cameraId).toBeGreaterThan(was.frames + 10);
    }
    expect(liveRequests).toEqual([]);
    expect(sockets.filter((p) => p === '/api/live')).toHaveLength(1);
    expect(viewers()).toEqual(ids.map(() => 1));
  }, 200_000);

  it('stops the other tiles’ streams when one camera is opened full size', async () => {
    await page.goto(service.url + `#/live/${ids[2]}`);
    await page.locator(`[data-testid=live-tile][data-camera-id="${ids[2]}"][data-phase=playing]`).waitFor({ timeout: 45_000 });
    await expect.poll(() => viewers(), { timeout: 15_000 }).toEqual(ids.map((_, i) => (i === 2 ? 1 : 0)));
    expect(liveRequests).toEqual([]);
  }, 90_000);

  it('opens a new socket by itself when the live socket drops, and the tile plays again', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const routes: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
    // Playwright relays the page's live socket, so the test can cut it as a network drop would.
    await context.routeWebSocket(/\/api\/live$/, (ws) => {
      routes.push({ page: ws, server: ws.connectToServer() });
    });
    try {
      const p = await context.newPage();
      await p.goto(service.openUrl + `#/live/${ids[4]}`);
      const playing = p.locator(`[data-testid=live-tile][data-camera-id="${ids[4]}"][data-phase=playing]`);
      await playing.waitFor({ timeout: 45_000 });
      expect(routes).toHaveLength(1);
      await routes[0]!.server.close();
      await routes[0]!.page.close({ code: 1011, reason: 'test: the network dropped' });
      await p.locator(`[data-testid=live-tile][data-camera-id="${ids[4]}"]:not([data-phase=playing])`).waitFor({ timeout: 15_000 });
      await playing.waitFor({ timeout: 45_000 });
      expect(routes).toHaveLength(2);
      const a = (await p.evaluate(sampleTiles))[0]!;
      await p.waitForTimeout(2000);
      const b = (await p.evaluate(sampleTiles))[0]!;
      expect(b.frames).toBeGreaterThan(a.frames);
      // The dropped socket's viewer is gone: camera 5 has only the new socket's (the first page shows camera 3 alone).
      await expect.poll(() => viewers()[4], { timeout: 10_000 }).toBe(1);
    } finally {
      await context.close();
    }
  }, 120_000);
});
