// Shared by the UI's Chromium tests and benchmarks: Chromium's flags, the page's own Vite build, the set-up every UI
// test repeats (the page built into the data folder, service mode serving it, Chromium with one page that collects
// console errors), and functions that run inside the page (this file is type-checked without the DOM library, hence
// the narrow casts).
import path from 'node:path';
import { build as viteBuild } from 'vite';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
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

/**
 * Chromium with one 1280×800 page; the page's console errors go into `consoleErrors` when given. `context` adds page
 * options (`{ bypassCSP: true }` lets expectAccessible inject axe-core past the page's Content-Security-Policy).
 */
export async function openBrowserPage(consoleErrors?: string[], context: BrowserContextOptions = {}): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...context });
  if (consoleErrors) {
    page.on('console', (m) => {
      // With the resource's path (a failed load's message does not name it), never its query (the page's token).
      if (m.type() === 'error') consoleErrors.push(m.location().url ? `${m.text()} (${m.location().url.split('?')[0]})` : m.text());
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

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const AXE_PATH = path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * axe-core over the page as it is now: fails with every serious or critical violation (rule, help, the elements). The
 * page must be opened with `bypassCSP: true` (openBrowserPage's `context`), else the page refuses the injected script.
 * Run it on each screen, in each theme.
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  const problems = await page.evaluate(async (): Promise<AxeProblem[]> => {
    type Result = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> };
    const axe = (globalThis as unknown as { axe?: { run(ctx: unknown, o: object): Promise<{ violations: Result[] }> } }).axe;
    if (!axe) throw new Error('axe-core did not load: open the page with bypassCSP: true');
    const doc = (globalThis as unknown as { document: unknown }).document;
    const { violations } = await axe.run(doc, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
  });
  if (problems.length) {
    const text = problems.map((p) => `${p.impact} ${p.id} (${p.help}): ${p.targets.join(' | ')}`).join('\n');
    throw new Error(`Accessibility problems on ${label}:\n${text}`);
  }
}

export interface WideElement {
  tag: string;
  testid: string | null;
  cls: string;
  right: number;
  width: number;
}

/**
 * In the page: the document's scroll width, the viewport's width, and every visible element whose right edge passes the
 * viewport (not counting what a clipping ancestor hides, nor the screen-reader-only text).
 */
export function measureOverflow(): { viewport: number; scrollWidth: number; wide: WideElement[] } {
  type El = {
    tagName: string;
    className: unknown;
    parentElement: El | null;
    getAttribute(n: string): string | null;
    getBoundingClientRect(): { left: number; right: number; width: number; height: number };
  };
  const g = globalThis as unknown as {
    document: { documentElement: { clientWidth: number }; scrollingElement: { scrollWidth: number } | null; body: { querySelectorAll(s: string): ArrayLike<El> } };
    getComputedStyle(e: El): { overflowX: string; position: string; visibility: string; display: string; clip: string };
  };
  const viewport = g.document.documentElement.clientWidth;
  const clipped = (el: El): boolean => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const st = g.getComputedStyle(p);
      if (st.overflowX !== 'visible' && p.tagName !== 'BODY' && p.tagName !== 'HTML' && p.getBoundingClientRect().right <= viewport + 0.5) return true;
    }
    return false;
  };
  const wide: WideElement[] = [];
  for (const el of Array.from(g.document.body.querySelectorAll('*'))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= viewport + 0.5) continue;
    const st = g.getComputedStyle(el);
    if (st.visibility === 'hidden' || String(el.className).includes('sr-only')) continue;
    if (clipped(el)) continue;
    wide.push({ tag: el.tagName.toLowerCase(), testid: el.getAttribute('data-testid'), cls: String(el.className), right: Math.round(r.right), width: Math.round(r.width) });
  }
  return { viewport, scrollWidth: g.document.scrollingElement?.scrollWidth ?? 0, wide: wide.slice(0, 10) };
}

export interface ClippedControl {
  tag: string;
  testid: string | null;
  /** The control's text (for a list box, its chosen option), shortened. */
  text: string;
  /** What does not fit, in a few words with the pixels. */
  why: string;
}

/**
 * In the page: every shown control (button, a.button, [role=button], select, label) whose text does not fit it: text
 * wider than the control (scrollWidth > clientWidth + 1), a list box narrower than its chosen option, text cut off by
 * an `overflow: hidden` (or clip) inside the control, or the control itself cut off by such an ancestor. Screen-reader
 * only text is not counted.
 */
export function measureClippedControls(): ClippedControl[] {
  type Box = { left: number; right: number; top: number; bottom: number; width: number; height: number };
  type El = {
    tagName: string;
    className: unknown;
    textContent: string | null;
    scrollWidth: number;
    clientWidth: number;
    scrollHeight: number;
    clientHeight: number;
    parentElement: El | null;
    style: Record<string, string>;
    getAttribute(n: string): string | null;
    removeAttribute(n: string): void;
    closest(s: string): El | null;
    querySelectorAll(s: string): ArrayLike<El>;
    getBoundingClientRect(): Box;
    cloneNode(deep: boolean): El;
    appendChild(e: El): void;
    remove(): void;
  };
  type Select = El & { selectedIndex: number; options: ArrayLike<El> };
  type Style = { overflowX: string; overflowY: string; visibility: string; paddingLeft: string; paddingRight: string };
  const g = globalThis as unknown as { document: { body: { querySelectorAll(s: string): ArrayLike<El> } }; getComputedStyle(e: El): Style };
  const clips = (v: string) => v === 'hidden' || v === 'clip';
  const short = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
  const out: ClippedControl[] = [];
  const report = (el: El, text: string | null, why: string) => out.push({ tag: el.tagName.toLowerCase(), testid: el.getAttribute('data-testid'), text: short(text), why });

  /** The width a list box needs for its chosen option: a copy holding only that option, sized by itself. */
  const neededSelectWidth = (select: Select): number => {
    const copy = select.cloneNode(false) as Select;
    const chosen = select.options[select.selectedIndex];
    if (chosen) copy.appendChild(chosen.cloneNode(true));
    copy.removeAttribute('data-testid');
    copy.removeAttribute('id');
    copy.removeAttribute('name');
    Object.assign(copy.style, { position: 'absolute', visibility: 'hidden', width: 'auto', minWidth: '0', maxWidth: 'none', left: '0', top: '0' });
    select.parentElement?.appendChild(copy);
    const width = copy.clientWidth;
    copy.remove();
    return width;
  };

  for (const el of Array.from(g.document.body.querySelectorAll('button, a.button, [role=button], select, label'))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (g.getComputedStyle(el).visibility === 'hidden' || el.closest('.sr-only')) continue;
    if (el.tagName === 'SELECT') {
      const select = el as Select;
      const needed = neededSelectWidth(select);
      const chosen = select.options[select.selectedIndex];
      if (needed > select.clientWidth + 1) report(el, chosen?.textContent ?? '', `its chosen option needs ${needed} px, the list box is ${select.clientWidth} px`);
    } else if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      report(el, el.textContent, `its text is ${el.scrollWidth} px wide in ${el.clientWidth} px`);
    } else {
      for (const inner of [el, ...Array.from(el.querySelectorAll('*'))]) {
        if (inner.closest('.sr-only')) continue;
        const st = g.getComputedStyle(inner);
        const cutX = clips(st.overflowX) && inner.scrollWidth > inner.clientWidth + 1;
        const cutY = clips(st.overflowY) && inner.scrollHeight > inner.clientHeight + 1;
        if (cutX || cutY) {
          report(el, inner.textContent, `text cut off by overflow: hidden (${inner.scrollWidth}×${inner.scrollHeight} px in ${inner.clientWidth}×${inner.clientHeight})`);
          break;
        }
      }
    }
    // The control itself cut off by an ancestor that hides what passes its edges.
    for (let p = el.parentElement; p && p.tagName !== 'BODY'; p = p.parentElement) {
      const st = g.getComputedStyle(p);
      if (!clips(st.overflowX) && !clips(st.overflowY)) continue;
      const a = p.getBoundingClientRect();
      const outX = clips(st.overflowX) && (r.left < a.left - 1 || r.right > a.right + 1);
      const outY = clips(st.overflowY) && (r.top < a.top - 1 || r.bottom > a.bottom + 1);
      if (outX || outY) {
        report(el, el.textContent, `cut off by <${p.tagName.toLowerCase()} .${String(p.className)}> (overflow: hidden)`);
        break;
      }
    }
  }
  return out;
}
