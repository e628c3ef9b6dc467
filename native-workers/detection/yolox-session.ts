// Loading the YOLOX model with onnxruntime-node, for the detection worker and the model trial alike: one place that
// knows the session options, the accelerator to ask for, and the input and output a usable model must have.
//
// The accelerator: onnxruntime-node's prebuilt binaries carry DirectML on Windows and CoreML on macOS (and CPU
// everywhere); listSupportedBackends() says what this build has. 'auto' asks for the platform's one when the build has
// it and falls back to the CPU when it is missing or its session cannot be made (no driver, an old GPU), saying why.
//
// The picture size: on the CPU the model is loaded with its input size freed (onnx-free-size.ts), so that each region
// runs on a canvas just big enough for it (a model run costs about 0.13 ms per thousand pixels here, 22 ms at 416 ×
// 416). Accelerators keep the exported 416 × 416: DirectML and CoreML compile the graph per input shape, and a run
// there costs little whatever its size. A model whose size cannot be freed (another export) is used as it is.
import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { INPUT_SIZE, type Canvas } from './yolox.ts';
import { freeModelDims } from './onnx-free-size.ts';

export const INPUT_NAME = 'images';
export const OUTPUT_NAME = 'output';

/** What the detector asks for: 'auto' (the platform's accelerator, else the CPU), 'cpu', or an execution provider's name. */
export type AcceleratorRequest = string;

/** A loaded model: `freeSize` when it takes any canvas (multiples of 32 up to 416), else 416 × 416 only. */
export interface YoloxSession {
  session: ort.InferenceSession;
  freeSize: boolean;
}

export interface AcceleratorChoice {
  /** The execution provider asked for ('cpu' when there was nothing to ask for). */
  requested: string;
  /** The one that runs. */
  running: string;
  /** Why it is not the one asked for, in one sentence; null when it is. */
  note: string | null;
}

/** The accelerator the prebuilt onnxruntime-node has on this platform, or null (CPU only). */
export function platformAccelerator(platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') return 'dml';
  if (platform === 'darwin') return 'coreml';
  return null;
}

/** The execution providers this onnxruntime-node build carries (cpu, dml, coreml, webgpu, cuda, …). */
export function bundledProviders(): string[] {
  try {
    return ort.listSupportedBackends().filter((b) => b.bundled).map((b) => b.name);
  } catch {
    return ['cpu'];
  }
}

function sessionOptions(threads: number, provider: string): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: Math.max(1, Math.floor(threads)),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    executionProviders: [provider],
  };
}

/** Loads the model on the accelerator asked for when it can, else on the CPU; says which one runs. */
export async function loadYoloxSessionOn(
  modelPath: string,
  threads: number,
  accelerator: AcceleratorRequest = 'auto',
): Promise<YoloxSession & { accelerator: AcceleratorChoice }> {
  const wanted = accelerator === 'auto' ? platformAccelerator() : accelerator;
  if (!wanted || wanted === 'cpu') {
    return { ...(await loadYoloxSession(modelPath, threads)), accelerator: { requested: 'cpu', running: 'cpu', note: null } };
  }
  let note: string;
  if (!bundledProviders().includes(wanted)) {
    note = `This build of onnxruntime-node has no '${wanted}' accelerator: person detection runs on the CPU.`;
  } else {
    try {
      const loaded = await loadYoloxSession(modelPath, threads, wanted);
      return { ...loaded, accelerator: { requested: wanted, running: wanted, note: null } };
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      note = `The '${wanted}' accelerator could not be used (${why}): person detection runs on the CPU.`;
    }
  }
  return { ...(await loadYoloxSession(modelPath, threads)), accelerator: { requested: wanted, running: 'cpu', note } };
}

/** The model's bytes with the input's height and width and the output's rows freed, or null when they cannot be. */
async function freedModel(modelPath: string): Promise<Uint8Array | null> {
  try {
    return freeModelDims(new Uint8Array(await readFile(modelPath)), { [INPUT_NAME]: { 2: 'height', 3: 'width' }, [OUTPUT_NAME]: { 1: 'rows' } });
  } catch {
    return null;
  }
}

export async function loadYoloxSession(modelPath: string, threads: number, provider = 'cpu'): Promise<YoloxSession> {
  const options = sessionOptions(threads, provider);
  const freed = provider === 'cpu' ? await freedModel(modelPath) : null;
  if (freed) {
    let session: ort.InferenceSession | null = null;
    try {
      session = await ort.InferenceSession.create(freed, options);
    } catch {
      session = null; // not the shape expected after all: the file as it is
    }
    if (session) return { session: await checkedIo(session), freeSize: true };
  }
  return { session: await checkedIo(await ort.InferenceSession.create(modelPath, options)), freeSize: false };
}

async function checkedIo(session: ort.InferenceSession): Promise<ort.InferenceSession> {
  if (!session.inputNames.includes(INPUT_NAME) || !session.outputNames.includes(OUTPUT_NAME)) {
    const found = `inputs ${session.inputNames.join(', ') || 'none'}, outputs ${session.outputNames.join(', ') || 'none'}`;
    await session.release();
    throw new Error(`it is not a YOLOX model (${found}; expected "${INPUT_NAME}" → "${OUTPUT_NAME}")`);
  }
  return session;
}

/** One inference on an empty picture: a model that loads but cannot run (wrong shapes) fails here. */
export async function runOnce(session: ort.InferenceSession, canvas: Pick<Canvas, 'width' | 'height'> = { width: INPUT_SIZE, height: INPUT_SIZE }): Promise<void> {
  const input = new ort.Tensor('float32', new Float32Array(3 * canvas.width * canvas.height), [1, 3, canvas.height, canvas.width]);
  const outputs = await session.run({ [INPUT_NAME]: input });
  const output = outputs[OUTPUT_NAME];
  if (!output || !(output.data instanceof Float32Array)) throw new Error(`it gave no float32 "${OUTPUT_NAME}" output`);
  output.dispose();
}
