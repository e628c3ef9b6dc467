// Every message exists in every language (the types say so; this checks the built objects too), each translation is
// a translation (Thai has Thai letters; no language repeats the English unless the message is a name the same
// everywhere), and each translation uses every parameter its English message uses.
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../preload/i18n/all-catalogs.ts';
import { en, type MessageKey } from '../../../preload/i18n/catalog.ts';
import { locales } from '../../../preload/i18n/locales.ts';
import { sameInEveryLanguage } from '../../../preload/i18n/same-in-every-language.ts';

type Fn = (p: Record<string, unknown>) => string;

/** Calls a message with a distinct number for each parameter it reads; returns the text and the numbers read. */
function render(message: Fn, read: Map<string, number>): string {
  const params = new Proxy({} as Record<string, unknown>, {
    get(_t, name) {
      if (typeof name !== 'string') return undefined;
      if (!read.has(name)) read.set(name, 7001 + read.size * 13);
      return read.get(name);
    },
  });
  return message(params);
}

const THAI = /[\u0E00-\u0E7F]/;
const keys = Object.keys(en) as MessageKey[];

describe('the message catalogs', () => {
  it('has messages', () => {
    expect(keys.length).toBeGreaterThan(0);
  });

  for (const locale of locales.filter((l) => l !== 'en')) {
    describe(locale, () => {
      const catalog = catalogs[locale];

      it('has exactly the English keys, each of the same kind (text or function)', () => {
        expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
        for (const key of keys) expect(typeof catalog[key], key).toBe(typeof en[key]);
      });

      it('translates every message (nothing left in English, no placeholder text)', () => {
        for (const key of keys) {
          const source = en[key];
          const text = typeof source === 'function' ? render(catalog[key] as unknown as Fn, new Map()) : (catalog[key] as string);
          const english = typeof source === 'function' ? render(source as unknown as Fn, new Map()) : source;
          expect(text.trim(), key).not.toBe('');
          expect(text, key).not.toMatch(/TODO|TRANSLATE|FIXME|\{\w+\}/);
          if (sameInEveryLanguage.has(key)) continue;
          expect(text, `${locale} ${key} is still English`).not.toBe(english);
          if (locale === 'th') expect(text, `${key} has no Thai letters`).toMatch(THAI);
        }
      });

      it('uses every parameter of the English message', () => {
        for (const key of keys) {
          const source = en[key];
          if (typeof source !== 'function') continue;
          const read = new Map<string, number>();
          render(source as unknown as Fn, read);
          const sameParams = new Map(read);
          const text = render(catalog[key] as unknown as Fn, sameParams);
          for (const [name, value] of read) expect(text, `${locale} ${key} leaves out {${name}}`).toContain(String(value));
        }
      });
    });
  }
});
