#!/usr/bin/env node
// The `nvr` command: its entry and dispatch table. The commands live in main/cli/ (one file per group): `start` and
// `serve` (service mode), and client commands that speak the API contract to a running service over its WebSocket,
// finding it through the data folder (service.json + service-token), or work on the data folder itself (backup,
// restore, diagnose).
import { UsageError } from './cli/args.ts';
import { commandHelp, generalHelp, versionInfo } from './cli/help.ts';
import { EXIT, print, printJson, reportFailure } from './cli/output.ts';

type Command = (args: string[]) => Promise<number>;

/** Every command, loaded when it runs. */
const commands: Record<string, () => Promise<Command>> = {
  start: async () => (args) => import('./cli/serve.ts').then((m) => m.serve('start', args)),
  serve: async () => (args) => import('./cli/serve.ts').then((m) => m.serve('serve', args)),
  url: async () => (await import('./cli/serve.ts')).url,
  'lan-password': async () => (await import('./cli/serve.ts')).lanPassword,
  cameras: async () => (await import('./cli/cameras.ts')).cameras,
  events: async () => (await import('./cli/events.ts')).events,
  visitors: async () => (await import('./cli/visitors.ts')).visitors,
  alerts: async () => (await import('./cli/alerts.ts')).alerts,
  settings: async () => (await import('./cli/settings.ts')).settings,
  health: async () => (await import('./cli/diagnose.ts')).health,
  diagnose: async () => (await import('./cli/diagnose.ts')).diagnose,
  backup: async () => (await import('./cli/backup.ts')).backup,
  restore: async () => (await import('./cli/backup.ts')).restore,
  'repair-database': async () => (await import('./cli/repair-database.ts')).repairDatabaseCommand,
  service: async () => (args) => import('./cli/service-command.ts').then((m) => m.serviceCommand(args, process.platform)),
};

const commandFor = (name: string) => (Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined);

const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

function showHelp(topic: string | undefined, json: boolean): number {
  const text = topic === undefined ? generalHelp() : commandHelp(topic);
  if (text === null) throw new UsageError(`There is no command "${topic!.slice(0, 40)}". Run \`nvr help\` for the list.`);
  if (json) printJson({ command: topic ?? null, usage: text });
  else print(text);
  return EXIT.ok;
}

async function main(argv: string[], json: boolean): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    print(generalHelp());
    return EXIT.usage;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    const v = versionInfo();
    if (json) printJson(v);
    else print(`${v.name} ${v.version} (Node ${v.node})`);
    return EXIT.ok;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    const topic = rest.find((a) => !a.startsWith('-')) ?? (command === 'help' && wantsHelp(rest) ? 'help' : undefined);
    // A command whose usage is its own (not in help.ts) answers `nvr help COMMAND` through its --help.
    const own = topic !== undefined && commandHelp(topic) === null ? commandFor(topic) : undefined;
    return own ? (await own())(['--help', ...(json ? ['--json'] : [])]) : showHelp(topic, json);
  }
  const load = commandFor(command);
  if (!load) throw new UsageError(`There is no command "${command.slice(0, 40)}". Run \`nvr help\` for the list.`);
  if (wantsHelp(rest) && commandHelp(command) !== null) return showHelp(command, json);
  return (await load())(rest);
}

const argv = process.argv.slice(2);
const json = argv.includes('--json');
main(argv, json).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportFailure(err, json);
  },
);
