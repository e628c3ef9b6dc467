// Every language's catalog at once, every area, for the main process (notifications, alert channels and the tray menu
// are written in the owner's language; the CLI and logs keep English): the page's first-paint areas, its lazy areas
// and the main process's own (notify, desktop).
import { en, type Catalog } from './catalog.ts';
import type { Locale } from './locales.ts';
import { catalog as thFirst } from './catalog-th.ts';
import { catalog as ptBRFirst } from './catalog-pt-BR.ts';
import { catalog as viFirst } from './catalog-vi.ts';
import { wizard as thWizard } from './wizard/th.ts';
import { wizard as ptBRWizard } from './wizard/pt-BR.ts';
import { wizard as viWizard } from './wizard/vi.ts';
import { review as thReview } from './review/th.ts';
import { review as ptBRReview } from './review/pt-BR.ts';
import { review as viReview } from './review/vi.ts';
import { settings as thSettings } from './settings/th.ts';
import { settings as ptBRSettings } from './settings/pt-BR.ts';
import { settings as viSettings } from './settings/vi.ts';
import { notify as thNotify } from './notify/th.ts';
import { notify as ptBRNotify } from './notify/pt-BR.ts';
import { notify as viNotify } from './notify/vi.ts';
import { desktop as thDesktop } from './desktop/th.ts';
import { desktop as ptBRDesktop } from './desktop/pt-BR.ts';
import { desktop as viDesktop } from './desktop/vi.ts';

export const catalogs: Record<Locale, Catalog> = {
  en,
  th: { ...thFirst, ...thWizard, ...thReview, ...thSettings, ...thNotify, ...thDesktop },
  'pt-BR': { ...ptBRFirst, ...ptBRWizard, ...ptBRReview, ...ptBRSettings, ...ptBRNotify, ...ptBRDesktop },
  vi: { ...viFirst, ...viWizard, ...viReview, ...viSettings, ...viNotify, ...viDesktop },
};
