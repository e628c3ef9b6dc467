// Detection worker (worker_threads): loads the YOLOX model once with onnxruntime-node (on the accelerator asked for
// when this build has it, else the CPU: yolox-session.ts) and answers 'detect'
// requests one at a time. Per request: each region is letterboxed into the one reused input buffer on a canvas of its
// own size (yolox.ts canvasFor; 416 × 416 when the model's size could not be freed), run, decoded and mapped back to
// frame pixels; the persons of all regions are merged and NMS'd. The frame buffer always goes back.
// Thin glue: the algorithms are in yolox.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import ort from 'onnxruntime-node';
import { i420Size, type Detection, type DetectionRequest, type DetectionResponse, type DetectionWorkerData } from './detection-types.ts';
import { INPUT_LENGTH, canvasFor, clipRegion, cutByRegion, decodeYolox, letterboxI420, nms, squareCanvas, toSourceBox } from './yolox.ts';
import { INPUT_NAME, OUTPUT_NAME, loadYoloxSessionOn, type AcceleratorChoice, type YoloxSession } from './yolox-session.ts';
import { errorMessage } from '../../preload/format.ts';

const PERSON_CLASS = 0;
/** A box this close to a crop's inner edge (model pixels) was cut by it. */
const CUT_TOLERANCE_PX = 2;
const NMS_IOU = 0.45;

const port = parentPort;
if (!port) throw new Error('detection-worker must run as a worker thread');
const data = workerData as DetectionWorkerData;

function post(msg: DetectionResponse, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(msg, transfer);
}

function message(err: unknown): string {
  return errorMessage(err);
}

// Reused by every request: one buffer, and a tensor over it for each canvas size met (at most 13 × 13 sizes).
const input = new Float32Array(INPUT_LENGTH);
const tensors = new Map<number, ort.Tensor>();
const decoded: Detection[] = [];

function tensorFor(width: number, height: number): ort.Tensor {
  const key = height * 1000 + width;
  let t = tensors.get(key);
  if (!t) tensors.set(key, (t = new ort.Tensor('float32', input.subarray(0, 3 * width * height), [1, 3, height, width])));
  return t;
}

async function detect({ session, freeSize }: YoloxSession, req: DetectionRequest): Promise<DetectionResponse & { type: 'result' }> {
  const t0 = performance.now();
  const { width, height } = req;
  if (req.frame.byteLength < i420Size(width, height)) {
    throw new Error(`the frame has ${req.frame.byteLength} bytes, an I420 frame of ${width}×${height} needs ${i420Size(width, height)}`);
  }
  const src = new Uint8Array(req.frame);
  const persons: Detection[] = [];
  let inferenceMs = 0;
  let pixels = 0;
  for (const r of req.regions) {
    const region = clipRegion(r, width, height);
    const canvas = freeSize ? canvasFor(region.w, region.h, r.scale) : squareCanvas(region.w, region.h);
    const { scale } = letterboxI420(src, width, height, region, input, canvas);
    const t1 = performance.now();
    const outputs = await session.run({ [INPUT_NAME]: tensorFor(canvas.width, canvas.height) });
    inferenceMs += performance.now() - t1;
    pixels += canvas.width * canvas.height;
    const output = outputs[OUTPUT_NAME];
    if (!output || !(output.data instanceof Float32Array)) throw new Error(`the model gave no float32 "${OUTPUT_NAME}" output`);
    for (const d of decodeYolox(output.data, req.scoreThreshold, PERSON_CLASS, decoded, canvas)) {
      const box = toSourceBox(d, scale, region);
      // Someone cut off by a crop's edge is left to the crop (or the pass) that sees them whole.
      if (!cutByRegion(box, region, width, height, CUT_TOLERANCE_PX / scale)) persons.push({ box, score: d.score });
    }
    output.dispose();
  }
  return { type: 'result', id: req.id, persons: nms(persons, NMS_IOU), frame: req.frame, inferenceMs, pixels, totalMs: performance.now() - t0 };
}

function serve(loaded: YoloxSession, accelerator: AcceleratorChoice): void {
  // One request at a time, in arrival order.
  let chain: Promise<void> = Promise.resolve();
  port!.on('message', (req: DetectionRequest) => {
    if (req.type !== 'detect') return;
    chain = chain.then(async () => {
      try {
        const res = await detect(loaded, req);
        post(res, [res.frame]);
      } catch (err) {
        const frame = req.frame.byteLength > 0 ? req.frame : null;
        post({ type: 'error', id: req.id, message: message(err), frame }, frame ? [frame] : []);
      }
    });
  });
  post({ type: 'ready', inputName: INPUT_NAME, outputName: OUTPUT_NAME, accelerator, freeSize: loaded.freeSize });
}

loadYoloxSessionOn(data.modelPath, data.threads, data.accelerator ?? 'auto').then(({ accelerator, ...loaded }) => serve(loaded, accelerator), (err: unknown) => {
  // The main thread terminates this worker when it reads the message.
  post({ type: 'load-error', message: message(err) });
});
