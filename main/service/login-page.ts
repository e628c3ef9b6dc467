// The sign-in page other devices see (/login): the app's look in both themes (the phone's own light or dark
// preference: the page cannot know the NVR's theme setting before sign-in), a viewport tag, usable from 360 px wide.
// A username and a password: an empty username or "owner" signs in with the LAN password (the owner), any other name
// is a viewer account the owner made in Settings. Styles are inline (the page is served before any session, and the
// page's CSP allows inline styles only). Its words are in the owner's chosen language, else the visitor's browser's
// (Accept-Language); the page's lang attribute says which, so Thai text gets Thai fonts and line breaks.
import { escapeHtml } from './service-pages.ts';
import { catalogs } from '../../preload/i18n/all-catalogs.ts';
import type { Catalog } from '../../preload/i18n/catalog.ts';
import { matchLocale, type Locale } from '../../preload/i18n/locales.ts';

const STYLE = `
:root{--bg:#0f1319;--bg-raised:#171c24;--bg-sunken:#0a0d12;--border:#28303c;--text:#e6e9ee;--muted:#9aa4b2;
--button:#8fb8ff;--button-text:#0a0d12;--bad:#ff8a8a;--focus:#8fb8ff;color-scheme:dark;
font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.4;color:var(--text);background:var(--bg)}
@media (prefers-color-scheme: light){:root{--bg:#f3f5f8;--bg-raised:#fff;--bg-sunken:#e6eaf0;--border:#cfd6e0;--text:#1b2330;
--muted:#5b6678;--button:#1f5fbf;--button-text:#fff;--bad:#b3261e;--focus:#1f5fbf;color-scheme:light}}
:root:lang(th){line-height:1.6}
*{box-sizing:border-box}html,body{margin:0;min-height:100%}
body{display:flex;align-items:center;justify-content:center;min-height:100vh;padding:1rem;background:var(--bg)}
main{width:100%;max-width:22rem;background:var(--bg-raised);border:1px solid var(--border);border-radius:10px;padding:1.25rem}
h1{font-size:1.3rem;margin:0 0 .25rem;font-weight:600}p{margin:.25rem 0 1rem}.muted{color:var(--muted);font-size:.9rem}
form{display:flex;flex-direction:column;gap:.85rem}label{display:flex;flex-direction:column;gap:.3rem;font-size:.95rem}
input{font:inherit;color:inherit;width:100%;padding:.55rem .65rem;border:1px solid var(--border);border-radius:6px;background:var(--bg-sunken)}
button{font:inherit;padding:.6rem;border-radius:6px;border:1px solid var(--button);background:var(--button);color:var(--button-text);font-weight:600;cursor:pointer}
:focus-visible{outline:2px solid var(--focus);outline-offset:2px}.alert{color:var(--bad);font-weight:600}
`;

/** Why the sign-in page is shown again: LAN access off, wrong credentials, or the guess limiter's refusal. */
export type LoginProblem =
  | { kind: 'lan-off' }
  | { kind: 'wrong'; withUsername: boolean }
  | { kind: 'limited'; why: 'address' | 'global' | 'busy'; retryAfterS: number };

/** An Accept-Language header's languages, most wanted first (`th-TH,th;q=0.9,en;q=0.5`); q=0 means "not this one". */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((l) => l.tag !== '' && l.tag !== '*' && l.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .map((l) => l.tag);
}

/** The sign-in page's language: the app's `language` setting when the owner chose one, else the browser's. */
export function loginLocale(setting: Locale | null, acceptLanguage: string | undefined): Locale {
  return setting ?? matchLocale(acceptedLanguages(acceptLanguage));
}

function problemText(m: Catalog, problem: LoginProblem): string {
  switch (problem.kind) {
    case 'lan-off':
      return m.settings_login_lan_off;
    case 'wrong':
      return problem.withUsername ? m.settings_login_wrong_credentials : m.settings_login_wrong_password;
    case 'limited':
      if (problem.why === 'address') return m.settings_login_too_many_here({ minutes: Math.ceil(problem.retryAfterS / 60) });
      return problem.why === 'global' ? m.settings_login_too_many_everywhere : m.settings_login_busy;
  }
}

export function loginPage(o: { locale: Locale; problem: LoginProblem | null; username?: string }): string {
  const m = catalogs[o.locale];
  const alert = o.problem ? `<p role="alert" class="alert" data-testid="login-message">${escapeHtml(problemText(m, o.problem))}</p>` : '';
  const form =
    o.problem?.kind === 'lan-off'
      ? ''
      : `<form method="post" action="/login">` +
        `<label>${escapeHtml(m.settings_username)} <input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" value="${escapeHtml(o.username ?? '')}" placeholder="owner"></label>` +
        `<label>${escapeHtml(m.settings_password)} <input type="password" name="password" autocomplete="current-password" required autofocus></label>` +
        `<button type="submit">${escapeHtml(m.settings_login_sign_in)}</button></form>` +
        `<p class="muted">${escapeHtml(m.settings_login_help)}</p>`;
  return (
    `<!doctype html><html lang="${o.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(m.settings_login_title)}</title><style>${STYLE}</style></head><body><main>` +
    `<h1>ShopWatch NVR</h1><p class="muted">${escapeHtml(m.settings_login_intro)}</p>${alert}${form}</main></body></html>\n`
  );
}
