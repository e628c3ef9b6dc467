// `nvr backup --to FILE [--with-recordings]` and `nvr restore FILE [--force]`. Both work on the data folder directly
// (this PC's): the backup uses SQLite's online backup, so the service may keep running; a restore refuses a folder
// a running service uses.
import path from 'node:path';
import { dataPaths, resolveDataDir } from '../core/config/data-dir.ts';
import { backupDataFolder, BackupError } from '../core/backup/data-backup.ts';
import { restoreDataFolder } from '../core/backup/data-restore.ts';
import { processAlive, readServiceInfo } from '../service/auth.ts';
import { parse, UsageError } from './args.ts';
import { versionInfo } from './help.ts';
import { CommandError, EXIT, note, print, printJson } from './output.ts';
import { isInside } from '../core/util/path-inside.ts';

const asCommandError = (err: unknown): unknown => (err instanceof BackupError ? new CommandError('backup', err.message) : err);

export async function backup(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { to: { type: 'string' }, 'with-recordings': { type: 'boolean', default: false } });
  if (positionals.length) throw new UsageError('backup takes options only: `nvr backup --to FILE [--with-recordings]`.');
  if (!values.to) throw new UsageError('backup needs --to FILE, the archive to write (e.g. --to /mnt/usb/nvr-backup.tar.gz).');
  const root = dataPaths(resolveDataDir(values['data-dir'])).root;
  const file = path.resolve(values.to);
  if (isInside(root, file)) throw new UsageError('Write the backup outside the data folder (a copy on the same disk is lost with it).');
  try {
    const summary = await backupDataFolder({ root, file, withRecordings: values['with-recordings'], appVersion: versionInfo().version });
    if (values.json) printJson({ file: summary.file, bytes: summary.bytes, ...summary.manifest });
    else {
      const m = summary.manifest;
      print(
        `Backup written to ${summary.file} (${(summary.bytes / 1024 ** 2).toFixed(1)} MB): ${m.cameras} cameras, ${m.events} events, ${m.snapshots} snapshots` +
          (m.withRecordings ? `, ${m.segments} recording segments.` : '; recordings not included (add --with-recordings).'),
      );
      if (!m.configFiles.includes('secret.key')) note('Note: the camera passwords are kept by the OS keychain and are not in the backup; re-enter them after restoring elsewhere.');
      note('The file holds the key that decrypts the camera passwords: keep it as safe as this PC.');
    }
    return EXIT.ok;
  } catch (err) {
    throw asCommandError(err);
  }
}

export async function restore(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { force: { type: 'boolean', default: false } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('restore takes one backup file: `nvr restore FILE [--data-dir DIR] [--force]`.');
  const root = dataPaths(resolveDataDir(values['data-dir'])).root;
  const running = readServiceInfo(root);
  if (running && processAlive(running.pid)) {
    throw new CommandError('service-running', `An NVR service (process ${running.pid}) is using the data folder ${root}: stop it first (Ctrl+C, or quit the app), then restore.`);
  }
  try {
    const summary = await restoreDataFolder({ file, root, force: values.force });
    if (values.json) printJson({ ...summary.manifest, dataDir: summary.root, events: summary.events, replacedDatabase: summary.replacedDatabase });
    else {
      const m = summary.manifest;
      print(`Restored the backup of ${m.createdAt} into ${summary.root}: ${m.cameras} cameras, ${summary.events} events${m.withRecordings ? `, ${m.segments} recording segments` : ''}.`);
      print(`Start it with: nvr serve --data-dir ${JSON.stringify(summary.root)}`);
    }
    return EXIT.ok;
  } catch (err) {
    throw asCommandError(err);
  }
}
