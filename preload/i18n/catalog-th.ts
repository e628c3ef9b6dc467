// Every message in th (the areas' th.ts files). Loaded on demand by the page; the main process imports all catalogs.
import type { Catalog } from './catalog.ts';
import { shell } from './shell/th.ts';
import { live } from './live/th.ts';
import { wizard } from './wizard/th.ts';
import { review } from './review/th.ts';
import { settings } from './settings/th.ts';
import { engine } from './engine/th.ts';
import { format } from './format/th.ts';
import { desktop } from './desktop/th.ts';
import { notify } from './notify/th.ts';

export const catalog: Catalog = { ...shell, ...live, ...wizard, ...review, ...settings, ...engine, ...format, ...desktop, ...notify };
