// `nvr cameras list|show|add|set|remove`: the camera wizard's steps and the camera settings, over the contract.
import { parseRequestInput, type CameraView } from '../../preload/contract.ts';
import { CAMERA_SETTING_GROUPS, cameraPatchSchema } from '../../preload/settings-schema.ts';
import { cameraJson, camerasText } from '../service/cli-format.ts';
import { buildPatch, flatten, parse, parseAssignment, showValue, UsageError } from './args.ts';
import { readStdinLine, withConnection } from './connection.ts';
import { CommandError, EXIT, note, print, printJson } from './output.ts';

export async function cameras(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
      return list(rest);
    case 'show':
      return show(rest);
    case 'add':
      return add(rest);
    case 'set':
      return set(rest);
    case 'remove':
      return remove(rest);
    default:
      throw new UsageError('Use `nvr cameras list`, `show ID`, `add …`, `set ID key=value…` or `remove ID` (`nvr help cameras`).');
  }
}

function oneId(positionals: string[], what: string): string {
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new UsageError(`${what} takes one camera id (see \`nvr cameras list\`).`);
  return id;
}

async function list(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (positionals.length) throw new UsageError('cameras list takes no arguments.');
  const all = await withConnection(values, (c) => c.api['cameras.list']({}));
  if (values.json) printJson(all.map(cameraJson));
  else print(camerasText(all));
  return EXIT.ok;
}

/** Everything about one camera: the list's columns, then every setting (the keys `cameras set` takes). */
export function cameraDocument(c: CameraView): Record<string, unknown> {
  return {
    ...cameraJson(c),
    ...Object.fromEntries(CAMERA_SETTING_GROUPS.map((g) => [g, c[g]])),
    status: c.status,
  };
}

function cameraText(c: CameraView): string {
  const { status, ...doc } = cameraDocument(c);
  const s = status as CameraView['status'];
  const lines = [
    `${c.name} (${c.id}): ${s.state}${s.reason ? ` — ${s.reason}` : ''}; recording ${s.recording.state}${s.recording.reason ? ` — ${s.recording.reason}` : ''}`,
    `${s.fps.toFixed(1)} fps, ${s.frames} frames, ${s.droppedFrames} dropped, ${s.reconnects} reconnects`,
    '',
  ];
  const skip = new Set(['state', 'reason', 'fps']);
  for (const [key, value] of flatten(doc)) if (!skip.has(key)) lines.push(`${key} = ${showValue(value)}`);
  return lines.join('\n');
}

async function show(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  const id = oneId(positionals, 'cameras show');
  const camera = await withConnection(values, (c) => c.api['cameras.get']({ id }));
  if (values.json) printJson(cameraDocument(camera));
  else print(cameraText(camera));
  return EXIT.ok;
}

async function add(args: string[]): Promise<number> {
  const { values } = parse(args, {
    name: { type: 'string' },
    url: { type: 'string' },
    'sub-url': { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
  });
  if (values.demo) {
    const camera = await withConnection(values, (c) => c.api['cameras.addDemo']({}));
    if (values.json) printJson(cameraJson(camera));
    else print(camera.id);
    return EXIT.ok;
  }
  if (!values.name || !values.url) throw new UsageError('cameras add needs --name NAME and --url URL (or --demo).');
  const { name, url: mainUrl } = values;
  if (values['password-stdin'] && values.password !== undefined) throw new UsageError('Give the password once: --password-stdin or --password.');
  const password = values['password-stdin'] ? await readStdinLine("Type the camera's password and press Enter: ") : (values.password ?? null);
  return withConnection(values, async (c) => {
    // The same two steps as the page: test the stream, then save it.
    const probe = await c.api['cameras.testStream']({ url: mainUrl, username: values.username ?? null, password });
    if (!probe.ok) throw new CommandError(probe.code, `Camera not added: ${probe.message}`);
    const camera = await c.api['cameras.add']({ name, mainUrl, subUrl: values['sub-url'] ?? null, username: values.username ?? null, password });
    if (values.json) printJson({ ...cameraJson(camera), probe });
    else print(camera.id);
    if (probe.notice && !values.json) note(`Note: ${probe.notice}`);
    return EXIT.ok;
  });
}

async function set(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean', default: false } });
  const [id, ...pairs] = positionals;
  if (!id) throw new UsageError('cameras set takes a camera id and key=value pairs, e.g. `nvr cameras set ID recording.mode=continuous`.');
  const assignments = pairs.map(parseAssignment);
  if (assignments.some((a) => a.path[0] === 'password')) {
    throw new UsageError("A camera's password is never an argument (the process list shows arguments): use --password-stdin.");
  }
  // The patch schema drops unknown top-level keys (the page sends whole objects); here a typo must not pass as done.
  const unknown = assignments.find((a) => !Object.prototype.hasOwnProperty.call(cameraPatchSchema.shape, a.path[0]!));
  if (unknown) throw new UsageError(`There is no camera setting "${unknown.path[0]!.slice(0, 60)}". \`nvr cameras show ID\` lists them.`);
  if (assignments.length === 0 && !values['password-stdin']) throw new UsageError('cameras set needs at least one key=value (see `nvr cameras show ID` for the keys).');
  const password = values['password-stdin'] ? await readStdinLine("Type the camera's new password and press Enter: ") : undefined;
  return withConnection(values, async (c) => {
    const current = await c.api['cameras.get']({ id });
    const patch = buildPatch(assignments, current);
    if (password !== undefined) patch.password = password === '' ? null : password;
    // The transport's own check with the UI's schema: the same sentence the page gets, before anything changes.
    parseRequestInput('cameras.update', { id, patch });
    const camera = await c.api['cameras.update']({ id, patch });
    if (values.json) printJson(cameraDocument(camera));
    else {
      const changed = assignments.map((a) => a.path.join('.'));
      if (password !== undefined) changed.push('password');
      print(`Camera ${camera.name} (${camera.id}) changed: ${changed.join(', ')}. Its pipeline restarts with the new settings.`);
    }
    return EXIT.ok;
  });
}

async function remove(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  const id = oneId(positionals, 'cameras remove');
  await withConnection(values, (c) => c.api['cameras.remove']({ id }));
  if (values.json) printJson({ removed: true, id });
  else print(`Removed camera ${id}.`);
  return EXIT.ok;
}
