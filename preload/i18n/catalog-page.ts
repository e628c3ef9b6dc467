// The page's catalog: the areas the renderer shows. `notify` and `desktop` are the main process's own (notifications,
// the tray menu) and are not in the page's chunks; preload/i18n/all-catalogs.ts has every area for the main process.
import type { ShellMessages } from './shell/en.ts';
import type { LiveMessages } from './live/en.ts';
import type { WizardMessages } from './wizard/en.ts';
import type { ReviewMessages } from './review/en.ts';
import type { SettingsMessages } from './settings/en.ts';
import type { EngineMessages } from './engine/en.ts';
import type { FormatMessages } from './format/en.ts';

export type PageCatalog = ShellMessages & LiveMessages & WizardMessages & ReviewMessages & SettingsMessages & EngineMessages & FormatMessages;
export type PageMessageKey = keyof PageCatalog;
