// The owner's language in the main process: the `language` app setting when it is set, else the OS's locale (the
// environment's LC_ALL, LC_MESSAGES, LANG, then what Intl says), matched to a language the NVR speaks. Notifications
// and every alert channel are written in it, read again at every send (a change of the setting applies to the next
// one). The CLI and the logs stay in English. Pure: the environment is passed in.
import { catalogs } from '../../../preload/i18n/all-catalogs.ts';
import type { Catalog } from '../../../preload/i18n/catalog.ts';
import { baseLocale, matchLocale, type Locale } from '../../../preload/i18n/locales.ts';
import { createFormatter, type MainFormatter } from './main-format.ts';

/** The environment variables that name the OS's locale (POSIX: LC_ALL wins, then the category's own, then LANG). */
export type LocaleEnv = Readonly<Record<string, string | undefined>>;

/**
 * A POSIX locale name as a BCP 47 tag: 'th_TH.UTF-8' → 'th-TH', 'pt_BR@euro' → 'pt-BR'; null for the C and POSIX
 * locales (they name no language) and for an empty value.
 */
export function posixToTag(value: string | undefined): string | null {
  const name = (value ?? '').trim().split(/[.@]/)[0] ?? '';
  if (name === '' || name === 'C' || name === 'POSIX') return null;
  return name.replace(/_/g, '-');
}

/** The first locale the environment names for a category: LC_ALL, then LC_<category>, then LANG. */
function envTag(env: LocaleEnv, category: 'LC_MESSAGES' | 'LC_TIME'): string | null {
  for (const name of ['LC_ALL', category, 'LANG']) {
    const tag = posixToTag(env[name]);
    if (tag) return tag;
  }
  return null;
}

/** What Intl takes the OS's locale to be (ICU reads the environment on Linux, the system's setting elsewhere). */
export function intlDefaultLocale(): string {
  return Intl.DateTimeFormat().resolvedOptions().locale;
}

/** The OS's language: the environment's locale, else Intl's; English when the NVR does not speak it. */
export function osLocale(env: LocaleEnv, intlDefault: string = intlDefaultLocale()): Locale {
  const tag = envTag(env, 'LC_MESSAGES');
  return matchLocale(tag ? [tag] : [intlDefault]);
}

/** The owner's language: the setting wins; null follows the OS. */
export function ownerLocale(setting: Locale | null | undefined, env: LocaleEnv, intlDefault?: string): Locale {
  return setting ?? osLocale(env, intlDefault);
}

/**
 * The Intl locale a language formats in: Thai as in Thailand (the Buddhist year), Portuguese as in Brazil, Vietnamese
 * as in Vietnam; English as in Britain (24-hour clock, "Tue 25 Nov") unless the environment's time locale is en_US.
 */
export function intlTagFor(locale: Locale, env: LocaleEnv): string {
  if (locale === 'th') return 'th-TH';
  if (locale === 'vi') return 'vi-VN';
  if (locale === 'pt-BR') return 'pt-BR';
  const time = envTag(env, 'LC_TIME');
  return time !== null && time.toLowerCase() === 'en-us' ? 'en-US' : 'en-GB';
}

/** Everything a notification needs to speak one language: its messages and the formatter of its times and dates. */
export interface OwnerSpeech {
  locale: Locale;
  m: Catalog;
  fmt: MainFormatter;
}

export function speechFor(locale: Locale, env: LocaleEnv = {}): OwnerSpeech {
  return { locale, m: catalogs[locale], fmt: createFormatter(intlTagFor(locale, env)) };
}

/** English as the notifications have always been written (en-GB: "14:03:27", "Tue 25 Nov"). */
export const englishSpeech: OwnerSpeech = speechFor(baseLocale);

/**
 * The owner's speech, read again at every call: `language` is the app setting's current value (null follows the OS).
 * The environment and Intl's default are read once (they do not change while the app runs).
 */
export function ownerSpeech(language: () => Locale | null, env: LocaleEnv = process.env): () => OwnerSpeech {
  const os = osLocale(env);
  const cache = new Map<Locale, OwnerSpeech>();
  return () => {
    const locale = language() ?? os;
    let speech = cache.get(locale);
    if (!speech) cache.set(locale, (speech = speechFor(locale, env)));
    return speech;
  };
}
