// A damaged or foreign model file is refused with a sentence, never fatal (issue: "Hardening", H5). Before this, a
// truncated download or random bytes at the model path aborted the process in 5 of ~31 starts (onnxruntime throwing
// from native code while another worker was being terminated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkModel, SHIPPED_MODELS } from '../../main/core/detection/model-check.ts';
import { PersonDetector } from '../../main/core/detection/person-detector.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { repoRoot } from '../fixtures/build-fixture.ts';
import { sharedModelPath } from '../fixtures/shared-files.ts';

const cliPath = path.join(repoRoot, 'out', 'main', 'cli.js');
const dirs: string[] = [];
const tmpDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'nvr-model-'));
  dirs.push(d);
  return d;
};

let truncated: string;
let random: string;

beforeAll(() => {
  if (!existsSync(path.join(repoRoot, 'out', 'workers', 'model-trial.js')) || !existsSync(cliPath)) {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error('build failed: ' + r.stderr);
  }
  const dir = tmpDir();
  const model = readFileSync(sharedModelPath());
  // What a download cut short leaves: the first 40 % of the real file, under its real name.
  mkdirSync(path.join(dir, 'cut'));
  truncated = path.join(dir, 'cut', 'yolox_nano.onnx');
  writeFileSync(truncated, model.subarray(0, Math.floor(model.length * 0.4)));
  random = path.join(dir, 'random.onnx');
  writeFileSync(random, randomBytes(model.length));
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('checkModel', () => {
  it('knows the shipped model by its checksum, under any name and from any folder', async () => {
    expect(SHIPPED_MODELS['yolox_nano.onnx']?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await checkModel(sharedModelPath(), { shipped: true })).toEqual({ ok: true, how: 'checksum' });
    const renamed = path.join(tmpDir(), 'my-model.onnx');
    copyFileSync(sharedModelPath(), renamed);
    expect(await checkModel(renamed, { shipped: false })).toEqual({ ok: true, how: 'checksum' });
  });

  it("refuses the app's own copy when it is damaged, without loading it, and says how to fetch it again", async () => {
    const verdict = await checkModel(truncated, { shipped: true, trialScript: '/nonexistent/never-started.js' });
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(
      /^the model file .+yolox_nano\.onnx is damaged or incomplete \(1\.4 MB instead of 3\.5 MB\): its checksum is not the one the app ships\. Run `npm run setup:model`/,
    );
  });

  it('tries any other file in a child process first and refuses it with the reason', async () => {
    for (const file of [truncated, random]) {
      const verdict = await checkModel(file, { shipped: false });
      expect(verdict.ok).toBe(false);
      expect(!verdict.ok && verdict.reason).toMatch(/could not be loaded \(.+\)\. Replace it with a good copy of yolox_nano\.onnx/);
    }
  });

  it('says so when the file is missing', async () => {
    const verdict = await checkModel(path.join(tmpDir(), 'none.onnx'), { shipped: false });
    expect(!verdict.ok && verdict.reason).toMatch(/does not exist\. Choose the model file again in Settings; motion detection still works\./);
  });
});

describe('PersonDetector start-up with a worker that fails to load', () => {
  it('lets every other worker finish loading before terminating any (terminating one mid-load aborted the process)', async () => {
    const dir = tmpDir();
    const marker = path.join(dir, 'slow-loaded');
    const script = path.join(dir, 'half-failing-worker.mjs');
    // Of two workers, the first fails at once; the second takes 300 ms to "load", then notes that it finished.
    writeFileSync(
      script,
      `import { parentPort, threadId } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
if (threadId % 2 === 1) parentPort.postMessage({ type: 'load-error', message: 'Protobuf parsing failed.' });
else setTimeout(() => { writeFileSync(${JSON.stringify(marker)}, 'done'); parentPort.postMessage({ type: 'ready', inputName: 'images', outputName: 'output' }); }, 300);
`,
    );
    await expect(
      PersonDetector.create({ modelPath: sharedModelPath(), threads: 1, workers: 2, logger: silentLogger(), workerPath: script }),
    ).rejects.toThrow(/could not be loaded \(Protobuf parsing failed\.\)/);
    expect(existsSync(marker)).toBe(true);
  });
});

interface StartResult {
  exit: number | null;
  signal: NodeJS.Signals | null;
  reason: string | null;
}

/** One start of service mode with NVR_MODEL_PATH at `model`: waits until it answers, then stops it with SIGTERM. */
function startService(model: string): Promise<StartResult> {
  const dataDir = tmpDir();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'serve', '--data-dir', dataDir, '--port', '0', '--no-open'], {
      cwd: repoRoot,
      env: { ...process.env, NVR_LOG_LEVEL: 'warn', NVR_MODEL_PATH: model, NVR_NO_OPEN: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let reason: string | null = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no answer within 30 s:\n${out}`));
    }, 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"reason":"(Person detection is off: [^"]+)"/.exec(out);
      if (m) reason = m[1]!;
      if (/ShopWatch NVR is running/.test(out) && child.exitCode === null && !child.killed) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (exit, signal) => {
      clearTimeout(timer);
      resolve({ exit, signal, reason });
    });
  });
}

describe('service mode with a bad model at the model path', () => {
  it('starts 20 times with a truncated and 20 times with a random model: never aborts, detection off with the reason', async () => {
    const results: { model: string; r: StartResult }[] = [];
    const runs = [...Array(20).fill(truncated), ...Array(20).fill(random)] as string[];
    // Two at a time (2-core machines).
    for (let i = 0; i < runs.length; i += 2) {
      const pair = runs.slice(i, i + 2);
      const rs = await Promise.all(pair.map((m) => startService(m)));
      rs.forEach((r, j) => results.push({ model: pair[j]!, r }));
    }
    const aborted = results.filter(({ r }) => r.signal !== null || r.exit !== 0);
    expect(aborted.map(({ model, r }) => `${path.basename(model)}: exit ${r.exit} signal ${r.signal}`)).toEqual([]);
    for (const { r } of results) {
      expect(r.reason).toMatch(/^Person detection is off: the model file .+ could not be loaded \(.+\)\. Replace it with a good copy/);
    }
  }, 240_000);
});
