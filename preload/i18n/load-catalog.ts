// One language's catalog, loaded when it is chosen: each language, English too, is its own chunk (a dynamic import),
// so a page carries only the language it shows.
import type { Catalog } from './catalog.ts';
import type { Locale } from './locales.ts';

export async function loadCatalog(locale: Locale): Promise<Catalog> {
  switch (locale) {
    case 'en':
      return (await import('./catalog.ts')).en;
    case 'th':
      return (await import('./catalog-th.ts')).catalog;
    case 'pt-BR':
      return (await import('./catalog-pt-BR.ts')).catalog;
    case 'vi':
      return (await import('./catalog-vi.ts')).catalog;
  }
}
