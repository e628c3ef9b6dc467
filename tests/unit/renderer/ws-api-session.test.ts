// The page's WebSocket client when its socket cannot open (issue 15: pages survive a restart): it asks the page's
// address why (session-check.ts) — a signed-out LAN visitor goes to /login, the PC's page says "signed out" and keeps
// trying, a NVR that is down (or back with the session intact) is retried with backoff — against a real HTTP server
// and real WebSocket upgrades (Node's own WebSocket, as a browser's).
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createWsApi, type ConnectionState } from '../../../renderer/src/api/ws-api.ts';
import { checkSession } from '../../../renderer/src/api/session-check.ts';

interface Server {
  base: string;
  /** What GET / answers: 200, a 303 to /login, or 401. */
  page: 200 | 303 | 401;
  /** Whether WebSocket upgrades are let in. */
  accept: boolean;
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(port = 0): Promise<Server> {
  const wss = new WebSocketServer({ noServer: true });
  const httpServer = http.createServer((req, res) => {
    if (s.page === 303) res.writeHead(303, { Location: '/login' }).end();
    else res.writeHead(s.page).end(s.page === 200 ? '<!doctype html>' : 'sign in');
  });
  httpServer.on('upgrade', (req, socket, head) => {
    if (!s.accept) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify({ type: 'hello', protocol: 1, requests: [], events: [] })));
  });
  await new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  const s: Server = {
    base: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    page: 200,
    accept: true,
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

describe('checkSession', () => {
  it('tells a signed-out visitor (sent to /login), a signed-out PC (401), a NVR that is down, and a live session apart', async () => {
    const s = await server();
    expect(await checkSession(s.base)).toBe('ok');
    s.page = 303;
    expect(await checkSession(s.base)).toBe('login');
    s.page = 401;
    expect(await checkSession(s.base)).toBe('signed-out');
    const gone = s.base;
    await s.close();
    servers.length = 0;
    expect(await checkSession(gone)).toBe('down');
  });
});

describe('the page WebSocket client after a refusal', () => {
  it('goes to /login when the NVR sends a signed-out visitor there', async () => {
    const s = await server();
    s.accept = false;
    s.page = 303;
    let toLogin = 0;
    const api = createWsApi({ url: `${s.base.replace('http', 'ws')}/api/ws`, check: () => checkSession(s.base), toLogin: () => void toLogin++ });
    await expect.poll(() => toLogin, { timeout: 5000 }).toBe(1);
    api.close();
  });

  it("says 'signed-out' on the PC instead of 'lost' for ever, and opens once the session is good again", async () => {
    const s = await server();
    s.accept = false;
    s.page = 401;
    const states: ConnectionState[] = [];
    const api = createWsApi({ url: `${s.base.replace('http', 'ws')}/api/ws`, check: () => checkSession(s.base), toLogin: () => undefined });
    api.onConnection((state) => states.push(state));
    await expect.poll(() => states.at(-1), { timeout: 5000 }).toBe('signed-out');
    // The owner opens the new link in another tab: the cookie is good again, the next retry opens.
    s.accept = true;
    s.page = 200;
    await expect.poll(() => states.at(-1), { timeout: 5000 }).toBe('open');
    expect(states).not.toContain('lost');
    api.close();
  });

  it("retries a NVR that went away ('lost') and opens again when it is back on the same port", async () => {
    const s = await server();
    const states: ConnectionState[] = [];
    const api = createWsApi({ url: `${s.base.replace('http', 'ws')}/api/ws`, check: () => checkSession(s.base), toLogin: () => undefined });
    api.onConnection((state) => states.push(state));
    await expect.poll(() => states.at(-1), { timeout: 5000 }).toBe('open');
    await s.close(); // the NVR stops
    servers.length = 0;
    await expect.poll(() => states.at(-1), { timeout: 5000 }).toBe('lost');
    await server(Number(new URL(s.base).port)); // and starts again
    await expect.poll(() => states.at(-1), { timeout: 15_000 }).toBe('open');
    expect(states.filter((x) => x === 'open')).toHaveLength(2);
    api.close();
  }, 30_000);
});
