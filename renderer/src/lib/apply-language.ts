// The page in the owner's language: on each (re)connection the app's `language` setting is read and applied (null
// follows this browser's languages). A viewer's page may not read the settings: it keeps the language this browser
// chose before (main.ts). Connected once by App.svelte; the language picker applies a new choice with applyLanguage.
import type { Locale } from '../../../preload/i18n/locales.ts';
import { matchLocale } from '../../../preload/i18n/locales.ts';
import type { BrowserApi } from '../api/ws-api.ts';
import { hasRequest } from '../api/client.ts';
import { i18n, setLocale } from './i18n.svelte.ts';

/** The language a setting means on this page: the one chosen, or for null the browser's own languages. */
export function localeFor(language: Locale | null): Locale {
  return language ?? matchLocale(globalThis.navigator?.languages ?? []);
}

/** Shows the page in the language the setting names (nothing happens when it already is). */
export async function applyLanguage(language: Locale | null): Promise<void> {
  const next = localeFor(language);
  if (next !== i18n.locale) await setLocale(next);
}

/** Reads the setting on every connection and applies it; returns the unsubscribe. */
export function applyLanguageOnConnect(client: BrowserApi): () => void {
  return client.onConnection((state) => {
    if (state !== 'open') return;
    void ownerMaySeeSettings(client)
      .then((may) => (may ? client.api['settings.get']({}).then((s) => applyLanguage(s.language)) : undefined))
      .catch(() => undefined); // the page keeps the language it shows; the connection's own state says what is wrong
  });
}

async function ownerMaySeeSettings(client: BrowserApi): Promise<boolean> {
  if (!hasRequest('session.whoami')) return true;
  const who = await client.api['session.whoami']({}).catch(() => null);
  return who === null || who.role !== 'viewer';
}
