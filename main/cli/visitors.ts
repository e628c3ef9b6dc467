// `nvr visitors [--camera ID] [--since 24h] [--bucket hour|minute]`: people counted per camera (visitors.list), as a
// table of hours (or minutes) with the people in and out, or one JSON document.
import type { VisitorBucket } from '../../preload/contract.ts';
import { parseSince } from '../service/cli-format.ts';
import { parse, UsageError } from './args.ts';
import { withConnection } from './connection.ts';
import { EXIT, print, printJson } from './output.ts';

export async function visitors(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    camera: { type: 'string', multiple: true },
    since: { type: 'string' },
    bucket: { type: 'string' },
  });
  if (positionals.length) throw new UsageError('visitors takes options only (see `nvr help visitors`).');
  const bucket = values.bucket ?? 'hour';
  if (bucket !== 'hour' && bucket !== 'minute') throw new UsageError(`--bucket is hour or minute, not "${bucket}".`);
  const to = Date.now();
  const from = parseSince(values.since ?? '24h', to);
  if (to - from > 31 * 86_400_000) throw new UsageError('--since reaches back at most 31 days (31d).');
  return withConnection(values, async (c) => {
    const { buckets } = await c.api['visitors.list']({ ...(values.camera ? { cameraIds: values.camera } : {}), from, to, bucket });
    if (values.json) printJson({ from, to, bucket, buckets });
    else {
      const names = new Map((await c.api['cameras.list']({})).map((cam) => [cam.id, cam.name]));
      print(visitorsText(buckets, names));
    }
    return EXIT.ok;
  });
}

/** One line per camera and bucket: "2026-12-01 09:00  Front door  12 people (12 in, 9 out)", then the total. */
export function visitorsText(buckets: readonly VisitorBucket[], names: ReadonlyMap<string, string>): string {
  if (buckets.length === 0) return 'No visitors counted in this time.';
  const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const name = (id: string) => names.get(id) ?? id;
  const width = Math.max(...buckets.map((b) => name(b.cameraId).length));
  const lines = buckets.map(
    (b) => `${when(b.startMs)}  ${name(b.cameraId).padEnd(width)}  ${b.visitors} ${b.visitors === 1 ? 'person' : 'people'} (${b.ins} in, ${b.outs} out)`,
  );
  const total = buckets.reduce((s, b) => s + b.visitors, 0);
  lines.push(`${total} ${total === 1 ? 'person' : 'people'} in all (times in UTC)`);
  return lines.join('\n');
}
