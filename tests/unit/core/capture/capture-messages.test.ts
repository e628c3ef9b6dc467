// Every reason a camera's status can give from ffmpeg's words (capture/ffmpeg-errors.ts, run-verdict.ts,
// stream-answer.ts) carries its message of the engine area, whose English is exactly the sentence given before.
import { describe, expect, it } from 'vitest';
import { classifyFfmpegOutput, classifyFfmpegProblem, messageFor, sayFor, type CaptureErrorCode } from '../../../../main/core/capture/ffmpeg-errors.ts';
import { judgeRunEnd, judgeRunEndSaid } from '../../../../main/core/capture/run-verdict.ts';
import { explainAnswer, explainAnswerSaid } from '../../../../main/core/capture/stream-answer.ts';
import { shownRecording, shownRecordingWithMessage } from '../../../../main/core/capture/shown-recording.ts';
import { engineMessageSchema, textOf } from '../../../../preload/i18n/engine-message.ts';
import { catalogs } from '../../../../preload/i18n/all-catalogs.ts';
import { localText } from '../../../../preload/i18n/engine-message.ts';

const CODES: CaptureErrorCode[] = ['disk-full', 'auth', 'not-found', 'refused', 'timeout', 'not-video', 'closed', 'unknown'];

const TAILS: Record<CaptureErrorCode, string> = {
  'disk-full': 'av_interleaved_write_frame(): No space left on device',
  auth: 'rtsp://***@127.0.0.1:41749/stream: Server returned 401 Unauthorized (authorization failed)',
  'not-found': 'rtsp://***@127.0.0.1:41749/nope: Server returned 404 Not Found',
  refused: 'rtsp://127.0.0.1:1/x: Connection refused',
  timeout: 'rtsp://10.1.2.3/x: Connection timed out',
  'not-video': 'http://127.0.0.1:18089/: Invalid data found when processing input',
  closed: '',
  unknown: 'something ffmpeg said that no rule knows',
};

describe('every reason path of ffmpeg-errors carries a message', () => {
  for (const code of CODES) {
    for (const rtsp of [true, false]) {
      it(`${code}${rtsp ? '' : ' (not RTSP)'}`, () => {
        const said = sayFor(code, 'Front door', rtsp);
        expect(engineMessageSchema.safeParse(said.message).success).toBe(true);
        expect(said.text).toBe(messageFor(code, 'Front door', rtsp));
        expect(textOf(said.message)).toBe(said.text);
        if (code !== 'disk-full') {
          expect(said.message.params).toEqual({ camera: 'Front door' });
          for (const locale of ['th', 'pt-BR', 'vi'] as const) expect(localText(said.message, '', catalogs[locale])).toContain('Front door');
        }
      });
    }
  }

  it("classifies ffmpeg's words into the same code and sentence, with the message", () => {
    for (const code of CODES) {
      const found = classifyFfmpegProblem(TAILS[code], 'Till', { rtsp: code !== 'not-video' });
      expect(found.code).toBe(code);
      expect(classifyFfmpegOutput(TAILS[code], 'Till', { rtsp: code !== 'not-video' })).toEqual({ code, message: found.said.text });
    }
  });

  it("a run's end, a watchdog and a broken stream say their reason with a message", () => {
    const ctx = { cameraName: 'Till', url: 'rtsp://10.0.0.5/stream', demo: false, wasStreaming: true };
    const watchdog = judgeRunEndSaid({ cause: 'watchdog', stderr: '', elapsedMs: 12_000 }, ctx);
    expect(watchdog.said.message).toEqual({ key: 'engine_camera_no_pictures', params: { camera: 'Till' } });
    expect(watchdog.said.text).toBe(judgeRunEnd({ cause: 'watchdog', stderr: '', elapsedMs: 12_000 }, ctx).reason);
    expect(judgeRunEndSaid({ cause: 'bad-stream', stderr: '', elapsedMs: 100 }, ctx).said.message.key).toBe('engine_camera_not_video');
    expect(judgeRunEndSaid({ cause: 'exited', stderr: TAILS.auth, elapsedMs: 100 }, ctx).said.message.key).toBe('engine_camera_wrong_password');
  });

  it('what the address answered (not a camera, hung) is said with a message too', () => {
    const http = explainAnswerSaid({ kind: 'other', protocol: 'HTTP (a web page)' }, 'not-video', 'Back door')!;
    expect(http.said.message).toEqual({ key: 'engine_camera_not_camera_protocol', params: { camera: 'Back door', protocol: 'HTTP (a web page)' } });
    expect(http.said.text).toBe(explainAnswer({ kind: 'other', protocol: 'HTTP (a web page)' }, 'not-video', 'Back door')!.message);
    expect(explainAnswerSaid({ kind: 'other', protocol: null }, 'timeout', 'Till')!.said.message.key).toBe('engine_camera_not_camera');
    expect(explainAnswerSaid({ kind: 'silent' }, 'timeout', 'Till')!.said.message.key).toBe('engine_camera_hung');
  });

  it("a recording that waits for the camera's video says why with a message", () => {
    const on = { state: 'recording', reason: null } as const;
    const shown = shownRecordingWithMessage(on, 'reconnecting');
    expect(shown).toEqual({ ...shownRecording(on, 'reconnecting'), reasonMessage: { key: 'engine_recording_not_reconnecting', params: {} } });
    expect(shownRecordingWithMessage(on, 'streaming')).toBe(on);
  });
});
