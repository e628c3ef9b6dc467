// The page's first-paint messages in en (the shell, live, engine and format areas' en.ts files): one chunk of its own,
// loaded when en is chosen (load-catalog.ts); the lazy areas come with their screens. all-catalogs.ts adds every other
// area for the main process.
import type { FirstPaintCatalog } from './catalog-page.ts';
import { shell } from './shell/en.ts';
import { live } from './live/en.ts';
import { engine } from './engine/en.ts';
import { format } from './format/en.ts';

export const catalog: FirstPaintCatalog = { ...shell, ...live, ...engine, ...format };
