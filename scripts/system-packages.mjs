// What the app and the test suite need from the operating system, in one list, and the best-effort step that puts it
// there: `node scripts/system-packages.mjs app` (run by `npm start` / `npm run serve`) and `… test` (run by
// `npm test`; `.ci/run` relies on it too). On Debian or Ubuntu, as root, missing packages are installed with apt-get
// (it says which, first); without root, or on another OS, it says in one line what to run. It never hangs (apt-get
// waits at most 2 minutes for the package lock and 15 for the install) and never half-installs (apt-get installs all
// or nothing). `app` never fails: without ffmpeg the app starts and says so. `test` fails when the packages the tests
// need are missing and could not be installed, since the suite cannot pass without them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian package names. The app needs ffmpeg only where ffmpeg-static could not install its own. */
export const APP_PACKAGES = ['ffmpeg'];
/** The real parts the tests run: ffmpeg, GStreamer's RTSP server (the cameras), a notification daemon on a private
 * D-Bus and X display (real notifications), Chromium (the UI tests), systemd's unit checker (systemd-analyze verify), `ip netns` for a LAN
 * visitor of its own, pgrep, Mosquitto (the MQTT broker the alert tests publish to), and fonts for Thai and Vietnamese
 * (the UI tests photograph every screen in every language). */
export const TEST_PACKAGES = [
  'ffmpeg',
  'gstreamer1.0-rtsp',
  'gir1.2-gst-rtsp-server-1.0',
  'gstreamer1.0-plugins-base',
  'gstreamer1.0-plugins-good',
  'gstreamer1.0-plugins-ugly',
  'gstreamer1.0-plugins-bad',
  'gstreamer1.0-tools',
  'python3-gi',
  'libnotify-bin',
  'dunst',
  'dbus',
  'dbus-x11',
  'xvfb',
  'xauth',
  'chromium',
  'systemd',
  'iproute2',
  'procps',
  'mosquitto',
  'fonts-thai-tlwg',
  'fonts-noto-core',
];

const MIN_NODE = [22, 12];

function say(line) {
  console.log(`system-packages: ${line}`);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Debian packages of `names` that are not installed (dpkg-query knows them all, in one call). */
function missingDebianPackages(names) {
  const res = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...names], { encoding: 'utf8' });
  const installed = new Set(
    (res.stdout ?? '')
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return names.filter((name) => !installed.has(name));
}

function ffmpegStaticPresent() {
  try {
    const bin = createRequire(import.meta.url)('ffmpeg-static');
    return typeof bin === 'string' && existsSync(bin);
  } catch {
    return false;
  }
}

function apt(args, timeoutMs) {
  const res = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (res.status === 0) return null;
  const last = (res.stderr ?? '').trim().split('\n').filter(Boolean).pop();
  return res.error?.message ?? last ?? `exit ${res.status}`;
}

/** Installs `missing` when this is a Debian-family machine and we are root; returns null on success, else why not. */
function install(missing) {
  const line = `apt-get install ${missing.join(' ')}`;
  if (!has('apt-get') || !has('dpkg-query')) return `this is not a Debian-family system: install the equivalent of: ${missing.join(', ')}`;
  if (process.getuid?.() !== 0) return `run: sudo ${line}`;
  say(`installing ${missing.length} Debian package(s): ${missing.join(' ')}`);
  const failed = apt(['update', '-qq'], 300_000) ?? apt(['install', '-y', '-qq', '--no-install-recommends', ...missing], 900_000);
  if (failed) return `apt-get could not install them (${failed.slice(0, 200)}); run: ${line}`;
  const still = missingDebianPackages(missing);
  return still.length === 0 ? null : `still missing after apt-get: ${still.join(' ')}`;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return true;
  say(
    `ShopWatch NVR needs Node.js ${MIN_NODE.join('.')} or newer (Node 24 LTS); this is ${process.versions.node}. ` +
      'See "What the machine needs" in README.md.',
  );
  return false;
}

function main(which) {
  if (!checkNode()) return 1;
  if (which === 'app') {
    if (ffmpegStaticPresent() || process.env.FFMPEG_PATH || has('ffmpeg')) return 0;
    const why = has('dpkg-query') ? install(missingDebianPackages(APP_PACKAGES)) : 'install ffmpeg and put it on the PATH';
    if (why) say(`ffmpeg was not found, so cameras cannot be watched until it is there: ${why}.`);
    return 0;
  }
  if (which === 'test') {
    if (!has('dpkg-query')) {
      say(`the tests use Debian's packages (${TEST_PACKAGES.join(' ')}); run them on Debian or Ubuntu.`);
      return 1;
    }
    const missing = missingDebianPackages(TEST_PACKAGES);
    if (missing.length === 0) return 0;
    const why = install(missing);
    if (!why) return 0;
    say(`the tests need these Debian packages: ${why}.`);
    return 1;
  }
  say('usage: node scripts/system-packages.mjs app|test');
  return 2;
}

process.exit(main(process.argv[2]));
