// Pure planning of a clip: which segments make up [fromMs, toMs), where to cut the first and the last (the concat
// demuxer's inpoint / outpoint, in seconds of each file's own clock), and how much of the range is actually covered.
// Also the ffconcat list text and the merged recorded spans of a timeline.

export interface ClipSegment {
  id: number;
  startMs: number;
  endMs: number;
  /** Absolute path of the file. */
  file: string;
}

export interface ClipEntry {
  file: string;
  /** Seconds from the file's start (add the file's own start_time before writing the list). */
  inpointSec: number | null;
  outpointSec: number | null;
}

export interface ClipPlan {
  entries: ClipEntry[];
  /** Recorded time inside the range, ms (the expected duration of the joined file). */
  coveredMs: number;
  /** The first and last recorded instants inside the range. */
  firstMs: number;
  lastMs: number;
  /** Ids of the segments used, oldest first: the clip's identity (a new segment means a new clip). */
  segmentIds: number[];
}

/** Cuts closer than this to a segment's edge are dropped (the cut would only shave a few frames). */
const EDGE_MS = 50;

/** Plans the clip of [fromMs, toMs) from segments (any order); null when no footage overlaps the range. */
export function planClip(segments: readonly ClipSegment[], fromMs: number, toMs: number): ClipPlan | null {
  const used = segments
    .filter((s) => s.endMs > fromMs && s.startMs < toMs && s.endMs > s.startMs)
    .sort((a, b) => a.startMs - b.startMs || a.id - b.id);
  if (used.length === 0) return null;
  const entries: ClipEntry[] = [];
  let covered = 0;
  let coveredUntil = -Infinity;
  for (let i = 0; i < used.length; i++) {
    const s = used[i]!;
    const a = Math.max(s.startMs, fromMs);
    const b = Math.min(s.endMs, toMs);
    // Overlapping segments (a recording restarted) count their common time once.
    covered += Math.max(0, b - Math.max(a, coveredUntil));
    coveredUntil = Math.max(coveredUntil, b);
    const inpoint = i === 0 && fromMs - s.startMs > EDGE_MS ? (fromMs - s.startMs) / 1000 : null;
    const outpoint = i === used.length - 1 && s.endMs - toMs > EDGE_MS ? (toMs - s.startMs) / 1000 : null;
    entries.push({ file: s.file, inpointSec: inpoint, outpointSec: outpoint });
  }
  return {
    entries,
    coveredMs: covered,
    firstMs: Math.max(used[0]!.startMs, fromMs),
    lastMs: Math.min(Math.max(...used.map((s) => s.endMs)), toMs),
    segmentIds: used.map((s) => s.id),
  };
}

/** A path as the ffconcat format quotes it: inside single quotes, a quote is written '\''. */
export function quoteConcatPath(file: string): string {
  return `'${file.replace(/'/g, "'\\''")}'`;
}

/**
 * The ffconcat list. `startSec` gives each file's own start time (ffprobe's start_time; segments whose timestamps were
 * reset start near 0), since inpoint and outpoint are timestamps of the file, not offsets.
 */
export function concatList(entries: readonly ClipEntry[], startSec: (file: string) => number = () => 0): string {
  const lines = ['ffconcat version 1.0'];
  for (const e of entries) {
    lines.push(`file ${quoteConcatPath(e.file)}`);
    const base = e.inpointSec !== null || e.outpointSec !== null ? startSec(e.file) : 0;
    if (e.inpointSec !== null) lines.push(`inpoint ${(base + e.inpointSec).toFixed(3)}`);
    if (e.outpointSec !== null) lines.push(`outpoint ${(base + e.outpointSec).toFixed(3)}`);
  }
  return lines.join('\n') + '\n';
}

export interface Span {
  startMs: number;
  endMs: number;
}

/**
 * Merges recorded intervals (sorted by start) into spans, joining neighbours closer than `gapMs` (segments of one
 * recording run follow each other within a frame or two).
 */
export function mergeSpans(sortedStarts: ArrayLike<number>, sortedEnds: ArrayLike<number>, gapMs = 1500): Span[] {
  const out: Span[] = [];
  let cur: Span | null = null;
  for (let i = 0; i < sortedStarts.length; i++) {
    const s = sortedStarts[i]!;
    const e = sortedEnds[i]!;
    if (cur && s <= cur.endMs + gapMs) {
      if (e > cur.endMs) cur.endMs = e;
    } else {
      cur = { startMs: s, endMs: e };
      out.push(cur);
    }
  }
  return out;
}
