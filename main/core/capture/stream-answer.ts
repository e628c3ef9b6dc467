// A running camera whose stream fails with "no video" or a timeout: is it still a camera? ffmpeg 5.1 says the same
// ("Invalid data found when processing input", or nothing until its timeout) for a camera that is hung and for an
// address that is no camera at all (a web page, an SSH port: a camera replaced by another device at its IP address, a
// port changed). The wizard tells them apart with one RTSP OPTIONS request (rtsp-handshake.ts); a configured camera
// gets the same answer in its status, instead of "cannot be reached: check that it is powered".
import { notCameraMessage, rtspHandshake, type RtspAnswer } from './rtsp-handshake.ts';
import type { CaptureErrorCode } from './ffmpeg-errors.ts';
import type { Logger } from '../logging/logger.ts';

export type StreamAnswerCode = 'not-camera' | 'hung';

export interface StreamAnswer {
  code: StreamAnswerCode;
  message: string;
}

const HANDSHAKE_MS = 2000;

/** Whether a failure is worth asking the address about: only these two can hide "not a camera" or "hung". */
export function worthAsking(code: CaptureErrorCode, url: string): boolean {
  return (code === 'timeout' || code === 'not-video') && /^rtsp:\/\//i.test(url);
}

/** The sentence for a running camera, from the handshake's answer; null when the first sentence stands. Pure. */
export function explainAnswer(answer: RtspAnswer, code: CaptureErrorCode, name: string): StreamAnswer | null {
  if (answer.kind === 'other') {
    return { code: 'not-camera', message: notCameraMessage(answer.protocol).replace(/^The address answered/, `The address of ${name} answered`) };
  }
  if (answer.kind === 'silent' && code === 'timeout') {
    return {
      code: 'hung',
      message: `${name} accepts connections but does not answer: it may be hung. Restart it (unplug its power for 10 seconds); it reconnects by itself.`,
    };
  }
  return null;
}

/** Asks the address (one OPTIONS request, no credentials sent) and explains the failure; never throws. */
export async function explainStreamFailure(url: string, code: CaptureErrorCode, name: string): Promise<StreamAnswer | null> {
  if (!worthAsking(code, url)) return null;
  try {
    return explainAnswer(await rtspHandshake(url, HANDSHAKE_MS), code, name);
  } catch {
    return null;
  }
}

/**
 * One camera's answers: what its address said at the last failure of a kind (not a camera, hung), shown again at the
 * next failure of that kind while the new question is out, and forgotten once it streams.
 */
export class FailureExplainer {
  private last: { failure: CaptureErrorCode; message: string } | null = null;

  constructor(private readonly o: { url: string; cameraName: string; logger: Logger }) {}

  /** The camera streams again: what was found no longer applies. */
  reset(): void {
    this.last = null;
  }

  /** The sentence to show now for this failure: the last answer for the same failure, else the failure's own reason. */
  shownFor(failure: CaptureErrorCode, reason: string): string {
    return this.last?.failure === failure ? this.last.message : reason;
  }

  /** Asks the address (no credentials sent); `show` gets the better sentence, or the reason, when the answer comes. */
  ask(failure: CaptureErrorCode, reason: string, show: (message: string) => void): void {
    void explainStreamFailure(this.o.url, failure, this.o.cameraName).then((better) => {
      this.last = better ? { failure, message: better.message } : null;
      if (better) this.o.logger.warn({ problem: better.code }, better.message);
      show(better?.message ?? reason);
    });
  }
}
