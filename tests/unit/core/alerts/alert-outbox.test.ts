// The outbox against a real SQLite file, with channels of the test's own that fail N times, answer 429 with a wait,
// or refuse for good: order per channel, nothing dropped, nothing sent twice after a delivered mark, a restart resumes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDatabase, type Db } from '../../../../main/core/storage/database.ts';
import { AlertOutboxRepository } from '../../../../main/core/storage/alert-outbox-repository.ts';
import { AlertOutbox, type OutboxChannel } from '../../../../main/core/alerts/alert-outbox.ts';
import type { DeliveryPlanConfig } from '../../../../main/core/alerts/delivery-plan.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';
import { waitFor } from '../../../fixtures/wait-for.ts';
import { scriptedChannel, type ScriptedChannel } from '../../../fixtures/test-alert-channels.ts';

const FAST: DeliveryPlanConfig = { curve: { firstMs: 20, maxMs: 80, jitter: 0.2, clamp: true }, giveUpAfterMs: 60_000 };

let dir: string;
let db: Db;
let repo: AlertOutboxRepository;
const outboxes: AlertOutbox[] = [];

beforeEach(() => {
  dir = tempDataDir('nvr-outbox-');
  db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
  repo = new AlertOutboxRepository(db);
});
afterEach(async () => {
  for (const o of outboxes.splice(0)) await o.close();
  db.close();
});

function outbox(channels: Record<string, OutboxChannel>, extra: Partial<ConstructorParameters<typeof AlertOutbox>[0]> = {}): AlertOutbox {
  const o = new AlertOutbox({
    repo,
    channel: (id) => channels[id] ?? null,
    snapshot: async () => null,
    writable: () => true,
    logger: silentLogger(),
    plan: FAST,
    timeoutMs: 2000,
    ...extra,
  });
  outboxes.push(o);
  return o;
}

function enqueue(channelId: string, n: number, from = 0): void {
  for (let i = from; i < from + n; i++) {
    repo.enqueue({ id: `${channelId}-${i}`, channelId, eventId: null, cameraId: 'cam', kind: 'person', payloadJson: JSON.stringify({ title: `alert ${i}` }), createdAt: Date.now() });
  }
}

const titles = (ch: ScriptedChannel) => ch.delivered.map((a) => a.title);
const states = (channelId: string) =>
  db.prepare<[string], { id: string; state: string; attempts: number }>('SELECT id, state, attempts FROM alert_outbox WHERE channel_id = ? ORDER BY seq').all(channelId);

describe('AlertOutbox', () => {
  it('retries a failing channel with backoff and delivers everything in order, none twice', async () => {
    const ch = scriptedChannel('a', [
      { outcome: 'retry', reason: 'HTTP 500' },
      { outcome: 'retry', reason: 'HTTP 502' },
      { outcome: 'retry', reason: 'connection refused' },
    ]);
    enqueue('a', 5);
    outbox({ a: { channel: ch, maxPerMinute: 600 } }).start();
    await waitFor(() => ch.delivered.length === 5, 5000, 'the outbox to deliver', 20);
    expect(titles(ch)).toEqual(['alert 0', 'alert 1', 'alert 2', 'alert 3', 'alert 4']);
    // The first alert was tried 4 times; the others only after it, once each.
    expect(ch.tries.map((a) => a.alertId)).toEqual(['a-0', 'a-0', 'a-0', 'a-0', 'a-1', 'a-2', 'a-3', 'a-4']);
    expect(states('a')).toEqual([
      { id: 'a-0', state: 'delivered', attempts: 4 },
      ...[1, 2, 3, 4].map((i) => ({ id: `a-${i}`, state: 'delivered', attempts: 1 })),
    ]);
  });

  it('waits as long as a 429 says before the next try', async () => {
    const ch = scriptedChannel('a', [{ outcome: 'retry', reason: 'HTTP 429', afterMs: 600 }]);
    enqueue('a', 1);
    const started = Date.now();
    outbox({ a: { channel: ch, maxPerMinute: 600 } }).start();
    await waitFor(() => ch.delivered.length === 1, 5000, 'the outbox to deliver', 20);
    expect(ch.tries.length).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
  });

  it('fails a fatal answer, stops the channel with the reason, and keeps the rest queued until it is fixed', async () => {
    const ch = scriptedChannel('a', [{ outcome: 'fatal', reason: 'The bot token is not valid (401).' }]);
    enqueue('a', 3);
    const o = outbox({ a: { channel: ch, maxPerMinute: 600 } });
    o.start();
    await waitFor(() => o.status('a').stopped !== null, 3000, 'the outbox to deliver', 20);
    await new Promise((r) => setTimeout(r, 200));
    expect(o.status('a')).toEqual({ stopped: 'The bot token is not valid (401).', retrying: false, lastError: 'The bot token is not valid (401).' });
    expect(ch.tries.length).toBe(1);
    expect(states('a').map((r) => r.state)).toEqual(['failed', 'queued', 'queued']);
    expect(repo.byEvent('none')).toEqual([]);
    o.clearStop('a'); // the owner changed the settings (or a test went through)
    await waitFor(() => ch.delivered.length === 2, 3000, 'the outbox to deliver', 20);
    expect(titles(ch)).toEqual(['alert 1', 'alert 2']);
    expect(db.prepare("SELECT last_error FROM alert_outbox WHERE id = 'a-0'").pluck().get()).toBe('The bot token is not valid (401).');
  });

  it('holds what is over the rate limit (none dropped) and keeps other channels going', async () => {
    const slow = scriptedChannel('slow');
    const other = scriptedChannel('other');
    enqueue('slow', 5);
    enqueue('other', 3);
    outbox({ slow: { channel: slow, maxPerMinute: 2 }, other: { channel: other, maxPerMinute: 600 } }).start();
    await waitFor(() => other.delivered.length === 3 && slow.delivered.length === 2, 3000, 'the outbox to deliver', 20);
    await new Promise((r) => setTimeout(r, 300));
    expect(slow.delivered.length).toBe(2);
    expect(states('slow').map((r) => r.state)).toEqual(['delivered', 'delivered', 'queued', 'queued', 'queued']);
    expect(repo.counts().find((c) => c.channelId === 'slow')).toMatchObject({ delivered: 2, queued: 3 });
  });

  it('gives up after its deadline with the last reason, without stopping the channel', async () => {
    const ch = scriptedChannel('a', Array.from({ length: 100 }, () => ({ outcome: 'retry' as const, reason: 'the broker is down' })));
    enqueue('a', 1);
    const o = outbox({ a: { channel: ch, maxPerMinute: 600 } }, { plan: { ...FAST, giveUpAfterMs: 300 } });
    o.start();
    await waitFor(() => states('a')[0]?.state === 'failed', 3000, 'the outbox to deliver', 20);
    expect(db.prepare("SELECT last_error FROM alert_outbox WHERE id = 'a-0'").pluck().get()).toBe(
      'Not delivered within 24 hours, given up: the broker is down',
    );
    expect(o.status('a').stopped).toBeNull();
  });

  it('sends nothing while the database cannot take writes, then resumes', async () => {
    const ch = scriptedChannel('a');
    enqueue('a', 2);
    let writable = false;
    outbox({ a: { channel: ch, maxPerMinute: 600 } }, { writable: () => writable }).start();
    await new Promise((r) => setTimeout(r, 200));
    expect(ch.tries.length).toBe(0);
    writable = true;
    await waitFor(() => ch.delivered.length === 2, 8000, 'the outbox to deliver', 20);
  });

  it('resumes after a restart: what was delivered is not sent again, the rest goes out in order', async () => {
    const first = scriptedChannel('a');
    enqueue('a', 2);
    const o1 = outbox({ a: { channel: first, maxPerMinute: 600 } });
    o1.start();
    await waitFor(() => first.delivered.length === 2, 3000, 'the outbox to deliver', 20);
    await o1.close();
    enqueue('a', 3, 2); // queued while the app was down (a crash after the rows were written)
    db.close();
    db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
    repo = new AlertOutboxRepository(db);
    const second = scriptedChannel('a');
    outbox({ a: { channel: second, maxPerMinute: 600 } }).start();
    await waitFor(() => second.delivered.length === 3, 3000, 'the outbox to deliver', 20);
    await new Promise((r) => setTimeout(r, 100));
    expect(titles(second)).toEqual(['alert 2', 'alert 3', 'alert 4']);
  });

  it('aborts a try that does not answer and retries it', async () => {
    let calls = 0;
    const hanging: OutboxChannel = {
      maxPerMinute: 600,
      channel: {
        id: 'h',
        type: 'webhook',
        deliver: (_alert, signal) => {
          calls++;
          if (calls > 1) return Promise.resolve({ outcome: 'delivered' });
          return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ outcome: 'retry', reason: 'aborted' })));
        },
        close: async () => undefined,
      },
    };
    enqueue('h', 1);
    outbox({ h: hanging }, { timeoutMs: 150 }).start();
    await waitFor(() => states('h')[0]?.state === 'delivered', 3000, 'the outbox to deliver', 20);
    expect(calls).toBe(2);
    expect(states('h')[0]?.attempts).toBe(2);
  });
});
