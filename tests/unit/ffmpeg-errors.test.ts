// Real ffmpeg 5.1 stderr, captured against the GStreamer test camera, turned into sentences a shop owner can act on.
import { describe, expect, it } from 'vitest';
import { classifyFfmpegOutput } from '../../main/core/capture/ffmpeg-errors.ts';

const samples = {
  auth: '[rtsp @ 0x55fd8fc8d9c0] method DESCRIBE failed: 401 Unauthorized\nrtsp://***@127.0.0.1:41749/stream: Server returned 401 Unauthorized (authorization failed)',
  notFound: '[rtsp @ 0x55ed427ef9c0] method DESCRIBE failed: 404 Not Found\nrtsp://***@127.0.0.1:41749/nope: Server returned 404 Not Found',
  refused: '[tcp @ 0x56114f68a880] Connection to tcp://127.0.0.1:1?timeout=3000000 failed: Connection refused\nrtsp://127.0.0.1:1/x: Connection refused',
  timeout: '[tcp @ 0x5589] Connection to tcp://10.1.2.3:554?timeout=5000000 failed: Connection timed out\nrtsp://10.1.2.3/x: Connection timed out',
  notVideo: 'http://127.0.0.1:18089/: Invalid data found when processing input',
};

describe('what went wrong, in words', () => {
  it('recognises each failure', () => {
    expect(classifyFfmpegOutput(samples.auth, 'Front door')).toEqual({
      code: 'auth',
      message: expect.stringMatching(/^Wrong username or password for Front door/),
    });
    expect(classifyFfmpegOutput(samples.notFound, 'Front door').code).toBe('not-found');
    expect(classifyFfmpegOutput(samples.notFound, 'Front door').message).toMatch(/stream path was not found/);
    expect(classifyFfmpegOutput(samples.refused, 'Till').message).toMatch(/refused the connection.*port/);
    expect(classifyFfmpegOutput(samples.timeout, 'Till').message).toMatch(/cannot be reached/);
    expect(classifyFfmpegOutput(samples.notVideo, 'Till', { rtsp: false }).message).toMatch(/not a video stream/);
  });

  it('treats a silent exit as the camera closing the stream (ffmpeg 5.1 exits 0 and prints nothing)', () => {
    expect(classifyFfmpegOutput('', 'Yard').code).toBe('closed');
    expect(classifyFfmpegOutput('something odd', 'Yard').code).toBe('unknown');
  });
});
