import { describe, expect, it } from 'vitest';
import { Mp4BoxSplitter, type BoxSink } from '../../../../main/core/live/mp4-box-splitter.ts';
import { avcCodec, BOX, fourcc, fourccName, hevcCodec, listBoxes, parseInitSegment } from '../../../../preload/protocols/mp4-boxes.ts';
import { LiveHub } from '../../../../main/core/live/live-hub.ts';
import { h264InitSegment, initSegment, mp4Box as box, visualEntry } from '../../../fixtures/mp4-init.ts';

/** A box with a 64-bit size (size field 1). */
function largeBox(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(1, 0);
  head.write(type, 4, 'latin1');
  head.writeBigUInt64BE(BigInt(16 + body.length), 8);
  return Buffer.concat([head, body]);
}

const filler = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255));

const h264Init = h264InitSegment;

function fragment(n: number, size: number): Buffer {
  return Buffer.concat([box('moof', box('mfhd', Buffer.from([0, 0, 0, 0, 0, 0, 0, n]))), box('mdat', filler(size, n))]);
}

class Recorder implements BoxSink {
  boxes: Array<{ type: string; size: number; bytes: Buffer[]; ended: boolean }> = [];
  boxStart(type: number, size: number): void {
    this.boxes.push({ type: fourccName(type), size, bytes: [], ended: false });
  }
  bytes(buf: Buffer, start: number, end: number): void {
    this.boxes[this.boxes.length - 1]!.bytes.push(Buffer.from(buf.subarray(start, end)));
  }
  boxEnd(type: number): void {
    const b = this.boxes[this.boxes.length - 1]!;
    expect(b.type).toBe(fourccName(type));
    b.ended = true;
  }
}

/** Cuts `buf` into chunks at the given sizes (cycled). */
function chunks(buf: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  let i = 0;
  while (pos < buf.length) {
    const n = sizes[i++ % sizes.length]!;
    out.push(buf.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

describe('MP4 box splitter', () => {
  const stream = Buffer.concat([h264Init(), fragment(1, 3000), fragment(2, 17), largeBox('mdat', filler(40, 9)), fragment(3, 1)]);
  const expected = listBoxes(stream);

  it('finds the same top-level boxes, with the same bytes, however the stream is cut', () => {
    expect(expected.map((b) => fourccName(b.type))).toEqual(['ftyp', 'moov', 'moof', 'mdat', 'moof', 'mdat', 'mdat', 'moof', 'mdat']);
    const cuts: number[][] = [[1], [2], [3], [7], [8], [9], [15], [16], [17], [4096], [stream.length], [5, 1, 13, 2, 700, 3]];
    let seed = 7;
    for (let k = 0; k < 30; k++) {
      cuts.push(Array.from({ length: 9 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 97) + 1));
    }
    for (const sizes of cuts) {
      const rec = new Recorder();
      const splitter = new Mp4BoxSplitter(rec);
      for (const c of chunks(stream, sizes)) splitter.push(c);
      expect(splitter.error).toBeNull();
      expect(splitter.atBoundary).toBe(true);
      expect(rec.boxes.map((b) => b.type), String(sizes)).toEqual(expected.map((b) => fourccName(b.type)));
      for (const [i, b] of rec.boxes.entries()) {
        const e = expected[i]!;
        expect(b.ended).toBe(true);
        expect(b.size).toBe(e.size);
        expect(Buffer.concat(b.bytes).equals(stream.subarray(e.offset, e.offset + e.size))).toBe(true);
      }
    }
  });

  it('hands on ranges of the chunks it was given, copying nothing when headers are not cut', () => {
    const seen: Buffer[] = [];
    const splitter = new Mp4BoxSplitter({ boxStart: () => undefined, boxEnd: () => undefined, bytes: (buf) => void seen.push(buf) });
    const whole = Buffer.from(stream);
    splitter.push(whole);
    expect(seen.every((b) => b === whole)).toBe(true);
  });

  it('refuses a stream that is not MP4, and stops there', () => {
    const rec = new Recorder();
    const splitter = new Mp4BoxSplitter(rec);
    splitter.push(Buffer.from('YUV4MPEG2 W640 H480 F5:1\n'));
    expect(splitter.error).toMatch(/bad MP4 box/);
    splitter.push(h264Init());
    expect(rec.boxes).toEqual([]);
    splitter.reset();
    splitter.push(h264Init());
    expect(rec.boxes.map((b) => b.type)).toEqual(['ftyp', 'moov']);
  });

  it('names four-character codes both ways', () => {
    expect(fourccName(fourcc('moof'))).toBe('moof');
    expect(BOX.mdat).toBe(0x6d646174);
  });
});

describe('MSE codec string from the init segment', () => {
  it('reads avc1.PPCCLL and the picture size of an H.264 track', () => {
    expect(parseInitSegment(h264Init())).toEqual({ codec: 'avc1.64001f', sampleEntry: 'avc1', width: 768, height: 576, hevc: false });
    expect(avcCodec('avc1', Buffer.from([1, 0x42, 0xc0, 0x1e]))).toBe('avc1.42c01e');
    expect(avcCodec('avc3', Buffer.from([1, 0x4d, 0x40, 0x28]))).toBe('avc3.4d4028');
  });

  it('reads hvc1/hev1 strings of H.265 (profile space, reversed compatibility flags, tier, level, constraints)', () => {
    // Main profile, compatibility flags 1 and 2, constraint byte 0xB0, level 3.1 (93), main tier.
    const hvcc = Buffer.from([1, 0x01, 0x60, 0, 0, 0, 0xb0, 0, 0, 0, 0, 0, 93, 0xf0, 0]);
    expect(hevcCodec('hev1', hvcc)).toBe('hev1.1.6.L93.B0');
    // Main 10, high tier, level 5.1 (153), no constraint bytes.
    const main10 = Buffer.from([1, 0x22, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 153]);
    expect(hevcCodec('hvc1', main10)).toBe('hvc1.2.4.H153');
    const init = initSegment(visualEntry('hvc1', 2560, 1440, box('hvcC', hvcc)));
    expect(parseInitSegment(init)).toEqual({ codec: 'hvc1.1.6.L93.B0', sampleEntry: 'hvc1', width: 2560, height: 1440, hevc: true });
  });

  it('says nothing for a buffer without a video track', () => {
    expect(parseInitSegment(box('ftyp', Buffer.alloc(8)))).toBeNull();
    expect(() => avcCodec('avc1', Buffer.from([1, 2]))).toThrow();
  });
});

describe('live hub', () => {
  const read = (s: { read(): unknown }) => {
    const parts: Buffer[] = [];
    let c: unknown;
    while ((c = s.read()) !== null) parts.push(c as Buffer);
    return Buffer.concat(parts);
  };

  it('gives a viewer the init segment, the last whole fragment at once, then whole fragments from the next one on', () => {
    const hub = new LiveHub();
    const init = h264Init();
    const f1 = fragment(1, 500);
    const f2 = fragment(2, 600);
    const f3 = fragment(3, 700);
    const f4 = fragment(4, 800);
    // Before any fragment is complete a viewer gets the init only.
    hub.push(init);
    const early = hub.open();
    expect(read(early).equals(init)).toBe(true);
    for (const c of chunks(f1, [13])) hub.push(c);
    expect(hub.initInfo?.codec).toBe('avc1.64001f');
    // Joins in the middle of fragment 2: gets init and fragment 1 (a picture now), skips the rest of 2, gets 3 whole.
    hub.push(f2.subarray(0, 100));
    const viewer = hub.open();
    expect(read(viewer).equals(Buffer.concat([init, f1]))).toBe(true);
    hub.push(f2.subarray(100));
    hub.push(f3);
    expect(read(viewer).equals(f3)).toBe(true);
    // Joins between fragments: the last whole one is 3.
    const later = hub.open();
    hub.push(f4);
    expect(read(later).equals(Buffer.concat([init, f3, f4]))).toBe(true);
    expect(read(early).equals(Buffer.concat([f1, f2, f3, f4]))).toBe(true);
  });

  it('forgets the cached fragment when a new run starts: a viewer of the new run gets only its init', () => {
    const hub = new LiveHub();
    hub.push(h264Init());
    hub.push(fragment(1, 500));
    hub.reset();
    const init = h264Init();
    hub.push(init);
    expect(read(hub.open()).equals(init)).toBe(true);
    // The same without a reset: a second ftyp in the pipe starts a new run too.
    hub.push(fragment(2, 500));
    hub.push(init);
    expect(read(hub.open()).equals(init)).toBe(true);
  });

  it('skips whole fragments for a viewer that does not read, and never queues more than the bound plus one fragment', () => {
    const hub = new LiveHub({ maxQueueBytes: 2000 });
    const init = h264Init();
    hub.push(init);
    const slow = hub.open();
    const fast = hub.open();
    const frags = Array.from({ length: 20 }, (_, i) => fragment(i + 1, 900));
    let fastBytes = 0;
    for (const f of frags) {
      for (const c of chunks(f, [256])) hub.push(c);
      fastBytes += read(fast).length;
      expect(slow.readableLength).toBeLessThanOrEqual(2000 + f.length + init.length);
    }
    expect(fastBytes).toBe(init.length + frags.reduce((s, f) => s + f.length, 0));
    expect(hub.stats.skippedFragments).toBeGreaterThan(10);
    // What the slow viewer has is still a valid stream: init, then whole fragments.
    const got = read(slow);
    const boxes = listBoxes(got).map((b) => fourccName(b.type));
    expect(boxes.slice(0, 2)).toEqual(['ftyp', 'moov']);
    expect(boxes.slice(2).join(',')).toMatch(/^(moof,mdat,?)+$/);
    expect(listBoxes(got).reduce((s, b) => s + b.size, 0)).toBe(got.length);
  });

  it('removes a viewer whose signal aborts, and ends viewers when the stream restarts', async () => {
    const hub = new LiveHub();
    hub.push(h264Init());
    const ac = new AbortController();
    const a = hub.open(ac.signal);
    const b = hub.open();
    expect(hub.viewerCount).toBe(2);
    ac.abort();
    expect(hub.viewerCount).toBe(1);
    expect(a.destroyed).toBe(true);
    let ended = false;
    b.on('end', () => (ended = true));
    b.resume();
    hub.reset();
    await new Promise((r) => setImmediate(r));
    expect(ended).toBe(true);
    expect(hub.viewerCount).toBe(0);
    expect(hub.initSegment).toBeNull();
  });
});
