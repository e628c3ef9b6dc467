// A camera's live views: which outputs ffmpeg writes, and the H.265 adaptation learned from a real init segment read by
// the real LiveHub (built box by box: no encoder needed).
import { describe, expect, it } from 'vitest';
import { FD_LIVE_MAIN, FD_LIVE_SUB, LiveViews } from '../../../../main/core/capture/live-views.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { h264InitSegment, h265InitSegment } from '../../../fixtures/mp4-init.ts';

function views(hasMainStream: boolean) {
  let adapted = 0;
  const v = new LiveViews({ cameraName: 'Till', hasMainStream, logger: silentLogger(), onAdapted: () => adapted++ });
  return { v, adapted: () => adapted };
}

describe('LiveViews', () => {
  it('a camera with one stream: one live output, both qualities show it', () => {
    const { v } = views(false);
    expect(v.outputs()).toEqual([{ fd: FD_LIVE_SUB, input: 0 }]);
    expect(v.hubForFd(FD_LIVE_SUB)).not.toBeNull();
    expect(v.hubForFd(FD_LIVE_MAIN)).toBeNull();
    expect(v.describe('main')).toEqual({ hub: v.hubForFd(FD_LIVE_SUB), transcoded: false, note: null });
  });

  it('a camera with a sub and a main stream: two outputs, each quality its own hub; H.264 needs nothing', () => {
    const { v, adapted } = views(true);
    expect(v.outputs()).toEqual([
      { fd: FD_LIVE_SUB, input: 0 },
      { fd: FD_LIVE_MAIN, input: 1 },
    ]);
    v.hubForFd(FD_LIVE_SUB)!.push(h264InitSegment());
    v.hubForFd(FD_LIVE_MAIN)!.push(h264InitSegment());
    expect(adapted()).toBe(0);
    expect(v.describe('main').hub).toBe(v.hubForFd(FD_LIVE_MAIN));
    expect(v.describe('sub').hub).toBe(v.hubForFd(FD_LIVE_SUB));
  });

  it('an H.265 main stream is not offered: the sub stream is shown, with a note; ffmpeg restarts once', () => {
    const { v, adapted } = views(true);
    const main = v.hubForFd(FD_LIVE_MAIN)!;
    main.push(h265InitSegment());
    expect(adapted()).toBe(1);
    expect(v.outputs()).toEqual([{ fd: FD_LIVE_SUB, input: 0 }]);
    const described = v.describe('main');
    expect(described.hub).toBe(v.hubForFd(FD_LIVE_SUB));
    expect(described.transcoded).toBe(false);
    expect(described.note).toBe('The main stream of Till is H.265, which browsers cannot play: the live view shows the sub stream.');
    // The next run's init segment says the same: no second restart.
    main.reset();
    main.push(h265InitSegment());
    expect(adapted()).toBe(1);
  });

  it('an H.265 analysis stream is re-encoded to a smaller H.264 picture, for both qualities', () => {
    const { v, adapted } = views(true);
    v.hubForFd(FD_LIVE_SUB)!.push(h265InitSegment());
    expect(adapted()).toBe(1);
    expect(v.outputs()).toEqual([{ fd: FD_LIVE_SUB, input: 0, transcode: { maxWidth: 640 } }]);
    for (const quality of ['sub', 'main'] as const) {
      const d = v.describe(quality);
      expect(d.transcoded).toBe(true);
      expect(d.hub).toBe(v.hubForFd(FD_LIVE_SUB));
      expect(d.note).toMatch(/^Till sends H\.265, which browsers cannot play: the live view is converted to a smaller H\.264 picture/);
    }
  });
});
