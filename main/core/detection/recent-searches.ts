// Where the detector looked lately (pure): motion that lies inside an area searched less than `recheckMs` ago is not
// "something new" again on the next frame. Without this, motion no person explains (a far-away pedestrian the model
// cannot see, a swaying plant) would run the detector on every analysed frame; with it, such an area is looked at
// about once per `recheckMs`, and a person who walks into it is found within that time. Motion on followed people is
// the tracker's business (the scheduler checks tracks at their own rate), not this filter's. The camera analysis uses
// it only while someone is followed (a busy scene): in an empty scene every motion is looked at at once.
import type { Box } from '../../../native-workers/motion/motion-types.ts';
import { intersection } from '../tracking/box-math.ts';

export const DEFAULT_RECHECK_MS = 1000;
/** A motion box this much inside one searched area counts as searched. */
const INSIDE = 0.8;

export class RecentSearches {
  private areas: Array<{ box: Box; time: number }> = [];

  constructor(private readonly recheckMs = DEFAULT_RECHECK_MS) {}

  /** The detector looked at these regions of the frame taken at `time`. */
  remember(regions: readonly Box[], time: number): void {
    this.forget(time);
    for (const r of regions) this.areas.push({ box: { x: r.x, y: r.y, w: r.w, h: r.h }, time });
  }

  /** The motion boxes not searched within recheckMs of `time` (the others are left out). */
  unsearched(motion: readonly Box[], time: number): Box[] {
    this.forget(time);
    if (this.areas.length === 0) return motion.slice();
    const out: Box[] = [];
    for (const m of motion) {
      const area = m.w * m.h;
      if (!(area > 0) || !this.areas.some((a) => intersection(m, a.box) >= INSIDE * area)) out.push(m);
    }
    return out;
  }

  /** Forgets everything (the camera restarts). */
  clear(): void {
    this.areas = [];
  }

  private forget(time: number): void {
    if (this.areas.length > 0 && this.areas.some((a) => time - a.time >= this.recheckMs || a.time > time)) {
      this.areas = this.areas.filter((a) => time - a.time < this.recheckMs && a.time <= time);
    }
  }
}
