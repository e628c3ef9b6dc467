// Real ffmpeg 5.1 stderr, captured against the GStreamer test camera, turned into sentences a shop owner can act on.
import { describe, expect, it } from 'vitest';
import { classifyFfmpegOutput } from '../../../../main/core/capture/ffmpeg-errors.ts';

const samples = {
  auth: '[rtsp @ 0x55fd8fc8d9c0] method DESCRIBE failed: 401 Unauthorized\nrtsp://***@127.0.0.1:41749/stream: Server returned 401 Unauthorized (authorization failed)',
  notFound: '[rtsp @ 0x55ed427ef9c0] method DESCRIBE failed: 404 Not Found\nrtsp://***@127.0.0.1:41749/nope: Server returned 404 Not Found',
  refused: '[tcp @ 0x56114f68a880] Connection to tcp://127.0.0.1:1?timeout=3000000 failed: Connection refused\nrtsp://127.0.0.1:1/x: Connection refused',
  timeout: '[tcp @ 0x5589] Connection to tcp://10.1.2.3:554?timeout=5000000 failed: Connection timed out\nrtsp://10.1.2.3/x: Connection timed out',
  notVideo: 'http://127.0.0.1:18089/: Invalid data found when processing input',
  // The camera frozen mid-stream (SIGSTOP): ffmpeg -timeout 2000000 gave up after about 8 s, exit code 0.
  frozen: 'rtsp://127.0.0.1:35251/stream: Connection timed out\n    Last message repeated 2 times',
  // A port that accepts the connection and never answers (a hung camera on reconnect), -timeout 3000000: after 3.3 s.
  silent: 'rtsp://127.0.0.1:35783/stream: Invalid data found when processing input',
  // An RTSP address on a port that serves a web page: answered at once.
  rtspToHttp: 'rtsp://127.0.0.1:42419/stream: Invalid data found when processing input',
  dns: '[tcp @ 0x55f236816880] Failed to resolve hostname nosuchhost.invalid: Name or service not known\nrtsp://nosuchhost.invalid/stream: Input/output error',
  http404: '[http @ 0x55ba0cd86200] HTTP error 404 File not found\nhttp://127.0.0.1:42419/missing: Server returned 404 Not Found',
  // The recording's segment output on a full tmpfs (ffmpeg 5.1, exit code 1).
  diskFull: 'av_interleaved_write_frame(): No space left on device\n[segment @ 0x55d1] Failure occurred when ending segment \'/r/incoming/x-000001.mp4\'\nError writing trailer of /r/incoming/x-%06d.mp4: No space left on device',
};

describe('what went wrong, in words', () => {
  it('recognises a full disk before anything else in the tail (it is not the camera\'s fault)', () => {
    expect(classifyFfmpegOutput(samples.diskFull, 'Till')).toEqual({
      code: 'disk-full',
      message: 'Recording paused: the disk is full. Old recordings are being removed to make room.',
    });
    expect(classifyFfmpegOutput(samples.diskFull + '\n' + samples.notFound, 'Till').code).toBe('disk-full');
  });

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

  it('tells a camera that hangs from an address that is no camera', () => {
    expect(classifyFfmpegOutput(samples.frozen, 'Till').code).toBe('timeout');
    expect(classifyFfmpegOutput(samples.silent, 'Till', { elapsedMs: 3294, timeoutMs: 3000 })).toEqual({
      code: 'timeout',
      message: expect.stringMatching(/^Till cannot be reached/),
    });
    expect(classifyFfmpegOutput(samples.rtspToHttp, 'Till', { elapsedMs: 60, timeoutMs: 3000 }).code).toBe('not-video');
    expect(classifyFfmpegOutput(samples.rtspToHttp, 'Till').code).toBe('not-video');
  });

  it('names the other failures a shop owner can fix', () => {
    expect(classifyFfmpegOutput(samples.dns, 'Gate')).toEqual({ code: 'timeout', message: expect.stringMatching(/^Gate cannot be reached/) });
    expect(classifyFfmpegOutput(samples.http404, 'Gate', { rtsp: false }).code).toBe('not-found');
    expect(classifyFfmpegOutput("Stream map '0:v:0' matches no streams.", 'Gate').code).toBe('not-video');
  });

  it('treats a silent exit as the camera closing the stream (ffmpeg 5.1 exits 0 and prints nothing)', () => {
    expect(classifyFfmpegOutput('', 'Yard').code).toBe('closed');
    expect(classifyFfmpegOutput('something odd', 'Yard').code).toBe('unknown');
  });
});
