// A camera whose picture size changes inside the stream (its owner changed its resolution): ffmpeg must start again,
// so that the recordings' MP4 header, the analysis frames and the live view all carry the new size.
// Measured with ffmpeg 5.1 (Debian) on an H.264 stream going from 768×576 to 1280×720 mid-way:
//   - by default the filter graph is rebuilt in silence (nothing at -loglevel warning; "Reinit context to 1280x720"
//     only at verbose) and the analysis output is scaled back to the old size; the live and recorded copies keep the
//     old header (768×576) while carrying 1280×720 frames;
//   - with `-reinit_filter 0` on the analysed input, the filter graph is kept and ffmpeg says, at warning level,
//     "[graph 0 input from stream 0:0 @ 0x…] Changing video frame properties on the fly is not supported by all
//     filters." (also for a change of pixel format), then exits (code 1, "av_interleaved_write_frame(): Invalid
//     argument"). The supervisor sees the line and restarts ffmpeg at once, without a backoff or an error state.
// Pure: the line parser and the rate limit.

/** Input options for the analysed input (before its -i) that make a mid-stream change visible. */
export const STREAM_CHANGE_INPUT_ARGS = ['-reinit_filter', '0'] as const;

const CHANGED = /Changing video frame properties on the fly/;

/** Whether one line of ffmpeg's stderr says that the picture changed size (or pixel format) mid-stream. */
export function isStreamChangeLine(line: string): boolean {
  return CHANGED.test(line);
}

/** Restarts for a change at most this often: a stream that keeps changing goes the way of any failing stream. */
export const STREAM_CHANGE_MIN_INTERVAL_MS = 10_000;

/** Whether a change seen now restarts ffmpeg at once (the last such restart was at `lastAt`, ms, or never). */
export function restartForChange(lastAt: number | null, now: number): boolean {
  return lastAt === null || now - lastAt >= STREAM_CHANGE_MIN_INTERVAL_MS;
}
