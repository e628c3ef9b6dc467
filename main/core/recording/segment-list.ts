// ffmpeg's segment muxer tells when each segment closes: `-segment_list pipe:N -segment_list_type csv` writes one line
// per closed segment, "name,start,end" (seconds of stream time), flushed as it closes. Pure parsing, and the clock that
// turns stream time into wall time.

export interface SegmentListEntry {
  /** The file name as ffmpeg wrote it (no folder). */
  name: string;
  startSec: number;
  endSec: number;
}

/** One csv line of the segment list; null for anything else. Names with commas are quoted by ffmpeg. */
export function parseSegmentListLine(line: string): SegmentListEntry | null {
  const text = line.trim();
  if (!text) return null;
  const m = /^(?:"((?:[^"]|"")*)"|([^,]*)),(-?[0-9.]+),(-?[0-9.]+)$/.exec(text);
  if (!m) return null;
  const name = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!;
  const startSec = Number(m[3]);
  const endSec = Number(m[4]);
  if (!name || !Number.isFinite(startSec) || !Number.isFinite(endSec) || endSec < startSec) return null;
  return { name, startSec, endSec };
}

/**
 * Wall time of segments from their stream time. A segment closes the moment the first packet of the next one is
 * written: for a live camera that is now, so the first closing anchors stream time to the wall clock, and later ones
 * follow the stream's own clock (the segments of a run are contiguous, their durations sum exactly). Should the camera's
 * clock drift from the wall clock by more than `maxDriftMs`, the anchor moves to the wall clock again.
 */
export class SegmentClock {
  private anchorMs: number | null = null;

  constructor(private readonly maxDriftMs = 2000) {}

  reset(): void {
    this.anchorMs = null;
  }

  /** The wall-time span of a segment that has just closed (at `nowMs`). */
  place(entry: SegmentListEntry, nowMs: number): { startMs: number; endMs: number } {
    const endStream = entry.endSec * 1000;
    if (this.anchorMs === null || Math.abs(this.anchorMs + endStream - nowMs) > this.maxDriftMs) {
      this.anchorMs = nowMs - endStream;
    }
    return { startMs: Math.round(this.anchorMs + entry.startSec * 1000), endMs: Math.round(this.anchorMs + endStream) };
  }
}
