// What an ended ffmpeg run means for the camera, pure: the problem code and the sentence the shop owner sees.
import { classifyFfmpegProblem, sayFor, type CaptureErrorCode } from './ffmpeg-errors.ts';
import { say, type Said } from '../../../preload/i18n/engine-message.ts';
import type { RunEnd } from './ffmpeg-run.ts';
import { isRtsp } from './stream-url.ts';

/** ffmpeg's network timeout: a camera that stops answering makes it exit after about this long (or a bit more). */
export const NETWORK_TIMEOUT_S = 5;

/**
 * The patient timeout of a capture run that follows a run ended by the short one before any picture: a camera may send
 * nothing on a new session until its next keyframe, and cameras with a "smart" codec put 8–10 s between keyframes. With
 * the short timeout only, such a camera was dropped on about every other connection (bottle-detection.mp4, an 8.4 s
 * GOP, served by the test RTSP server: 4 of 8 runs ended after 5.2 s with "Invalid data found when processing input").
 * The short one stays first, so that a session that is merely stuck is retried soon.
 */
export const CAPTURE_TIMEOUT_S = 12;

/**
 * The network timeout of the next run, in seconds, from how the last one ended: the patient one only after a run that
 * the short timeout ended before any picture. A run that streamed, one that failed any other way (a wrong password, a
 * refused connection) and one the watchdog killed go back to the short one.
 */
export function nextRunTimeoutS(last: { problem: CaptureErrorCode; streamedMs: number; cause: RunEnd['cause'] }): number {
  const silentFromStart = last.problem === 'timeout' && last.streamedMs === 0 && last.cause !== 'watchdog';
  return silentFromStart ? CAPTURE_TIMEOUT_S : NETWORK_TIMEOUT_S;
}

export interface RunVerdict {
  problem: CaptureErrorCode;
  reason: string;
}

export interface VerdictContext {
  cameraName: string;
  url: string;
  demo: boolean;
  /** The run had been streaming (pictures came, then stopped). */
  wasStreaming: boolean;
  /** The run's network timeout (default NETWORK_TIMEOUT_S): "Invalid data" at about this long is a silent camera. */
  timeoutMs?: number;
}

/** Why a run that ended by itself or was killed (watchdog, broken stream) ended: the problem and its sentence. */
export function judgeRunEndSaid(end: Pick<RunEnd, 'cause' | 'stderr' | 'elapsedMs'>, ctx: VerdictContext): { problem: CaptureErrorCode; said: Said } {
  const rtsp = isRtsp(ctx.url);
  if (end.cause === 'watchdog') {
    const said = ctx.wasStreaming ? say('engine_camera_no_pictures', { camera: ctx.cameraName }) : sayFor('timeout', ctx.cameraName, rtsp);
    return { problem: 'timeout', said };
  }
  if (end.cause === 'bad-stream') return { problem: 'not-video', said: sayFor('not-video', ctx.cameraName, rtsp) };
  const found = classifyFfmpegProblem(end.stderr, ctx.cameraName, {
    rtsp: ctx.demo ? false : rtsp,
    elapsedMs: end.elapsedMs,
    timeoutMs: ctx.timeoutMs ?? NETWORK_TIMEOUT_S * 1000,
  });
  return { problem: found.code, said: found.said };
}

/** Why a run ended, with the English sentence only. */
export function judgeRunEnd(end: Pick<RunEnd, 'cause' | 'stderr' | 'elapsedMs'>, ctx: VerdictContext): RunVerdict {
  const { problem, said } = judgeRunEndSaid(end, ctx);
  return { problem, reason: said.text };
}

/** Spawn errors that pass: out of file descriptors, processes or memory. */
const RESOURCE_WORDS: Record<string, string> = {
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EAGAIN: 'too many processes',
  ENOMEM: 'not enough memory',
};

/** A spawn error that passes (out of file descriptors, processes or memory): retried with the backoff. */
export function isResourceShortage(errorCode: string | undefined): errorCode is string {
  return errorCode !== undefined && Object.hasOwn(RESOURCE_WORDS, errorCode);
}

/** The sentence for an ffmpeg that could not be started because the PC ran out of something. */
export function resourceShortageReason(errorCode: string, cameraName: string, retryInMs: number): string {
  const words = RESOURCE_WORDS[errorCode] ?? errorCode;
  return `The PC ran out of resources (${words}): the video of ${cameraName} could not be started; trying again in ${Math.max(1, Math.round(retryInMs / 1000))} s.`;
}
