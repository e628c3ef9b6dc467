import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../../main/core/media/byte-range.ts';
import { matchMediaPath, parseRecordingRange, MAX_RECORDING_MS } from '../../../../main/core/media/media-router.ts';

describe('parseRange', () => {
  it('serves the whole file without a usable header', () => {
    for (const h of [null, undefined, '', 'items=0-5', 'bytes=0-1,5-6', 'bytes=-', 'bytes=abc', 'bytes=5-2']) {
      expect(parseRange(h, 100), String(h)).toEqual({ kind: 'whole' });
    }
  });
  it('answers single ranges, clamped to the file', () => {
    expect(parseRange('bytes=0-0', 100)).toEqual({ kind: 'partial', start: 0, end: 0 });
    expect(parseRange('bytes=10-', 100)).toEqual({ kind: 'partial', start: 10, end: 99 });
    expect(parseRange('bytes=10-1000', 100)).toEqual({ kind: 'partial', start: 10, end: 99 });
    expect(parseRange('bytes=-30', 100)).toEqual({ kind: 'partial', start: 70, end: 99 });
    expect(parseRange('bytes=-300', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange(' bytes = 2 - 3 ', 100)).toEqual({ kind: 'partial', start: 2, end: 3 });
  });
  it('refuses ranges past the end', () => {
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=99999999999999999999-', 100)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('media paths', () => {
  it('routes known names with valid ids only', () => {
    expect(matchMediaPath('/media/events/abc/clip.mp4')).toEqual({ kind: 'clip', eventId: 'abc' });
    expect(matchMediaPath('/media/cameras/c1/live.mp4')).toEqual({ kind: 'live', cameraId: 'c1' });
    expect(matchMediaPath('/media/cameras/c1/recording.mp4')).toEqual({ kind: 'recording', cameraId: 'c1' });
    expect(matchMediaPath('/media/events/abc/snapshot.jpg')).toEqual({ kind: 'snapshot', eventId: 'abc', variant: 'full' });
    expect(matchMediaPath('/other')).toBeNull();
    for (const p of ['/media/events/../clip.mp4', '/media/events/%2e%2e/clip.mp4', '/media/cameras/c1/clip.mp4', '/media/events/abc/live.mp4', '/media/events/abc', '/media/events/a%2Fb/clip.mp4']) {
      expect(matchMediaPath(p), p).toBe('bad');
    }
  });
  it('bounds a recording range', () => {
    expect(parseRecordingRange(new URLSearchParams('from=1000&to=2000'))).toEqual({ fromMs: 1000, toMs: 2000 });
    expect(typeof parseRecordingRange(new URLSearchParams('from=2000&to=1000'))).toBe('string');
    expect(typeof parseRecordingRange(new URLSearchParams('from=-5&to=1000'))).toBe('string');
    expect(typeof parseRecordingRange(new URLSearchParams('from=1e3&to=2000'))).toBe('string');
    expect(typeof parseRecordingRange(new URLSearchParams(`from=0&to=${MAX_RECORDING_MS + 1}`))).toBe('string');
    expect(parseRecordingRange(new URLSearchParams(`from=0&to=${MAX_RECORDING_MS}`))).toEqual({ fromMs: 0, toMs: MAX_RECORDING_MS });
  });
});
