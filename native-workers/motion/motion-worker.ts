// Motion worker (worker_threads): thin glue around motion-detector.ts. One detector per camera pinned to this worker;
// the background model lives here. Frames arrive transferred and always go back transferred, so the main thread's
// pool can reuse them: nothing is copied or serialised.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { MotionDetector, motionConfigProblem } from './motion-detector.ts';
import type { MotionRequest, MotionResponse } from './motion-types.ts';
import { errorMessage } from '../../preload/format.ts';

const port = parentPort;
if (!port) throw new Error('motion-worker must run in a worker thread');

const detectors = new Map<string, MotionDetector>();

function reply(msg: MotionResponse): void {
  const frame = msg.frame;
  port!.postMessage(msg, frame && frame.byteLength ? [frame] : []);
}

port.on('message', (msg: MotionRequest) => {
  switch (msg.type) {
    case 'configure': {
      const problem = motionConfigProblem(msg.config);
      if (problem) {
        reply({ type: 'error', cameraId: msg.cameraId, seq: null, message: problem, frame: null });
        return;
      }
      const existing = detectors.get(msg.cameraId);
      if (existing && existing.width === msg.width && existing.height === msg.height) existing.reconfigure(msg.config);
      else detectors.set(msg.cameraId, new MotionDetector(msg.width, msg.height, msg.config));
      return;
    }
    case 'remove':
      detectors.delete(msg.cameraId);
      return;
    case 'analyze': {
      const detector = detectors.get(msg.cameraId);
      if (!detector) {
        reply({ type: 'error', cameraId: msg.cameraId, seq: msg.seq, message: 'camera not configured in this worker', frame: msg.frame });
        return;
      }
      const needed = detector.width * detector.height;
      if (msg.frame.byteLength < needed) {
        reply({
          type: 'error',
          cameraId: msg.cameraId,
          seq: msg.seq,
          message: `frame of ${msg.frame.byteLength} bytes is smaller than ${detector.width}x${detector.height}`,
          frame: msg.frame,
        });
        return;
      }
      const started = performance.now();
      try {
        const result = detector.analyze(new Uint8Array(msg.frame), msg.time);
        reply({ type: 'result', cameraId: msg.cameraId, seq: msg.seq, result, frame: msg.frame, analysisMs: performance.now() - started });
      } catch (err) {
        reply({ type: 'error', cameraId: msg.cameraId, seq: msg.seq, message: errorMessage(err), frame: msg.frame });
      }
      return;
    }
  }
});
