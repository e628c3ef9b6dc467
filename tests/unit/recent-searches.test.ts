// Motion the detector looked at lately is not "new" again until the recheck time has passed (detection/recent-searches.ts).
import { describe, expect, it } from 'vitest';
import { RecentSearches } from '../../main/core/detection/recent-searches.ts';

describe('RecentSearches', () => {
  it('leaves out motion inside an area searched less than the recheck time ago, and asks again after it', () => {
    const s = new RecentSearches(1000);
    const far = { x: 600, y: 40, w: 20, h: 30 }; // a pedestrian too small for the model: motion nobody explains
    const elsewhere = { x: 50, y: 300, w: 60, h: 120 };
    expect(s.unsearched([far], 0)).toEqual([far]);
    s.remember([{ x: 480, y: 0, w: 320, h: 320 }], 0);
    expect(s.unsearched([far], 200)).toEqual([]);
    expect(s.unsearched([far, elsewhere], 800)).toEqual([elsewhere]);
    expect(s.unsearched([far], 1000)).toEqual([far]); // due again
  });

  it('counts a box as searched only when most of it was inside one searched area', () => {
    const s = new RecentSearches(1000);
    s.remember([{ x: 0, y: 0, w: 100, h: 100 }], 0);
    const half = { x: 50, y: 0, w: 100, h: 100 };
    const inside = { x: 10, y: 10, w: 80, h: 85 };
    expect(s.unsearched([half, inside], 100)).toEqual([half]);
    s.clear();
    expect(s.unsearched([inside], 100)).toEqual([inside]);
  });
});
