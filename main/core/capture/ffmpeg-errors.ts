// What went wrong with a camera, from ffmpeg 5.1's own words (the last lines of its stderr), as a sentence a shop
// owner can act on. Pure: unit-tested on real ffmpeg output.

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

export function classifyFfmpegOutput(stderrTail: string, cameraName: string, opts: ClassifyOptions = {}): CaptureProblem {
  for (const [re, code] of RULES) {
    if (!re.test(stderrTail)) continue;
    const real = code === 'not-video' && answeredOnlyAtTimeout(stderrTail, opts) ? 'timeout' : code;
    return { code: real, message: messageFor(real, cameraName, opts.rtsp ?? true) };
  }
  if (stderrTail.trim() === '') return { code: 'closed', message: messageFor('closed', cameraName, opts.rtsp ?? true) };
  return { code: 'unknown', message: messageFor('unknown', cameraName, opts.rtsp ?? true) };
}

/** What health shows while a full disk keeps a camera from recording. */
export const RECORDING_PAUSED_DISK_FULL = 'Recording paused: the disk is full. Old recordings are being removed to make room.';

export function messageFor(code: CaptureErrorCode, name: string, rtsp = true): string {
  switch (code) {
    case 'disk-full':
      return RECORDING_PAUSED_DISK_FULL;
    case 'auth':
      return `Wrong username or password for ${name}: check them in the camera's settings (the camera refused to log in).`;
    case 'not-found':
      return `${name} answered, but the stream path was not found: check the part of the address after the port (for example /stream1).`;
    case 'refused':
      return `${name} refused the connection: check the IP address and the port (RTSP is usually 554), and that RTSP is enabled on the camera.`;
    case 'timeout':
      return `${name} cannot be reached: check that it is powered and on the network, and its IP address.`;
    case 'not-video':
      return rtsp
        ? `${name} did not send a video stream this app can read: check the address (is it the camera's RTSP address?).`
        : `The address of ${name} is not a video stream: use the camera's RTSP address (rtsp://…) if it has one.`;
    case 'closed':
      return `${name} closed the stream: reconnecting.`;
    case 'unknown':
      return `${name} stopped streaming: reconnecting.`;
  }
}
