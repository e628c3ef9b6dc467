// The sign-in page other devices see (/login): the app's look in both themes (the phone's own light or dark
// preference: the page cannot know the NVR's theme setting before sign-in), a viewport tag, usable from 360 px wide.
// A username and a password: an empty username or "owner" signs in with the LAN password (the owner), any other name
// is a viewer account the owner made in Settings. Styles are inline (the page is served before any session, and the
// page's CSP allows inline styles only).
import { escapeHtml } from './service-pages.ts';

const STYLE = `
:root{--bg:#0f1319;--bg-raised:#171c24;--bg-sunken:#0a0d12;--border:#28303c;--text:#e6e9ee;--muted:#9aa4b2;
--button:#8fb8ff;--button-text:#0a0d12;--bad:#ff8a8a;--focus:#8fb8ff;color-scheme:dark;
font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.4;color:var(--text);background:var(--bg)}
@media (prefers-color-scheme: light){:root{--bg:#f3f5f8;--bg-raised:#fff;--bg-sunken:#e6eaf0;--border:#cfd6e0;--text:#1b2330;
--muted:#5b6678;--button:#1f5fbf;--button-text:#fff;--bad:#b3261e;--focus:#1f5fbf;color-scheme:light}}
*{box-sizing:border-box}html,body{margin:0;min-height:100%}
body{display:flex;align-items:center;justify-content:center;min-height:100vh;padding:1rem;background:var(--bg)}
main{width:100%;max-width:22rem;background:var(--bg-raised);border:1px solid var(--border);border-radius:10px;padding:1.25rem}
h1{font-size:1.3rem;margin:0 0 .25rem;font-weight:600}p{margin:.25rem 0 1rem}.muted{color:var(--muted);font-size:.9rem}
form{display:flex;flex-direction:column;gap:.85rem}label{display:flex;flex-direction:column;gap:.3rem;font-size:.95rem}
input{font:inherit;color:inherit;width:100%;padding:.55rem .65rem;border:1px solid var(--border);border-radius:6px;background:var(--bg-sunken)}
button{font:inherit;padding:.6rem;border-radius:6px;border:1px solid var(--button);background:var(--button);color:var(--button-text);font-weight:600;cursor:pointer}
:focus-visible{outline:2px solid var(--focus);outline-offset:2px}.alert{color:var(--bad);font-weight:600}
`;

export function loginPage(o: { message: string | null; username?: string; lanOff?: boolean }): string {
  const alert = o.message ? `<p role="alert" class="alert" data-testid="login-message">${escapeHtml(o.message)}</p>` : '';
  const form = o.lanOff
    ? ''
    : `<form method="post" action="/login">` +
      `<label>Username <input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" value="${escapeHtml(o.username ?? '')}" placeholder="owner"></label>` +
      `<label>Password <input type="password" name="password" autocomplete="current-password" required autofocus></label>` +
      `<button type="submit">Sign in</button></form>` +
      `<p class="muted">The shop's owner: leave the username empty (or type owner) and use the LAN password. Staff: the username and password the owner gave you.</p>`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Sign in · ShopWatch NVR</title><style>${STYLE}</style></head><body><main>` +
    `<h1>ShopWatch NVR</h1><p class="muted">Sign in to watch the cameras.</p>${alert}${form}</main></body></html>\n`
  );
}
