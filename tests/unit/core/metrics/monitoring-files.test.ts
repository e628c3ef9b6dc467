// The monitoring files in resources/monitoring stay true to the code: the Grafana dashboard is a valid dashboard on a
// Prometheus datasource variable whose every query names only metrics /metrics really has, with the panels the README
// promises; the Prometheus scrape job sends the bearer token file every 15 s to /metrics.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNvrMetrics } from '../../../../main/core/metrics/nvr-metrics.ts';
import { parsePrometheusText } from '../../../fixtures/prometheus-text.ts';

const dir = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'resources', 'monitoring');

interface Target { expr: string; refId: string; datasource: { type: string; uid: string } }
interface Panel { id: number; title: string; type: string; datasource: { type: string; uid: string }; gridPos: { x: number; y: number; w: number; h: number }; targets: Target[] }
interface Dashboard {
  title: string;
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query: unknown }> };
}

/** Every metric name the registry serves (histogram families with their _bucket/_sum/_count names). */
async function servedNames(): Promise<Set<string>> {
  const metrics = createNvrMetrics({
    cameras: () => [],
    disk: async () => ({ free: 1, total: 2 }),
    retention: () => ({ deletedEvents: 0, deletedEventBytes: 0, deletedSegments: { age: 0, quota: 0, space: 0 }, deletedSegmentBytes: 0, floorBytes: 0, lastRunAt: null }),
    detection: () => ({ enabled: false, inferences: 0, skippedFrames: 0, queueDepth: 0, inferenceMsMedian: null }),
    notifications: () => ({ channels: [], suppressed: {} }),
    uptimeSeconds: () => 1,
  });
  const names = new Set<string>();
  for (const family of parsePrometheusText(await metrics.scrape()).values()) {
    names.add(family.name);
    if (family.type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(family.name + s);
  }
  return names;
}

describe('resources/monitoring/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(path.join(dir, 'grafana-dashboard.json'), 'utf8')) as Dashboard;

  it('is one dashboard page on a Prometheus datasource variable', () => {
    expect(dashboard.title).toBe('ShopWatch NVR');
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ds = dashboard.templating.list.find((v) => v.name === 'datasource');
    expect(ds).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets) expect(t.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    }
  });

  it('has the panels the README names', () => {
    const titles = dashboard.panels.map((p) => p.title.toLowerCase()).join(' | ');
    for (const want of ['camera states', 'frames per second', 'dropped frames', 'reconnects', 'events per hour', 'inference time', 'disk free', 'recording', 'memory', 'event-loop lag']) {
      expect(titles).toContain(want);
    }
  });

  it('queries only metrics that /metrics serves', async () => {
    const served = await servedNames();
    const used = new Set<string>();
    const queries = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      ...dashboard.templating.list.map((v) => (typeof v.query === 'object' && v.query ? String((v.query as { query?: string }).query ?? '') : '')),
    ];
    for (const q of queries) for (const m of q.matchAll(/\b(?:nvr|process|nodejs)_[a-z0-9_]+/g)) used.add(m[0]);
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((name) => !served.has(name))).toEqual([]);
  });
});

describe('resources/monitoring/prometheus.yml', () => {
  const text = readFileSync(path.join(dir, 'prometheus.yml'), 'utf8');
  const config = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');

  it('scrapes /metrics every 15 s with the bearer token file', () => {
    expect(config).toMatch(/^\s+- job_name: shopwatch-nvr$/m);
    expect(config).toMatch(/^\s+scrape_interval: 15s$/m);
    expect(config).toMatch(/^\s+metrics_path: \/metrics$/m);
    expect(config).toMatch(/^\s+authorization:\n\s+type: Bearer\n\s+credentials_file: \S+$/m);
    expect(config).toMatch(/^\s+- targets: \['127\.0\.0\.1:7480'\]$/m);
    expect(config).not.toMatch(/\t/);
  });

  it('names only served metrics in its example alerts', async () => {
    const served = await servedNames();
    const used = [...text.matchAll(/\bnvr_[a-z0-9_]+/g)].map((m) => m[0]);
    expect(used.length).toBeGreaterThan(3);
    expect(used.filter((name) => !served.has(name))).toEqual([]);
  });
});
