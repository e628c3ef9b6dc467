// Every message in vi (the areas' vi.ts files). Loaded on demand by the page; the main process imports all catalogs.
import type { Catalog } from './catalog.ts';
import { shell } from './shell/vi.ts';
import { live } from './live/vi.ts';
import { wizard } from './wizard/vi.ts';
import { review } from './review/vi.ts';
import { settings } from './settings/vi.ts';
import { engine } from './engine/vi.ts';
import { format } from './format/vi.ts';
import { desktop } from './desktop/vi.ts';
import { notify } from './notify/vi.ts';

export const catalog: Catalog = { ...shell, ...live, ...wizard, ...review, ...settings, ...engine, ...format, ...desktop, ...notify };
