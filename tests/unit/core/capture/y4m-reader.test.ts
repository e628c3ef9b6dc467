import { describe, expect, it } from 'vitest';
import { Y4mReader } from '../../../../main/core/capture/y4m-reader.ts';
import { FramePool } from '../../../../main/core/capture/frame-pool.ts';

const W = 8;
const H = 4;
const FRAME = W * H * 1.5;
const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F5:1 Ip A0:0 C420mpeg2 XYSCSS=420MPEG2 XCOLORRANGE=LIMITED\n`);
const frame = (fill: number) => Buffer.concat([Buffer.from('FRAME\n'), Buffer.alloc(FRAME, fill)]);

function stream(frames: number): Buffer {
  return Buffer.concat([header, ...Array.from({ length: frames }, (_, i) => frame(i + 1))]);
}

describe('Y4mReader', () => {
  it('frames exactly by byte count across any chunk boundaries', () => {
    for (const chunkSize of [1, 3, 7, 47, 1000]) {
      const got: number[] = [];
      const reader = new Y4mReader({
        poolCapacity: 2,
        onFrame: (buf, w, h) => {
          expect([w, h]).toEqual([W, H]);
          const px = new Uint8Array(buf);
          expect(px.every((v) => v === px[0])).toBe(true);
          got.push(px[0]!);
          reader.framePool!.release(buf);
        },
        onDrop: () => expect.fail('no drop expected'),
      });
      const all = stream(5);
      for (let i = 0; i < all.length; i += chunkSize) reader.push(all.subarray(i, i + chunkSize));
      expect(got).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('reads only the new bytes of a reused read buffer (a frame channel): stale bytes after them never count', () => {
    for (const chunkSize of [5, 13, 64]) {
      const got: number[] = [];
      const reader = new Y4mReader({
        poolCapacity: 2,
        onFrame: (buf) => {
          const px = new Uint8Array(buf);
          expect(px.every((v) => v === px[0])).toBe(true);
          got.push(px[0]!);
          reader.framePool!.release(buf);
        },
        onDrop: () => expect.fail('no drop expected'),
      });
      // One buffer for every read, full of newlines and "FRAME" text from before: only the first `length` bytes are new.
      const reused = Buffer.from('\nFRAME\n'.repeat(chunkSize));
      const all = stream(4);
      for (let i = 0; i < all.length; i += chunkSize) {
        const length = all.copy(reused, 0, i, Math.min(i + chunkSize, all.length));
        reader.push(reused, length);
      }
      expect(got).toEqual([1, 2, 3, 4]);
    }
  });

  it('drops and counts frames when every pool buffer is still in use, and reuses returned buffers', () => {
    const held: ArrayBuffer[] = [];
    let drops = 0;
    const reader = new Y4mReader({ poolCapacity: 2, onFrame: (buf) => held.push(buf), onDrop: () => drops++ });
    reader.push(stream(4));
    expect(held).toHaveLength(2);
    expect(drops).toBe(2);
    reader.framePool!.release(held.shift()!);
    reader.push(frame(9));
    expect(held).toHaveLength(2);
    expect(new Uint8Array(held[1]!)[0]).toBe(9);
  });

  it('accepts a frame buffer back as a new ArrayBuffer object of the same size (after a worker round trip)', () => {
    const held: ArrayBuffer[] = [];
    const reader = new Y4mReader({ poolCapacity: 1, onFrame: (buf) => held.push(buf), onDrop: () => undefined });
    reader.push(stream(1));
    const copy = structuredClone(held.pop()!, { transfer: [] });
    reader.framePool!.release(copy);
    reader.framePool!.release(new ArrayBuffer(3)); // wrong size: ignored
    expect(reader.framePool!.available).toBe(1);
  });

  it('shares the camera pool across ffmpeg restarts: a half-read frame goes back, frames in flight come back', () => {
    const pool = new FramePool(0, 2);
    const held: ArrayBuffer[] = [];
    const first = new Y4mReader({ pool, onFrame: (buf) => held.push(buf), onDrop: () => expect.fail('no drop expected') });
    const all = stream(2);
    first.push(all.subarray(0, all.length - 5)); // ffmpeg dies inside the second frame
    expect(held).toHaveLength(1);
    expect(pool.available).toBe(0);
    first.dispose();
    expect(pool.available).toBe(1);
    // The next ffmpeg: same size, same pool; the frame still held downstream comes back as a new object.
    const second = new Y4mReader({ pool, onFrame: (buf) => held.push(buf), onDrop: () => expect.fail('no drop expected') });
    pool.release(structuredClone(held.shift()!));
    expect(pool.available).toBe(2);
    second.push(stream(2));
    expect(held.map((b) => new Uint8Array(b)[0])).toEqual([1, 2]);
    expect(held.every((b) => b.byteLength === FRAME)).toBe(true);
  });

  it('refuses a stream that is not YUV4MPEG2 4:2:0', () => {
    const r = () => new Y4mReader({ poolCapacity: 1, onFrame: () => undefined, onDrop: () => undefined });
    expect(() => r().push(Buffer.from('HTTP/1.1 200 OK\n'))).toThrow(/YUV4MPEG2/);
    expect(() => r().push(Buffer.from('YUV4MPEG2 W8 H4 C444\n'))).toThrow(/4:2:0/);
    const reader = r();
    reader.push(header);
    expect(() => reader.push(Buffer.from('GARBAGE\n'))).toThrow(/framing/);
  });
});
