// The page's first-paint messages in pt-BR (the shell, live, engine and format areas' pt-BR.ts files): one chunk of its own,
// loaded when pt-BR is chosen (load-catalog.ts); the lazy areas come with their screens. all-catalogs.ts adds every other
// area for the main process.
import type { FirstPaintCatalog } from './catalog-page.ts';
import { shell } from './shell/pt-BR.ts';
import { live } from './live/pt-BR.ts';
import { engine } from './engine/pt-BR.ts';
import { format } from './format/pt-BR.ts';

export const catalog: FirstPaintCatalog = { ...shell, ...live, ...engine, ...format };
