// The languages the NVR speaks, shared by the page and the main process (notifications, the tray menu). English is
// the source: every other language has every message (preload/i18n/*/<locale>.ts is type-checked against English).
import { z } from 'zod';

export const locales = ['en', 'th', 'pt-BR', 'vi'] as const;
export type Locale = (typeof locales)[number];
export const localeSchema = z.enum(locales);
export const baseLocale: Locale = 'en';

/** Each language's name in itself, as the language picker shows it. */
export const localeNames: Record<Locale, string> = {
  en: 'English',
  th: 'ไทย',
  'pt-BR': 'Português (Brasil)',
  vi: 'Tiếng Việt',
};

/**
 * The first of the user's preferred languages (navigator.languages, the OS's locale) that the NVR speaks: 'pt-PT'
 * and 'pt' pick Portuguese (Brazil), 'th-TH' Thai, 'en-US' English; nothing known picks English.
 */
export function matchLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase().replace('_', '-');
    const exact = locales.find((l) => l.toLowerCase() === lower);
    if (exact) return exact;
    const base = lower.split('-')[0];
    const byLanguage = locales.find((l) => l.toLowerCase().split('-')[0] === base);
    if (byLanguage) return byLanguage;
  }
  return baseLocale;
}
