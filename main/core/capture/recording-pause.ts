// A camera's recording output between ffmpeg runs: on, off, or paused. A full disk pauses the recording only (ffmpeg
// goes on with live view and motion without its segment output), and free space is then polled: once it is back, the
// owner restarts ffmpeg with the recording again. A recordings folder that cannot be written pauses it too, with its
// own sentence (no poll: free space would not fix it).
import type { Logger } from '../logging/logger.ts';
import type { RecordingStatus } from '../../../preload/contract.ts';
import type { SegmentWriter } from '../recording/segment-writer.ts';
import { diskSpace } from '../retention/disk-space.ts';
import { RECORDING_PAUSED_DISK_FULL_SAID } from './ffmpeg-errors.ts';
import type { EngineMessage, Said } from '../../../preload/i18n/engine-message.ts';
import { errorMessage } from '../../../preload/format.ts';

export interface RecordingPauseOptions {
  /** The camera's segment writer; null when recording is off. */
  writer: SegmentWriter | null;
  logger: Logger;
  /** Removes the camera's secrets from a message (an error may quote a path or a URL). */
  redact: (text: string) => string;
  onStatus?: (status: RecordingStatus) => void;
  /** The recording hit a full disk and is paused (the engine frees space at once). */
  onDiskFull?: () => void;
  /** Free space is back: the owner starts ffmpeg again with the recording output. */
  onResume: () => void;
  /** Free bytes needed on the recordings' disk before a paused recording resumes (default 256 MiB); asked at each check. */
  resumeFreeBytes?: number | (() => number);
  /** How often free space is checked while recording is paused (default 10 s). */
  resumePollMs?: number;
  /** Free bytes of the disk holding a folder (default: statfs). */
  freeSpace?: (dir: string) => Promise<{ free: number }>;
}

/** What the next ffmpeg run records into. */
export interface RecordingTarget {
  writer: SegmentWriter;
  /** ffmpeg's segment file pattern for this run. */
  pattern: string;
}

const DEFAULT_RESUME_FREE_BYTES = 256 * 1024 * 1024;
const DEFAULT_RESUME_POLL_MS = 10_000;

export class RecordingPause {
  private current: RecordingStatus;
  private isPaused = false;
  /** Held by the engine for a reason of its own (the data folder is away), whatever the disk says. */
  private heldFor: Said | string | null = null;
  /** Why the disk side paused it (a full disk, a folder that cannot be written). */
  private pausedReason: Said | string | null = null;
  /** The message of the current reason (the status itself carries the English only). */
  private reasonSaid: Said | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly options: RecordingPauseOptions) {
    this.current = options.writer ? { state: 'recording', reason: null } : { state: 'off', reason: null };
  }

  get status(): RecordingStatus {
    return this.current;
  }

  /** The current reason as a message of the engine area, for the UI's language; null without one. */
  get reasonMessage(): EngineMessage | null {
    return this.reasonSaid?.message ?? null;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Recording is wanted and not paused: the next run should have its segment output. */
  get active(): boolean {
    return this.options.writer !== null && !this.isPaused && this.heldFor === null;
  }

  /**
   * Holds the recording for the engine's reason (the data folder is away: nothing may be written), or lets it go on
   * (null). Returns whether anything changed: the owner then restarts ffmpeg with or without the segment output.
   */
  hold(reason: Said | string | null): boolean {
    if (!this.options.writer || textOf(this.heldFor) === textOf(reason)) return false;
    this.heldFor = reason;
    if (reason !== null) this.setStatus('paused', reason);
    else if (this.isPaused) this.setStatus('paused', this.pausedReason);
    else this.setStatus('recording', null);
    return true;
  }

  /**
   * Starts the recording of the next ffmpeg run: its writer and file pattern, or null when recording is off or
   * paused, or when the incoming folder cannot be made (the camera then goes on without recording, and says why).
   */
  beginRun(): RecordingTarget | null {
    const writer = this.options.writer;
    if (!writer || this.isPaused || this.heldFor !== null) return null;
    try {
      return { writer, pattern: writer.beginRun().pattern };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOSPC' || e.code === 'EDQUOT') this.diskFull();
      else {
        const why = this.options.redact(e.message);
        this.isPaused = true;
        this.pausedReason = `Recording paused: the recordings folder cannot be written (${why}).`;
        this.setStatus('paused', this.pausedReason);
        this.options.logger.error({ err: why }, 'recordings folder cannot be written: recording paused');
      }
      return null;
    }
  }

  /** A full disk: recording pauses, ffmpeg goes on without it; free space is polled to resume. */
  diskFull(): void {
    this.isPaused = true;
    this.pausedReason = RECORDING_PAUSED_DISK_FULL_SAID;
    if (this.heldFor === null) this.setStatus('paused', RECORDING_PAUSED_DISK_FULL_SAID);
    this.options.logger.error('the disk is full: recording paused, live view and motion go on');
    try {
      this.options.onDiskFull?.();
    } catch (err) {
      this.options.logger.warn({ err: errorMessage(err) }, 'freeing disk space failed');
    }
    if (!this.poll && this.options.writer) this.startPolling(this.options.writer.recordingsRoot);
  }

  /** The camera stops: no more free-space checks. */
  stop(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  private startPolling(dir: string): void {
    const freeSpace = this.options.freeSpace ?? diskSpace;
    let checking = false;
    const poll = setInterval(() => {
      if (checking || this.poll !== poll) return;
      checking = true;
      freeSpace(dir)
        .then(({ free }) => {
          if (this.poll !== poll || !this.isPaused || free < this.resumeFreeBytes()) return;
          this.stop();
          this.isPaused = false;
          if (this.heldFor === null) this.setStatus('recording', null);
          this.options.logger.info({ freeBytes: free }, 'free space is back: recording resumes');
          this.options.onResume();
        })
        .catch(() => undefined)
        .finally(() => (checking = false));
    }, this.options.resumePollMs ?? DEFAULT_RESUME_POLL_MS);
    poll.unref();
    this.poll = poll;
  }

  private resumeFreeBytes(): number {
    const need = this.options.resumeFreeBytes;
    return typeof need === 'function' ? need() : (need ?? DEFAULT_RESUME_FREE_BYTES);
  }

  private setStatus(state: RecordingStatus['state'], said: Said | string | null): void {
    const reason = textOf(said);
    if (this.current.state === state && this.current.reason === reason) return;
    this.reasonSaid = typeof said === 'string' ? null : said;
    this.current = { state, reason };
    this.options.onStatus?.(this.current);
  }
}

function textOf(said: Said | string | null): string | null {
  return typeof said === 'string' || said === null ? said : said.text;
}
