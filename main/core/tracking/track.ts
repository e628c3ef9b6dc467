// One tracked object (pure): its Kalman box, its state, its path and its best snapshot candidate. The tracker
// (object-tracker.ts) decides which detection belongs to which track; this file holds what a track does with it.
//
//   tentative ──(confirmHits hits)──▶ active ──(filtered centre still for stationaryAfterMs)──▶ stationary
//       │                               ▲                                                         │
//       │                               └────(moved beyond the threshold on moveConfirmHits hits)─┘
//       └─(not seen for tentativeLostMs: discarded)        active / stationary ──(looked for, not found)──▶ lost
import type { Box } from '../../../native-workers/motion/motion-types.ts';
import { KalmanBox } from './kalman-box.ts';
import { copyBox } from './box-math.ts';

export type TrackState = 'tentative' | 'active' | 'stationary' | 'lost';

/** A box of the track's path at one time (the filtered box, frame pixels). */
export interface PathPoint {
  time: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The best view of the object so far: the frame to snapshot (by its time) and where the object is in it. Kept from
 * confirmation on; it changes only in an update at its own time (the tracker reports it in `snapshot`), so the frame
 * to snapshot is always the one in hand.
 */
export interface SnapshotCandidate {
  time: number;
  box: Box;
  score: number;
  /** The rule's value (see snapshotQuality); higher is better. */
  quality: number;
}

/** What the rest of the app may read of a track. The tracker owns and mutates it; copy what you keep. */
export interface TrackView {
  readonly id: number;
  readonly label: string;
  readonly state: TrackState;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly hits: number;
  readonly topScore: number;
  /** The filtered box at the last update. */
  readonly box: Readonly<Box>;
  /** The box expected at the time of the last update or predictBoxes() call (where to look for it). */
  readonly predicted: Readonly<Box>;
  readonly best: Readonly<SnapshotCandidate> | null;
  /** Since when the track has been looked for and not found (null: found at the last look). */
  readonly missFromMs: number | null;
  /** Since when the filtered centre has not really moved. */
  readonly stillSinceMs: number;
  /** Speed of the filtered centre, px per second. */
  readonly speed: number;
  /** Velocity of the filtered centre, px per second (0 while stationary). */
  readonly velocityX: number;
  readonly velocityY: number;
  readonly path: readonly PathPoint[];
}

export interface TrackSettings {
  confirmHits: number;
  stationaryAfterMs: number;
  moveFraction: number;
  minMovePx: number;
  moveConfirmHits: number;
  pathIntervalMs: number;
  pathMaxPoints: number;
}

/** What one hit changed, for the tracker's report. */
export type HitChange = 'confirmed' | 'stationary' | 'moving' | null;

/** A box closer than this (px) to the frame edge is cut off: a worse snapshot. */
const EDGE_PX = 2;
const EDGE_FACTOR = 0.6;

/**
 * The snapshot rule: bigger (√area, so it grows with the person's size on screen), more confident (the score), sharper
 * (a fast-moving person is blurred: the quality halves at a speed of one box height per second) and whole (a box cut by
 * the frame edge counts 0.6).
 */
export function snapshotQuality(box: Box, score: number, speed: number, width: number, height: number): number {
  const size = Math.sqrt(Math.max(0, box.w * box.h));
  const sharp = 1 / (1 + speed / Math.max(1, box.h));
  let whole = 1;
  if (width > 0 && height > 0) {
    const cut = box.x <= EDGE_PX || box.y <= EDGE_PX || box.x + box.w >= width - EDGE_PX || box.y + box.h >= height - EDGE_PX;
    if (cut) whole = EDGE_FACTOR;
  }
  return score * size * sharp * whole;
}

export class Track implements TrackView {
  state: TrackState = 'tentative';
  lastSeenMs: number;
  hits = 1;
  topScore: number;
  readonly box: Box = { x: 0, y: 0, w: 0, h: 0 };
  readonly predicted: Box = { x: 0, y: 0, w: 0, h: 0 };
  best: SnapshotCandidate | null = null;
  /** The last hit replaced `best`. */
  bestChanged = false;
  missFromMs: number | null = null;
  stillSinceMs: number;
  /** Time of the last update that looked for this track (found or not). */
  lastLookMs: number;
  readonly path: PathPoint[] = [];
  readonly kalman = new KalmanBox();
  private anchorX = 0;
  private anchorY = 0;
  private moveHits = 0;
  private pathInterval: number;

  constructor(
    readonly id: number,
    readonly label: string,
    readonly firstSeenMs: number,
    detection: Box,
    score: number,
    private readonly settings: TrackSettings,
  ) {
    this.lastSeenMs = firstSeenMs;
    this.lastLookMs = firstSeenMs;
    this.topScore = score;
    this.stillSinceMs = firstSeenMs;
    this.pathInterval = settings.pathIntervalMs;
    this.kalman.init(detection, firstSeenMs);
    this.kalman.box(this.box);
    copyBox(this.box, this.predicted);
    this.anchorX = this.box.x + this.box.w / 2;
    this.anchorY = this.box.y + this.box.h / 2;
    this.addPathPoint(firstSeenMs, true);
  }

  get speed(): number {
    return this.state === 'stationary' ? 0 : this.kalman.speed;
  }

  get velocityX(): number {
    return this.state === 'stationary' ? 0 : this.kalman.velocityX;
  }

  get velocityY(): number {
    return this.state === 'stationary' ? 0 : this.kalman.velocityY;
  }

  get confirmed(): boolean {
    return this.state === 'active' || this.state === 'stationary';
  }

  /** Moves the filter to `time` and refreshes `predicted`. A stationary track does not drift along a velocity. */
  predict(time: number): void {
    this.kalman.predict(time, this.state === 'stationary');
    this.kalman.box(this.predicted);
  }

  /** A detection was assigned to this track at `time` (after predict(time)). */
  hit(time: number, detection: Box, score: number, snapshotScore: number, width: number, height: number): HitChange {
    this.kalman.update(detection);
    this.kalman.box(this.box);
    this.hits++;
    this.lastSeenMs = time;
    this.lastLookMs = time;
    this.missFromMs = null;
    if (score > this.topScore) this.topScore = score;
    this.addPathPoint(time, false);
    let change: HitChange = null;
    if (this.state === 'tentative' && this.hits >= this.settings.confirmHits) {
      this.state = 'active';
      change = 'confirmed';
    }
    const stillness = this.updateStillness(time);
    // Only a confirmed track keeps a candidate, so its time is always that of an update with the frame in hand.
    this.bestChanged = this.confirmed && score >= snapshotScore && this.offerSnapshot(time, detection, score, width, height);
    return change ?? stillness;
  }

  /** The track was looked for at `time` and not found. */
  miss(time: number, lookGapMs: number): void {
    this.bestChanged = false;
    if (this.missFromMs === null) this.missFromMs = Math.max(this.lastLookMs, time - lookGapMs);
    this.lastLookMs = time;
  }

  /** Marks the track lost (the tracker drops it) and closes its path on the last sighting. */
  markLost(): void {
    this.state = 'lost';
    const last = this.path[this.path.length - 1];
    if (!last || last.time < this.lastSeenMs) this.addPathPoint(this.lastSeenMs, true);
  }

  private updateStillness(time: number): HitChange {
    const b = this.box;
    const cx = b.x + b.w / 2;
    const cy = b.y + b.h / 2;
    const s = this.settings;
    const threshold = Math.max(s.minMovePx, s.moveFraction * ((b.w + b.h) / 2));
    const moved = Math.hypot(cx - this.anchorX, cy - this.anchorY) > threshold;
    if (this.state === 'stationary') {
      // The filter may follow at once (thawed on the first move), the state changes on the confirming hits; a single
      // jump (jitter, a box cut by someone passing) freezes it again so that it does not drift between checks.
      if (!moved) {
        if (this.moveHits > 0) this.kalman.freeze();
        this.moveHits = 0;
        return null;
      }
      if (++this.moveHits === 1) this.kalman.thaw();
      if (this.moveHits < s.moveConfirmHits) return null;
      this.state = 'active';
      this.resetAnchor(cx, cy, time);
      return 'moving';
    }
    if (moved) {
      this.resetAnchor(cx, cy, time);
      return null;
    }
    if (this.state === 'active' && time - this.stillSinceMs >= s.stationaryAfterMs) {
      this.state = 'stationary';
      this.kalman.freeze();
      return 'stationary';
    }
    return null;
  }

  private resetAnchor(cx: number, cy: number, time: number): void {
    this.anchorX = cx;
    this.anchorY = cy;
    this.stillSinceMs = time;
    this.moveHits = 0;
  }

  /** A sighting worth a snapshot: kept when it is the best so far (see snapshotQuality). True when it was kept. */
  private offerSnapshot(time: number, detection: Box, score: number, width: number, height: number): boolean {
    const quality = snapshotQuality(detection, score, this.speed, width, height);
    if (this.best && this.best.quality >= quality) return false;
    this.best = { time, box: { x: detection.x, y: detection.y, w: detection.w, h: detection.h }, score, quality };
    return true;
  }

  /**
   * Keeps a few boxes per second. When the path is full, every other point is dropped and the spacing doubles, so a
   * long visit keeps its whole path at a coarser step and the memory stays bounded.
   */
  private addPathPoint(time: number, force: boolean): void {
    const last = this.path[this.path.length - 1];
    // 0.8: at 5 fps a 300 ms spacing keeps every other frame, not one in three.
    if (!force && last && time - last.time < 0.8 * this.pathInterval) return;
    const b = this.box;
    this.path.push({ time, x: round1(b.x), y: round1(b.y), w: round1(b.w), h: round1(b.h) });
    if (this.path.length > this.settings.pathMaxPoints) {
      let k = 0;
      for (let i = 0; i < this.path.length; i += 2) this.path[k++] = this.path[i]!;
      this.path.length = k;
      this.pathInterval *= 2;
    }
  }
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
