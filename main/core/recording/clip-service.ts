// Recorded footage for playback: an event's clip ([start − pre-roll, end + post-roll]), a camera's recording over a
// range, whether an event has footage, and the recorded spans of the timeline. Segment rows are read with their range
// bounded on both sides (the index on start_ms then reads only what is needed); files are located from rows, only
// inside the recordings folder. Clips are built once into the clip cache and served from there with byte ranges.
import path from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/database.ts';
import type { Logger } from '../logging/logger.ts';
import type { MediaFileAnswer } from '../media/media-router.ts';
import { planClip, mergeSpans, type ClipPlan, type ClipSegment, type Span } from './clip-plan.ts';
import { buildClip } from './clip-builder.ts';
import { ClipCache } from './clip-cache.ts';
import { isInside } from '../util/path-inside.ts';
import { errorMessage } from '../../../preload/format.ts';

/** Segments are ~10 s; no segment is longer than this, which bounds range queries from below. */
export const MAX_SEGMENT_MS = 3_600_000;

export interface FootageCamera {
  name: string;
  recording: { mode: 'off' | 'events' | 'continuous'; preRollSeconds: number; postRollSeconds: number };
}

export interface FootageEvent {
  cameraId: string;
  startMs: number;
  endMs: number | null;
}

export interface Tools {
  ffmpegPath: string;
  ffprobePath: string;
}

export interface ClipServiceOptions {
  db: Db;
  dataRoot: string;
  logger: Logger;
  event: (id: string) => FootageEvent | null;
  camera: (id: string) => FootageCamera | null;
  /** ffmpeg and ffprobe, or the sentence saying why they cannot be found. */
  tools: () => Tools | string;
  /** Holds a range against retention while it is read; returns the release. */
  pin?: (cameraId: string, fromMs: number, toMs: number) => () => void;
  cache?: ClipCache;
  now?: () => number;
}

export interface EventFootage {
  hasFootage: boolean;
  /** The clip's range: [start − pre-roll, end + post-roll] (end = now while the event is open). */
  fromMs: number;
  toMs: number;
  /** Recorded time inside the range. */
  coveredMs: number;
}

interface Row {
  id: number;
  start_ms: number;
  end_ms: number;
  path: string;
}

export class ClipService {
  readonly cache: ClipCache;
  private readonly o: ClipServiceOptions;
  private readonly now: () => number;
  private readonly recordingsRoot: string;
  private readonly closing = new AbortController();
  private readonly rangeStmt: Statement<[string, number, number, number], Row>;
  private readonly spansStmt: Statement<[number, number, number], { camera_id: string; start_ms: number; end_ms: number }>;

  constructor(o: ClipServiceOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
    this.recordingsRoot = path.resolve(o.dataRoot, 'recordings');
    this.cache = o.cache ?? new ClipCache({ dir: path.join(o.dataRoot, 'cache', 'clips') });
    // Clips and leftovers of builds a crash interrupted, from an earlier run.
    void this.cache.prune().catch(() => undefined);
    this.rangeStmt = o.db.prepare(
      `SELECT id, start_ms, end_ms, path FROM segments
       WHERE camera_id = ? AND deleting = 0 AND start_ms < ? AND start_ms > ? AND end_ms > ? ORDER BY start_ms`,
    );
    this.spansStmt = o.db.prepare(
      `SELECT camera_id, start_ms, end_ms FROM segments
       WHERE deleting = 0 AND start_ms < ? AND start_ms > ? AND end_ms > ? ORDER BY camera_id, start_ms`,
    );
  }

  /** The camera's segments overlapping [fromMs, toMs), with absolute paths inside the recordings folder. */
  segments(cameraId: string, fromMs: number, toMs: number): ClipSegment[] {
    const out: ClipSegment[] = [];
    for (const r of this.rangeStmt.all(cameraId, Math.ceil(toMs), Math.floor(fromMs) - MAX_SEGMENT_MS, Math.floor(fromMs))) {
      const file = path.resolve(this.o.dataRoot, r.path);
      if (!isInside(this.recordingsRoot, file)) {
        this.o.logger.error({ cameraId, segmentId: r.id }, 'segment row points outside the recordings folder; ignored');
        continue;
      }
      out.push({ id: r.id, startMs: r.start_ms, endMs: r.end_ms, file });
    }
    return out;
  }

  plan(cameraId: string, fromMs: number, toMs: number): ClipPlan | null {
    return planClip(this.segments(cameraId, fromMs, toMs), fromMs, toMs);
  }

  /** The range of an event's clip, or null when the event does not exist. */
  eventRange(eventId: string): { cameraId: string; fromMs: number; toMs: number; open: boolean } | null {
    const e = this.o.event(eventId);
    if (!e) return null;
    const cam = this.o.camera(e.cameraId);
    const pre = (cam?.recording.preRollSeconds ?? 5) * 1000;
    const post = (cam?.recording.postRollSeconds ?? 5) * 1000;
    const end = e.endMs ?? this.now();
    return { cameraId: e.cameraId, fromMs: e.startMs - pre, toMs: Math.max(end + post, e.startMs), open: e.endMs === null };
  }

  eventFootage(eventId: string): EventFootage | null {
    const r = this.eventRange(eventId);
    if (!r) return null;
    const plan = this.plan(r.cameraId, r.fromMs, r.toMs);
    return { hasFootage: plan !== null, fromMs: r.fromMs, toMs: r.toMs, coveredMs: plan?.coveredMs ?? 0 };
  }

  /** Recorded spans per camera over [fromMs, toMs), neighbouring segments merged. */
  spans(cameraIds: readonly string[] | null, fromMs: number, toMs: number): Array<{ cameraId: string; spans: Span[] }> {
    const wanted = cameraIds ? new Set(cameraIds) : null;
    const byCamera = new Map<string, { starts: number[]; ends: number[] }>();
    for (const r of this.spansStmt.iterate(Math.ceil(toMs), Math.floor(fromMs) - MAX_SEGMENT_MS, Math.floor(fromMs))) {
      if (wanted && !wanted.has(r.camera_id)) continue;
      let c = byCamera.get(r.camera_id);
      if (!c) byCamera.set(r.camera_id, (c = { starts: [], ends: [] }));
      c.starts.push(Math.max(r.start_ms, fromMs));
      c.ends.push(Math.min(r.end_ms, toMs));
    }
    return [...byCamera].map(([cameraId, c]) => ({ cameraId, spans: mergeSpans(c.starts, c.ends) }));
  }

  async eventClipFile(eventId: string): Promise<MediaFileAnswer> {
    const r = this.eventRange(eventId);
    if (!r) return { ok: false, status: 404, message: 'There is no such event (it may have been deleted by retention).' };
    const answer = await this.clipFile(r.cameraId, r.fromMs, r.toMs, 'event');
    // An open event's clip grows: the browser must ask again rather than cache it.
    return answer.ok ? { ...answer, immutable: !r.open } : answer;
  }

  async recordingFile(cameraId: string, fromMs: number, toMs: number): Promise<MediaFileAnswer> {
    const answer = await this.clipFile(cameraId, fromMs, toMs, 'range');
    return answer.ok ? { ...answer, immutable: toMs < this.now() - 60_000 } : answer;
  }

  /** Shutdown: stops clip builds under way (their partial files are removed). */
  close(): void {
    this.closing.abort();
  }

  private async clipFile(cameraId: string, fromMs: number, toMs: number, what: 'event' | 'range'): Promise<MediaFileAnswer> {
    const plan = this.plan(cameraId, fromMs, toMs);
    if (!plan) {
      const cam = this.o.camera(cameraId);
      const off = cam?.recording.mode === 'off' ? ' (recording is off for this camera)' : '';
      const message = what === 'event' ? `No footage was recorded for this event${off}.` : `No footage was recorded in this time range${off}.`;
      return { ok: false, status: 404, message };
    }
    const tools = this.o.tools();
    if (typeof tools === 'string') return { ok: false, status: 503, message: tools };
    // The clip is what it holds: its segments and its cuts. An open event's range ends at "now", which moves with every
    // request, but while no segment is added its clip (no cut at the end) stays the same file, so the byte ranges a
    // <video> element asks for one after another all come from one file.
    const key = ClipCache.key([cameraId, plan.segmentIds.join(','), ...plan.entries.map((e) => `${e.inpointSec ?? ''}/${e.outpointSec ?? ''}`)]);
    const release = this.o.pin?.(cameraId, fromMs, toMs);
    try {
      const file = await this.cache.get(key, async (outFile) => {
        const t0 = Date.now();
        const built = await buildClip({ ...tools, plan, outFile, signal: this.closing.signal });
        this.o.logger.info({ cameraId, segments: plan.segmentIds.length, bytes: built.bytes, ms: Date.now() - t0 }, 'clip built');
      });
      return { ok: true, file, immutable: true };
    } catch (err) {
      this.o.logger.warn({ cameraId, err: errorMessage(err) }, 'clip could not be built');
      return { ok: false, status: 503, message: 'The video could not be prepared (part of the footage may have just been deleted); try again.' };
    } finally {
      release?.();
    }
  }
}
