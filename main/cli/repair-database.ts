// `nvr repair-database [--data-dir DIR] [--force]`: moves a damaged event database aside (never deletes it) so the next
// start re-indexes and keeps the footage. Refused while the service runs on the folder.
import { dataPaths, resolveDataDir } from '../core/config/data-dir.ts';
import { createLogger } from '../core/logging/logger.ts';
import { repairDatabase } from '../core/storage/database-repair.ts';
import { processAlive, readServiceInfo } from '../service/auth.ts';
import { parse } from './args.ts';
import { CommandError, EXIT, print, printJson } from './output.ts';

export async function repairDatabaseCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { force: { type: 'boolean', default: false } });
  const paths = dataPaths(resolveDataDir(values['data-dir']));
  const running = readServiceInfo(paths.root);
  if (running && running.pid !== process.pid && processAlive(running.pid)) {
    throw new CommandError(
      'service-running',
      `The NVR (process ${running.pid}) is using this data folder: quit it first, then run \`nvr repair-database\` again.`,
    );
  }
  const result = repairDatabase(paths.database, { logger: createLogger({ level: 'warn', destination: process.stderr }), force: values.force });
  if (values.json) printJson(result);
  else print(result.message);
  return result.outcome === 'moved' || result.outcome === 'missing' ? EXIT.ok : EXIT.failed;
}
