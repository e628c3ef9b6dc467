#!/usr/bin/env node
// The `nvr` command: `start` (the desktop app where Electron's runtime is installed, else service mode), `serve`
// (service mode in the foreground), and client commands that speak the API contract to a running service over its
// WebSocket, finding it through the data folder (service.json + service-token).
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, type EventKind } from '../preload/contract.ts';
import { resolveDataDir, dataPaths } from './core/config/data-dir.ts';
import { openDataFolderLog } from './core/logging/app-log.ts';
import { exitOnSignals } from './core/shutdown.ts';
import { connectToDataDir, NoServiceError, type ApiConnection } from './service/ws-client.ts';
import { readServiceInfo, readToken, storeLanPassword, isLoopbackHost } from './service/auth.ts';
import { UsageError, cameraJson, camerasText, eventJson, eventsText, healthText, parseSince } from './service/cli-format.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from './service/defaults.ts';

const USAGE = `Usage: nvr <command> [options]

  start                     the desktop app, or service mode where Electron is not installed
  serve                     service mode in the foreground (Ctrl+C stops it)
        [--port N] [--host ADDR] [--no-open]   (default 127.0.0.1:${DEFAULT_PORT}; another host needs \`nvr lan-password\`)
  url                       print the address (with its session token) of the running service
  cameras list [--json]
  cameras add --name NAME --url URL [--sub-url URL] [--username U] [--password-stdin] [--json]
                            --password-stdin reads the camera's password from standard input (a --password P
                            argument works too, but other users of this PC can read it in the process list)
  cameras add --demo        a demo camera that needs no hardware
  cameras remove ID
  events list [--camera ID] [--kind motion|person] [--since 10m|ISO-TIME] [--limit N] [--json]
  health [--json]
  lan-password              read a LAN password from standard input (needed to listen beyond this PC)
  service install|uninstall|status   start service mode at boot (a systemd user unit on Linux)

Every command takes --data-dir DIR (default: NVR_DATA_DIR, else the platform's application-data folder).
Exit status: 0 done, 1 the NVR said no (the message says why), 2 wrong usage, 3 no service running.`;

const EXIT = { ok: 0, failed: 1, usage: 2, noService: 3 } as const;

const common = {
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean; multiple?: boolean }>>(args: string[], extra: T) {
  try {
    return parseArgs({ args, options: { ...common, ...extra }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify a positional.*$/s, '.') : String(err));
  }
}

function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port takes a number from 1 to 65535; "${value}" is not one.`);
  return n;
}

const print = (text: string) => process.stdout.write(text + '\n');
const printJson = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    print(USAGE);
    return command ? EXIT.ok : EXIT.usage;
  }
  switch (command) {
    case 'start':
    case 'serve':
      return serve(command, rest);
    case 'url':
      return url(rest);
    case 'cameras':
      return cameras(rest);
    case 'events':
      return events(rest);
    case 'health':
      return health(rest);
    case 'lan-password':
      return lanPassword(rest);
    case 'service':
      return (await import('./cli/service-command.ts')).serviceCommand(rest);
    default:
      throw new UsageError(`There is no command "${command.slice(0, 40)}". Run \`nvr help\` for the list.`);
  }
}

// ---- service mode ---------------------------------------------------------------------------------------------------

/** The Electron binary when its runtime is installed (the package resolves and its downloaded binary exists). */
export function electronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve('electron'));
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const rel = readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
    const bin = override ? path.join(override, rel) : path.join(pkgDir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

async function serve(command: 'start' | 'serve', args: string[]): Promise<number> {
  const { values } = parse(args, { host: { type: 'string' }, 'no-open': { type: 'boolean', default: false } });
  if (values.help) return print(USAGE), EXIT.ok;
  const dataDir = resolveDataDir(values['data-dir']);
  const port = portOption(values.port) ?? DEFAULT_PORT;
  const host = values.host ?? DEFAULT_HOST;

  if (command === 'start') {
    const electron = electronBinary();
    const here = path.dirname(fileURLToPath(import.meta.url));
    const desktopEntry = path.join(here, 'desktop.js');
    if (electron && existsSync(desktopEntry)) {
      const child = spawn(electron, [desktopEntry, '--data-dir', dataDir], { stdio: 'inherit' });
      return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
    }
    print(
      electron
        ? 'The Electron runtime is installed but the desktop shell is not built yet: starting service mode instead.'
        : 'The desktop app needs the Electron runtime, which is not installed on this machine: starting service mode instead.',
    );
  }

  // The console (short lines on a terminal, JSON otherwise) and logs/nvr.N.log in the data folder.
  const log = await openDataFolderLog(dataDir, { stream: process.stderr, isTTY: Boolean(process.stderr.isTTY) });
  const logger = log.logger;
  const { startService, openInBrowser } = await import('./service/service.ts');
  const service = await startService({ dataDir, port, host, logger }).catch((err: unknown) => {
    log.flush();
    throw err;
  });
  exitOnSignals(service, logger, { exit: (code) => (log.flush(), process.exit(code)) });
  print(`ShopWatch NVR is running. Open ${service.openUrl}`);
  print(`Data folder: ${dataPaths(dataDir).root}. Stop it with Ctrl+C.`);
  if (!isLoopbackHost(host)) print(`It also listens on ${host}:${service.port}: other devices sign in with the LAN password.`);
  if (!values['no-open'] && !process.env.NVR_NO_OPEN) openInBrowser(service.openUrl, logger);
  return new Promise<number>(() => undefined); // runs until a signal stops it
}

function url(args: string[]): number {
  const { values } = parse(args, {});
  const paths = dataPaths(resolveDataDir(values['data-dir']));
  const info = readServiceInfo(paths.root);
  const token = readToken(paths.serviceToken);
  if (!info || !token) throw new NoServiceError(`No NVR service is running for the data folder ${paths.root}; start it with \`nvr serve\`.`);
  const host = isLoopbackHost(info.host) ? info.host : '127.0.0.1';
  print(`http://${host}:${info.port}/?token=${token}`);
  return EXIT.ok;
}

/** The first line of standard input (a secret: never an argument, which the process list shows). */
async function readStdinLine(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function lanPassword(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  const paths = dataPaths(resolveDataDir(values['data-dir']));
  const password = await readStdinLine('Type the LAN password (at least 10 characters) and press Enter: ');
  const { ensureDataFolders } = await import('./core/config/data-dir.ts');
  ensureDataFolders(paths);
  await storeLanPassword(paths.root, password);
  print('LAN password saved (as a scrypt hash). Start with --host 0.0.0.0 to listen on the network.');
  return EXIT.ok;
}

// ---- client commands ------------------------------------------------------------------------------------------------

async function withConnection<T>(values: { 'data-dir'?: string | undefined; port?: string | undefined }, run: (c: ApiConnection) => Promise<T>): Promise<T> {
  const port = portOption(values.port);
  const connection = await connectToDataDir(resolveDataDir(values['data-dir']), port === undefined ? {} : { port });
  try {
    return await run(connection);
  } finally {
    await connection.close();
  }
}

async function cameras(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const { values, positionals } = parse(rest, {});
    if (positionals.length) throw new UsageError('cameras list takes no arguments.');
    const list = await withConnection(values, (c) => c.api['cameras.list']({}));
    if (values.json) printJson(list.map(cameraJson));
    else print(camerasText(list));
    return EXIT.ok;
  }
  if (sub === 'add') {
    const { values } = parse(rest, {
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
      if (!probe.ok) {
        process.stderr.write(`Camera not added: ${probe.message}\n`);
        return EXIT.failed;
      }
      const camera = await c.api['cameras.add']({
        name,
        mainUrl,
        subUrl: values['sub-url'] ?? null,
        username: values.username ?? null,
        password,
      });
      if (values.json) printJson({ ...cameraJson(camera), probe });
      else print(camera.id);
      if (probe.notice && !values.json) process.stderr.write(`Note: ${probe.notice}\n`);
      return EXIT.ok;
    });
  }
  if (sub === 'remove') {
    const { values, positionals } = parse(rest, {});
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new UsageError('cameras remove takes one camera id (see `nvr cameras list`).');
    await withConnection(values, (c) => c.api['cameras.remove']({ id }));
    if (values.json) printJson({ removed: true, id });
    else print(`Removed camera ${id}.`);
    return EXIT.ok;
  }
  throw new UsageError('Use `nvr cameras list`, `nvr cameras add …` or `nvr cameras remove ID`.');
}

async function events(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new UsageError('Use `nvr events list [--camera ID] [--kind motion|person] [--since 10m] [--json]`.');
  const { values } = parse(rest, {
    camera: { type: 'string', multiple: true },
    kind: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
  });
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
      printJson({ events: result.events.map(eventJson), nextCursor: result.nextCursor });
    } else {
      const names = new Map((await c.api['cameras.list']({})).map((cam) => [cam.id, cam.name]));
      print(eventsText(result.events, names, now));
    }
    return EXIT.ok;
  });
}

async function health(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  const h = await withConnection(values, (c) => c.api['health.get']({}));
  if (values.json) printJson(h);
  else print(healthText(h));
  return EXIT.ok;
}

// ---- entry ----------------------------------------------------------------------------------------------------------

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\nRun \`nvr help\` for the commands.\n`);
      process.exitCode = EXIT.usage;
    } else if (err instanceof NoServiceError) {
      process.stderr.write(err.message + '\n');
      process.exitCode = EXIT.noService;
    } else if (err instanceof ApiError || (err instanceof Error && err.name === 'ServiceStartError')) {
      process.stderr.write(err.message + '\n');
      process.exitCode = EXIT.failed;
    } else {
      process.stderr.write(`The command failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = EXIT.failed;
    }
  },
);
