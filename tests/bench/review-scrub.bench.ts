// The Review screen's scrub, in Debian's Chromium against service mode with the real engine (npm run bench -- review):
// one GStreamer RTSP camera recording continuously; a click on the timeline to a new moment → the player's first
// decoded frame there (data-first-frame-ms: from the seek asked to "seeked" with current data). Two cases, side by side:
// cold (the recording window's file not built yet: the clip cache emptied, a fresh browser context, so the route joins
// the segments with ffmpeg -c copy) and warm (a moment inside the window already loaded: a seek). Target: < 500 ms on
// loopback (median and p95).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startService } from '../../main/service/service.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { startRtspCamera } from '../fixtures/rtsp-camera.ts';
import { buildPage, CHROMIUM, CHROMIUM_ARGS } from '../e2e/ui-helpers.ts';
import { fmt, median, percentile, printTable } from './bench-stats.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';
import type { NvrEngine } from '../../main/core/engine.ts';

const RUNS = Number(process.env.BENCH_SCRUBS ?? 10);
const RECORD_S = Number(process.env.BENCH_RECORD_SECONDS ?? 70);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-review-'));
const pageDir = path.join(dataDir, 'page');
await buildPage(pageDir);
// A still pattern: no motion, so no event mark to open where the scrubs click.
const rtsp = await startRtspCamera({ source: 'pattern:static' });
const service = await startService({ dataDir, port: 0, logger: silentLogger(), rendererDir: pageDir, engine: { notificationSinks: [quietSink], modelPath: '/nonexistent.onnx' } });
const cam = await service.engine.cameras.add({ name: 'Shop floor', mainUrl: rtsp.url, recording: { mode: 'continuous' } });
const engine = service.engine as NvrEngine;
await sleep(RECORD_S * 1000);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

async function openReview(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(service.openUrl + '#/review');
  await page.getByTestId('span-1h').click();
  await page.waitForFunction(() => Number((globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('[data-testid=timeline-canvas]')?.getAttribute('data-spans') ?? 0) > 0, undefined, { timeout: 20_000 });
  return page;
}

/** Clicks the lanes at wall time t; resolves with the player's first-frame time there. */
async function scrub(page: Page, t: number): Promise<number> {
  const canvas = page.getByTestId('timeline-canvas');
  const [start, end, left] = await Promise.all(['data-start', 'data-end', 'data-plot-left'].map(async (a) => Number(await canvas.getAttribute(a))));
  const box = (await canvas.boundingBox())!;
  const before = await page.getByTestId('review-players').getAttribute('data-seek-at');
  await canvas.click({ position: { x: left! + ((t - start!) / (end! - start!)) * (box.width - left!), y: 24 + 40 } });
  await page.waitForFunction((b) => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } } }).document.querySelector('[data-testid=review-players]').getAttribute('data-seek-at') !== b, before);
  const ff = page.locator('[data-testid=review-player][data-phase=ready][data-first-frame-ms]');
  await ff.waitFor({ timeout: 30_000 });
  return Number(await ff.getAttribute('data-first-frame-ms'));
}

const spans = () => engine.recordings.spans([cam.id], Date.now() - 3_600_000, Date.now())[0]!.spans;
const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const clips = path.join(dataDir, 'cache', 'clips');
  if (existsSync(clips)) for (const f of readdirSync(clips)) rmSync(path.join(clips, f), { force: true });
  const page = await openReview();
  const s = spans();
  const first = s[0]!.startMs;
  const last = s.at(-1)!.endMs;
  const pick = () => first + 3000 + Math.random() * (last - first - 6000);
  cold.push(await scrub(page, pick()));
  await page.getByTestId('play-pause').click(); // paused: the next scrubs are seeks inside the loaded window
  warm.push(await scrub(page, pick()));
  await page.context().close();
}

console.log(`\nReview scrub → first decoded frame, 1 camera recording continuously, ${RUNS} runs:`);
printTable([
  { case: 'cold: window joined by the route, then seek', median_ms: fmt(median(cold), 0), p95_ms: fmt(percentile(cold, 95), 0) },
  { case: 'warm: seek inside the loaded window', median_ms: fmt(median(warm), 0), p95_ms: fmt(percentile(warm, 95), 0) },
]);
const met = (v: number[]) => (median(v) < 500 && percentile(v, 95) < 500 ? 'MET' : 'NOT MET');
console.log(`cold / warm = ${fmt(median(cold) / median(warm))}×; target < 500 ms: cold ${met(cold)}, warm ${met(warm)}`);

await browser.close();
await service.stop();
await rtsp.stop();
rmSync(dataDir, { recursive: true, force: true });
