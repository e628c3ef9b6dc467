// Run by `npm run dist` before electron-builder: everything the installers must carry is here, or one line says what
// is missing and how to get it (electron-builder itself would quietly build an app without ffmpeg or the model).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(root, p);

const ffmpegName = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
const checks = [
  ['out/main/desktop.js', 'the desktop app is not built: run `npm run build`'],
  ['out/preload/index.cjs', 'the preload is not built: run `npm run build`'],
  ['out/renderer/index.html', 'the page is not built: run `npm run build`'],
  ['out/workers/motion-worker.js', 'the workers are not built: run `npm run build`'],
  ['out/workers/detection-worker.js', 'the workers are not built: run `npm run build`'],
  ['resources/models/yolox_nano.onnx', 'the person-detection model is missing: run `npm run setup:model` (needs network)'],
  [
    `node_modules/ffmpeg-static/${ffmpegName}`,
    'ffmpeg-static has no ffmpeg binary (its download failed at install): run `npm install ffmpeg-static` with network access',
  ],
  [
    `node_modules/@ffprobe-installer/${process.platform}-${process.arch}/${ffmpegName.replace('ffmpeg', 'ffprobe')}`,
    `@ffprobe-installer has no ffprobe for ${process.platform}-${process.arch}: run \`npm install\` (it has builds for Windows x64, macOS x64 and arm64, Linux x64 and arm64)`,
  ],
  ['resources/icons/icon.png', 'the icons are missing: run `npm run icons`'],
  ['resources/icons/tray-ok.png', 'the tray icons are missing: run `npm run icons`'],
];

const missing = checks.filter(([file]) => !existsSync(at(file)));
const nativeBinding = existsSync(at('node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
if (!nativeBinding) missing.push(['node_modules/better-sqlite3', 'better-sqlite3 is not built: run `npm install`']);
const pngSizes = existsSync(at('resources/icons/png')) ? readdirSync(at('resources/icons/png')).filter((f) => /^\d+x\d+\.png$/.test(f)) : [];
if (pngSizes.length === 0) missing.push(['resources/icons/png', 'the Linux icon sizes are missing: run `npm run icons`']);

if (missing.length > 0) {
  process.stderr.write('The installers cannot be built yet:\n');
  for (const [file, why] of missing) process.stderr.write(`  - ${file}: ${why}\n`);
  process.exit(1);
}
process.stdout.write('Everything the installers carry is present.\n');
