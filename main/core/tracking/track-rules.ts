// Rules on tracks (pure): people crossing a line in a direction, loitering in a zone, visitors per minute.
//
// A track's reference point is the bottom centre of its filtered box: where the feet are, as the person filter
// judges zones. Lines and zones are given in normalised frame coordinates (0..1, as drawn in the wizard) and turned
// into pixels of the frame the tracks live in.
//
// Direction of a line a → b: 'in' is crossing to the RIGHT-hand side of the arrow a → b as seen on the screen (y grows
// downwards), 'out' back to its left. For a line drawn from left to right, 'in' is moving down the picture (usually
// towards the camera); draw it the other way round to swap. Only crossings of the drawn segment count.
// Jitter: a point within `band` of the line (the larger of minBandPx and bandFraction × the box height) keeps the side
// it had, so feet wobbling on the line are counted once, when they really leave it on the other side.
// A tentative track's crossings are held back and counted when it is confirmed (dropped if it never is), so a person
// confirmed only after stepping over the line is still counted, and a false positive never is.
import type { Point, Polygon } from '../../../native-workers/motion/motion-types.ts';
import { insidePolygon } from '../detection/person-filter.ts';
import type { TrackView } from './track.ts';

export interface CountLine {
  id: string;
  a: Point;
  b: Point;
}

export interface LoiterZone {
  id: string;
  polygon: Polygon;
  /** A person inside for longer than this raises one loitering report. */
  seconds: number;
}

export interface TrackRulesConfig {
  width: number;
  height: number;
  lines: readonly CountLine[];
  zones: readonly LoiterZone[];
  bandFraction: number;
  minBandPx: number;
  /** Outside a zone for less than this (feet on its edge, a missed box) does not restart the loitering clock. */
  zoneExitGraceMs: number;
  /** The label the rules apply to. */
  label: string;
}

export const defaultRuleTuning = { bandFraction: 0.1, minBandPx: 3, zoneExitGraceMs: 1500, label: 'person' };

export type Direction = 'in' | 'out';

export interface LineCrossing {
  lineId: string;
  trackId: number;
  direction: Direction;
  time: number;
}

export interface LoiterReport {
  zoneId: string;
  trackId: number;
  /** When the person entered the zone, and the update that found them there too long. */
  enteredMs: number;
  time: number;
}

export interface RulesReport {
  crossings: LineCrossing[];
  loitering: LoiterReport[];
  /** Visitors counted by this update: 'in' crossings of any line, or, with no line, newly confirmed tracks. */
  visitors: number;
}

export interface VisitorMinute {
  /** Start of the minute, epoch ms. */
  minuteMs: number;
  visitors: number;
  ins: number;
  outs: number;
}

interface LinePx {
  id: string;
  ax: number;
  ay: number;
  dx: number;
  dy: number;
  length: number;
}

interface TrackRuleState {
  /** Per line: −1 left, +1 right, 0 not yet known (first seen on the line). */
  side: Int8Array;
  /** Per line: the reference point when the side was last established. */
  sideX: Float64Array;
  sideY: Float64Array;
  pending: LineCrossing[];
  /** Per zone: entry time (NaN outside), time since outside (NaN inside), reported. */
  entered: Float64Array;
  outsideSince: Float64Array;
  reported: Uint8Array;
  counted: boolean;
}

export class TrackRules {
  private config: TrackRulesConfig;
  private lines: LinePx[] = [];
  private readonly states = new Map<number, TrackRuleState>();
  private readonly minutes = new Map<number, VisitorMinute>();
  private readonly report: RulesReport = { crossings: [], loitering: [], visitors: 0 };

  constructor(config: Pick<TrackRulesConfig, 'width' | 'height' | 'lines' | 'zones'> & Partial<TrackRulesConfig>) {
    this.config = { ...defaultRuleTuning, ...config };
    this.configure(this.config);
  }

  /** The frame size the lines and zones are in pixels of. */
  get size(): { width: number; height: number } {
    return { width: this.config.width, height: this.config.height };
  }

  /** New lines, zones or frame size: the per-track state starts again (no crossing is invented by the change). */
  configure(config: Partial<TrackRulesConfig>): void {
    this.config = { ...this.config, ...config };
    const { width, height } = this.config;
    this.lines = this.config.lines.map((l) => {
      const ax = l.a[0] * width;
      const ay = l.a[1] * height;
      const dx = l.b[0] * width - ax;
      const dy = l.b[1] * height - ay;
      return { id: l.id, ax, ay, dx, dy, length: Math.hypot(dx, dy) };
    });
    this.states.clear();
  }

  /**
   * The tracks after a tracker update at `time` (tracker.tracks). Tracks no longer in the list are forgotten. The
   * report is reused by the next call.
   */
  update(time: number, tracks: readonly TrackView[]): RulesReport {
    const r = this.report;
    r.crossings.length = 0;
    r.loitering.length = 0;
    r.visitors = 0;
    for (const t of tracks) {
      if (t.label !== this.config.label || t.state === 'lost') continue;
      let s = this.states.get(t.id);
      if (!s) {
        s = this.newState();
        this.states.set(t.id, s);
      }
      const px = t.box.x + t.box.w / 2;
      const py = t.box.y + t.box.h;
      this.checkLines(time, t, s, px, py);
      const confirmed = t.state !== 'tentative';
      this.checkZones(time, t, s, px, py, confirmed);
      if (!confirmed) continue;
      for (const c of s.pending) this.count(c);
      s.pending.length = 0;
      if (!s.counted && this.lines.length === 0) {
        s.counted = true;
        r.visitors++;
        this.minute(time).visitors++;
      }
    }
    if (this.states.size > tracks.length) {
      const alive = new Set(tracks.map((t) => t.id));
      for (const id of this.states.keys()) if (!alive.has(id)) this.states.delete(id);
    }
    return r;
  }

  /** The finished minutes (those ending at or before `now`), oldest first; they are removed. */
  takeMinutes(now: number): VisitorMinute[] {
    const out: VisitorMinute[] = [];
    for (const [start, m] of this.minutes) {
      if (start + 60_000 <= now) {
        out.push(m);
        this.minutes.delete(start);
      }
    }
    return out.sort((a, b) => a.minuteMs - b.minuteMs);
  }

  /** Every minute counted so far, finished or not (the camera stops); they are removed. */
  flushMinutes(): VisitorMinute[] {
    return this.takeMinutes(Infinity);
  }

  private checkLines(time: number, t: TrackView, s: TrackRuleState, px: number, py: number): void {
    const band = Math.max(this.config.minBandPx, this.config.bandFraction * t.box.h);
    for (let i = 0; i < this.lines.length; i++) {
      const l = this.lines[i]!;
      if (!(l.length > 0)) continue;
      const d = (l.dx * (py - l.ay) - l.dy * (px - l.ax)) / l.length;
      const now = d > band ? 1 : d < -band ? -1 : 0;
      if (now === 0) continue;
      const before = s.side[i]!;
      if (before !== 0 && now !== before && this.crossesSegment(l, s.sideX[i]!, s.sideY[i]!, px, py)) {
        const crossing: LineCrossing = { lineId: l.id, trackId: t.id, direction: now > 0 ? 'in' : 'out', time };
        if (t.state === 'tentative') s.pending.push(crossing);
        else this.count(crossing);
      }
      s.side[i] = now;
      s.sideX[i] = px;
      s.sideY[i] = py;
    }
  }

  /** Does the step from (x0, y0) to (x1, y1), which changes side, pass the line between a and b (not beyond)? */
  private crossesSegment(l: LinePx, x0: number, y0: number, x1: number, y1: number): boolean {
    const d0 = l.dx * (y0 - l.ay) - l.dy * (x0 - l.ax);
    const d1 = l.dx * (y1 - l.ay) - l.dy * (x1 - l.ax);
    const f = d0 / (d0 - d1);
    const cx = x0 + f * (x1 - x0);
    const cy = y0 + f * (y1 - y0);
    const along = ((cx - l.ax) * l.dx + (cy - l.ay) * l.dy) / (l.length * l.length);
    return along >= 0 && along <= 1;
  }

  /**
   * Loitering is timed on sightings (lastSeenMs), not on updates: a track the detector has stopped seeing does not
   * keep loitering while the tracker waits to lose it. A stationary track that is not missing is taken as there now
   * (it is only re-checked every few seconds). Timed from the first sighting inside, tentative or not; reported once
   * confirmed.
   */
  private checkZones(time: number, t: TrackView, s: TrackRuleState, px: number, py: number, confirmed: boolean): void {
    const zones = this.config.zones;
    const fx = px / this.config.width;
    const fy = py / this.config.height;
    const seen = t.state === 'stationary' && t.missFromMs === null ? Math.max(time, t.lastSeenMs) : t.lastSeenMs;
    for (let i = 0; i < zones.length; i++) {
      const zone = zones[i]!;
      if (insidePolygon(fx, fy, zone.polygon)) {
        s.outsideSince[i] = NaN;
        if (Number.isNaN(s.entered[i]!)) s.entered[i] = seen;
        if (confirmed && !s.reported[i] && seen - s.entered[i]! > zone.seconds * 1000) {
          s.reported[i] = 1;
          this.report.loitering.push({ zoneId: zone.id, trackId: t.id, enteredMs: s.entered[i]!, time: seen });
        }
        continue;
      }
      if (Number.isNaN(s.entered[i]!)) continue;
      if (Number.isNaN(s.outsideSince[i]!)) s.outsideSince[i] = seen;
      if (seen - s.outsideSince[i]! >= this.config.zoneExitGraceMs) {
        s.entered[i] = NaN;
        s.outsideSince[i] = NaN;
      }
    }
  }

  private count(c: LineCrossing): void {
    this.report.crossings.push(c);
    const m = this.minute(c.time);
    if (c.direction === 'in') {
      m.ins++;
      m.visitors++;
      this.report.visitors++;
    } else m.outs++;
  }

  private minute(time: number): VisitorMinute {
    const start = time - (((time % 60_000) + 60_000) % 60_000);
    let m = this.minutes.get(start);
    if (!m) {
      m = { minuteMs: start, visitors: 0, ins: 0, outs: 0 };
      this.minutes.set(start, m);
    }
    return m;
  }

  private newState(): TrackRuleState {
    const nl = this.lines.length;
    const nz = this.config.zones.length;
    return {
      side: new Int8Array(nl),
      sideX: new Float64Array(nl),
      sideY: new Float64Array(nl),
      pending: [],
      entered: new Float64Array(nz).fill(NaN),
      outsideSince: new Float64Array(nz).fill(NaN),
      reported: new Uint8Array(nz),
      counted: false,
    };
  }
}
