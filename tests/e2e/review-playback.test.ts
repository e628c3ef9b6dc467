// The Review & playback screen end to end in Debian's Chromium against service mode with the real engine and two
// GStreamer RTSP cameras recording continuously (a still test pattern: no motion, so no event, in most moments):
// a click on the timeline away from any event plays the RECORDING there (the player's currentTime, mapped through the
// recorded spans from the start of the window the recording route joined, is the clicked moment within 1 s; ffprobe
// finds the route's file as long as the spans say); two cameras in the 2×2 play in sync (their wall times within 1 s);
// dragging the lanes both ways 10 times shows no error and keeps the lanes filled; the calendar marks today; an event
// opened is reviewed, and still is after a reload; "mark all reviewed" clears the counts. Scrub → first decoded frame
// times are printed (median, p95). Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import type { RunningService } from '../../main/service/service.ts';
import type { NvrEngine } from '../../main/core/engine.ts';
import { mediaPaths, type CameraView } from '../../preload/contract.ts';
import { buildPageIn, startPageService, openBrowserPage } from './ui-helpers.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const artifacts = path.join(repoRoot, 'test-artifacts');
const MIN = 60_000;

interface PlayerSample {
  cameraId: string;
  phase: string;
  windowFrom: number | null;
  currentTime: number;
  paused: boolean;
  frames: number;
  firstFrameMs: number | null;
}

/** In the page: every Review player's window, currentTime and decoded frames, read at one instant. */
function samplePlayers(): PlayerSample[] {
  type El = { getAttribute(n: string): string | null; querySelector(s: string): unknown };
  type V = { currentTime: number; paused: boolean; getVideoPlaybackQuality(): { totalVideoFrames: number } };
  const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } }).document;
  return Array.from(doc.querySelectorAll('[data-testid=review-player]')).map((el) => {
    const v = el.querySelector('video') as V;
    const from = el.getAttribute('data-window-from');
    const ff = el.getAttribute('data-first-frame-ms');
    return {
      cameraId: el.getAttribute('data-camera-id') ?? '',
      phase: el.getAttribute('data-phase') ?? '',
      windowFrom: from ? Number(from) : null,
      currentTime: v.currentTime,
      paused: v.paused,
      frames: v.getVideoPlaybackQuality().totalVideoFrames,
      firstFrameMs: ff ? Number(ff) : null,
    };
  });
}

describe('Review & playback in Chromium', () => {
  let dataDir: string;
  const rtsp: RtspCamera[] = [];
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  let shop: CameraView;
  let till: CameraView;
  const consoleErrors: string[] = [];
  const firstFrames: number[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `review-${name}.png`) });
  const engine = () => service.engine as NvrEngine;

  /** Recorded pieces of a camera from the window's start, as the recording route joins them: wall time at `sec`. */
  const wallAt = (cameraId: string, windowFrom: number, sec: number): number => {
    const spans = engine().recordings.spans([cameraId], windowFrom, Date.now())[0]?.spans ?? [];
    let left = sec * 1000;
    for (const s of spans) {
      const len = s.endMs - s.startMs;
      if (left < len) return s.startMs + left;
      left -= len;
    }
    return NaN;
  };

  /** The x on the canvas (relative to it) of wall time t, from the view the canvas says it shows. */
  const xOf = async (t: number): Promise<number> => {
    const canvas = page.getByTestId('timeline-canvas');
    const [start, end, left] = await Promise.all(['data-start', 'data-end', 'data-plot-left'].map(async (a) => Number(await canvas.getAttribute(a))));
    const box = (await canvas.boundingBox())!;
    return left! + ((t - start!) / (end! - start!)) * (box.width - left!);
  };

  /** Clicks the lanes at wall time t (on the lane of `lane`), away from events; returns the moment the screen sought. */
  const clickAt = async (t: number, lane = 0): Promise<number> => {
    const before = await page.getByTestId('review-players').getAttribute('data-seek-at');
    await page.getByTestId('timeline-canvas').click({ position: { x: await xOf(t), y: 24 + 46 * lane + 40 } });
    await expect.poll(() => page.getByTestId('review-players').getAttribute('data-seek-at'), { timeout: 5000 }).not.toBe(before);
    return Number(await page.getByTestId('review-players').getAttribute('data-seek-at'));
  };

  /** Waits until `n` players show their recording (a decoded frame at the moment); says what they show if not. */
  const ready = async (n: number) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const players = await page.evaluate(samplePlayers);
      if (players.filter((p) => p.phase === 'ready' && p.firstFrameMs !== null).length === n) return;
      if (Date.now() > deadline) {
        await shot('not-ready');
        const notes = await page.locator('[data-testid=review-player] .note').allTextContents();
        throw new Error(`${n} players not ready: ${JSON.stringify(players)} ${JSON.stringify(notes)}`);
      }
      await page.waitForTimeout(200);
    }
  };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    dataDir = tempDataDir('nvr-review-e2e-');
    const pageDir = await buildPageIn(dataDir);
    for (let i = 0; i < 2; i++) rtsp.push(await startRtspCamera({ source: 'pattern:static' }));
    service = await startPageService(dataDir, pageDir);
    shop = await service.engine.cameras.add({ name: 'Shop floor', mainUrl: rtsp[0]!.url, recording: { mode: 'continuous' } });
    till = await service.engine.cameras.add({ name: 'Till', mainUrl: rtsp[1]!.url, recording: { mode: 'continuous' } });
    ({ browser, page } = await openBrowserPage(consoleErrors));
    await page.goto(service.openUrl + '#/review');
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    // At least 40 s recorded on both cameras (10 s segments).
    const covered = (id: string) => (engine().recordings.spans([id], Date.now() - 10 * MIN, Date.now())[0]?.spans ?? []).reduce((n, x) => n + x.endMs - x.startMs, 0);
    const deadline = Date.now() + 120_000;
    while (!(covered(shop.id) >= 40_000 && covered(till.id) >= 40_000)) {
      if (Date.now() > deadline) throw new Error(`the cameras did not record 40 s in 2 minutes (${covered(shop.id)} ms, ${covered(till.id)} ms)`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    for (const c of rtsp) await c.stop();
    if (firstFrames.length) {
      const sorted = firstFrames.slice().sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
      console.log(`review scrub → first decoded frame over ${sorted.length} scrubs: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${sorted.at(-1)} ms`);
    }
  });

  it('plays the recording at a moment with no event: currentTime is that moment within 1 s', async () => {
    await page.goto(service.url + '#/review');
    await page.getByTestId('span-1h').click();
    await page.getByTestId('layout-1').click();
    await page.getByTestId('player-camera').selectOption(shop.id);
    await expect.poll(async () => Number(await page.getByTestId('timeline-canvas').getAttribute('data-spans')), { timeout: 20_000 }).toBeGreaterThan(0);
    const spans = engine().recordings.spans([shop.id], Date.now() - 10 * MIN, Date.now())[0]!.spans;
    const last = spans.at(-1)!;
    const target = last.endMs - 15_000;
    expect(engine().events.list({ cameraIds: [shop.id], from: target - 1000, to: target + 1000, limit: 5 }).events).toEqual([]);
    const sought = await clickAt(target);
    // Pause at once: the moment stays where it was sought while the recording loads.
    await page.getByTestId('play-pause').click();
    await ready(1);
    const [p] = await page.evaluate(samplePlayers);
    expect(p!.cameraId).toBe(shop.id);
    expect(p!.paused).toBe(true);
    const at = Number(await page.getByTestId('review-players').getAttribute('data-at'));
    expect(Math.abs(at - sought)).toBeLessThan(1000);
    expect(Math.abs(wallAt(shop.id, p!.windowFrom!, p!.currentTime) - sought)).toBeLessThan(1000);
    // A pixel is a few seconds in a 1 h view: the moment sought is the one under the pointer.
    expect(Math.abs(sought - target)).toBeLessThan(10_000);
    firstFrames.push(p!.firstFrameMs!);
    // The route's file is as long as the spans say (segments joined, gaps left out).
    const to = Number(await page.getByTestId('review-player').getAttribute('data-window-to'));
    const res = await fetch(new URL(mediaPaths.recording(shop.id, p!.windowFrom!, to), service.url), { headers: { cookie: `nvr_session=${service.token}` } });
    expect(res.status).toBe(200);
    const file = path.join(dataDir, 'route.mp4');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const duration = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString().trim());
    const covered = engine().recordings.spans([shop.id], p!.windowFrom!, to)[0]!.spans.reduce((n, s) => n + s.endMs - s.startMs, 0);
    expect(Math.abs(duration * 1000 - covered)).toBeLessThan(1000);
    // Scrubs to other moments of the same window: each one's first frame, for the figures.
    for (const back of [30_000, 8_000, 22_000, 35_000, 12_000]) {
      await clickAt(last.endMs - back);
      await ready(1);
      firstFrames.push((await page.evaluate(samplePlayers))[0]!.firstFrameMs!);
    }
    // Where nothing was recorded (before the camera was added), the player says so.
    await clickAt(spans[0]!.startMs - 5 * MIN);
    await page.getByTestId('not-recorded').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('not-recorded').textContent()).toMatch(/^Not recorded at \d{2}:\d{2}/);
    await shot('1-single');
  }, 120_000);

  it('plays two cameras in sync in the 2×2: their wall times within 1 s, both advancing', async () => {
    await page.getByTestId('layout-4').click();
    await expect.poll(() => page.getByTestId('review-player').count()).toBe(2);
    const last = engine().recordings.spans([shop.id], Date.now() - 10 * MIN, Date.now())[0]!.spans.at(-1)!;
    await clickAt(last.endMs - 30_000);
    await ready(2);
    await page.waitForTimeout(3000);
    const a = await page.evaluate(samplePlayers);
    expect(a.every((p) => !p.paused)).toBe(true);
    const walls = a.map((p) => wallAt(p.cameraId, p.windowFrom!, p.currentTime));
    expect(Math.abs(walls[0]! - walls[1]!)).toBeLessThan(1000);
    await page.waitForTimeout(2000);
    const b = await page.evaluate(samplePlayers);
    for (const p of b) {
      const was = a.find((x) => x.cameraId === p.cameraId)!;
      expect(p.currentTime, p.cameraId).toBeGreaterThan(was.currentTime + 1);
      expect(p.frames, p.cameraId).toBeGreaterThan(was.frames);
    }
    const walls2 = b.map((p) => wallAt(p.cameraId, p.windowFrom!, p.currentTime));
    expect(Math.abs(walls2[0]! - walls2[1]!)).toBeLessThan(1000);
    await shot('2-two-in-sync');
  }, 90_000);

  it('drags the lanes both ways 10 times: no error, the lanes stay filled', async () => {
    const canvas = page.getByTestId('timeline-canvas');
    const box = (await canvas.boundingBox())!;
    const y = box.y + 24 + 30;
    for (let i = 0; i < 10; i++) {
      const dir = i % 2 === 0 ? 1 : -1;
      await page.mouse.move(box.x + box.width * 0.5, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * (0.5 + dir * 0.137), y, { steps: 7 });
      await page.mouse.up();
      await page.waitForTimeout(150);
    }
    await page.waitForTimeout(800); // the debounced reload after the last drag
    expect(await page.locator('.review [role=alert]').count()).toBe(0);
    expect(Number(await canvas.getAttribute('data-lanes'))).toBe(2);
    expect(Number(await canvas.getAttribute('data-spans'))).toBeGreaterThan(0);
    expect(consoleErrors.filter((e) => /Invalid input/.test(e))).toEqual([]);
    // Shift+drag selects a range over both lanes, whole milliseconds.
    await page.mouse.move(box.x + box.width * 0.6, y);
    await page.keyboard.down('Shift');
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, y + 46, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const sel = page.getByTestId('range-selection');
    await sel.waitFor();
    expect((await sel.getAttribute('data-cameras'))!.split(',').sort()).toEqual([shop.id, till.id].sort());
    const [from, to] = [Number(await sel.getAttribute('data-from')), Number(await sel.getAttribute('data-to'))];
    expect(Number.isInteger(from) && Number.isInteger(to) && to > from).toBe(true);
    await shot('3-after-drags');
  }, 60_000);

  it('marks today on the calendar; an opened event is reviewed, and still is after a reload; mark all clears the counts', async () => {
    const store = engine().testSeams.writes.eventStore;
    // Both events on today's date even just after midnight (the calendar's "today" must count them).
    if (Date.now() - new Date().setHours(0, 0, 0, 0) < 5_000) await new Promise((r) => setTimeout(r, 5_000));
    const now = Date.now();
    const dayStart = new Date(now).setHours(0, 0, 0, 0);
    for (const [id, at] of [['seen-1', Math.max(now - 4 * MIN, dayStart + 1_000)], ['seen-2', Math.max(now - 3 * MIN, dayStart + 2_000)]] as const) {
      store.open({ id, cameraId: till.id, kind: 'person', startMs: at, updatedMs: at, peakRatio: 0.05, boxes: [], frameWidth: 640, frameHeight: 360 });
      store.close(id, at + 20_000);
    }
    await page.goto(service.url + '#/review');
    await page.getByTestId('follow-now').click();
    await page.locator('[data-testid=event][data-event-id=seen-1][data-reviewed=false]').waitFor({ timeout: 15_000 });
    await page.getByTestId('calendar-toggle').click();
    const today = page.locator('[data-testid=calendar-day][aria-current=date]');
    await expect.poll(async () => Number(await today.getAttribute('data-events')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(Number(await today.getAttribute('data-unreviewed'))).toBeGreaterThanOrEqual(2);
    await shot('4-calendar');
    await page.getByTestId('calendar-toggle').click();
    await page.locator('[data-testid=event][data-event-id=seen-1]').click();
    await page.waitForURL(/#\/events\/seen-1$/);
    await page.getByTestId('event-start').waitFor();
    await expect.poll(() => engine().events.get('seen-1')?.reviewed, { timeout: 10_000 }).toBe(true);
    await page.reload();
    await page.getByTestId('event-start').waitFor({ timeout: 15_000 });
    await page.goto(service.url + '#/review');
    await page.locator('[data-testid=event][data-event-id=seen-1][data-reviewed=true]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=event][data-event-id=seen-2]').getAttribute('data-reviewed')).toBe('false');
    await page.getByTestId('mark-all-reviewed').click();
    await page.locator('[data-testid=event][data-event-id=seen-2][data-reviewed=true]').waitFor({ timeout: 10_000 });
    await page.reload();
    await page.locator('[data-testid=event][data-event-id=seen-2][data-reviewed=true]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('unreviewed-count').count()).toBe(0);
    await shot('5-reviewed');
    // Filters are remembered across the reload: "new only" hides what was reviewed.
    await page.getByTestId('reviewed-filter').selectOption('new');
    await page.reload();
    expect(await page.getByTestId('reviewed-filter').inputValue()).toBe('new');
    await page.getByTestId('no-events').waitFor({ timeout: 15_000 });
    await page.getByTestId('reviewed-filter').selectOption('all');
    // On a phone: one column, nothing wider than the screen, the player full width, scrubbing by touch.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('review-player').first().waitFor();
    await page.waitForTimeout(300);
    // The Review screen itself (the shell's navigation is another part's): no element of it reaches past the screen.
    await shot('6-phone');
    const widths = await page.evaluate(() => {
      type R = { getBoundingClientRect(): { right: number; width: number } };
      const doc = (globalThis as unknown as { document: { documentElement: { clientWidth: number }; querySelector(s: string): R; querySelectorAll(s: string): ArrayLike<R> } }).document;
      const right = Math.max(...Array.from(doc.querySelectorAll('.review, .review *')).map((el) => el.getBoundingClientRect().right));
      return { right, view: doc.documentElement.clientWidth, player: doc.querySelector('[data-testid=review-player]').getBoundingClientRect().width };
    });
    expect(widths.right).toBeLessThanOrEqual(widths.view + 1);
    expect(widths.player).toBeGreaterThan(widths.view * 0.85);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(consoleErrors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
  }, 90_000);
});
