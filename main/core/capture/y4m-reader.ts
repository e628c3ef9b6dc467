// Reads ffmpeg's YUV4MPEG2 stream (analysis frames) from its stdout: a header line giving the size, then per frame
// `FRAME[ params]\n` followed by exactly width·height·3/2 bytes (4:2:0). Framed by byte count across arbitrary chunk
// boundaries; pixels are copied straight into a pool buffer (no allocation per frame). When the pool has no free
// buffer, the frame is skipped and counted (the newest frame wins downstream).
import { FramePool } from './frame-pool.ts';

export interface Y4mReaderOptions {
  /** The camera's pool, kept across ffmpeg restarts (resized when the picture size changes). */
  pool?: FramePool;
  /** Without `pool`: the reader makes its own pool of this many frames at the first header. */
  poolCapacity?: number;
  onFrame: (buffer: ArrayBuffer, width: number, height: number) => void;
  onDrop: () => void;
  onHeader?: (width: number, height: number) => void;
}

type State = 'header' | 'frame-header' | 'pixels';
const MAX_LINE = 1024;

export class Y4mReader {
  private state: State = 'header';
  private line: number[] = [];
  private width = 0;
  private height = 0;
  private frameBytes = 0;
  private target: Uint8Array | null = null;
  private targetBuffer: ArrayBuffer | null = null;
  private filled = 0;
  private skipping = false;
  private pool: FramePool | null = null;

  constructor(private readonly o: Y4mReaderOptions) {
    if (!o.pool && !(o.poolCapacity && o.poolCapacity > 0)) throw new Error('a Y4mReader needs a frame pool or a pool capacity');
    this.pool = o.pool ?? null;
  }

  /** The stream ended (ffmpeg exited): a frame half read goes back to the pool. */
  dispose(): void {
    if (this.targetBuffer) this.pool?.release(this.targetBuffer);
    this.targetBuffer = null;
    this.target = null;
    this.state = 'header';
  }

  get framePool(): FramePool | null {
    return this.pool;
  }

  /** The next bytes of the stream: the first `length` bytes of `chunk` (all of it by default), copied out at once. */
  push(chunk: Buffer, length = chunk.length): void {
    let i = 0;
    const n = Math.min(length, chunk.length);
    while (i < n) {
      if (this.state === 'pixels') {
        const take = Math.min(this.frameBytes - this.filled, n - i);
        if (this.target) this.target.set(chunk.subarray(i, i + take), this.filled);
        this.filled += take;
        i += take;
        if (this.filled === this.frameBytes) this.finishFrame();
        continue;
      }
      // Header or FRAME line: read up to the newline.
      // A reused read buffer holds older bytes after `n`: a newline there is not this read's.
      const found = chunk.indexOf(0x0a, i);
      const nl = found >= n ? -1 : found;
      const end = nl < 0 ? n : nl;
      for (let k = i; k < end; k++) this.line.push(chunk[k]!);
      if (this.line.length > MAX_LINE) throw new Error('the analysis stream is not YUV4MPEG2 (line too long)');
      i = end;
      if (nl < 0) break;
      i = nl + 1;
      const text = String.fromCharCode(...this.line);
      this.line = [];
      if (this.state === 'header') this.parseHeader(text);
      else this.startFrame(text);
    }
  }

  private parseHeader(text: string): void {
    if (!text.startsWith('YUV4MPEG2 ')) throw new Error('the analysis stream is not YUV4MPEG2');
    let w = 0;
    let h = 0;
    let colour = '420jpeg';
    for (const tok of text.split(' ').slice(1)) {
      if (tok[0] === 'W') w = Number(tok.slice(1));
      else if (tok[0] === 'H') h = Number(tok.slice(1));
      else if (tok[0] === 'C') colour = tok.slice(1);
    }
    if (!(w > 0 && h > 0 && w <= 8192 && h <= 8192)) throw new Error(`bad analysis frame size ${w}x${h}`);
    if (!colour.startsWith('420')) throw new Error(`unsupported colour space C${colour} (the analysis stream must be 4:2:0)`);
    this.width = w;
    this.height = h;
    this.frameBytes = w * h + 2 * (Math.ceil(w / 2) * Math.ceil(h / 2));
    if (!this.pool) this.pool = new FramePool(this.frameBytes, this.o.poolCapacity ?? 4);
    else this.pool.resize(this.frameBytes);
    this.o.onHeader?.(w, h);
    this.state = 'frame-header';
  }

  private startFrame(text: string): void {
    if (!text.startsWith('FRAME')) throw new Error('the analysis stream lost its framing');
    const buf = this.pool!.acquire();
    this.targetBuffer = buf;
    this.target = buf ? new Uint8Array(buf) : null;
    this.skipping = buf === null;
    this.filled = 0;
    this.state = 'pixels';
  }

  private finishFrame(): void {
    this.state = 'frame-header';
    const buf = this.targetBuffer;
    this.target = null;
    this.targetBuffer = null;
    if (this.skipping || !buf) {
      this.o.onDrop();
      return;
    }
    this.o.onFrame(buf, this.width, this.height);
  }
}
