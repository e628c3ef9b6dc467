// The sign-in page's language (main/service/login-page.ts): the browser's Accept-Language read in order of its
// weights, the app's language setting first when the owner chose one, and the page's every sentence in that language
// — the English ones word for word what they were (the limiter's own sentences included).
import { describe, expect, it } from 'vitest';
import { acceptedLanguages, loginLocale, loginPage, type LoginProblem } from '../../../main/service/login-page.ts';
import { LoginLimiter } from '../../../main/service/login-limiter.ts';
import { catalogs } from '../../../preload/i18n/all-catalogs.ts';
import { locales } from '../../../preload/i18n/locales.ts';

const alertOf = (html: string) => /data-testid="login-message">([^<]*)<\/p>/.exec(html)?.[1] ?? null;

describe('Accept-Language', () => {
  it('lists the languages most wanted first, leaving out q=0 and the wildcard', () => {
    expect(acceptedLanguages('th-TH,th;q=0.9')).toEqual(['th-TH', 'th']);
    expect(acceptedLanguages('en;q=0.3, vi-VN;q=0.8 ,pt-BR')).toEqual(['pt-BR', 'vi-VN', 'en']);
    expect(acceptedLanguages('de, th;q=0, *;q=0.1')).toEqual(['de']);
    expect(acceptedLanguages('fr;q=0.5,es;q=0.5')).toEqual(['fr', 'es']); // equal weights keep their order
    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(acceptedLanguages('')).toEqual([]);
  });

  it('picks the setting when there is one, else the first language the NVR speaks, else English', () => {
    expect(loginLocale(null, 'th-TH,th;q=0.9')).toBe('th');
    expect(loginLocale(null, 'de-DE,pt-PT;q=0.8,en;q=0.5')).toBe('pt-BR');
    expect(loginLocale(null, 'vi;q=0.4,en-US;q=0.9')).toBe('en');
    expect(loginLocale(null, 'de-DE')).toBe('en');
    expect(loginLocale(null, undefined)).toBe('en');
    expect(loginLocale('vi', 'th-TH,th;q=0.9')).toBe('vi');
  });
});

describe('the sign-in page', () => {
  it('is in the language asked for, with <html lang> saying which', () => {
    for (const locale of locales) {
      const m = catalogs[locale];
      const html = loginPage({ locale, problem: null });
      expect(html).toContain(`<html lang="${locale}">`);
      for (const text of [m.settings_login_title, m.settings_login_intro, m.settings_login_sign_in, m.settings_username, m.settings_password]) {
        expect(html, `${locale}: ${text}`).toContain(text);
      }
      expect(alertOf(html)).toBeNull();
    }
    expect(loginPage({ locale: 'th', problem: null })).not.toContain('Sign in');
  });

  it('says what went wrong in that language; with LAN access off it shows no form', () => {
    const wrong = (locale: 'en' | 'th', withUsername: boolean) => alertOf(loginPage({ locale, problem: { kind: 'wrong', withUsername }, username: 'till' }));
    expect(wrong('en', true)).toBe('That username or password is not right.');
    expect(wrong('en', false)).toBe('That password is not right.');
    expect(wrong('th', false)).toBe(catalogs.th.settings_login_wrong_password);
    const off = loginPage({ locale: 'pt-BR', problem: { kind: 'lan-off' } });
    expect(alertOf(off)).toBe(catalogs['pt-BR'].settings_login_lan_off);
    expect(off).not.toContain('<form');
    expect(loginPage({ locale: 'en', problem: { kind: 'lan-off' } })).toContain(
      'LAN access is switched off on the NVR: the owner can switch it on in Settings on the shop PC.',
    );
  });

  it('gives the limiter’s refusals in English word for word as the limiter words them, and in Thai with the minutes', () => {
    let t = 0;
    const limiter = new LoginLimiter({}, () => t);
    for (let i = 0; i < 10; i++) {
      const a = limiter.admit('10.0.0.9');
      if (a.ok) a.done(false);
      t += 1000;
    }
    const refused = limiter.admit('10.0.0.9');
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const problem: LoginProblem = { kind: 'limited', why: refused.why, retryAfterS: refused.retryAfterS };
    expect(alertOf(loginPage({ locale: 'en', problem }))).toBe(refused.message);
    const thai = alertOf(loginPage({ locale: 'th', problem }));
    expect(thai).toContain(String(Math.ceil(refused.retryAfterS / 60)));
    expect(thai).toMatch(/[\u0E00-\u0E7F]/);
    const busy = new LoginLimiter({}, () => 0);
    const answers = [busy.admit('a'), busy.admit('b'), busy.admit('c')];
    const third = answers[2]!;
    expect(third.ok).toBe(false);
    if (!third.ok) expect(alertOf(loginPage({ locale: 'en', problem: { kind: 'limited', why: third.why, retryAfterS: third.retryAfterS } }))).toBe(third.message);
    expect(alertOf(loginPage({ locale: 'en', problem: { kind: 'limited', why: 'global', retryAfterS: 60 } }))).toBe(
      'Too many sign-in attempts on this NVR just now; wait a minute and try again.',
    );
  });

  it('escapes what the visitor typed', () => {
    const html = loginPage({ locale: 'vi', problem: { kind: 'wrong', withUsername: true }, username: '"><script>x</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
  });
});
