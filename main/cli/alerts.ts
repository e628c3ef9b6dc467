// `nvr alerts list|test ID`: the alert channels (alerts.channels.list, with each one's state and counters from health)
// and a test alert sent now (alerts.channels.test), with the exact sentence of what went wrong. Never a secret: the
// API shows only which secrets are set.
import type { AlertChannelHealth } from '../../preload/contract.ts';
import type { AlertChannelView } from '../../preload/alert-channels.ts';
import { parse, UsageError } from './args.ts';
import { withConnection } from './connection.ts';
import { EXIT, print, printJson } from './output.ts';

export async function alerts(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') return list(rest);
  if (sub === 'test') return test(rest);
  throw new UsageError('Use `nvr alerts list` or `nvr alerts test ID`.');
}

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (positionals.length) throw new UsageError('alerts list takes no arguments (see `nvr help alerts`).');
  return withConnection(values, async (c) => {
    const channels = await c.api['alerts.channels.list']({});
    const health = (await c.api['health.get']({})).system.alerts ?? [];
    const byId = new Map(health.map((h) => [h.id, h]));
    if (values.json) printJson({ channels: channels.map((ch) => ({ ...ch, status: byId.get(ch.id) ?? null })) });
    else print(alertsText(channels, byId));
    return EXIT.ok;
  });
}

async function test(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new UsageError('alerts test takes one channel id (see `nvr alerts list`).');
  return withConnection(values, async (c) => {
    const result = await c.api['alerts.channels.test']({ id });
    if (values.json) printJson(result);
    else print(result.message);
    return result.ok ? EXIT.ok : EXIT.failed;
  });
}

/** "front-door-3f9a  telegram  Owner phone  ok · 12 sent, 0 failed, 0 queued", one line per channel. */
export function alertsText(channels: readonly AlertChannelView[], health: ReadonlyMap<string, AlertChannelHealth>): string {
  if (channels.length === 0) return 'No alert channels. Add one in Settings → Alerts.';
  return channels
    .map((ch) => {
      const h = health.get(ch.id);
      const state = !ch.enabled ? 'off' : (h?.state ?? 'ok');
      const counts = h ? ` · ${h.sent} sent, ${h.failed} failed, ${h.queued} queued` : '';
      const error = h?.lastError ? `\n    ${h.lastError}` : '';
      return `${ch.id}  ${ch.type}  ${ch.name}  ${state}${counts}${error}`;
    })
    .join('\n');
}
