// What went wrong with a camera, from ffmpeg 5.1's own words (the last lines of its stderr), as a sentence a shop
// owner can act on. Pure: unit-tested on real ffmpeg output. Each sentence is said once (say(), preload/i18n): its
// message goes to the UI, which shows it in the owner's language; its English text stays for the CLI and the logs.
import { say, type Said } from '../../../preload/i18n/engine-message.ts';

export type CaptureErrorCode = 'disk-full' | 'auth' | 'not-found' | 'refused' | 'timeout' | 'not-video' | 'closed' | 'unknown';

export interface CaptureProblem {
  code: CaptureErrorCode;
  message: string;
}

const RULES: Array<[RegExp, CaptureErrorCode]> = [
  // The recording output could not be written (ffmpeg 5.1: "av_interleaved_write_frame(): No space left on device",
  // "Error writing trailer of …: No space left on device", or when opening the next segment). First: a full disk is
  // not the camera's fault, whatever else the tail holds.
  [/No space left on device|Disk quota exceeded/i, 'disk-full'],
  [/401 Unauthorized|authorization failed|Unauthorized|403 Forbidden/i, 'auth'],
  [/404 Not Found|Server returned 404|454 Session Not Found|No such file or directory/i, 'not-found'],
  [/Connection refused/i, 'refused'],
  [/timed out|Connection timed out|No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution|Immediate exit requested/i, 'timeout'],
  [
    /does not contain any stream|Stream map '0:v:0' matches no streams|matches no streams|Invalid data found when processing input|could not find codec parameters|Output file #0 does not contain/i,
    'not-video',
  ],
];

export interface ClassifyOptions {
  /** The address is rtsp:// or rtsps:// (the default). */
  rtsp?: boolean;
  /** How long the ffmpeg run lasted, and the network timeout it had (both ms): see below. */
  elapsedMs?: number;
  timeoutMs?: number;
}

/**
 * ffmpeg 5.1 reports a server that accepts the connection and then never answers (a hung camera: the kernel still
 * accepts connections for a stopped process) as "Invalid data found when processing input", after its timeout.
 * An answer that came only after the whole timeout is a camera that does not answer, not a wrong address.
 */
function answeredOnlyAtTimeout(stderrTail: string, opts: ClassifyOptions): boolean {
  if (opts.elapsedMs === undefined || opts.timeoutMs === undefined) return false;
  return /Invalid data found when processing input/i.test(stderrTail) && opts.elapsedMs >= opts.timeoutMs * 0.9;
}

/** The problem and its sentence (message and English text). */
export function classifyFfmpegProblem(stderrTail: string, cameraName: string, opts: ClassifyOptions = {}): { code: CaptureErrorCode; said: Said } {
  const rtsp = opts.rtsp ?? true;
  for (const [re, code] of RULES) {
    if (!re.test(stderrTail)) continue;
    const real = code === 'not-video' && answeredOnlyAtTimeout(stderrTail, opts) ? 'timeout' : code;
    return { code: real, said: sayFor(real, cameraName, rtsp) };
  }
  const code: CaptureErrorCode = stderrTail.trim() === '' ? 'closed' : 'unknown';
  return { code, said: sayFor(code, cameraName, rtsp) };
}

export function classifyFfmpegOutput(stderrTail: string, cameraName: string, opts: ClassifyOptions = {}): CaptureProblem {
  const { code, said } = classifyFfmpegProblem(stderrTail, cameraName, opts);
  return { code, message: said.text };
}

/** What health shows while a full disk keeps a camera from recording. */
export const RECORDING_PAUSED_DISK_FULL_SAID = say('engine_recording_paused_disk_full');
export const RECORDING_PAUSED_DISK_FULL = RECORDING_PAUSED_DISK_FULL_SAID.text;

/** The sentence for a problem of camera `name`, as a message and its English text. */
export function sayFor(code: CaptureErrorCode, name: string, rtsp = true): Said {
  const camera = { camera: name };
  switch (code) {
    case 'disk-full':
      return RECORDING_PAUSED_DISK_FULL_SAID;
    case 'auth':
      return say('engine_camera_wrong_password', camera);
    case 'not-found':
      return say('engine_camera_not_found', camera);
    case 'refused':
      return say('engine_camera_refused', camera);
    case 'timeout':
      return say('engine_camera_unreachable', camera);
    case 'not-video':
      return rtsp ? say('engine_camera_not_video', camera) : say('engine_camera_not_video_url', camera);
    case 'closed':
      return say('engine_camera_closed', camera);
    case 'unknown':
      return say('engine_camera_stopped', camera);
  }
}

export function messageFor(code: CaptureErrorCode, name: string, rtsp = true): string {
  return sayFor(code, name, rtsp).text;
}
