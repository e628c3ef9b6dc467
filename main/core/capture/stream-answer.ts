// A running camera whose stream fails with "no video" or a timeout: is it still a camera? ffmpeg 5.1 says the same
// ("Invalid data found when processing input", or nothing until its timeout) for a camera that is hung and for an
// address that is no camera at all (a web page, an SSH port: a camera replaced by another device at its IP address, a
// port changed). The wizard tells them apart with one RTSP OPTIONS request (rtsp-handshake.ts); a configured camera
// gets the same answer in its status, instead of "cannot be reached: check that it is powered".
import { cameraNotCameraSaid, rtspHandshake, type RtspAnswer } from './rtsp-handshake.ts';
import { say, type Said } from '../../../preload/i18n/engine-message.ts';
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

/** The sentence for a running camera, from the handshake's answer (message and English); null when the first stands. */
export function explainAnswerSaid(answer: RtspAnswer, code: CaptureErrorCode, name: string): { code: StreamAnswerCode; said: Said } | null {
  if (answer.kind === 'other') return { code: 'not-camera', said: cameraNotCameraSaid(answer.protocol, name) };
  if (answer.kind === 'silent' && code === 'timeout') return { code: 'hung', said: say('engine_camera_hung', { camera: name }) };
  return null;
}

/** The sentence for a running camera, from the handshake's answer; null when the first sentence stands. Pure. */
export function explainAnswer(answer: RtspAnswer, code: CaptureErrorCode, name: string): StreamAnswer | null {
  const found = explainAnswerSaid(answer, code, name);
  return found ? { code: found.code, message: found.said.text } : null;
}

/** Asks the address (one OPTIONS request, no credentials sent) and explains the failure; never throws. */
export async function explainStreamFailure(url: string, code: CaptureErrorCode, name: string): Promise<{ code: StreamAnswerCode; said: Said } | null> {
  if (!worthAsking(code, url)) return null;
  try {
    return explainAnswerSaid(await rtspHandshake(url, HANDSHAKE_MS), code, name);
  } catch {
    return null;
  }
}

/**
 * One camera's answers: what its address said at the last failure of a kind (not a camera, hung), shown again at the
 * next failure of that kind while the new question is out, and forgotten once it streams.
 */
export class FailureExplainer {
  private last: { failure: CaptureErrorCode; said: Said } | null = null;

  constructor(private readonly o: { url: string; cameraName: string; logger: Logger }) {}

  /** The camera streams again: what was found no longer applies. */
  reset(): void {
    this.last = null;
  }

  /** The sentence to show now for this failure: the last answer for the same failure, else the failure's own reason. */
  shownFor(failure: CaptureErrorCode, reason: Said): Said {
    return this.last?.failure === failure ? this.last.said : reason;
  }

  /** Asks the address (no credentials sent); `show` gets the better sentence, or the reason, when the answer comes. */
  ask(failure: CaptureErrorCode, reason: Said, show: (said: Said) => void): void {
    void explainStreamFailure(this.o.url, failure, this.o.cameraName).then((better) => {
      this.last = better ? { failure, said: better.said } : null;
      if (better) this.o.logger.warn({ problem: better.code }, better.said.text);
      show(better?.said ?? reason);
    });
  }
}
