// Which stretch of a camera's recording a Review player loads, and the map between wall time and the player's
// currentTime. The recording route joins the segments of [from, to) without re-encoding, gaps left out: the file's
// second 0 is the first recorded instant of the range, and each recorded span follows the previous one directly.
// Pure: the player (RecordingPlayer.svelte) and the unit tests use it.

export interface RecordedSpan {
  startMs: number;
  endMs: number;
}

export interface RecordingWindow {
  /** Whole milliseconds: the range asked of the recording route (mediaPaths.recording). */
  fromMs: number;
  toMs: number;
  /** The recorded pieces inside [fromMs, toMs), oldest first: the file plays them back to back. */
  pieces: RecordedSpan[];
}

/** Windows are aligned to this, so scrubbing inside one never builds a new file (the clip cache keeps it). */
export const WINDOW_MS = 10 * 60_000;

/** The recorded span holding `t`, or null when nothing was recorded then. */
export function spanAt(spans: readonly RecordedSpan[], t: number): RecordedSpan | null {
  for (const s of spans) if (t >= s.startMs && t < s.endMs) return s;
  return null;
}

/**
 * The window to load for wall time `t`: the aligned WINDOW_MS around it, narrowed to what is recorded in it (so the
 * range, and the file, stay the same while new segments are added after it). Null when `t` is not recorded.
 */
export function windowFor(spans: readonly RecordedSpan[], t: number, windowMs = WINDOW_MS): RecordingWindow | null {
  if (!spanAt(spans, t)) return null;
  const alignedFrom = Math.floor(t / windowMs) * windowMs;
  const alignedTo = alignedFrom + windowMs;
  const pieces = spans
    .filter((s) => s.endMs > alignedFrom && s.startMs < alignedTo)
    .map((s) => ({ startMs: Math.max(s.startMs, alignedFrom), endMs: Math.min(s.endMs, alignedTo) }))
    .sort((a, b) => a.startMs - b.startMs);
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (!first || !last) return null;
  const fromMs = Math.floor(first.startMs);
  const toMs = Math.floor(last.endMs);
  if (toMs <= fromMs) return null;
  return { fromMs, toMs, pieces: pieces.map((p) => ({ startMs: Math.max(p.startMs, fromMs), endMs: Math.min(p.endMs, toMs) })) };
}

/** The player's currentTime (seconds) showing wall time `t`, or null when `t` is outside the window's recording. */
export function mediaSecondsAt(w: RecordingWindow, t: number): number | null {
  let before = 0;
  for (const p of w.pieces) {
    if (t >= p.startMs && t < p.endMs) return (before + (t - p.startMs)) / 1000;
    before += p.endMs - p.startMs;
  }
  return null;
}

/** The wall time the player shows at currentTime `sec` (the last instant when past the end). */
export function wallTimeAt(w: RecordingWindow, sec: number): number {
  let left = Math.max(0, sec * 1000);
  for (const p of w.pieces) {
    const len = p.endMs - p.startMs;
    if (left < len) return p.startMs + left;
    left -= len;
  }
  const last = w.pieces[w.pieces.length - 1];
  return last ? last.endMs : w.toMs;
}

/** Whether two windows are the same file (same range asked of the route). */
export function sameWindow(a: RecordingWindow | null, b: RecordingWindow | null): boolean {
  return a !== null && b !== null && a.fromMs === b.fromMs && a.toMs === b.toMs;
}
