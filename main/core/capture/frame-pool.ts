// A fixed set of frame buffers per camera. A frame's buffer travels (to the motion worker and back, to the detector
// and back) and returns here; nothing is allocated per frame. Buffers come back as new ArrayBuffer objects after a
// round trip through a worker (transfer detaches the old one), so the pool accepts any buffer of the right size.
// A buffer lost on the way (a worker that died holding it) is replaced by `replaceLost()`.

export class FramePool {
  private free: ArrayBuffer[] = [];
  private frameBytes: number;
  private outstanding = 0;

  constructor(
    frameBytes: number,
    private readonly capacity: number,
  ) {
    this.frameBytes = frameBytes;
    for (let i = 0; i < capacity; i++) this.free.push(new ArrayBuffer(frameBytes));
  }

  get bytesPerFrame(): number {
    return this.frameBytes;
  }

  get available(): number {
    return this.free.length;
  }

  /** A free buffer, or null when every buffer is in use (the caller drops the frame and counts it). */
  acquire(): ArrayBuffer | null {
    const b = this.free.pop() ?? null;
    if (b) this.outstanding++;
    return b;
  }

  release(buf: ArrayBuffer): void {
    if (buf.byteLength !== this.frameBytes) return; // a buffer of an older frame size, or a detached one
    if (this.outstanding > 0) this.outstanding--;
    if (this.free.length < this.capacity) this.free.push(buf);
  }

  /** A buffer that will never come back (lost with a crashed worker): make a new one in its place. */
  replaceLost(): void {
    if (this.outstanding > 0) this.outstanding--;
    if (this.free.length + this.outstanding < this.capacity) this.free.push(new ArrayBuffer(this.frameBytes));
  }

  /** New frame size (the camera's resolution changed): buffers of the old size are dropped as they come back. */
  resize(frameBytes: number): void {
    if (frameBytes === this.frameBytes) return;
    this.frameBytes = frameBytes;
    this.outstanding = 0;
    this.free = [];
    for (let i = 0; i < this.capacity; i++) this.free.push(new ArrayBuffer(frameBytes));
  }
}
