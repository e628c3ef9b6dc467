// `nvr settings get [KEY]` and `nvr settings set key=value…`: the app's settings over the contract (settings.get,
// settings.update); a patch naming one field changes that field only.
import { parseRequestInput } from '../../preload/contract.ts';
import { buildPatch, flatten, parse, parseAssignment, showValue, UsageError, valueAt } from './args.ts';
import { withConnection } from './connection.ts';
import { EXIT, print, printJson } from './output.ts';

export async function settings(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'get') return get(rest);
  if (sub === 'set') return set(rest);
  throw new UsageError('Use `nvr settings get [KEY]` or `nvr settings set key=value…` (`nvr help settings`).');
}

async function get(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (positionals.length > 1) throw new UsageError('settings get takes at most one key, e.g. `nvr settings get storage.freeSpaceFloorBytes`.');
  const key = positionals[0];
  const all = await withConnection(values, (c) => c.api['settings.get']({}));
  if (key === undefined) {
    if (values.json) printJson(all);
    else print(flatten(all).map(([k, v]) => `${k} = ${showValue(v)}`).join('\n'));
    return EXIT.ok;
  }
  const value = valueAt(all, key);
  if (value === undefined) throw new UsageError(`There is no setting "${key.slice(0, 80)}". \`nvr settings get\` lists them all.`);
  if (values.json) printJson({ key, value });
  else print(typeof value === 'object' && value !== null && !Array.isArray(value) ? JSON.stringify(value, null, 2) : showValue(value));
  return EXIT.ok;
}

async function set(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (positionals.length === 0) throw new UsageError('settings set needs key=value pairs, e.g. `nvr settings set notifications.maxPerMinute=3`.');
  const assignments = positionals.map(parseAssignment);
  return withConnection(values, async (c) => {
    const current = await c.api['settings.get']({});
    const patch = buildPatch(assignments, current);
    parseRequestInput('settings.update', patch); // the transport's check: its sentence, before anything changes
    const saved = await c.api['settings.update'](patch);
    if (values.json) printJson(saved);
    else print(assignments.map((a) => `${a.path.join('.')} = ${showValue(valueAt(saved, a.path.join('.')))}`).join('\n'));
    return EXIT.ok;
  });
}
