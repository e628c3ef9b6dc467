// The page's messages in en (the page's areas' en.ts files): one chunk of its own, loaded when en is chosen
// (load-catalog.ts). The main process's areas (notify, desktop) are added in all-catalogs.ts.
import type { PageCatalog } from './catalog-page.ts';
import { shell } from './shell/en.ts';
import { live } from './live/en.ts';
import { wizard } from './wizard/en.ts';
import { review } from './review/en.ts';
import { settings } from './settings/en.ts';
import { engine } from './engine/en.ts';
import { format } from './format/en.ts';

export const catalog: PageCatalog = { ...shell, ...live, ...wizard, ...review, ...settings, ...engine, ...format };
