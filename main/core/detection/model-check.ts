// A model file is checked before any detection worker loads it, because a damaged file can make onnxruntime abort
// the whole process from native code (seen with truncated and random files: "terminate called after throwing an
// instance of 'Napi::Error'"), which no try/catch survives.
//   - The model the app ships (resources/models/models.json names it): its sha256 must match, else it is refused as
//     damaged without loading it (a download cut short, a disk error).
//   - Any other file (chosen in Settings or by NVR_MODEL_PATH): tried first in a child process of its own
//     (native-workers/detection/model-trial.ts), which loads it and runs it once; only a file that passed is loaded.
//     A verdict is remembered for the same file (path, size, modification time) while the app runs.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import shippedModels from '../../../resources/models/models.json' with { type: 'json' };
import { workerScriptPath } from '../util/worker-path.ts';

export interface ShippedModel {
  bytes: number;
  sha256: string;
}

/** The models the app ships, by file name. */
export const SHIPPED_MODELS: Readonly<Record<string, ShippedModel>> = shippedModels;

export type ModelVerdict = { ok: true; how: 'checksum' | 'trial' } | { ok: false; reason: string };

export interface CheckModelOptions {
  /** True when the file is the app's own copy (its resources), which must be the shipped model exactly. */
  shipped: boolean;
  /** The trial script (out/workers/model-trial.js by default). */
  trialScript?: string;
  /** A trial that has not answered after this long is stopped and the model refused. */
  trialTimeoutMs?: number;
}

const TRIAL_TIMEOUT_MS = 60_000;
const verdicts = new Map<string, ModelVerdict>();

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function checkModel(file: string, options: CheckModelOptions): Promise<ModelVerdict> {
  let st;
  try {
    st = statSync(file);
  } catch {
    return { ok: false, reason: `the model file ${file} does not exist. Choose the model file again in Settings; motion detection still works.` };
  }
  const key = `${path.resolve(file)}\0${st.size}\0${st.mtimeMs}\0${options.shipped}`;
  const known = verdicts.get(key);
  if (known) return known;

  const sum = await fileSha256(file);
  const expected = SHIPPED_MODELS[path.basename(file)];
  let verdict: ModelVerdict;
  if (Object.values(SHIPPED_MODELS).some((m) => m.sha256 === sum)) {
    verdict = { ok: true, how: 'checksum' };
  } else if (options.shipped) {
    const size = expected && st.size !== expected.bytes ? ` (${mib(st.size)} instead of ${mib(expected.bytes)})` : '';
    verdict = {
      ok: false,
      reason:
        `the model file ${file} is damaged or incomplete${size}: its checksum is not the one the app ships. ` +
        'Run `npm run setup:model` to fetch it again (or reinstall the app); motion detection still works.',
    };
  } else {
    verdict = await trial(file, options);
  }
  verdicts.set(key, verdict);
  return verdict;
}

/** Loads and runs the model in a child process; its crash is a verdict, not ours. */
function trial(file: string, options: CheckModelOptions): Promise<ModelVerdict> {
  let script: string;
  try {
    script = options.trialScript ?? workerScriptPath('model-trial');
  } catch (err) {
    return Promise.resolve({ ok: false, reason: `the model file ${file} could not be tried (${(err as Error).message}).` });
  }
  const refuse = (why: string): ModelVerdict => ({
    ok: false,
    reason:
      `the model file ${file} could not be loaded (${why}). ` +
      'Replace it with a good copy of yolox_nano.onnx or choose another model file in Settings; motion detection still works.',
  });
  return new Promise((resolve) => {
    // Inside Electron, process.execPath is Electron itself: ELECTRON_RUN_AS_NODE makes it a plain Node.
    const child = spawn(process.execPath, [script, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => void (out = (out + c.toString()).slice(-4000)));
    child.stderr.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.trialTimeoutMs ?? TRIAL_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(refuse(`the trial could not start: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let answer: { ok?: boolean; message?: string } = {};
      try {
        answer = JSON.parse(out.trim().split('\n').pop() ?? '{}') as typeof answer;
      } catch {
        // a crash prints no answer
      }
      if (code === 0 && answer.ok === true) return resolve({ ok: true, how: 'trial' });
      if (answer.message) return resolve(refuse(answer.message));
      const last = err.trim().split('\n').filter(Boolean).pop();
      resolve(refuse(signal ? `loading it crashed the detection engine (${signal}${last ? `: ${last.slice(0, 160)}` : ''})` : `loading it failed (exit code ${code})`));
    });
  });
}
