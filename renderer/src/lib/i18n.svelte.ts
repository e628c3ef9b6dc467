// The page's language: the catalog every component reads its words from (`i18n.m.live_no_cameras`, or
// `i18n.m.wizard_wrong_password({ camera })` for a message with parameters), and the locale dates and numbers are
// formatted in. Reading `i18n.m` inside markup or $derived makes the text follow a change of language.
// The first-paint areas come with the language (setLocale); a lazy area (wizard, review, settings) comes with the first
// screen that needs it (loadAreas, through components/LazyView.svelte), in the page's language, and every loaded area
// follows a change of language at once, so no screen is ever half in one language.
import type { LazyArea, PageCatalog } from '../../../preload/i18n/catalog-page.ts';
import { format } from '../../../preload/i18n/format/en.ts';
import { loadArea, loadCatalog } from '../../../preload/i18n/load-catalog.ts';
import { baseLocale, localeSchema, matchLocale, type Locale } from '../../../preload/i18n/locales.ts';

const STORAGE_KEY = 'nvr.locale';

// Until setLocale has loaded a language (main.ts awaits it before the first paint) only the format area's English is
// here: format.ts's English durations work under plain Node (unit tests) without a language loaded; every other
// message is read only after setLocale.
let catalog = $state.raw<PageCatalog>(format as unknown as PageCatalog);
let current = $state<Locale>(baseLocale);
/** The lazy areas loaded so far: a change of language loads them again in the new language. */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown: `catalog` is what the page reads
const loadedAreas = new Set<LazyArea>();

// One catalog change at a time (a change of language and a screen's areas may be asked for at once): each task reads
// the state the one before it left.
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task);
  queue = run.catch(() => undefined);
  return run;
}

export const i18n = {
  /** Every message in the current language. */
  get m(): PageCatalog {
    return catalog;
  },
  get locale(): Locale {
    return current;
  },
};

/**
 * The Intl locale dates, times and numbers are formatted in: Thai as in Thailand (the Buddhist year), Portuguese as in
 * Brazil, Vietnamese as in Vietnam; English follows the browser's English (en-US has a 12-hour clock, en-GB 24).
 */
export function intlTag(locale: Locale = current): string {
  if (locale === 'th') return 'th-TH';
  if (locale === 'vi') return 'vi-VN';
  if (locale === 'pt-BR') return 'pt-BR';
  const english = (globalThis.navigator?.languages ?? []).find((l) => l.toLowerCase().startsWith('en'));
  return english ?? 'en-GB';
}

/** The language this browser asked for before: the one chosen here last time, else the browser's own languages. */
export function initialLocale(): Locale {
  const saved = localeSchema.safeParse(globalThis.localStorage?.getItem(STORAGE_KEY));
  if (saved.success) return saved.data;
  return matchLocale(globalThis.navigator?.languages ?? []);
}

/** Shows the page in `locale` (its catalog loaded first, so no text is ever half in one language); remembered. */
export function setLocale(locale: Locale): Promise<void> {
  return oneAtATime(() => showLocale(locale));
}

async function showLocale(locale: Locale): Promise<void> {
  const areas = [...loadedAreas];
  const [first, ...lazy] = await Promise.all([loadCatalog(locale), ...areas.map((area) => loadArea(area, locale))]);
  catalog = Object.assign({}, first, ...lazy) as PageCatalog;
  current = locale;
  // (typed without the DOM: unit tests under Node import this module through lib/format.ts)
  (globalThis as { document?: { documentElement: { setAttribute(name: string, value: string): void } } }).document?.documentElement.setAttribute('lang', locale);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage can be full or off (private windows): the choice then lasts until the page is closed.
  }
}

/** Loads the lazy areas a screen needs in the page's language (at once when they are already in). */
export function loadAreas(areas: readonly LazyArea[]): Promise<void> {
  if (areas.every((area) => loadedAreas.has(area))) return Promise.resolve();
  return oneAtATime(async () => {
    const missing = areas.filter((area) => !loadedAreas.has(area));
    if (missing.length === 0) return;
    const parts = await Promise.all(missing.map((area) => loadArea(area, current)));
    catalog = Object.assign({}, catalog, ...parts) as PageCatalog;
    for (const area of missing) loadedAreas.add(area);
  });
}

/** Whether a screen's lazy areas are all loaded (it can be shown without waiting). */
export function areasLoaded(areas: readonly LazyArea[]): boolean {
  return areas.every((area) => loadedAreas.has(area));
}
