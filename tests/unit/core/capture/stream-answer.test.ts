// A running camera's failure explained from what its address answered (issue 17, low item), pure: which failures are
// asked about, and the sentence for each answer of the RTSP handshake.
import { describe, expect, it } from 'vitest';
import { explainAnswer, worthAsking } from '../../../../main/core/capture/stream-answer.ts';

describe("a running camera's failure, explained", () => {
  it('asks only about "no video" and timeouts, and only for rtsp:// addresses', () => {
    expect(worthAsking('not-video', 'rtsp://10.0.0.5/stream1')).toBe(true);
    expect(worthAsking('timeout', 'RTSP://10.0.0.5/stream1')).toBe(true);
    expect(worthAsking('auth', 'rtsp://10.0.0.5/stream1')).toBe(false);
    expect(worthAsking('refused', 'rtsp://10.0.0.5/stream1')).toBe(false);
    expect(worthAsking('not-video', 'http://10.0.0.5/video.mjpg')).toBe(false);
  });

  it('another protocol at the address: not a camera, naming it and the camera', () => {
    expect(explainAnswer({ kind: 'other', protocol: 'HTTP (a web page)' }, 'not-video', 'Back door')).toEqual({
      code: 'not-camera',
      message: 'The address of Back door answered, but it is not a camera stream (it speaks HTTP (a web page), not RTSP): check the address and the port (RTSP is usually 554).',
    });
    expect(explainAnswer({ kind: 'other', protocol: null }, 'timeout', 'Till')!.message).toMatch(/^The address of Till answered.*does not speak RTSP/);
  });

  it('accepted but silent after a timeout: hung; an RTSP answer or no connection keeps the first sentence', () => {
    expect(explainAnswer({ kind: 'silent' }, 'timeout', 'Till')).toMatchObject({ code: 'hung', message: expect.stringMatching(/^Till accepts connections but does not answer.*reconnects by itself\.$/) });
    expect(explainAnswer({ kind: 'silent' }, 'not-video', 'Till')).toBeNull();
    expect(explainAnswer({ kind: 'rtsp' }, 'timeout', 'Till')).toBeNull();
    expect(explainAnswer({ kind: 'unreachable', code: 'ECONNREFUSED' }, 'timeout', 'Till')).toBeNull();
  });
});
