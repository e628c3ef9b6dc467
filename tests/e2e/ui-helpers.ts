// Shared by the UI's Chromium tests and benchmarks: Chromium's flags, the page's own Vite build, the set-up every UI
// test repeats (the page built into the data folder, service mode serving it, Chromium with one page that collects
// console errors), and functions that run inside the page (this file is type-checked without the DOM library, hence
// the narrow casts).
import path from 'node:path';
import { build as viteBuild } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { startService, type RunningService, type ServiceOptions } from '../../main/service/service.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
];

/** Builds the page into `outDir` (its own folder, so a build elsewhere cannot empty it under a test). */
export async function buildPage(outDir: string): Promise<void> {
  await viteBuild({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
}

/** The page built into `<dataDir>/page-build`; returns that folder. */
export async function buildPageIn(dataDir: string): Promise<string> {
  const pageDir = path.join(dataDir, 'page-build');
  await buildPage(pageDir);
  return pageDir;
}

/** Service mode on a free port serving the page in `pageDir`: the quiet sink and no model unless `engine` says so. */
export function startPageService(dataDir: string, pageDir: string, engine: ServiceOptions['engine'] = {}): Promise<RunningService> {
  return startService({
    dataDir,
    port: 0,
    logger: silentLogger(),
    rendererDir: pageDir,
    engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx', ...engine },
  });
}

/** Chromium with one 1280×800 page; the page's console errors go into `consoleErrors` when given. */
export async function openBrowserPage(consoleErrors?: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  if (consoleErrors) {
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  }
  return { browser, page };
}

export interface VideoSample {
  cameraId: string;
  phase: string;
  currentTime: number;
  frames: number;
  dropped: number;
  firstFrameMs: number | null;
}

type Doc = {
  querySelectorAll(s: string): ArrayLike<{
    getAttribute(n: string): string | null;
    querySelector(s: string): unknown;
  }>;
};
type Vid = { currentTime: number; getVideoPlaybackQuality(): { totalVideoFrames: number; droppedVideoFrames: number } };

/** In the page: currentTime and decoded frames of every live tile. */
export function sampleTiles(): VideoSample[] {
  const doc = (globalThis as unknown as { document: Doc }).document;
  return Array.from(doc.querySelectorAll('[data-testid=live-tile]')).map((tile) => {
    const v = tile.querySelector('video') as Vid;
    const q = v.getVideoPlaybackQuality();
    const ff = tile.getAttribute('data-first-frame-ms');
    return {
      cameraId: tile.getAttribute('data-camera-id') ?? '',
      phase: tile.getAttribute('data-phase') ?? '',
      currentTime: v.currentTime,
      frames: q.totalVideoFrames,
      dropped: q.droppedVideoFrames,
      firstFrameMs: ff ? Number(ff) : null,
    };
  });
}

/** In the page: true once an image matching the selector has loaded. */
export function loadedImages(selector: string): boolean {
  const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ complete: boolean; naturalWidth: number }> } }).document;
  return Array.from(doc.querySelectorAll(selector)).some((img) => img.complete && img.naturalWidth > 0);
}

/** In the page: how many pixels of the tile's overlay canvas are drawn (not transparent). */
export function overlayInk(cameraId: string): number {
  type Canvas = { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null };
  const doc = (globalThis as unknown as { document: { querySelector(s: string): Canvas | null } }).document;
  const c = doc.querySelector(`[data-testid=live-tile][data-camera-id="${cameraId}"] canvas`);
  const ctx = c?.getContext('2d');
  if (!c || !ctx || c.width === 0) return 0;
  const data = ctx.getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) if ((data[i] as number) > 0) ink++;
  return ink;
}
