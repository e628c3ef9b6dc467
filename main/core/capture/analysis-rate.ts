// The analysis picture's frame rate: at most the analysis fps, never more than the camera sends. ffmpeg's fps filter
// duplicates frames to reach its rate (a 1 fps camera was analysed as 5 fps of copies, counted as "dropped" when the
// pool could not keep up: wasted work). This keeps the first frame of every 1/fps slot of the stream's timestamps and
// drops the rest: a faster camera is thinned to exactly fps, a slower one passes untouched. With `-fps_mode vfr` on
// the output, so that the muxer does not duplicate frames either (ffmpeg 5.1). Pure.

/** The filter that thins frames to at most `fps` (select on timestamp slots, drop-only). */
export function analysisRateFilter(fps: number): string {
  if (!(fps > 0 && fps <= 30)) throw new Error('analysis fps out of range');
  const f = Number(fps.toFixed(3));
  // The comma inside the expression is escaped: the filter graph splits filters on bare commas.
  // A frame without a timestamp (t is NaN) passes: thinning needs a clock, and no stream may freeze for want of one.
  return `select='isnan(prev_selected_t)+isnan(t)+gt(floor(t*${f})\\,floor(prev_selected_t*${f}))'`;
}

/** Output options that pass the selected frames through as they are (no duplicates to a constant rate). */
export const ANALYSIS_FPS_MODE = ['-fps_mode', 'vfr'] as const;
