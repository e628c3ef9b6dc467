// The page's messages in th (the page's areas' th.ts files): one chunk of its own, loaded when th is chosen
// (load-catalog.ts). The main process's areas (notify, desktop) are added in all-catalogs.ts.
import type { PageCatalog } from './catalog-page.ts';
import { shell } from './shell/th.ts';
import { live } from './live/th.ts';
import { wizard } from './wizard/th.ts';
import { review } from './review/th.ts';
import { settings } from './settings/th.ts';
import { engine } from './engine/th.ts';
import { format } from './format/th.ts';

export const catalog: PageCatalog = { ...shell, ...live, ...wizard, ...review, ...settings, ...engine, ...format };
