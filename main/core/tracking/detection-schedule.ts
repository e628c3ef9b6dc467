// Where to run the person detector on this analysed frame, given its motion and the tracks (pure).
//
//   motion that no track explains (a motion box less than `explainedCover` inside the grown predicted boxes) → 'new-motion'
//   tentative tracks, every `tentativeCheckMs` until confirmed or dropped (every frame at 5 fps)              → 'tentative-track'
//   active tracks, at `activeChecksPerSecond`; twice that while new, or near someone not walking with them   → 'active-track'
//   tracks looked for and not found (about to be lost), at twice the active rate                           → 'missing-track'
//   stationary tracks, every `stationaryCheckMs`; at twice the active rate while motion is on them         → 'stationary-track'
//   the whole frame every `fullFrameEveryMs` while anything is tracked or moves (still persons are found)   → 'full-frame'
//   a static scene with no tracks → nothing at all.
// Fewer passes: when one followed person is due, every other one at least half-way to due is checked in the same pass
// (so n people cost about one pass per interval, not n).
// The boxes asked for are turned into detector regions by detection-regions.ts: each box with its context (a model run
// costs its canvas's pixels), a followed person at their own size, something new 1.3×, overlapping ones merged when
// that is cheaper; the whole frame when
// the crops would cost as much and every box asked for would still be at least `fullFrameMinModelPx` tall in it. A
// track whose predicted centre falls in a region counts as checked, whatever the reason the region was made for.
//
// Coordinates: the motion boxes, the tracks and the regions are all in the same frame's pixels. Call the tracker's
// predictBoxes(time) first so the tracks' `predicted` boxes are for this frame. Call plan() only for a frame the
// detector will take (one in flight per camera): a plan is taken as done, its tracks as checked.
import type { Box } from '../../../native-workers/motion/motion-types.ts';
import { planRegions, wholeFrame, type RegionAskKind } from '../detection/detection-regions.ts';
import { containsPoint, grow, intersection, usableBox } from './box-math.ts';
import type { TrackView } from './track.ts';

export type RegionReason =
  | 'new-motion'
  | 'tentative-track'
  | 'active-track'
  | 'missing-track'
  | 'stationary-track'
  | 'full-frame';

export interface DetectionRegion {
  box: Box;
  /** Model pixels per frame pixel to run it at, and what that costs (canvas pixels): detection-regions.ts. */
  scale: number;
  cost: number;
  reasons: RegionReason[];
  /** Tracks the region was made for (not every track that happens to lie inside it). */
  trackIds: number[];
}

export interface SchedulePlan {
  time: number;
  /** Empty: do not run the detector on this frame. */
  regions: DetectionRegion[];
  fullFrame: boolean;
}

export interface ScheduleInput {
  time: number;
  width: number;
  height: number;
  motion: readonly Box[];
  tracks: readonly TrackView[];
}

export interface DetectionScheduleConfig {
  activeChecksPerSecond: number;
  /**
   * A tentative track (seen once or twice, not yet a person we follow) is looked at again after this long. 200 ms:
   * every analysed frame at 5 fps. Measured: at 300 ms (every other frame) a visitor crossing the picture in 4 s was
   * confirmed with a speed estimate too poor to be found again and their event lasted 0.8 s (engine-visitors test).
   */
  tentativeCheckMs: number;
  stationaryCheckMs: number;
  fullFrameEveryMs: number;
  /** A motion box at least this much inside track boxes is explained by them. */
  explainedCover: number;
  /** Track boxes are grown by this factor before judging what motion they explain (arms, a bag, a late box). */
  trackMargin: number;
  /**
   * A track that is not steady yet — confirmed fewer than `steadyHits` times, or with another track near it (within
   * `nearMargin`× its box) that does not walk with it — is checked `unsteadyFactor` times as often: a lone walker
   * followed for a while is what the Kalman filter predicts best, while a newcomer's speed is still being learnt and
   * people who meet or cross (where identities swap) need their boxes often.
   */
  steadyHits: number;
  unsteadyFactor: number;
  nearMargin: number;
  /**
   * Two people near each other whose velocities differ by less than this (box heights per second) walk together (a
   * couple, a group): their boxes keep their places side by side, so they are no reason to look more often. Measured
   * on 4 courtyard.mp4 cameras (groups walking all the time, tracked-engine bench): detector passes per analysed frame
   * 0.44–0.47 → 0.38–0.40, as many person events. People who meet or cross still have different velocities.
   */
  togetherSpeed: number;
  /** Active tracks this far (0 … 1) towards their next check join a pass made for another track. */
  activeBatchFraction: number;
  /** Crops as dear as the whole frame become one full-frame run when every asked box would be at least this tall in it. */
  fullFrameMinModelPx: number;
}

export const defaultDetectionScheduleConfig: DetectionScheduleConfig = {
  activeChecksPerSecond: 1,
  tentativeCheckMs: 200,
  steadyHits: 6,
  unsteadyFactor: 2,
  nearMargin: 2,
  togetherSpeed: 0.25,
  stationaryCheckMs: 10_000,
  fullFrameEveryMs: 30_000,
  explainedCover: 0.6,
  trackMargin: 1.3,
  activeBatchFraction: 0.5,
  fullFrameMinModelPx: 40,
};

interface Ask {
  box: Box;
  reason: RegionReason;
  trackId: number | null;
}

export class DetectionScheduler {
  private config: DetectionScheduleConfig;
  /** Last time each track lay inside a planned region. */
  private readonly checked = new Map<number, number>();
  /** Start of the current full-frame period: null while the scene is static and empty. */
  private periodStart: number | null = null;
  private readonly grown: Box = { x: 0, y: 0, w: 0, h: 0 };

  constructor(config: Partial<DetectionScheduleConfig> = {}) {
    this.config = { ...defaultDetectionScheduleConfig, ...config };
  }

  reconfigure(config: Partial<DetectionScheduleConfig>): void {
    this.config = { ...this.config, ...config };
  }

  plan(input: ScheduleInput): SchedulePlan {
    const { time, width, height, motion, tracks } = input;
    this.prune(tracks);
    if (tracks.length === 0 && motion.length === 0) {
      this.periodStart = null;
      return { time, regions: [], fullFrame: false };
    }
    if (this.periodStart === null) this.periodStart = time;
    if (time - this.periodStart >= this.config.fullFrameEveryMs) return this.fullFrame(input);

    const asks = this.asksFor(input);
    if (asks.length === 0) return { time, regions: [], fullFrame: false };
    const planned = planRegions(
      asks.map((a) => ({ box: a.box, kind: askKind(a.reason) })),
      width,
      height,
      { fullFrame: false, minModelPx: this.config.fullFrameMinModelPx },
    );
    if (planned.fullFrame) return this.fullFrame(input, asks);
    const regions: DetectionRegion[] = planned.regions.map(({ scale, cost, ...box }) => ({ box, scale, cost, reasons: [], trackIds: [] }));
    for (const ask of asks) {
      const cx = ask.box.x + ask.box.w / 2;
      const cy = ask.box.y + ask.box.h / 2;
      const region = regions.find((r) => containsPoint(r.box, cx, cy)) ?? regions[0]!;
      if (!region.reasons.includes(ask.reason)) region.reasons.push(ask.reason);
      if (ask.trackId !== null && !region.trackIds.includes(ask.trackId)) region.trackIds.push(ask.trackId);
    }
    this.markChecked(tracks, regions, time);
    return { time, regions, fullFrame: false };
  }

  /** Forgets everything (the camera restarts). */
  reset(): void {
    this.checked.clear();
    this.periodStart = null;
  }

  /** What needs looking at on this frame, before regions are made. */
  private asksFor(input: ScheduleInput): Ask[] {
    const { time, motion, tracks } = input;
    const c = this.config;
    const activeEvery = 1000 / Math.max(0.01, c.activeChecksPerSecond);
    // Missing, newly confirmed, crowded or stirring: looked at at the faster rate.
    const quickEvery = activeEvery / c.unsteadyFactor;
    const asks: Ask[] = [];
    const moving = new Set<number>(); // stationary tracks with motion on them
    for (const m of motion) {
      if (!usableBox(m)) continue;
      const cover = this.coverOf(m, tracks, moving);
      if (cover < c.explainedCover) asks.push({ box: m, reason: 'new-motion', trackId: null });
    }
    let anyDue = asks.length > 0;
    const waiting: TrackView[] = [];
    for (const t of tracks) {
      // A track never looked at by a plan yet was just made by the pass that saw it: its clock starts then.
      const since = time - (this.checked.get(t.id) ?? (t.state === 'tentative' ? t.lastSeenMs : -Infinity));
      let reason: RegionReason | null = null;
      if (t.state === 'tentative') {
        reason = since >= c.tentativeCheckMs ? 'tentative-track' : null;
        if (!reason) waiting.push(t);
      } else if (t.missFromMs !== null) reason = since >= quickEvery ? 'missing-track' : null;
      else if (t.state === 'active') {
        const every = this.isSteady(t, tracks) ? activeEvery : quickEvery;
        reason = since >= every ? 'active-track' : null;
        if (!reason && since >= c.activeBatchFraction * every) waiting.push(t);
      } else if (t.state === 'stationary') {
        const due = since >= (moving.has(t.id) ? quickEvery : c.stationaryCheckMs);
        reason = due ? 'stationary-track' : null;
      }
      if (reason && usableBox(t.predicted)) {
        asks.push({ box: lookFor(t), reason, trackId: t.id });
        anyDue = true;
      }
    }
    // A pass is made anyway: the active tracks half-way to due, and the tentative ones not yet due, come along (their
    // next pass would come soon).
    if (anyDue) {
      for (const t of waiting) {
        if (usableBox(t.predicted)) asks.push({ box: lookFor(t), reason: t.state === 'tentative' ? 'tentative-track' : 'active-track', trackId: t.id });
      }
    }
    return asks;
  }

  /**
   * Fraction of the motion box inside the (grown) track boxes, summed over tracks and capped at 1. Stationary tracks
   * the motion touches are noted: they may be about to walk away.
   */
  private coverOf(m: Box, tracks: readonly TrackView[], moving: Set<number>): number {
    const motionArea = m.w * m.h;
    let covered = 0;
    for (const t of tracks) {
      const g = grow(t.predicted, this.config.trackMargin, this.grown);
      const overlap = intersection(m, g);
      if (overlap === 0) continue;
      covered += overlap;
      if (t.state === 'stationary') moving.add(t.id);
    }
    return Math.min(1, covered / motionArea);
  }

  /** Followed long enough, and nobody within `nearMargin`× its box but those who walk with it (see the config). */
  private isSteady(t: TrackView, tracks: readonly TrackView[]): boolean {
    const c = this.config;
    if (t.hits < c.steadyHits) return false;
    const near = grow(t.predicted, c.nearMargin, this.grown);
    for (const other of tracks) {
      if (other === t || intersection(near, other.predicted) === 0) continue;
      const together = c.togetherSpeed * 0.5 * (t.predicted.h + other.predicted.h);
      const relative = Math.hypot(t.velocityX - other.velocityX, t.velocityY - other.velocityY);
      if (other.state === 'tentative' || !(relative < together)) return false;
    }
    return true;
  }

  private fullFrame(input: ScheduleInput, asks: Ask[] = []): SchedulePlan {
    const { time, width, height, tracks } = input;
    this.periodStart = time;
    const reasons: RegionReason[] = ['full-frame'];
    for (const a of asks) if (!reasons.includes(a.reason)) reasons.push(a.reason);
    const trackIds = asks.flatMap((a) => (a.trackId === null ? [] : [a.trackId]));
    const whole = wholeFrame(width, height).regions[0]!;
    const regions = [{ box: { x: 0, y: 0, w: width, h: height }, scale: whole.scale, cost: whole.cost, reasons, trackIds }];
    for (const t of tracks) this.checked.set(t.id, time);
    return { time, regions, fullFrame: true };
  }

  private markChecked(tracks: readonly TrackView[], regions: readonly DetectionRegion[], time: number): void {
    for (const t of tracks) {
      const p = t.predicted;
      const cx = p.x + p.w / 2;
      const cy = p.y + p.h / 2;
      if (regions.some((r) => containsPoint(r.box, cx, cy))) this.checked.set(t.id, time);
    }
  }

  private prune(tracks: readonly TrackView[]): void {
    if (this.checked.size <= tracks.length) return;
    const alive = new Set(tracks.map((t) => t.id));
    for (const id of this.checked.keys()) if (!alive.has(id)) this.checked.delete(id);
  }
}

/** How a box is cropped and scaled (detection-regions.ts): something new larger than a followed person's check. */
function askKind(reason: RegionReason): RegionAskKind {
  if (reason === 'new-motion') return 'motion';
  return reason === 'tentative-track' ? 'tentative' : 'followed';
}

/**
 * Where to look for a followed person: their predicted box and their last filtered one together. A check crop is
 * tight (a person and some context), and a person who stopped dead or turned back since they were last seen is not
 * where the constant-velocity prediction puts them, but at most that far from it, back towards where they were.
 */
function lookFor(t: TrackView): Box {
  const p = t.predicted;
  const b = t.box;
  if (!usableBox(b)) return p;
  const x1 = Math.min(p.x, b.x);
  const y1 = Math.min(p.y, b.y);
  return { x: x1, y: y1, w: Math.max(p.x + p.w, b.x + b.w) - x1, h: Math.max(p.y + p.h, b.y + b.h) - y1 };
}
