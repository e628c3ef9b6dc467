// The English catalog (every message of the NVR, by area) and the type every language's catalog has. Keys start
// with their area (live_…, wizard_…) so areas never collide.
import { shell } from './shell/en.ts';
import { live } from './live/en.ts';
import { wizard } from './wizard/en.ts';
import { review } from './review/en.ts';
import { settings } from './settings/en.ts';
import { engine } from './engine/en.ts';
import { format } from './format/en.ts';
import { desktop } from './desktop/en.ts';
import { notify } from './notify/en.ts';

export const en = { ...shell, ...live, ...wizard, ...review, ...settings, ...engine, ...format, ...desktop, ...notify };
export type Catalog = typeof en;
export type MessageKey = keyof Catalog;
