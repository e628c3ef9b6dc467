// Every message in pt-BR (the areas' pt-BR.ts files). Loaded on demand by the page; the main process imports all catalogs.
import type { Catalog } from './catalog.ts';
import { shell } from './shell/pt-BR.ts';
import { live } from './live/pt-BR.ts';
import { wizard } from './wizard/pt-BR.ts';
import { review } from './review/pt-BR.ts';
import { settings } from './settings/pt-BR.ts';
import { engine } from './engine/pt-BR.ts';
import { format } from './format/pt-BR.ts';
import { desktop } from './desktop/pt-BR.ts';
import { notify } from './notify/pt-BR.ts';

export const catalog: Catalog = { ...shell, ...live, ...wizard, ...review, ...settings, ...engine, ...format, ...desktop, ...notify };
