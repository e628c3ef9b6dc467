// `nvr start` (the desktop app where Electron's runtime is installed, else service mode), `nvr serve` (service mode in
// the foreground), `nvr url` and `nvr lan-password`.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir, dataPaths } from '../core/config/data-dir.ts';
import { openDataFolderLog } from '../core/logging/app-log.ts';
import { exitOnSignals } from '../core/shutdown.ts';
import { NoServiceError } from '../service/ws-client.ts';
import { readServiceInfo, readToken, storeLanPassword, isLoopbackHost } from '../service/auth.ts';
import { DEFAULT_PORT } from '../service/defaults.ts';
import { parse, portOption } from './args.ts';
import { readStdinLine } from './connection.ts';
import { EXIT, note, print, printJson } from './output.ts';

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

export async function serve(command: 'start' | 'serve', args: string[]): Promise<number> {
  const { values } = parse(args, { host: { type: 'string' }, 'no-open': { type: 'boolean', default: false } });
  const dataDir = resolveDataDir(values['data-dir']);
  const port = portOption(values.port) ?? DEFAULT_PORT;

  if (command === 'start') {
    const electron = electronBinary();
    const here = path.dirname(fileURLToPath(import.meta.url));
    const desktopEntry = path.join(here, 'desktop.js');
    if (electron && existsSync(desktopEntry)) {
      const child = spawn(electron, [desktopEntry, '--data-dir', dataDir], { stdio: 'inherit' });
      return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
    }
    (values.json ? note : print)(
      electron
        ? 'The Electron runtime is installed but the desktop shell is not built yet: starting service mode instead.'
        : 'The desktop app needs the Electron runtime, which is not installed on this machine: starting service mode instead.',
    );
  }

  // The console (short lines on a terminal, JSON otherwise) and logs/nvr.N.log in the data folder.
  const log = await openDataFolderLog(dataDir, { stream: process.stderr, isTTY: Boolean(process.stderr.isTTY) });
  const logger = log.logger;
  const { startService, openInBrowser } = await import('../service/service.ts');
  const { channelFactories } = await import('../core/alerts/channel-registry.ts');
  const service = await startService({ dataDir, port, ...(values.host ? { host: values.host } : {}), logger, engine: { alertChannelFactories: channelFactories } }).catch((err: unknown) => {
    log.flush();
    throw err;
  });
  exitOnSignals(service, logger, { exit: (code) => (log.flush(), process.exit(code)) });
  if (values.json) {
    printJson({ running: true, url: service.openUrl, dataDir: dataPaths(dataDir).root, host: service.host, port: service.port, ...(service.lan ? { lan: service.lan } : {}) });
  } else {
    print(`ShopWatch NVR is running. Open ${service.openUrl}`);
    print(`Data folder: ${dataPaths(dataDir).root}. Stop it with Ctrl+C.`);
    if (service.lan) {
      print(`Other devices on the shop's network open ${service.lan.urls.join(' or ')} and sign in with the LAN password.`);
      print(
        `The first time, their browser warns about the NVR's own certificate: accept it only if the fingerprint it shows is ${service.lan.fingerprint256}`,
      );
    } else if (!isLoopbackHost(service.host)) print(`It also listens on ${service.host}:${service.port}: other devices sign in with the LAN password.`);
  }
  if (!values['no-open'] && !process.env.NVR_NO_OPEN) openInBrowser(service.openUrl, logger);
  return new Promise<number>(() => undefined); // runs until a signal stops it
}

export async function url(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  const paths = dataPaths(resolveDataDir(values['data-dir']));
  const info = readServiceInfo(paths.root);
  const token = readToken(paths.serviceToken);
  if (!info || !token) throw new NoServiceError(`No NVR service is running for the data folder ${paths.root}; start it with \`nvr serve\`.`);
  const host = isLoopbackHost(info.host) ? info.host : '127.0.0.1';
  const address = `http://${host}:${info.port}/?token=${token}`;
  if (values.json) printJson({ url: address });
  else print(address);
  return EXIT.ok;
}

export async function lanPassword(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  const paths = dataPaths(resolveDataDir(values['data-dir']));
  const password = await readStdinLine('Type the LAN password (at least 10 characters) and press Enter: ');
  const { ensureDataFolders } = await import('../core/config/data-dir.ts');
  ensureDataFolders(paths);
  await storeLanPassword(paths.root, password);
  if (values.json) printJson({ saved: true });
  else print('LAN password saved (as a scrypt hash). Start with --host 0.0.0.0 to listen on the network.');
  return EXIT.ok;
}
