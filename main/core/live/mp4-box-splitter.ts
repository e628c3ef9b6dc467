// A streaming splitter of top-level MP4 boxes (ISO/IEC 14496-12): it is fed the bytes of a fragmented MP4 as they
// arrive, in chunks cut anywhere, and tells its sink where each top-level box starts and which bytes belong to it.
// Pure and allocation-free on the common path: the bytes of a box are handed on as (chunk, start, end) ranges of the
// chunk it was given; only a box header cut across two chunks is copied (16 bytes at most, rare).
//
// ffmpeg's `-movflags frag_keyframe+empty_moov+default_base_moof` writes: ftyp, moov (the init segment), then
// moof + mdat pairs (one fragment per keyframe), sometimes an mfra at the very end. Box types (BOX, fourcc) and the
// reading of complete boxes (listBoxes, the init segment) are preload/protocols/mp4-boxes.ts, shared with the page.
import { fourccName } from '../../../preload/protocols/mp4-boxes.ts';

export interface BoxSink {
  /** A top-level box begins: its type and its whole size in bytes (header included). */
  boxStart(type: number, size: number): void;
  /** Bytes of the current box, in order, header included: `buf[start, end)`. `buf` is not reused by the splitter. */
  bytes(buf: Buffer, start: number, end: number): void;
  /** The current box is complete. */
  boxEnd(type: number): void;
}

/** Boxes larger than this are refused (a corrupt stream, or not MP4 at all): 1 GiB. */
const MAX_BOX = 1 << 30;

export class Mp4BoxSplitter {
  private readonly header = Buffer.alloc(16);
  private headerHave = 0;
  private headerNeed = 8;
  private type = 0;
  /** Bytes of the current box still to come (after its header); -1 while reading a header. */
  private remaining = -1;
  private failed: string | null = null;

  constructor(private readonly sink: BoxSink) {}

  /** Why the stream was refused, or null. After a refusal, push() ignores everything until reset(). */
  get error(): string | null {
    return this.failed;
  }

  /** True between boxes (no box partly read): a stream that ends here ended cleanly. */
  get atBoundary(): boolean {
    return this.remaining < 0 && this.headerHave === 0;
  }

  reset(): void {
    this.headerHave = 0;
    this.headerNeed = 8;
    this.remaining = -1;
    this.type = 0;
    this.failed = null;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    let pos = 0;
    const len = chunk.length;
    while (pos < len) {
      if (this.remaining >= 0) {
        const take = Math.min(this.remaining, len - pos);
        if (take > 0) this.sink.bytes(chunk, pos, pos + take);
        pos += take;
        this.remaining -= take;
        if (this.remaining === 0) this.finishBox();
        continue;
      }
      // Reading a header. Fast path: the whole header is inside this chunk.
      if (this.headerHave === 0 && len - pos >= 8 && (len - pos >= 16 || chunk.readUInt32BE(pos) !== 1)) {
        const size32 = chunk.readUInt32BE(pos);
        const type = chunk.readUInt32BE(pos + 4);
        let size = size32;
        let hl = 8;
        if (size32 === 1) {
          size = Number(chunk.readBigUInt64BE(pos + 8));
          hl = 16;
        }
        if (!this.begin(type, size, hl)) return;
        this.sink.bytes(chunk, pos, pos + hl);
        pos += hl;
        if (this.remaining === 0) this.finishBox();
        continue;
      }
      // Slow path: the header is cut across chunks; gather it in the scratch buffer.
      const take = Math.min(this.headerNeed - this.headerHave, len - pos);
      chunk.copy(this.header, this.headerHave, pos, pos + take);
      this.headerHave += take;
      pos += take;
      if (this.headerHave < this.headerNeed) continue;
      if (this.headerNeed === 8 && this.header.readUInt32BE(0) === 1) {
        this.headerNeed = 16; // a 64-bit size follows
        continue;
      }
      const size32 = this.header.readUInt32BE(0);
      const type = this.header.readUInt32BE(4);
      const hl = this.headerNeed;
      const size = size32 === 1 ? Number(this.header.readBigUInt64BE(8)) : size32;
      this.headerHave = 0;
      this.headerNeed = 8;
      if (!this.begin(type, size, hl)) return;
      // The scratch buffer is reused: the sink gets its own copy of these few bytes.
      this.sink.bytes(Buffer.from(this.header.subarray(0, hl)), 0, hl);
      if (this.remaining === 0) this.finishBox();
    }
  }

  private begin(type: number, size: number, headerLength: number): boolean {
    if (size < headerLength || size > MAX_BOX) {
      // size 0 ("to the end of the file") never occurs in a live fragmented stream; anything else is corrupt.
      this.failed = `bad MP4 box ${JSON.stringify(fourccName(type))} of ${size} bytes`;
      return false;
    }
    this.type = type;
    this.remaining = size - headerLength;
    this.sink.boxStart(type, size);
    return true;
  }

  private finishBox(): void {
    const t = this.type;
    this.remaining = -1;
    this.sink.boxEnd(t);
  }
}
