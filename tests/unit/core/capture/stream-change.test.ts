// A picture size change inside the stream (issue 17, M5) and the analysis rate that never makes frames up (issue 17,
// low item), pure: the line ffmpeg 5.1 prints (recorded from a real run on an H.264 stream going from 768×576 to
// 1280×720), the restart's rate limit, the drop-only rate filter and where the options land in the command line.
import { describe, expect, it } from 'vitest';
import { isStreamChangeLine, restartForChange, STREAM_CHANGE_MIN_INTERVAL_MS } from '../../../../main/core/capture/stream-change.ts';
import { analysisRateFilter } from '../../../../main/core/capture/analysis-rate.ts';
import { buildCaptureArgs } from '../../../../main/core/capture/ffmpeg-args.ts';

// ffmpeg 5.1's stderr at -loglevel warning with -reinit_filter 0, as captured (the pointer varies per run).
const REAL_RUN = [
  '[mpegts @ 0x55624fb03a00] Packet corrupt (stream = 0, dts = 657000).',
  'ab.ts: corrupt input packet in stream 0',
  '[graph 0 input from stream 0:0 @ 0x55624fc80b80] Changing video frame properties on the fly is not supported by all filters.',
  'av_interleaved_write_frame(): Invalid argument',
];

describe('a mid-stream picture change', () => {
  it('is the one line that says so, not the others of the same run', () => {
    expect(REAL_RUN.map(isStreamChangeLine)).toEqual([false, false, true, false]);
    expect(isStreamChangeLine('[rtsp @ 0x1] method SETUP failed: 401 Unauthorized')).toBe(false);
    expect(isStreamChangeLine('')).toBe(false);
  });

  it('restarts at once, but a stream that keeps changing is not restarted more than once per interval', () => {
    expect(restartForChange(null, 5)).toBe(true);
    expect(restartForChange(1000, 1000 + STREAM_CHANGE_MIN_INTERVAL_MS - 1)).toBe(false);
    expect(restartForChange(1000, 1000 + STREAM_CHANGE_MIN_INTERVAL_MS)).toBe(true);
  });

  it('the analysed input gets -reinit_filter 0 before its -i; the recorded main stream (a copy) does not', () => {
    const args = buildCaptureArgs({ url: 'rtsp://10.0.0.5/sub', recordUrl: 'rtsp://10.0.0.5/main', analysis: { fps: 5, maxWidth: 640 } });
    const at = args.indexOf('-reinit_filter');
    expect(args[at + 1]).toBe('0');
    expect(at).toBeLessThan(args.indexOf('-i'));
    expect(args.filter((a) => a === '-reinit_filter')).toHaveLength(1);
  });
});

describe('the analysis rate', () => {
  it('keeps the first frame of every 1/fps slot of the timestamps (drop-only), with the comma escaped for the graph', () => {
    expect(analysisRateFilter(5)).toBe("select='isnan(prev_selected_t)+isnan(t)+gt(floor(t*5)\\,floor(prev_selected_t*5))'");
    expect(analysisRateFilter(2.5)).toContain('floor(t*2.5)');
    expect(() => analysisRateFilter(0)).toThrow();
    expect(() => analysisRateFilter(31)).toThrow();
  });

  it('the slots give min(camera fps, analysis fps): a 1 fps camera keeps every frame, 12 fps thins to 5', () => {
    // The same rule the filter evaluates, applied to frame times: selected when its slot is past the last selected one.
    const run = (cameraFps: number, fps: number, seconds: number) => {
      let last: number | null = null;
      let n = 0;
      for (let i = 0; i < cameraFps * seconds; i++) {
        const t = 12.345 + i / cameraFps; // an RTSP stream's clock does not start at 0
        if (last === null || Math.floor(t * fps) > Math.floor(last * fps)) {
          last = t;
          n++;
        }
      }
      return n / seconds;
    };
    expect(run(1, 5, 20)).toBe(1);
    expect(run(12, 5, 20)).toBeCloseTo(5, 1);
    expect(run(30, 5, 20)).toBeCloseTo(5, 1);
    expect(run(3, 5, 20)).toBe(3);
  });
});
