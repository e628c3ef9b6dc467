// A model file that is not the one the app ships is tried here first, in a process of its own: a file that makes
// onnxruntime crash (an abort in native code cannot be caught) then ends this process, never the NVR.
//   node out/workers/model-trial.js MODEL_FILE   → prints one JSON line {"ok":true} or {"ok":false,"message":…}
import { loadYoloxSession, runOnce } from './yolox-session.ts';
import { errorMessage } from '../../preload/format.ts';

const file = process.argv[2];
const say = (o: { ok: boolean; message?: string }): void => void process.stdout.write(JSON.stringify(o) + '\n');

if (!file) {
  say({ ok: false, message: 'no model file was given' });
  process.exit(2);
}
try {
  const { session, freeSize } = await loadYoloxSession(file, 1);
  await runOnce(session);
  if (freeSize) await runOnce(session, { width: 96, height: 160 }); // the small canvases the detector will use
  await session.release();
  say({ ok: true });
  process.exit(0);
} catch (err) {
  say({ ok: false, message: errorMessage(err) });
  process.exit(1);
}
