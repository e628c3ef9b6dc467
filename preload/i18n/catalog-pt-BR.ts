// The page's messages in pt-BR (the page's areas' pt-BR.ts files): one chunk of its own, loaded when pt-BR is chosen
// (load-catalog.ts). The main process's areas (notify, desktop) are added in all-catalogs.ts.
import type { PageCatalog } from './catalog-page.ts';
import { shell } from './shell/pt-BR.ts';
import { live } from './live/pt-BR.ts';
import { wizard } from './wizard/pt-BR.ts';
import { review } from './review/pt-BR.ts';
import { settings } from './settings/pt-BR.ts';
import { engine } from './engine/pt-BR.ts';
import { format } from './format/pt-BR.ts';

export const catalog: PageCatalog = { ...shell, ...live, ...wizard, ...review, ...settings, ...engine, ...format };
