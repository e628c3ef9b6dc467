import { describe, expect, it } from 'vitest';
import { buildCaptureArgs, buildProbeArgs, DEMO_CAMERA_URL } from '../../../../main/core/capture/ffmpeg-args.ts';

const url = 'rtsp://admin:secret@10.0.0.5:554/stream1';
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('ffmpeg command lines', () => {
  it('reads one RTSP stream over TCP with a socket timeout and a protocol whitelist, and writes YUV4MPEG2 analysis frames', () => {
    const args = buildCaptureArgs({ url, analysis: { fps: 5, maxWidth: 640 } });
    expect(valueAfter(args, '-rtsp_transport')).toBe('tcp');
    expect(valueAfter(args, '-timeout')).toBe('5000000'); // microseconds in ffmpeg 5.1
    expect(valueAfter(args, '-protocol_whitelist')).toBe('rtsp,rtp,tcp,udp');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(valueAfter(args, '-i')).toBe(url);
    expect(args.indexOf('-rtsp_transport')).toBeLessThan(args.indexOf('-i'));
    // Drop-only to at most 5 fps (a slower camera is not padded with copies), passed through without duplicates.
    expect(valueAfter(args, '-vf')).toBe("select='isnan(prev_selected_t)+isnan(t)+gt(floor(t*5)\\,floor(prev_selected_t*5))',scale='min(640,iw)':-2:flags=fast_bilinear");
    expect(valueAfter(args, '-fps_mode')).toBe('vfr');
    expect(valueAfter(args, '-pix_fmt')).toBe('yuv420p');
    expect(valueAfter(args, '-f')).toBe('yuv4mpegpipe');
    expect(args[args.length - 1]).toBe('pipe:1');
    expect(args).toContain('-nostdin');
  });

  it('adds the live fragmented MP4 and the recording segments to the same process, copied', () => {
    const args = buildCaptureArgs({ url, analysis: { fps: 5, maxWidth: 640 }, live: { fd: 3 }, segments: { dir: '/data/recordings/cam', seconds: 10 } });
    expect(args.filter((a) => a === '-i')).toHaveLength(1); // one connection feeds everything
    expect(args).toContain('pipe:3');
    expect(valueAfter(args, '-movflags')).toBe('frag_keyframe+empty_moov+default_base_moof');
    expect(valueAfter(args, '-segment_time')).toBe('10');
    expect(args.filter((a) => a === 'copy').length).toBeGreaterThanOrEqual(2);
    expect(args[args.length - 1]).toMatch(/^\/data\/recordings\/cam\/%Y%m%d-%H%M%S\.mp4$/);
    // No audio into MP4: a camera's G.711 audio would make the MP4 muxer, and with it the whole process, fail.
    expect(args).not.toContain('0:a?');
    expect(args.filter((a) => a === '-an')).toHaveLength(3);
  });

  it('records the main stream as a second input when the camera has a sub stream, as fragmented segments reported on a pipe', () => {
    const sub = 'rtsp://admin:secret@10.0.0.5:554/stream2';
    const args = buildCaptureArgs({
      url: sub,
      recordUrl: url,
      analysis: { fps: 5, maxWidth: 640 },
      live: [{ fd: 3, input: 0 }, { fd: 4, input: 1 }],
      segments: { pattern: '/data/recordings/cam/incoming/run-%06d.mp4', seconds: 10, listFd: 5 },
    });
    const inputs = args.flatMap((a, i) => (a === '-i' ? [args[i + 1]] : []));
    expect(inputs).toEqual([sub, url]); // one connection per stream, one process
    const maps = args.flatMap((a, i) => (a === '-map' ? [args[i + 1]] : []));
    expect(maps).toEqual(['0:v:0', '0:v:0', '1:v:0', '1:v:0']); // analysis, live sub, live main, segments
    expect(valueAfter(args, '-segment_format_options')).toBe('movflags=+frag_keyframe+empty_moov+default_base_moof:flush_packets=1');
    expect(valueAfter(args, '-segment_list')).toBe('pipe:5');
    expect(valueAfter(args, '-segment_list_type')).toBe('csv');
    expect(args).not.toContain('-strftime');
    expect(args[args.length - 1]).toBe('/data/recordings/cam/incoming/run-%06d.mp4');
    expect(args).toContain('pipe:3');
    expect(args).toContain('pipe:4');
  });

  it('re-encodes the live view of an H.265 camera to a small H.264 picture, and only that output', () => {
    const args = buildCaptureArgs({
      url,
      analysis: { fps: 5, maxWidth: 640 },
      live: { fd: 3, transcode: { maxWidth: 640 } },
      segments: { pattern: '/r/incoming/x-%06d.mp4', seconds: 10, listFd: 5 },
    });
    expect(valueAfter(args, '-c:v')).toBe('libx264');
    expect(valueAfter(args, '-preset')).toBe('ultrafast');
    expect(args.filter((a) => a === 'libx264')).toHaveLength(1);
    expect(valueAfter(args, '-c')).toBe('copy'); // the recording stays a copy
    expect(() => buildCaptureArgs({ url, analysis: null, live: { fd: 1 } })).toThrow(/fd/);
  });

  it('refuses injection attempts before any process starts', () => {
    for (const bad of ['-i /etc/passwd', 'file:///etc/passwd', 'concat:a|b', 'rtsp://h/a\n-f', 'pipe:1', 'rtsp://h/a -vf x']) {
      expect(() => buildCaptureArgs({ url: bad, analysis: { fps: 5, maxWidth: 640 } }), bad).toThrow();
      expect(() => buildProbeArgs(bad, 5), bad).toThrow();
    }
    expect(() => buildCaptureArgs({ url: 'demo:other', demo: true, analysis: { fps: 5, maxWidth: 640 } })).toThrow();
    expect(() => buildCaptureArgs({ url, analysis: null })).toThrow(/output/);
    expect(() => buildCaptureArgs({ url, analysis: { fps: 5, maxWidth: 640 }, segments: { dir: '-y', seconds: 10 } })).toThrow();
  });

  it('builds the demo camera from ffmpeg’s own test source, in real time', () => {
    const args = buildCaptureArgs({ url: DEMO_CAMERA_URL, demo: true, analysis: { fps: 5, maxWidth: 640 } });
    expect(args).toContain('-re');
    expect(valueAfter(args, '-f')).toBe('lavfi');
    expect(valueAfter(args, '-i')).toMatch(/^testsrc2=/);
  });

  it('uses an I/O timeout for HTTP cameras instead of RTSP options', () => {
    const args = buildCaptureArgs({ url: 'http://10.0.0.9/video', analysis: { fps: 5, maxWidth: 640 }, timeoutSeconds: 3 });
    expect(args).not.toContain('-rtsp_transport');
    expect(valueAfter(args, '-rw_timeout')).toBe('3000000');
    expect(valueAfter(args, '-protocol_whitelist')).toBe('http,tcp');
  });
});
