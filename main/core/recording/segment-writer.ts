// One camera's recording: ffmpeg writes 10 s fragmented MP4 segments into recordings/<cameraId>/incoming/ and reports
// each closed one on its segment list pipe; this moves each to its dated folder and indexes it (start, end, duration,
// size, path) in SQLite, one at a time and in order. When an ffmpeg run ends (stopped, crashed, disk full), whatever is
// left in incoming/ is made playable and indexed, or deleted: nothing stays behind unindexed.
// It never deletes footage that was playable: deleting recordings is the retention job's work.
import { mkdirSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger.ts';
import type { SegmentRepository } from '../storage/segment-repository.ts';
import { parseSegmentListLine, SegmentClock, type SegmentListEntry } from './segment-list.ts';
import { incomingDir, moveToDated, probeDurationMs, removeQuietly, truncateToLastFragment } from './segment-files.ts';
import { errorMessage } from '../../../preload/format.ts';

export interface SegmentWriterOptions {
  cameraId: string;
  dataRoot: string;
  recordingsRoot: string;
  /** The segment index (the engine passes its write guard's, which holds rows a full disk refuses). */
  segments: Pick<SegmentRepository, 'insert'>;
  ffprobePath: string | null;
  logger: Logger;
  now?: () => number;
  /** A segment was indexed (tests, the timeline). */
  onSegment?: (s: { startMs: number; endMs: number; sizeBytes: number; path: string }) => void;
}

export interface SegmentRun {
  /** The output pattern for ffmpeg's segment muxer (absolute, with %06d). */
  pattern: string;
}

export class SegmentWriter {
  readonly incoming: string;
  private readonly o: SegmentWriterOptions;
  private readonly clock = new SegmentClock();
  private readonly now: () => number;
  private chain: Promise<void> = Promise.resolve();
  private partial = '';
  private runId = '';
  private runSeq = 0;
  readonly stats = { segments: 0, recovered: 0, discarded: 0, bytes: 0, lastError: null as string | null };

  constructor(options: SegmentWriterOptions) {
    this.o = options;
    this.now = options.now ?? Date.now;
    this.incoming = incomingDir(options.recordingsRoot, options.cameraId);
  }

  /** The recordings folder (exists from start-up on): where free space is measured. */
  get recordingsRoot(): string {
    return this.o.recordingsRoot;
  }

  /** A new ffmpeg run writes segments: its file pattern (a run prefix keeps names unique across restarts). */
  beginRun(): SegmentRun {
    // The data folder itself is never made here: when it is gone (deleted, moved), an empty tree in its place would
    // take the footage meant for it (data-folder-watch.ts pauses recording meanwhile).
    statSync(this.o.dataRoot);
    mkdirSync(this.incoming, { recursive: true });
    this.clock.reset();
    this.partial = '';
    // <start time, base 36>-<run number>: unique across restarts, and tells when a leftover's run began.
    this.runId = `${this.now().toString(36)}-${this.runSeq++}`;
    return { pattern: path.join(this.incoming, `${this.runId}-%06d.mp4`) };
  }

  /** Bytes from ffmpeg's segment list pipe (csv lines). */
  pushList(chunk: Buffer): void {
    const text = this.partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial = (lines.pop() ?? '').slice(-4096);
    const now = this.now();
    for (const line of lines) {
      const entry = parseSegmentListLine(line);
      if (!entry) continue;
      const span = this.clock.place(entry, now);
      this.enqueue(() => this.closed(entry, span.startMs, span.endMs));
    }
  }

  /** The ffmpeg run is over: once the queued segments are in, every file left in incoming/ is finished. */
  endRun(): Promise<void> {
    this.enqueue(() => this.sweep());
    return this.chain;
  }

  /** Everything queued so far is done. */
  idle(): Promise<void> {
    return this.chain;
  }

  private enqueue(job: () => Promise<void>): void {
    this.chain = this.chain.then(job).catch((err: unknown) => {
      this.stats.lastError = errorMessage(err);
      this.o.logger.error({ err: this.stats.lastError }, 'recording segment could not be stored');
    });
  }

  private async closed(entry: SegmentListEntry, startMs: number, endMs: number): Promise<void> {
    const file = path.join(this.incoming, path.basename(entry.name));
    // A segment the disk filled up in the middle of is listed too: keep what is whole of it.
    let size: number;
    try {
      size = await truncateToLastFragment(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // finished by a sweep already
      throw err;
    }
    if (size === 0) {
      await removeQuietly(file);
      this.stats.discarded++;
      this.o.logger.warn({ file: entry.name }, 'a recording segment held no complete picture and was removed');
      return;
    }
    await this.index(file, startMs, endMs, size);
  }

  private async index(file: string, startMs: number, endMs: number, size: number): Promise<void> {
    const target = await moveToDated(file, this.o.recordingsRoot, this.o.cameraId, startMs);
    const rel = path.relative(this.o.dataRoot, target).split(path.sep).join('/');
    this.o.segments.insert({ cameraId: this.o.cameraId, startMs, endMs, sizeBytes: size, path: rel });
    this.stats.segments++;
    this.stats.bytes += size;
    this.o.onSegment?.({ startMs, endMs, sizeBytes: size, path: rel });
  }

  /** Files left in incoming/ by an ended run: made playable and indexed (start = last write − duration), or removed. */
  private async sweep(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.incoming);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const file = path.join(this.incoming, name);
      const r = await finishPartial(file, this.o.ffprobePath);
      if (!r) {
        this.stats.discarded++;
        this.o.logger.warn({ file: name }, 'an unfinished recording segment was not playable and was removed');
        continue;
      }
      await this.index(file, r.endMs - r.durationMs, r.endMs, r.size);
      this.stats.recovered++;
      this.o.logger.info({ file: name, durationMs: r.durationMs }, 'an unfinished recording segment was kept');
    }
  }
}

/**
 * A segment cut short: truncated to its last whole fragment and measured by ffprobe. Removed (and null returned) when
 * nothing playable is left. Its end is its last write (mtime), so start = end − duration.
 */
export async function finishPartial(
  file: string,
  ffprobePath: string | null,
  opts: { keepUnplayable?: boolean } = {},
): Promise<{ size: number; durationMs: number; endMs: number } | null> {
  const discard = async (): Promise<null> => {
    if (!opts.keepUnplayable) await removeQuietly(file);
    return null;
  };
  if (!file.endsWith('.mp4')) return discard();
  let size = 0;
  try {
    size = await truncateToLastFragment(file);
  } catch {
    size = 0;
  }
  const durationMs = size > 0 && ffprobePath ? await probeDurationMs(ffprobePath, file) : null;
  if (!durationMs) return discard();
  const st = await stat(file);
  return { size, durationMs, endMs: Math.round(st.mtimeMs) };
}
