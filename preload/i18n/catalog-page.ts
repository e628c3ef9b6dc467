// The page's catalog: the areas the renderer shows. `notify` and `desktop` are the main process's own (notifications,
// the tray menu) and are not in the page's chunks; preload/i18n/all-catalogs.ts has every area for the main process.
// The page loads its first-paint areas with the language (catalog-<locale>.ts) and each lazy area with the first
// screen that needs it (load-catalog.ts, renderer/src/lib/lazy-screens.ts).
import type { ShellMessages } from './shell/en.ts';
import type { LiveMessages } from './live/en.ts';
import type { WizardMessages } from './wizard/en.ts';
import type { ReviewMessages } from './review/en.ts';
import type { SettingsMessages } from './settings/en.ts';
import type { EngineMessages } from './engine/en.ts';
import type { FormatMessages } from './format/en.ts';

/** The areas every screen may read, loaded before the first paint (the shell, Live and Health screens use only these). */
export type FirstPaintCatalog = ShellMessages & LiveMessages & EngineMessages & FormatMessages;

/** The areas loaded with the screens that use them: the camera wizard, Review and Exports, Settings. */
export interface LazyAreaMessages {
  wizard: WizardMessages;
  review: ReviewMessages;
  settings: SettingsMessages;
}
export type LazyArea = keyof LazyAreaMessages;
export const lazyAreas = ['wizard', 'review', 'settings'] as const satisfies readonly LazyArea[];

export type PageCatalog = FirstPaintCatalog & WizardMessages & ReviewMessages & SettingsMessages;
export type PageMessageKey = keyof PageCatalog;
