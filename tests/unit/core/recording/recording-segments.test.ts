import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSegmentListLine, SegmentClock } from '../../../../main/core/recording/segment-list.ts';
import { timeFileName, truncateToLastFragment } from '../../../../main/core/recording/segment-files.ts';

function box(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

describe('segment list lines (ffmpeg -segment_list_type csv)', () => {
  it('reads name, start and end', () => {
    expect(parseSegmentListLine('lx3k0-000001.mp4,10.200000,20.200000\n')).toEqual({ name: 'lx3k0-000001.mp4', startSec: 10.2, endSec: 20.2 });
    expect(parseSegmentListLine('"a,b.mp4",0.000000,9.9')).toEqual({ name: 'a,b.mp4', startSec: 0, endSec: 9.9 });
  });
  it('ignores anything else', () => {
    for (const bad of ['', 'x.mp4', 'x.mp4,1', 'x.mp4,a,b', 'x.mp4,5,4', ',1,2']) expect(parseSegmentListLine(bad), bad).toBeNull();
  });
});

describe('segment wall clock', () => {
  it('anchors stream time to the wall clock at the first closing, then follows the stream (contiguous segments)', () => {
    const clock = new SegmentClock();
    const t0 = 1_700_000_000_000;
    expect(clock.place({ name: 'a', startSec: 0, endSec: 10.2 }, t0 + 10_250)).toEqual({ startMs: t0 + 50, endMs: t0 + 10_250 });
    // The next one closes 0.3 s "late" (scheduling): its span still follows the stream, so the two are contiguous.
    expect(clock.place({ name: 'b', startSec: 10.2, endSec: 20.2 }, t0 + 20_550)).toEqual({ startMs: t0 + 10_250, endMs: t0 + 20_250 });
  });
  it('re-anchors when the camera clock drifts more than the limit from the wall clock', () => {
    const clock = new SegmentClock(2000);
    clock.place({ name: 'a', startSec: 0, endSec: 10 }, 100_000);
    expect(clock.place({ name: 'b', startSec: 10, endSec: 20 }, 113_000)).toEqual({ startMs: 103_000, endMs: 113_000 });
    clock.reset();
    expect(clock.place({ name: 'c', startSec: 0, endSec: 5 }, 200_000)).toEqual({ startMs: 195_000, endMs: 200_000 });
  });
});

describe('a segment cut short is truncated after its last whole fragment', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-seg-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const init = Buffer.concat([box('ftyp', Buffer.alloc(16)), box('moov', Buffer.alloc(200))]);
  const frag = (n: number) => Buffer.concat([box('moof', Buffer.alloc(40, n)), box('mdat', Buffer.alloc(1000, n))]);

  it('keeps whole fragments and cuts a partial moof or mdat', async () => {
    const whole = Buffer.concat([init, frag(1), frag(2)]);
    for (const cut of [whole.length, whole.length - 1, whole.length - 1000, whole.length - 1040, whole.length - 1045]) {
      const f = path.join(dir, `cut-${cut}.mp4`);
      writeFileSync(f, whole.subarray(0, cut));
      const expected = cut === whole.length ? whole.length : init.length + frag(1).length;
      expect(await truncateToLastFragment(f), String(cut)).toBe(expected);
      expect(readFileSync(f).length).toBe(expected);
    }
  });

  it('finds nothing playable without a moov or a whole fragment', async () => {
    const f = path.join(dir, 'init-only.mp4');
    writeFileSync(f, Buffer.concat([init, frag(1).subarray(0, 500)]));
    expect(await truncateToLastFragment(f)).toBe(0);
    const g = path.join(dir, 'garbage.mp4');
    writeFileSync(g, Buffer.from('not an mp4 at all, really not'));
    expect(await truncateToLastFragment(g)).toBe(0);
  });

  it('names dated files by local time', () => {
    expect(timeFileName(new Date(2026, 10, 25, 9, 5, 7).getTime())).toBe('090507');
  });
});
