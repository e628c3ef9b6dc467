// The page's catalog in one language, loaded when it is chosen: each language, English too, is a chunk of its own (a
// dynamic import), so a page carries only the language it shows, and only the page's areas (PageCatalog).
import type { PageCatalog } from './catalog-page.ts';
import type { Locale } from './locales.ts';

export async function loadCatalog(locale: Locale): Promise<PageCatalog> {
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
