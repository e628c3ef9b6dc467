// Reading the command line: the options every command takes, `--port`, and `key=value` assignments (cameras set,
// settings set) turned into the nested patch the contract takes. Pure, apart from parseArgs.
import { parseArgs } from 'node:util';
import { UsageError } from '../service/cli-format.ts';

export { UsageError };

type OptionSpec = { type: 'string' | 'boolean'; short?: string; default?: string | boolean; multiple?: boolean };

export const commonOptions = {
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** parseArgs with the common options; its mistakes become one sentence (exit 2). */
export function parse<T extends Record<string, OptionSpec>>(args: string[], extra: T) {
  try {
    return parseArgs({ args, options: { ...commonOptions, ...extra }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify a positional.*$/s, '.') : String(err));
  }
}

export function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port takes a number from 1 to 65535; "${value}" is not one.`);
  return n;
}

export interface Assignment {
  /** The dotted key split: `notifications.cooldownSeconds` → ['notifications', 'cooldownSeconds']. */
  path: string[];
  value: unknown;
}

const KEY_PART = /^[A-Za-z][A-Za-z0-9_]*$/;

/** `key=value`: the value as JSON when it parses (60, true, null, [..], {..}, "quoted"), else the text as is. */
export function parseAssignment(text: string): Assignment {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`"${text.slice(0, 60)}" is not key=value (for example notifications.cooldownSeconds=60).`);
  const key = text.slice(0, eq);
  const path = key.split('.');
  if (!path.every((p) => KEY_PART.test(p))) throw new UsageError(`"${key.slice(0, 60)}" is not a setting name (letters and digits, groups joined with dots).`);
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { path, value };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The patch the assignments make. The service merges a patch `mergeDepth` levels deep (a camera's and the app's
 * settings groups: 1, i.e. `{group: {field}}` changes that field only); objects deeper than that are sent whole, so
 * they start from their `current` value and only the named fields change.
 */
export function buildPatch(assignments: Assignment[], current: unknown, mergeDepth = 1): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const { path, value } of assignments) {
    let node = patch;
    let cur: unknown = current;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      cur = isPlainObject(cur) ? cur[key] : undefined;
      if (!isPlainObject(node[key])) node[key] = i >= mergeDepth && isPlainObject(cur) ? structuredClone(cur) : {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return patch;
}

/** The value at a dotted key, or undefined. */
export function valueAt(root: unknown, key: string): unknown {
  let node: unknown = root;
  for (const part of key.split('.')) {
    if (!isPlainObject(node) || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/** `a.b.c = value` lines, one per leaf (arrays are leaves), in the object's order. */
export function flatten(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (!isPlainObject(value)) return [[prefix, value]];
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && Object.keys(v).length > 0) out.push(...flatten(v, key));
    else out.push([key, v]);
  }
  return out;
}

/** A value as the text output shows it: strings bare, everything else as JSON. */
export function showValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
