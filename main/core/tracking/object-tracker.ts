// The multi-object tracker (pure): detections in, tracks and what changed out. The best of SORT (a Kalman box per
// track, optimal assignment), ByteTrack (two stages: confident detections first, then the weak ones may only
// continue a track, never start one) and Norfair (a distance that works where boxes no longer overlap).
//
// Per update (one detector pass on the frame taken at `time`):
//  1. every track is predicted to `time`;
//  2. confident detections (score ≥ highScore) ↔ confirmed tracks, cost = ½(1 − IoU) + ½ · centre distance / gate,
//     where the gate is three quarters of the box height plus twice the filter's centre uncertainty (it widens while a track is
//     unseen, so a person hidden behind another for a second is still found, and small far-away people whose boxes
//     never overlap from one frame to the next still match; at most 1.5 heights), boxes of a very different size never
//     match;
//  3. weak detections (lowScore ≤ score < highScore) ↔ the confirmed tracks left, with a stricter cost;
//  4. confident detections left ↔ tentative tracks; 5. confident detections left start tentative tracks.
// A track the detector looked for (its predicted centre inside one of the searched regions) and did not find keeps
// its id for lostAfterMs, then is lost. A track nobody looked for (a stationary track between its checks) is not
// missing: the detection scheduler decides where to look, the tracker is told.
//
// Time comes in with each update (ms); nothing reads a clock. The report and the track list are reused between
// updates: read them before the next call, copy what you keep.
import type { Box } from '../../../native-workers/motion/motion-types.ts';
import { Assignment } from './assignment.ts';
import { containsPoint, iou, usableBox } from './box-math.ts';
import { Track, type TrackSettings, type TrackView } from './track.ts';

export interface Detection {
  box: Box;
  score: number;
  /** 'person' when not given. Tracks only match detections of their own label. */
  label?: string;
}

export interface TrackerInput {
  time: number;
  detections: readonly Detection[];
  /** Where the detector looked (frame pixels). Absent: the whole frame. */
  regions?: readonly Box[];
  /** Frame size, when known: snapshots of boxes cut by the edge rank lower, and tracks that leave it are missing. */
  width?: number;
  height?: number;
}

export interface TrackerReport {
  /** New tentative tracks. */
  created: TrackView[];
  /** Tracks that became active (a real object: open its event). */
  confirmed: TrackView[];
  /** Active tracks that have not really moved for stationaryAfterMs. */
  stationary: TrackView[];
  /** Stationary tracks that move again. */
  moving: TrackView[];
  /** Confirmed tracks that were lost (close their events at lastSeenMs). They are no longer in `tracks`. */
  lost: TrackView[];
  /** Tentative tracks dropped without ever being confirmed (false positives). */
  discarded: TrackView[];
  /** Confirmed tracks whose best view (track.best) is this update's frame: snapshot the frame in hand. */
  snapshot: TrackView[];
  /** For detection i of the input (i < detections.length): the id of the track it went to, or -1 (ignored). */
  detectionTrackIds: Int32Array;
}

export interface ObjectTrackerConfig extends TrackSettings {
  /** A confirmed track looked for and not found for this long is lost. */
  lostAfterMs: number;
  /** A tentative track not seen for this long is discarded. */
  tentativeLostMs: number;
  /** The longest gap between two looks that still counts as watching (see Track.miss). */
  lookGapMs: number;
  /** A track not seen at all for this long is lost on tick(), even if nobody looked (frames stopped). */
  forgetAfterMs: number;
  highScore: number;
  lowScore: number;
  /** Smallest score that starts a new track. */
  newTrackScore: number;
  /** Largest association cost (0 … 1) for confident detections, and for weak ones. */
  maxCost: number;
  maxCostLow: number;
  /** Detections whose height differs from the track's by more than this factor never match it. */
  maxSizeRatio: number;
}

export const defaultObjectTrackerConfig: ObjectTrackerConfig = {
  lostAfterMs: 2000,
  tentativeLostMs: 1000,
  lookGapMs: 1000,
  forgetAfterMs: 60_000,
  confirmHits: 3,
  stationaryAfterMs: 10_000,
  moveFraction: 0.15,
  minMovePx: 5,
  moveConfirmHits: 2,
  pathIntervalMs: 300,
  pathMaxPoints: 240,
  highScore: 0.5,
  lowScore: 0.2,
  newTrackScore: 0.5,
  maxCost: 1,
  maxCostLow: 0.5,
  maxSizeRatio: 2,
};

const FORBIDDEN = Infinity;

/** Base of the association gate, in box heights: how far a person may be from where the filter expects them. */
const GATE_HEIGHTS = 0.75;

type Stage = 'confident' | 'weak' | 'tentative';

export class ObjectTracker {
  private config: ObjectTrackerConfig;
  private readonly live: Track[] = [];
  private nextId = 1;
  private lastTime = -Infinity;
  private readonly assignment = new Assignment();
  private cost = new Float64Array(64);
  private trackIdx = new Int32Array(16);
  private detIdx = new Int32Array(16);
  private detUsed = new Uint8Array(16);
  private trackHit = new Uint8Array(16);
  readonly report: TrackerReport = {
    created: [],
    confirmed: [],
    stationary: [],
    moving: [],
    lost: [],
    discarded: [],
    snapshot: [],
    detectionTrackIds: new Int32Array(16),
  };

  constructor(config: Partial<ObjectTrackerConfig> = {}) {
    this.config = { ...defaultObjectTrackerConfig, ...config };
  }

  reconfigure(config: Partial<ObjectTrackerConfig>): void {
    this.config = { ...this.config, ...config };
  }

  /** The tracks alive (tentative, active, stationary), oldest first. */
  get tracks(): readonly TrackView[] {
    return this.live;
  }

  /**
   * Refreshes every track's `predicted` box for `time` (a frame the scheduler is planning for). The filters are not
   * moved: a detector result for an earlier frame that arrives afterwards is still applied at its own time.
   */
  predictBoxes(time: number): void {
    for (const t of this.live) t.kalman.boxAt(time, t.predicted);
  }

  /**
   * One detector pass. Detections with a box that is not finite or empty are ignored; an update older than the last
   * one (results out of order) changes nothing.
   */
  update(input: TrackerInput): TrackerReport {
    const report = this.clearReport();
    const { time, detections } = input;
    if (time < this.lastTime) return report;
    this.lastTime = time;
    const width = input.width ?? 0;
    const height = input.height ?? 0;
    this.reserve(this.live.length, detections.length);
    for (const t of this.live) t.predict(time);
    for (let d = 0; d < detections.length; d++) this.detUsed[d] = usable(detections[d]!) ? 0 : 1;
    report.detectionTrackIds.fill(-1, 0, detections.length);
    this.trackHit.fill(0, 0, this.live.length);
    const c = this.config;
    this.associate(input, 'confident');
    this.associate(input, 'weak');
    this.associate(input, 'tentative');
    const born = this.live.length;
    for (let d = 0; d < detections.length; d++) {
      const det = detections[d]!;
      if (this.detUsed[d] || !(det.score >= c.newTrackScore)) continue;
      const track = new Track(this.nextId++, det.label ?? 'person', time, det.box, det.score, c);
      this.live.push(track);
      report.created.push(track);
      report.detectionTrackIds[d] = track.id;
    }
    for (let i = 0; i < born; i++) {
      const t = this.live[i]!;
      if (this.trackHit[i]) continue;
      if (looked(t, input.regions, width, height)) t.miss(time, c.lookGapMs);
    }
    this.dropMissing(time, report, width, height);
    return report;
  }

  /** Loses tracks not seen for forgetAfterMs whatever happened (call about once a second: frames may stop). */
  tick(now: number): TrackerReport {
    const report = this.clearReport();
    for (let i = this.live.length - 1; i >= 0; i--) {
      const t = this.live[i]!;
      if (now - t.lastSeenMs >= this.config.forgetAfterMs) this.remove(i, report);
    }
    return report;
  }

  /** Ends every track (the camera stops): confirmed ones are reported lost, tentative ones discarded. */
  stop(): TrackerReport {
    const report = this.clearReport();
    for (let i = this.live.length - 1; i >= 0; i--) this.remove(i, report);
    return report;
  }

  /**
   * One association stage, optimal under its cost limit: confident detections ↔ confirmed tracks, then weak ones ↔
   * the confirmed tracks left, then confident ones left ↔ tentative tracks.
   */
  private associate(input: TrackerInput, stage: Stage): void {
    const dets = input.detections;
    const c = this.config;
    const limit = stage === 'weak' ? c.maxCostLow : c.maxCost;
    let nt = 0;
    let nd = 0;
    for (let i = 0; i < this.live.length; i++) {
      const t = this.live[i]!;
      if (this.trackHit[i] || (stage === 'tentative') === t.confirmed) continue;
      this.trackIdx[nt++] = i;
    }
    for (let d = 0; d < dets.length; d++) {
      if (this.detUsed[d]) continue;
      const s = dets[d]!.score;
      if (stage === 'weak' ? s >= c.lowScore && s < c.highScore : s >= c.highScore) this.detIdx[nd++] = d;
    }
    if (nt === 0 || nd === 0) return;
    const cost = this.cost;
    for (let r = 0; r < nt; r++) {
      const t = this.live[this.trackIdx[r]!]!;
      for (let k = 0; k < nd; k++) cost[r * nd + k] = this.pairCost(t, dets[this.detIdx[k]!]!);
    }
    const made = this.assignment.solve(cost, nt, nd, limit);
    if (made === 0) return;
    for (let r = 0; r < nt; r++) {
      const k = this.assignment.rowToCol[r]!;
      if (k < 0) continue;
      const ti = this.trackIdx[r]!;
      const d = this.detIdx[k]!;
      const t = this.live[ti]!;
      const det = dets[d]!;
      this.trackHit[ti] = 1;
      this.detUsed[d] = 1;
      this.report.detectionTrackIds[d] = t.id;
      const change = t.hit(input.time, det.box, det.score, c.highScore, input.width ?? 0, input.height ?? 0);
      if (change) this.report[change].push(t);
      if (t.bestChanged) this.report.snapshot.push(t);
    }
  }

  /** ½(1 − IoU) + ½ · distance / gate, or FORBIDDEN (another label, another size, beyond the gate). */
  private pairCost(t: Track, det: Detection): number {
    if ((det.label ?? 'person') !== t.label) return FORBIDDEN;
    const p = t.predicted;
    const b = det.box;
    const ratio = b.h / p.h;
    const maxRatio = this.config.maxSizeRatio;
    if (!(ratio <= maxRatio && ratio >= 1 / maxRatio)) return FORBIDDEN;
    const dist = Math.hypot(b.x + b.w / 2 - (p.x + p.w / 2), b.y + b.h / 2 - (p.y + p.h / 2));
    // The uncertainty part is capped: however long a track went unseen, it does not jump to someone 2 heights away.
    const gate = GATE_HEIGHTS * 0.5 * (p.h + b.h) + Math.min(2 * t.kalman.centreSigma, 1.5 * p.h);
    const dn = dist / gate;
    if (dn > 1) return FORBIDDEN;
    return 0.5 * (1 - iou(p, b)) + 0.5 * dn;
  }

  private dropMissing(time: number, report: TrackerReport, width: number, height: number): void {
    const c = this.config;
    for (let i = this.live.length - 1; i >= 0; i--) {
      const t = this.live[i]!;
      if (t.state === 'tentative') {
        if (time - t.lastSeenMs >= c.tentativeLostMs) this.remove(i, report);
        continue;
      }
      const gone = t.missFromMs !== null && time - t.missFromMs >= c.lostAfterMs;
      if (gone || (t.missFromMs !== null && outside(t.predicted, width, height))) this.remove(i, report);
    }
  }

  private remove(index: number, report: TrackerReport): void {
    const t = this.live[index]!;
    this.live.splice(index, 1);
    if (t.confirmed) {
      t.markLost();
      report.lost.push(t);
    } else {
      t.markLost();
      report.discarded.push(t);
    }
  }

  private clearReport(): TrackerReport {
    const r = this.report;
    r.created.length = r.confirmed.length = r.stationary.length = r.moving.length = r.lost.length = 0;
    r.discarded.length = r.snapshot.length = 0;
    return r;
  }

  private reserve(tracks: number, dets: number): void {
    if (this.cost.length < tracks * dets) this.cost = new Float64Array(tracks * dets * 2);
    if (this.trackIdx.length < tracks) {
      this.trackIdx = new Int32Array(tracks * 2);
      this.trackHit = new Uint8Array(tracks * 2);
    }
    if (this.detIdx.length < dets) {
      this.detIdx = new Int32Array(dets * 2);
      this.detUsed = new Uint8Array(dets * 2);
    }
    if (this.report.detectionTrackIds.length < dets) this.report.detectionTrackIds = new Int32Array(dets * 2);
  }
}

function usable(d: Detection): boolean {
  return usableBox(d.box) && Number.isFinite(d.score);
}

/** Was the track looked for: its predicted centre inside a searched region (or the frame, when none are given)? */
function looked(t: Track, regions: readonly Box[] | undefined, width: number, height: number): boolean {
  const p = t.predicted;
  const cx = p.x + p.w / 2;
  const cy = p.y + p.h / 2;
  if (width > 0 && height > 0 && outside(p, width, height)) return true; // it walked out of the picture
  if (!regions) return true;
  for (const r of regions) if (containsPoint(r, cx, cy)) return true;
  return false;
}

/** The predicted centre is outside the frame. */
function outside(b: Box, width: number, height: number): boolean {
  if (!(width > 0 && height > 0)) return false;
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  return cx < 0 || cy < 0 || cx > width || cy > height;
}
