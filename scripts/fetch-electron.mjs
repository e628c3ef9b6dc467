// Best-effort set-up step: fetches the Electron runtime that `npm start` uses for the desktop app. electron ≥ 42 has
// no install script of its own; its `install-electron` step downloads the runtime for this OS. Never fails an install:
// where the runtime cannot be had (no network, a headless CI machine, ELECTRON_SKIP_BINARY_DOWNLOAD=1) it prints one
// line and exits 0, and `npm start` then starts service mode instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const TIMEOUT_MS = 300_000;
const require = createRequire(import.meta.url);

function electronDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The runtime is there when the package's path.txt names a binary that exists (what `nvr start` checks too). */
function runtimeInstalled(dir) {
  try {
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    return rel !== '' && existsSync(path.join(dir, 'dist', rel));
  } catch {
    return false;
  }
}

function say(line) {
  console.log(`fetch-electron: ${line}`);
}

const dir = electronDir();
if (!dir) {
  say('the electron package is not installed (a production install): nothing to fetch.');
} else if (runtimeInstalled(dir)) {
  say('the Electron runtime is already there.');
} else if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
  say('skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1): `npm start` will start service mode.');
} else {
  const child = spawn(process.execPath, [path.join(dir, 'install.js')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk) => (tail = (tail + chunk.toString()).slice(-2000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  child.on('error', (err) => keep(err.message));
  child.on('close', (code, signal) => {
    clearTimeout(timer);
    if (code === 0 && runtimeInstalled(dir)) {
      say('the Electron runtime is installed: `npm start` opens the desktop app.');
    } else {
      const last = tail.trim().split('\n').filter(Boolean).pop() ?? (signal ? `stopped after ${TIMEOUT_MS / 1000} s` : `exit ${code}`);
      say(`could not download the Electron runtime (${last.slice(0, 200)}); \`npm start\` will start service mode. ` +
        'Run `npm run setup:electron` to try again.');
    }
    process.exit(0);
  });
}
