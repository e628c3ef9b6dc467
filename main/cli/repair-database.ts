// `nvr repair-database [--data-dir DIR] [--force]`: moves a damaged event database aside (never deletes it) so the next
// start re-indexes and keeps the footage. Refused while the service runs on the folder.
import { parseArgs } from 'node:util';
import { dataPaths, resolveDataDir } from '../core/config/data-dir.ts';
import { createLogger } from '../core/logging/logger.ts';
import { repairDatabase } from '../core/storage/database-repair.ts';
import { processAlive, readServiceInfo } from '../service/auth.ts';

export async function repairDatabaseCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, force: { type: 'boolean', default: false } }, strict: true });
  const paths = dataPaths(resolveDataDir(values['data-dir']));
  const running = readServiceInfo(paths.root);
  if (running && running.pid !== process.pid && processAlive(running.pid)) {
    process.stderr.write(`The NVR (process ${running.pid}) is using this data folder: quit it first, then run \`nvr repair-database\` again.\n`);
    return 1;
  }
  const result = repairDatabase(paths.database, { logger: createLogger({ level: 'warn', destination: process.stderr }), force: values.force });
  process.stdout.write(result.message + '\n');
  return result.outcome === 'moved' || result.outcome === 'missing' ? 0 : 1;
}
