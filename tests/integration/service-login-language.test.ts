// The sign-in page other devices see (/login) over the real service, in the visitor's language: Thai for a Thai
// browser (Accept-Language th-TH), English when the browser asks for nothing the NVR speaks, and the app's own
// `language` setting once the owner chooses one in Settings (whatever the browser asks for) — the page's words, its
// <html lang> and the wrong-password sentence alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startService, type RunningService } from '../../main/service/service.ts';
import { connectApi, type ApiConnection } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { storeLanPassword } from '../../main/service/auth.ts';
import { catalogs } from '../../preload/i18n/all-catalogs.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const LAN_PASSWORD = 'Owner-LAN-password-9';
const THAI_BROWSER = 'th-TH,th;q=0.9';

function pageDir(root: string): string {
  const dir = path.join(root, 'page');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
  return dir;
}

describe('the sign-in page in the visitor’s language', () => {
  let dataDir: string;
  let service: RunningService;
  let owner: ApiConnection;
  let base: string;

  const getLogin = async (acceptLanguage?: string) => {
    const res = await fetch(`${base}/login`, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
    return { status: res.status, html: await res.text() };
  };
  const wrongPassword = async (acceptLanguage: string) => {
    const res = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': acceptLanguage },
      body: new URLSearchParams({ username: '', password: 'not-the-password' }).toString(),
    });
    return { status: res.status, html: await res.text() };
  };

  beforeAll(async () => {
    dataDir = tempDataDir('nvr-login-language-');
    await storeLanPassword(dataDir, LAN_PASSWORD);
    service = await startService({
      dataDir,
      port: 0,
      logger: silentLogger(),
      rendererDir: pageDir(dataDir),
      engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx' },
    });
    base = `http://127.0.0.1:${service.port}`;
    owner = await connectApi({ baseUrl: base, token: service.token });
  });

  afterAll(async () => {
    owner?.close();
    await service?.stop();
  });

  it('is Thai for a Thai browser and English for one that asks for no language the NVR speaks', async () => {
    expect((await owner.api['settings.get']({})).language).toBeNull();
    const thai = await getLogin(THAI_BROWSER);
    expect(thai.status).toBe(200);
    expect(thai.html).toContain('<html lang="th">');
    expect(thai.html).toContain(`<title>${catalogs.th.settings_login_title}</title>`);
    expect(thai.html).toContain(`<button type="submit">${catalogs.th.settings_login_sign_in}</button>`);
    expect(thai.html).toContain(catalogs.th.settings_login_intro);
    expect(thai.html).not.toContain('Sign in');

    const german = await getLogin('de-DE,de;q=0.9');
    expect(german.html).toContain('<html lang="en">');
    expect(german.html).toContain('<button type="submit">Sign in</button>');
    expect((await getLogin()).html).toContain('Sign in to watch the cameras.');

    const wrong = await wrongPassword(THAI_BROWSER);
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain(`data-testid="login-message">${catalogs.th.settings_login_wrong_password}</p>`);
  });

  it('follows the language chosen in Settings, whatever the browser asks for, and the browser again once it is cleared', async () => {
    await owner.api['settings.update']({ language: 'vi' });
    const vietnamese = await getLogin(THAI_BROWSER);
    expect(vietnamese.html).toContain('<html lang="vi">');
    expect(vietnamese.html).toContain(`<button type="submit">${catalogs.vi.settings_login_sign_in}</button>`);
    expect(vietnamese.html).not.toContain(catalogs.th.settings_login_intro);
    const wrong = await wrongPassword('en-US');
    expect(wrong.html).toContain(`data-testid="login-message">${catalogs.vi.settings_login_wrong_password}</p>`);

    await owner.api['settings.update']({ language: 'pt-BR' });
    expect((await getLogin('en-US')).html).toContain(`<button type="submit">${catalogs['pt-BR'].settings_login_sign_in}</button>`);

    await owner.api['settings.update']({ language: null });
    expect((await getLogin(THAI_BROWSER)).html).toContain('<html lang="th">');
  });
});
