import { describe, expect, it } from 'vitest';
import { concatList, mergeSpans, planClip, quoteConcatPath, type ClipSegment } from '../../../../main/core/recording/clip-plan.ts';

const seg = (id: number, startMs: number, endMs = startMs + 10_000): ClipSegment => ({ id, startMs, endMs, file: `/r/${id}.mp4` });

describe('planClip', () => {
  const run = [seg(1, 0), seg(2, 10_000), seg(3, 20_000), seg(4, 30_000)];

  it('cuts the first and last segment at the range, keeps the middle whole', () => {
    const p = planClip(run, 12_500, 31_000)!;
    expect(p.entries).toEqual([
      { file: '/r/2.mp4', inpointSec: 2.5, outpointSec: null },
      { file: '/r/3.mp4', inpointSec: null, outpointSec: null },
      { file: '/r/4.mp4', inpointSec: null, outpointSec: 1 },
    ]);
    expect(p.coveredMs).toBe(18_500);
    expect([p.firstMs, p.lastMs]).toEqual([12_500, 31_000]);
    expect(p.segmentIds).toEqual([2, 3, 4]);
  });

  it('one segment cut at both ends; edges within 50 ms are not cut', () => {
    expect(planClip(run, 12_000, 15_000)!.entries).toEqual([{ file: '/r/2.mp4', inpointSec: 2, outpointSec: 5 }]);
    expect(planClip(run, 10_030, 19_960)!.entries).toEqual([{ file: '/r/2.mp4', inpointSec: null, outpointSec: null }]);
  });

  it('counts only recorded time across gaps and overlaps, in any input order', () => {
    const p = planClip([seg(9, 50_000), seg(1, 0), seg(2, 5_000, 15_000)], 0, 60_000)!;
    expect(p.segmentIds).toEqual([1, 2, 9]);
    expect(p.coveredMs).toBe(15_000 + 10_000);
  });

  it('has nothing for a range without footage, or segments that only touch it', () => {
    expect(planClip(run, 40_000, 50_000)).toBeNull();
    expect(planClip([], 0, 1)).toBeNull();
    expect(planClip([seg(1, 0, 0)], 0, 10)).toBeNull();
  });
});

describe('the ffconcat list', () => {
  it('quotes paths safely, quotes included', () => {
    expect(quoteConcatPath("/data/it's here/a.mp4")).toBe("'/data/it'\\''s here/a.mp4'");
  });

  it('writes in and out points in each file’s own clock', () => {
    const p = planClip([seg(1, 0), seg(2, 10_000)], 3_500, 14_300)!;
    expect(concatList(p.entries, () => 0.2)).toBe(
      "ffconcat version 1.0\nfile '/r/1.mp4'\ninpoint 3.700\nfile '/r/2.mp4'\noutpoint 4.500\n",
    );
  });
});

describe('mergeSpans', () => {
  it('joins neighbours closer than the gap, keeps real gaps', () => {
    expect(mergeSpans([0, 10_000, 20_500, 40_000], [10_000, 20_000, 30_000, 50_000])).toEqual([
      { startMs: 0, endMs: 30_000 },
      { startMs: 40_000, endMs: 50_000 },
    ]);
    expect(mergeSpans([0, 5_000], [20_000, 10_000])).toEqual([{ startMs: 0, endMs: 20_000 }]);
    expect(mergeSpans([], [])).toEqual([]);
  });
});
