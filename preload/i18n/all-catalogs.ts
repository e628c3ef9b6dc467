// Every language's catalog at once, for the main process (notifications, alert channels and the tray menu are
// written in the owner's language; the CLI and logs keep English).
import { en, type Catalog } from './catalog.ts';
import type { Locale } from './locales.ts';
import { catalog as th } from './catalog-th.ts';
import { catalog as ptBR } from './catalog-pt-BR.ts';
import { catalog as vi } from './catalog-vi.ts';

export const catalogs: Record<Locale, Catalog> = { en, th, 'pt-BR': ptBR, vi };
