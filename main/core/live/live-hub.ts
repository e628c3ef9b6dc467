// One camera stream's live view: the bytes of ffmpeg's fragmented MP4 output go in, every viewer gets the init segment
// (ftyp + moov, cached), the last complete fragment (moof + mdat, cached: with frag_keyframe it starts on a keyframe
// and ends where the next begins, so a new viewer shows a picture at once instead of waiting up to a whole GOP for the
// next fragment) and then whole fragments from the next one on.
// A slow viewer never makes memory grow: a fragment is only started for a viewer whose queue is under the bound; a
// viewer above it skips whole fragments (its picture jumps) until it has caught up. A viewer goes when it aborts.
// No copy of the video: viewers get ranges of the chunks read from the pipe (Node allocates a new chunk per read).
import { Readable } from 'node:stream';
import { BOX, parseInitSegment, type InitInfo } from '../../../preload/protocols/mp4-boxes.ts';
import { Mp4BoxSplitter, type BoxSink } from './mp4-box-splitter.ts';

interface Viewer {
  stream: Readable;
  /** waiting: not yet started (needs init, then a fragment start); in: receiving the current fragment; skip: not. */
  state: 'waiting' | 'in' | 'skip';
  gotInit: boolean;
  onAbort: (() => void) | null;
  signal: AbortSignal | null;
}

export interface LiveHubOptions {
  /** Bytes a viewer may have queued before it skips fragments (default 4 MiB: a few GOPs of a main stream). */
  maxQueueBytes?: number;
  /** The init segment of a new ffmpeg run was read. */
  onInit?: (info: InitInfo | null) => void;
  /** The stream is not MP4 (a bug or a broken pipe): the reason. */
  onError?: (reason: string) => void;
}

export class LiveHub implements BoxSink {
  private readonly splitter = new Mp4BoxSplitter(this);
  private readonly viewers = new Set<Viewer>();
  private readonly maxQueue: number;
  private readonly o: LiveHubOptions;
  private initParts: Buffer[] = [];
  private initBuf: Buffer | null = null;
  private info: InitInfo | null = null;
  /** The current top-level box is part of the init segment / of a fragment. */
  private inInit = false;
  private inFragment = false;
  /** Pieces of the fragment being read, and of the last complete one (two arrays swapped, never reallocated). */
  private currentFragment: Buffer[] = [];
  private lastFragment: Buffer[] = [];
  readonly stats = { fragments: 0, bytes: 0, skippedFragments: 0, viewersServed: 0 };

  constructor(options: LiveHubOptions = {}) {
    this.o = options;
    this.maxQueue = options.maxQueueBytes ?? 4 * 1024 * 1024;
  }

  /** The init segment's codec and size, once read. */
  get initInfo(): InitInfo | null {
    return this.info;
  }

  get initSegment(): Buffer | null {
    return this.initBuf;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Bytes from ffmpeg's live pipe. */
  push(chunk: Buffer): void {
    this.stats.bytes += chunk.length;
    this.splitter.push(chunk);
    if (this.splitter.error) {
      const reason = this.splitter.error;
      this.o.onError?.(reason);
      this.reset();
    }
  }

  /** A new ffmpeg run begins (or the old one ended): viewers are ended (their player reconnects), the init is forgotten. */
  reset(): void {
    this.splitter.reset();
    this.initParts = [];
    this.initBuf = null;
    this.info = null;
    this.inInit = false;
    this.inFragment = false;
    this.currentFragment.length = 0;
    this.lastFragment.length = 0;
    for (const v of [...this.viewers]) this.drop(v, true);
  }

  /** Ends every viewer for good (the camera stops). */
  close(): void {
    this.reset();
  }

  /** A new viewer: a stream of init + fragments, ended when the camera's stream ends or the signal aborts. */
  open(signal?: AbortSignal): Readable {
    const stream = new Readable({ read() {}, highWaterMark: this.maxQueue });
    const viewer: Viewer = { stream, state: 'waiting', gotInit: false, onAbort: null, signal: signal ?? null };
    if (signal?.aborted) {
      stream.push(null);
      return stream;
    }
    this.viewers.add(viewer);
    this.stats.viewersServed++;
    if (signal) {
      viewer.onAbort = () => this.drop(viewer, false);
      signal.addEventListener('abort', viewer.onAbort, { once: true });
    }
    stream.once('close', () => this.drop(viewer, false));
    if (this.initBuf) this.sendInit(viewer);
    return stream;
  }

  private sendInit(v: Viewer): void {
    if (!this.initBuf || v.gotInit) return;
    v.gotInit = true;
    v.stream.push(this.initBuf);
    // The last whole fragment, when one of this run is cached: the picture at once. The viewer then waits for the
    // next fragment's start (state 'waiting'), so the one being read now is not sent half.
    for (const piece of this.lastFragment) v.stream.push(piece);
  }

  private drop(v: Viewer, end: boolean): void {
    if (!this.viewers.delete(v)) return;
    if (v.signal && v.onAbort) v.signal.removeEventListener('abort', v.onAbort);
    if (end) v.stream.push(null);
    else if (!v.stream.destroyed) v.stream.destroy();
  }

  // ---- BoxSink ------------------------------------------------------------------------------------------------

  boxStart(type: number): void {
    if (type === BOX.ftyp) {
      // A new init segment (the first of a run): fragments of an earlier run do not go with it.
      this.initParts = [];
      this.initBuf = null;
      this.inInit = true;
      this.inFragment = false;
      this.currentFragment.length = 0;
      this.lastFragment.length = 0;
      return;
    }
    if (type === BOX.moov) {
      this.inInit = true;
      this.inFragment = false;
      return;
    }
    this.inInit = false;
    if (type === BOX.moof) {
      this.inFragment = true;
      this.currentFragment.length = 0;
      this.stats.fragments++;
      for (const v of this.viewers) {
        if (!v.gotInit) {
          v.state = 'waiting';
          continue;
        }
        if (v.stream.readableLength > this.maxQueue) {
          v.state = 'skip';
          this.stats.skippedFragments++;
        } else {
          v.state = 'in';
        }
      }
    } else if (type !== BOX.mdat) {
      // Anything else between fragments (mfra at the end, free…) goes to nobody.
      this.inFragment = false;
    }
  }

  bytes(buf: Buffer, start: number, end: number): void {
    if (this.inInit) {
      this.initParts.push(start === 0 && end === buf.length ? buf : buf.subarray(start, end));
      return;
    }
    if (!this.inFragment) return;
    const piece = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
    this.currentFragment.push(piece);
    for (const v of this.viewers) if (v.state === 'in') v.stream.push(piece);
  }

  boxEnd(type: number): void {
    if (type === BOX.mdat && this.inFragment) {
      // A fragment is complete: it becomes the one a new viewer starts with.
      const done = this.currentFragment;
      this.currentFragment = this.lastFragment;
      this.currentFragment.length = 0;
      this.lastFragment = done;
      return;
    }
    if (type === BOX.moov) {
      this.initBuf = Buffer.concat(this.initParts);
      this.initParts = [];
      this.inInit = false;
      try {
        this.info = parseInitSegment(this.initBuf);
      } catch {
        this.info = null;
      }
      this.o.onInit?.(this.info);
      for (const v of this.viewers) this.sendInit(v);
    }
  }
}
