// Loading the YOLOX model with onnxruntime-node (CPU), for the detection worker and the model trial alike: one place
// that knows the session options and the input and output a usable model must have.
import ort from 'onnxruntime-node';
import { INPUT_SIZE } from './yolox.ts';

export const INPUT_NAME = 'images';
export const OUTPUT_NAME = 'output';

export async function loadYoloxSession(modelPath: string, threads: number): Promise<ort.InferenceSession> {
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: Math.max(1, Math.floor(threads)),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  });
  if (!session.inputNames.includes(INPUT_NAME) || !session.outputNames.includes(OUTPUT_NAME)) {
    const found = `inputs ${session.inputNames.join(', ') || 'none'}, outputs ${session.outputNames.join(', ') || 'none'}`;
    await session.release();
    throw new Error(`it is not a YOLOX model (${found}; expected "${INPUT_NAME}" → "${OUTPUT_NAME}")`);
  }
  return session;
}

/** One inference on an empty picture: a model that loads but cannot run (wrong shapes) fails here. */
export async function runOnce(session: ort.InferenceSession): Promise<void> {
  const input = new ort.Tensor('float32', new Float32Array(3 * INPUT_SIZE * INPUT_SIZE), [1, 3, INPUT_SIZE, INPUT_SIZE]);
  const outputs = await session.run({ [INPUT_NAME]: input });
  const output = outputs[OUTPUT_NAME];
  if (!output || !(output.data instanceof Float32Array)) throw new Error(`it gave no float32 "${OUTPUT_NAME}" output`);
  output.dispose();
}
