// Best-effort set-up step: puts the person-detection model (YOLOX-Nano, ONNX) at resources/models/yolox_nano.onnx
// when it is not there yet. Downloads the pinned file, checks its sha256, writes it atomically (temporary file +
// rename). Never fails an install: on any problem it prints one line and exits 0; the app then runs without person
// detection and says why. The app itself never downloads anything.
//   node scripts/fetch-model.mjs [--dest <file>] [--url <url>]   (--url is for testing with a local copy)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The pinned file, its size and checksum: resources/models/models.json, which the app checks before loading too.
const shipped = JSON.parse(readFileSync(path.join(root, 'resources', 'models', 'models.json'), 'utf8'))['yolox_nano.onnx'];
const PINNED_URL = shipped.url;
const SHA256 = shipped.sha256;
const TIMEOUT_MS = 120_000;

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dest = path.resolve(arg('--dest') ?? path.join(root, 'resources', 'models', 'yolox_nano.onnx'));
const url = arg('--url') ?? PINNED_URL;

async function main() {
  if (existsSync(dest)) {
    const sum = createHash('sha256').update(readFileSync(dest)).digest('hex');
    if (sum === SHA256) {
      console.log(`fetch-model: ${dest} is already there`);
      return;
    }
    // A download cut short, or a damaged copy: the app would refuse it, so fetch it again.
    console.log(`fetch-model: ${dest} is damaged (sha256 ${sum.slice(0, 12)}…, expected ${SHA256.slice(0, 12)}…): fetching it again`);
  }
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  if (!res.ok) throw new Error(`the download answered HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const sum = createHash('sha256').update(body).digest('hex');
  if (sum !== SHA256) throw new Error(`the downloaded file has sha256 ${sum}, expected ${SHA256} (not kept)`);
  mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.part`;
  try {
    writeFileSync(tmp, body);
    renameSync(tmp, dest);
  } finally {
    rmSync(tmp, { force: true });
  }
  console.log(`fetch-model: saved the person-detection model (${body.length} bytes, sha256 checked) to ${dest}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    const why = err?.cause?.message ?? err?.message ?? String(err);
    console.log(
      `fetch-model: could not get the person-detection model (${why}); the app will run without person detection until ` +
        `${dest} exists (copy yolox_nano.onnx there, or set NVR_MODEL_PATH).`,
    );
    process.exit(0);
  },
);
