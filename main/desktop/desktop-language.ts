// The language of the desktop shell (tray menu, its own dialogs): the owner's choice in the settings, else the OS's
// language as Electron reports it (app.getLocale(): 'th', 'pt-BR', 'en-US'…), matched to one the NVR speaks. Pure.
import type { ApiHandlers } from '../../preload/contract.ts';
import { catalogs } from '../../preload/i18n/all-catalogs.ts';
import type { Catalog } from '../../preload/i18n/catalog.ts';
import { matchLocale, type Locale } from '../../preload/i18n/locales.ts';

export function desktopLocale(setting: Locale | null | undefined, osLocale: string): Locale {
  return setting ?? matchLocale(osLocale ? [osLocale] : []);
}

/** Every message in the desktop's language (the tray and the dialogs read the desktop_… ones). */
export function desktopMessages(setting: Locale | null | undefined, osLocale: string): Catalog {
  return catalogs[desktopLocale(setting, osLocale)];
}

/**
 * The core's handlers, calling `changed` after every settings.update (from the page or the tray): the tray is rebuilt
 * at once in the language or arming just saved, not at its next look.
 */
export function afterSettingsUpdate(api: ApiHandlers, changed: () => void): ApiHandlers {
  return {
    ...api,
    'settings.update': async (patch, caller) => {
      const saved = await api['settings.update'](patch, caller);
      changed();
      return saved;
    },
  };
}
