// The page's first-paint messages in vi (the shell, live, engine and format areas' vi.ts files): one chunk of its own,
// loaded when vi is chosen (load-catalog.ts); the lazy areas come with their screens. all-catalogs.ts adds every other
// area for the main process.
import type { FirstPaintCatalog } from './catalog-page.ts';
import { shell } from './shell/vi.ts';
import { live } from './live/vi.ts';
import { engine } from './engine/vi.ts';
import { format } from './format/vi.ts';

export const catalog: FirstPaintCatalog = { ...shell, ...live, ...engine, ...format };
