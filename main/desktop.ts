// The desktop app's entry (built to out/main/desktop.js; electron-builder.yml names it as the app's main, `nvr start`
// launches it with Electron). The composition root, like cli.ts: it starts the Electron shell (main/desktop/) and
// hands it LAN viewing from service mode (main/service/), so neither of the two imports the other.
import { runDesktopShell } from './desktop/shell.ts';
import { createSessionToken, processAlive, readLanPasswordHash, readServiceInfo } from './service/auth.ts';
import { startHttpService } from './service/http-server.ts';
import { loadOrCreateLanCertificate } from './service/lan-certificate.ts';
import { createEngineMonitoring } from './core/metrics/engine-monitoring.ts';

runDesktopShell({
  // Two engines on one data folder would fight over the cameras and the database.
  preflight(dataDir) {
    const service = readServiceInfo(dataDir);
    if (!service || service.pid === process.pid || !processAlive(service.pid)) return null;
    return `Service mode (process ${service.pid}, port ${service.port}) is already running on the data folder ${dataDir}. Stop it first (Ctrl+C where it runs), then start the desktop app again.`;
  },
  lanViewing: {
    passwordSet: (dataDir) => readLanPasswordHash(dataDir) !== null,
    async start(core, { port, rendererDir, logger, dataDir }) {
      // The same server as `nvr serve --host 0.0.0.0`: every device on the LAN signs in with the LAN password, over
      // HTTPS with the NVR's own certificate (its fingerprint is in the log and in `nvr serve`'s output).
      const certificate = await loadOrCreateLanCertificate(dataDir);
      logger.info({ lanCertificate: certificate.fingerprint256 }, 'LAN viewing over HTTPS');
      return startHttpService({
        handlers: core.api,
        subscribe: (name, listener) => core.services.on(name, listener),
        media: core.services.media,
        token: createSessionToken(),
        logger: logger.child({ component: 'lan' }),
        rendererDir,
        host: '0.0.0.0',
        port,
        lanPasswordHash: readLanPasswordHash(dataDir),
        access: core.services.access, // viewer accounts, LAN access on/off, sessions kept over restarts
        language: () => core.services.settings.get().language, // the sign-in page's language
        tls: { key: certificate.key, cert: certificate.cert },
        monitoring: createEngineMonitoring(core.services.health),
      });
    },
  },
});
