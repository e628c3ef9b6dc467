// The page's messages in one language, loaded when they are needed: each language's first-paint areas are a chunk of
// their own (catalog-<locale>.ts), and each lazy area of each language another (the area's <locale>.ts), so a page
// carries only the language it shows and only the areas of the screens it has opened. English is loaded the same way.
import type { FirstPaintCatalog, LazyArea, LazyAreaMessages } from './catalog-page.ts';
import type { Locale } from './locales.ts';

export async function loadCatalog(locale: Locale): Promise<FirstPaintCatalog> {
  switch (locale) {
    case 'en':
      return (await import('./catalog-en.ts')).catalog;
    case 'th':
      return (await import('./catalog-th.ts')).catalog;
    case 'pt-BR':
      return (await import('./catalog-pt-BR.ts')).catalog;
    case 'vi':
      return (await import('./catalog-vi.ts')).catalog;
  }
}

type AreaLoaders = { [A in LazyArea]: Record<Locale, () => Promise<LazyAreaMessages[A]>> };

// (each import is written out: the bundler makes one chunk per file it can see)
const areaLoaders: AreaLoaders = {
  wizard: {
    en: async () => (await import('./wizard/en.ts')).wizard,
    th: async () => (await import('./wizard/th.ts')).wizard,
    'pt-BR': async () => (await import('./wizard/pt-BR.ts')).wizard,
    vi: async () => (await import('./wizard/vi.ts')).wizard,
  },
  review: {
    en: async () => (await import('./review/en.ts')).review,
    th: async () => (await import('./review/th.ts')).review,
    'pt-BR': async () => (await import('./review/pt-BR.ts')).review,
    vi: async () => (await import('./review/vi.ts')).review,
  },
  settings: {
    en: async () => (await import('./settings/en.ts')).settings,
    th: async () => (await import('./settings/th.ts')).settings,
    'pt-BR': async () => (await import('./settings/pt-BR.ts')).settings,
    vi: async () => (await import('./settings/vi.ts')).settings,
  },
};

/** One lazy area's messages in one language. */
export function loadArea<A extends LazyArea>(area: A, locale: Locale): Promise<LazyAreaMessages[A]> {
  return areaLoaders[area][locale]();
}
