// The page's first-paint messages in th (the shell, live, engine and format areas' th.ts files): one chunk of its own,
// loaded when th is chosen (load-catalog.ts); the lazy areas come with their screens. all-catalogs.ts adds every other
// area for the main process.
import type { FirstPaintCatalog } from './catalog-page.ts';
import { shell } from './shell/th.ts';
import { live } from './live/th.ts';
import { engine } from './engine/th.ts';
import { format } from './format/th.ts';

export const catalog: FirstPaintCatalog = { ...shell, ...live, ...engine, ...format };
