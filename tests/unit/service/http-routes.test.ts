// The service's route table (main/service/http-routes.ts): which route answers a method and path, by name, and what
// each needs first.
import { describe, expect, it } from 'vitest';
import { findRoute, serviceRoutes } from '../../../main/service/http-routes.ts';
import { AuthGate } from '../../../main/service/auth-gate.ts';
import { silentLogger } from '../../../main/core/logging/logger.ts';
import type { Monitoring } from '../../../main/core/metrics/engine-monitoring.ts';

const media = { snapshotFile: async () => null, latestSnapshotFile: async () => null };

function routes(o: { lan: boolean; monitoring: boolean }) {
  const gate = new AuthGate({ token: 't'.repeat(32), lanPasswordHash: o.lan ? 'scrypt:hash' : null, logger: silentLogger() });
  const monitoring = o.monitoring ? ({} as Monitoring) : undefined;
  const table = serviceRoutes({ gate, media, rendererDir: '/nonexistent', token: 't'.repeat(32), logger: silentLogger(), ...(monitoring ? { monitoring } : {}) });
  gate.close();
  return table;
}

const named = (table: ReturnType<typeof routes>, method: string, pathname: string) => {
  const r = findRoute(table, method, pathname);
  return r ? `${r.name}:${r.access}` : null;
};

describe('the service route table', () => {
  it('finds each route by method and path, in order, the page last', () => {
    const table = routes({ lan: true, monitoring: true });
    expect(table.map((r) => r.name)).toEqual(['monitoring', 'login', 'media', 'page']);
    expect(named(table, 'GET', '/health')).toBe('monitoring:open');
    expect(named(table, 'GET', '/ready')).toBe('monitoring:open');
    expect(named(table, 'POST', '/metrics')).toBe('monitoring:open'); // it answers 405 itself
    expect(named(table, 'POST', '/login')).toBe('login:sign-in');
    expect(named(table, 'GET', '/media/events/abc/clip.mp4')).toBe('media:session');
    expect(named(table, 'GET', '/')).toBe('page:session');
    expect(named(table, 'GET', '/healthz')).toBe('page:session');
    expect(named(table, 'GET', '/media')).toBe('page:session');
  });

  it('serves /login only with a LAN password, and the monitoring paths only with monitoring', () => {
    const table = routes({ lan: false, monitoring: false });
    expect(table.map((r) => r.name)).toEqual(['media', 'page']);
    expect(named(table, 'GET', '/login')).toBe('page:session');
    expect(named(table, 'GET', '/health')).toBe('page:session');
  });
});
