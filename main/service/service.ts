// Service mode: the engine plus the HTTP/WebSocket server, with a fresh session token written to the data folder
// (service-token, mode 0600) and the port in service.json next to it, so that `nvr` commands on this PC find it.
import { spawn } from 'node:child_process';
import { createCoreServices, type CoreServices, type EngineOptions } from '../core/core-services.ts';
import { createCoreApi } from '../core/api.ts';
import type { ApiHandlers } from '../../preload/contract.ts';
import type { Logger } from '../core/logging/logger.ts';
import { dataPaths, ensureDataFolders } from '../core/config/data-dir.ts';
import path from 'node:path';
import {
  createSessionToken,
  isLoopbackHost,
  processAlive,
  readLanPasswordHash,
  readServiceInfo,
  removeServiceFiles,
  writeServiceFiles,
} from './auth.ts';
import { ServiceStartError, startHttpService } from './http-server.ts';
import { readLanConfig } from '../core/access/lan-config.ts';
import { loadOrCreateLanCertificate } from './lan-certificate.ts';
import { defaultRendererDir } from './static-files.ts';
import { createEngineMonitoring } from '../core/metrics/engine-monitoring.ts';

import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.ts';

export { DEFAULT_HOST, DEFAULT_PORT };

export interface ServiceOptions {
  dataDir: string;
  port?: number;
  host?: string;
  logger: Logger;
  /** Passed on to the engine (tests: notification sinks, model path). */
  engine?: Omit<EngineOptions, 'dataDir' | 'logger'>;
  rendererDir?: string;
}

export interface RunningService {
  /** The page's address without the token. */
  url: string;
  /** The address to open once: it carries the token, which the page swaps for a cookie. */
  openUrl: string;
  token: string;
  port: number;
  /** What it listens on (--host, or the network when LAN access is switched on in Settings). */
  host: string;
  /** The core's narrow services (cameras, media, health, …). */
  engine: CoreServices;
  /** The contract's handlers the transports serve (createCoreApi over those services). */
  api: ApiHandlers;
  /** LAN access (HTTPS): the addresses other devices open, and the certificate's fingerprint to compare on them. */
  lan: { urls: string[]; fingerprint256: string } | null;
  stop(): Promise<void>;
}

/** https://<address>:<port>/ for this PC's network addresses (not its loopback names). */
function lanAddresses(names: string[], port: number): string[] {
  return names
    .filter((n) => !isLoopbackHost(n) && n !== 'localhost')
    .map((n) => `https://${n.includes(':') ? `[${n}]` : n}:${port}/`);
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const logger = options.logger.child({ component: 'service' });
  const paths = dataPaths(path.resolve(options.dataDir));
  ensureDataFolders(paths);
  // LAN access switched on in Settings (with a LAN password): the network, unless --host says otherwise.
  const lanConfig = readLanConfig(paths.root);
  const host = options.host ?? (lanConfig.enabled === true && lanConfig.passwordHash ? '0.0.0.0' : DEFAULT_HOST);
  const port = options.port ?? DEFAULT_PORT;

  const previous = readServiceInfo(paths.root);
  if (previous && previous.pid !== process.pid && processAlive(previous.pid)) {
    throw new ServiceStartError(
      `Another NVR service (process ${previous.pid}) is already using this data folder on port ${previous.port}; stop it first, or use another --data-dir.`,
    );
  }
  const lanPasswordHash = readLanPasswordHash(paths.root);
  // Other devices get HTTPS with the NVR's own certificate (made once, kept in the data folder); the PC keeps HTTP.
  const certificate = !isLoopbackHost(host) && lanPasswordHash ? await loadOrCreateLanCertificate(paths.root) : null;
  const engine = await createCoreServices({ ...options.engine, dataDir: paths.root, logger: options.logger });
  const api = createCoreApi(engine);
  const token = createSessionToken();
  let http;
  try {
    http = await startHttpService({
      handlers: api,
      subscribe: (name, listener) => engine.on(name, listener),
      media: engine.media,
      token,
      logger,
      rendererDir: options.rendererDir ?? defaultRendererDir(),
      host,
      port,
      lanPasswordHash,
      access: engine.access,
      language: () => engine.settings.get().language, // the sign-in page's language
      tls: certificate ? { key: certificate.key, cert: certificate.cert } : null,
      monitoring: createEngineMonitoring(engine.health),
      mediaLinks: engine.mediaLinks,
    });
  } catch (err) {
    await engine.stop();
    throw err;
  }
  const startedAt = Date.now();
  writeServiceFiles(paths, token, { port: http.port, host, pid: process.pid, startedAt });
  let lan = certificate ? { urls: lanAddresses(certificate.names, http.port), fingerprint256: certificate.fingerprint256 } : null;
  engine.access.setListenerStatus(() => ({ listening: !isLoopbackHost(http.host), urls: lan?.urls ?? [] }));
  // LAN access switched on in Settings while the NVR listens on this PC only: the network, at once (not with --host,
  // which the owner chose on the command line).
  if (options.host === undefined) {
    engine.access.setNetworkOpener(async () => {
      const made = await loadOrCreateLanCertificate(paths.root);
      await http.openToNetwork({ key: made.key, cert: made.cert });
      lan = { urls: lanAddresses(made.names, http.port), fingerprint256: made.fingerprint256 };
      writeServiceFiles(paths, token, { port: http.port, host: http.host, pid: process.pid, startedAt });
      logger.info({ lanUrls: lan.urls, lanCertificate: made.fingerprint256 }, 'LAN access on: other devices can open the NVR now');
    });
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${http.port}/`;
  logger.info({ url, dataDir: paths.root, lan: host !== DEFAULT_HOST, lanCertificate: certificate?.fingerprint256 }, 'service mode listening');

  let stopping: Promise<void> | null = null;
  return {
    url,
    openUrl: `${url}?token=${token}`,
    token,
    port: http.port,
    get host() {
      return http.host;
    },
    engine,
    api,
    get lan() {
      return lan;
    },
    stop() {
      stopping ??= (async () => {
        removeServiceFiles(paths);
        await http.close();
        await engine.stop();
        logger.info('service mode stopped');
      })();
      return stopping;
    },
  };
}

/** Opens the page in the desktop's browser where there is a desktop; silently does nothing elsewhere. */
export function openInBrowser(url: string, logger: Logger): void {
  const platform = process.platform;
  if (platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const [cmd, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => logger.debug('no browser opener found'));
    child.unref();
  } catch {
    logger.debug('no browser opener found');
  }
}
