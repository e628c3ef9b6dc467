// The page's messages in vi (the page's areas' vi.ts files): one chunk of its own, loaded when vi is chosen
// (load-catalog.ts). The main process's areas (notify, desktop) are added in all-catalogs.ts.
import type { PageCatalog } from './catalog-page.ts';
import { shell } from './shell/vi.ts';
import { live } from './live/vi.ts';
import { wizard } from './wizard/vi.ts';
import { review } from './review/vi.ts';
import { settings } from './settings/vi.ts';
import { engine } from './engine/vi.ts';
import { format } from './format/vi.ts';

export const catalog: PageCatalog = { ...shell, ...live, ...wizard, ...review, ...settings, ...engine, ...format };
