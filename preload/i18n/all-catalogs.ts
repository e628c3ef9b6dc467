// Every language's catalog at once, every area, for the main process (notifications, alert channels and the tray menu
// are written in the owner's language; the CLI and logs keep English): the page's areas and the main process's own.
import { en, type Catalog } from './catalog.ts';
import type { Locale } from './locales.ts';
import { catalog as thPage } from './catalog-th.ts';
import { catalog as ptBRPage } from './catalog-pt-BR.ts';
import { catalog as viPage } from './catalog-vi.ts';
import { notify as thNotify } from './notify/th.ts';
import { notify as ptBRNotify } from './notify/pt-BR.ts';
import { notify as viNotify } from './notify/vi.ts';
import { desktop as thDesktop } from './desktop/th.ts';
import { desktop as ptBRDesktop } from './desktop/pt-BR.ts';
import { desktop as viDesktop } from './desktop/vi.ts';

export const catalogs: Record<Locale, Catalog> = {
  en,
  th: { ...thPage, ...thNotify, ...thDesktop },
  'pt-BR': { ...ptBRPage, ...ptBRNotify, ...ptBRDesktop },
  vi: { ...viPage, ...viNotify, ...viDesktop },
};
