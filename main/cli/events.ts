// `nvr events list|show|export`: the timeline's events, one event's details and footage, and an export of its footage
// as one MP4 (recordings.export, following export.progress / export.done / export.failed).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ApiEvents, EventKind, EventView } from '../../preload/contract.ts';
import { eventJson, eventsText, parseSince } from '../service/cli-format.ts';
import type { ApiConnection } from '../service/ws-client.ts';
import { flatten, parse, showValue, UsageError } from './args.ts';
import { withConnection } from './connection.ts';
import { CommandError, EXIT, print, printJson } from './output.ts';
import { progressReporter } from './progress.ts';

export async function events(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') return list(rest);
  if (sub === 'show') return show(rest);
  if (sub === 'export') return exportEvent(rest);
  throw new UsageError('Use `nvr events list [--camera ID] [--kind motion|person] [--since 10m]`, `nvr events show ID` or `nvr events export ID --to DIR`.');
}

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    camera: { type: 'string', multiple: true },
    kind: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
  });
  if (positionals.length) throw new UsageError('events list takes options only (see `nvr help events`).');
  const now = Date.now();
  const cameraIds = values.camera;
  let kinds: EventKind[] | undefined;
  if (values.kind !== undefined) {
    if (values.kind !== 'motion' && values.kind !== 'person') throw new UsageError(`--kind is motion or person, not "${values.kind}".`);
    kinds = [values.kind];
  }
  const from = values.since === undefined ? undefined : parseSince(values.since, now);
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit takes a number from 1 to 500.');
  return withConnection(values, async (c) => {
    const result = await c.api['events.list']({
      ...(cameraIds ? { cameraIds } : {}),
      ...(kinds ? { kinds } : {}),
      ...(from !== undefined ? { from } : {}),
      limit,
    });
    if (values.json) {
      // events.list stays light; each event's alert deliveries come from events.get.
      const full = await Promise.all(
        result.events.map((e) => c.api['events.get']({ id: e.id }).then((g) => ({ ...e, deliveries: g.deliveries ?? [] }), () => ({ ...e, deliveries: [] }))),
      );
      printJson({ events: full.map(eventJson), nextCursor: result.nextCursor });
    } else {
      const names = new Map((await c.api['cameras.list']({})).map((cam) => [cam.id, cam.name]));
      print(eventsText(result.events, names, now));
    }
    return EXIT.ok;
  });
}

function oneEventId(positionals: string[], what: string): string {
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new UsageError(`${what} takes one event id (see \`nvr events list\`).`);
  return id;
}

async function show(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  const id = oneEventId(positionals, 'events show');
  return withConnection(values, async (c) => {
    const event = await c.api['events.get']({ id });
    const footage = await c.api['recordings.eventFootage']({ id });
    const camera = (await c.api['cameras.list']({})).find((cam) => cam.id === event.cameraId);
    const doc = { ...eventJson(event), cameraName: camera?.name ?? null, footage };
    if (values.json) printJson(doc);
    else print(eventText(event, camera?.name ?? event.cameraId, footage));
    return EXIT.ok;
  });
}

function eventText(e: EventView, cameraName: string, footage: { hasFootage: boolean; coveredMs: number; fromMs: number; toMs: number }): string {
  const end = e.endMs === null ? 'still open' : `${new Date(e.endMs).toISOString()} (${Math.round((e.endMs - e.startMs) / 1000)} s)`;
  const lines = [
    `${e.kind} event ${e.id} on ${cameraName}`,
    `start = ${new Date(e.startMs).toISOString()}`,
    `end = ${end}`,
    `footage = ${footage.hasFootage ? `${Math.round(footage.coveredMs / 1000)} s recorded of ${Math.round((footage.toMs - footage.fromMs) / 1000)} s (export it with \`nvr events export ${e.id} --to DIR\`)` : 'none recorded'}`,
  ];
  const rest = { topScore: e.topScore, peakRatio: e.peakRatio, boxes: e.boxes, personBox: e.personBox, hasSnapshot: e.hasSnapshot, keepForever: e.keepForever };
  for (const [k, v] of flatten(rest)) lines.push(`${k} = ${showValue(v)}`);
  return lines.join('\n');
}

type ExportOutcome = { ok: true; done: ApiEvents['export.done'] } | { ok: false; message: string };

/** Follows one export's events; they may arrive before recordings.export answers, so all are kept until its id is known. */
function followExport(c: ApiConnection, onProgress: (fraction: number) => void) {
  let exportId: string | null = null;
  const early: Array<() => void> = [];
  let settle: (o: ExportOutcome) => void = () => undefined;
  const outcome = new Promise<ExportOutcome>((resolve) => (settle = resolve));
  const mine = (id: string, act: () => void) => {
    if (exportId === null) early.push(() => id === exportId && act());
    else if (id === exportId) act();
  };
  const offs = [
    c.on('export.progress', (p) => mine(p.exportId, () => onProgress(p.fraction))),
    c.on('export.done', (d) => mine(d.exportId, () => settle({ ok: true, done: d }))),
    c.on('export.failed', (f) => mine(f.exportId, () => settle({ ok: false, message: f.message }))),
  ];
  void c.closed.then(() => settle({ ok: false, message: 'The connection to the NVR service closed before the export finished; run the command again.' }));
  return {
    outcome,
    started(id: string) {
      exportId = id;
      for (const replay of early.splice(0)) replay();
    },
    stop: () => offs.forEach((off) => off()),
  };
}

async function exportEvent(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { to: { type: 'string' } });
  const id = oneEventId(positionals, 'events export');
  if (!values.to) throw new UsageError('events export needs --to DIR, the folder the MP4 goes into.');
  const folder = path.resolve(values.to);
  mkdirSync(folder, { recursive: true });
  return withConnection(values, async (c) => {
    const progress = progressReporter(values.json ? null : process.stderr, 'Exporting');
    const follow = followExport(c, (f) => progress.update(f));
    try {
      const started = await c.api['recordings.export']({ eventId: id, folder });
      follow.started(started.exportId);
      const outcome = await follow.outcome;
      progress.finish(outcome.ok);
      if (!outcome.ok) throw new CommandError('export-failed', `The export failed: ${outcome.message}`);
      const doc = { exportId: started.exportId, file: outcome.done.file, bytes: outcome.done.bytes, durationMs: outcome.done.durationMs, fromMs: started.fromMs, toMs: started.toMs };
      if (values.json) printJson(doc);
      else print(`Exported ${(doc.durationMs / 1000).toFixed(1)} s (${(doc.bytes / 1024 ** 2).toFixed(1)} MB) to ${doc.file}`);
      return EXIT.ok;
    } finally {
      progress.finish(false);
      follow.stop();
    }
  });
}
