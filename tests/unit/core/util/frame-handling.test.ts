// The small shared mechanisms of frame handling (issue 12, item 4): the base error that carries a frame back, the
// latest-wins slot, the overlay throttle.
import { describe, expect, it } from 'vitest';
import { FrameError, returnedFrame } from '../../../../main/core/util/frame-error.ts';
import { LatestSlot } from '../../../../main/core/util/latest-slot.ts';
import { OverlayThrottle } from '../../../../main/core/util/overlay-throttle.ts';
import { MotionError } from '../../../../main/core/motion/motion-pool.ts';
import { DetectionError } from '../../../../main/core/detection/person-detector.ts';

describe('FrameError', () => {
  it('is the one base of MotionError and DetectionError, and they agree on the frame (undefined when none came back)', () => {
    const buf = new ArrayBuffer(8);
    const m = new MotionError('motion failed', buf);
    const d = new DetectionError('detection failed', { cameraId: 'c', frame: buf });
    for (const e of [m, d]) {
      expect(e).toBeInstanceOf(FrameError);
      expect(e.frame).toBe(buf);
      expect(returnedFrame(e)).toBe(buf);
    }
    expect(new MotionError('lost with the worker', null).frame).toBeUndefined();
    expect(new DetectionError('lost', { cameraId: 'c' }).frame).toBeUndefined();
    // A detached (transferred) buffer is not a frame to give back.
    const gone = new ArrayBuffer(8);
    structuredClone(gone, { transfer: [gone] });
    expect(new FrameError('x', gone).frame).toBeUndefined();
    expect(returnedFrame(new Error('plain'))).toBeNull();
    expect(new DetectionError('replaced', { cameraId: 'c', skipped: true, frame: buf }).skipped).toBe(true);
    expect(m.skipped).toBe(false);
  });
});

describe('LatestSlot', () => {
  it('keeps the newest and hands back the one it replaced', () => {
    const slot = new LatestSlot<number>();
    expect(slot.offer(1)).toBeNull();
    expect(slot.offer(2)).toBe(1);
    expect(slot.waiting).toBe(true);
    expect(slot.take()).toBe(2);
    expect(slot.take()).toBeNull();
    expect(slot.waiting).toBe(false);
  });
});

describe('OverlayThrottle', () => {
  it('pushes boxes at most every interval, one empty push when they go, then nothing', () => {
    const t = new OverlayThrottle(200);
    expect(t.shouldPush(false, 0)).toBe(false); // nothing to clear yet
    expect(t.shouldPush(true, 0)).toBe(true);
    expect(t.shouldPush(true, 100)).toBe(false);
    expect(t.shouldPush(true, 200)).toBe(true);
    expect(t.shouldPush(false, 250)).toBe(true); // cleared at once, not throttled
    expect(t.shouldPush(false, 500)).toBe(false);
    expect(t.shouldPush(true, 510)).toBe(true);
  });
});
