// Events from tracked objects (pure): the planner turns the tracker's reports and the rules' loitering reports into
// the same actions the event recorder already applies for motion events (event-tracker.ts), keyed by the event.
//
//   person track confirmed ──▶ open a person event (start: the track's first sighting; snapshot: this frame, framed
//                              on the person; notification)
//   the track's best view changes (tracker report `snapshot`) ──▶ person-peak (the frame in hand is that view)
//   every update of a followed track ──▶ update (path, last sighting, top score; the recorder writes rows when due)
//   track lost ──▶ close at its LAST SIGHTING (never by a quiet gap or by motion), and its loitering events with it
//   a loitering report (a person in a zone too long) ──▶ open a loitering event (zone, start: when they entered)
//   longer than maxEventMs ──▶ the event is closed at the cut and the same track goes on in a new event
//
// One visitor = one event: one person event per confirmed track. Nothing here reads a clock or touches a frame.
import type { TrackerReport } from '../tracking/object-tracker.ts';
import type { PathPoint, TrackView } from '../tracking/track.ts';
import type { LoiterReport } from '../tracking/track-rules.ts';
import type { Box } from '../../../native-workers/motion/motion-types.ts';
import type { TrackPathPoint } from '../../../preload/contract.ts';
import type { TrackedEvent, TrackerAction } from './event-tracker.ts';
import { grow, intersection } from '../tracking/box-math.ts';

export interface TrackEventConfig {
  /** The label that makes person events. */
  label: string;
  /** A longer event is cut (as motion events are) so the timeline stays readable. */
  maxEventMs: number;
}

export const defaultTrackEventConfig: TrackEventConfig = { label: 'person', maxEventMs: 30 * 60_000 };

interface Followed {
  person: TrackedEvent;
  loitering: TrackedEvent[];
}

export class TrackEventPlanner {
  private config: TrackEventConfig;
  private readonly followed = new Map<number, Followed>();
  /** Sequence numbers of the events this planner opens (distinct from the motion tracker's: negative). */
  private nextSeq = -1;
  private readonly actions: TrackerAction[] = [];

  constructor(config: Partial<TrackEventConfig> = {}) {
    this.config = { ...defaultTrackEventConfig, ...config };
  }

  /** New settings while people are followed: their open events go on. */
  reconfigure(config: Partial<TrackEventConfig>): void {
    this.config = { ...this.config, ...config };
  }

  /** Events open now (person and loitering). */
  get openEvents(): number {
    let n = 0;
    for (const f of this.followed.values()) n += 1 + f.loitering.length;
    return n;
  }

  /** Person tracks that have an open event. */
  get openTracks(): number {
    return this.followed.size;
  }

  /**
   * One tracker update at `time` (the frame in hand): its report, the tracks after it, and the loitering reports of
   * the rules run on those tracks. The returned list is reused by the next call.
   */
  onUpdate(time: number, report: TrackerReport, tracks: readonly TrackView[], loitering: readonly LoiterReport[] = []): TrackerAction[] {
    const out = this.clear();
    for (const t of report.lost) this.closeTrack(t, out);
    for (const t of report.confirmed) if (t.label === this.config.label && !this.followed.has(t.id)) this.openTrack(t, time, out);
    const better = new Set<number>();
    for (const t of report.snapshot) better.add(t.id);
    for (const t of tracks) {
      const f = this.followed.get(t.id);
      if (!f || t.lastSeenMs !== time) continue; // only tracks this frame saw: the frame in hand is theirs
      if (time - f.person.startMs >= this.config.maxEventMs) {
        this.cut(t, f, time, out);
        continue;
      }
      refresh(f.person, t);
      for (const l of f.loitering) refresh(l, t);
      const first = out.some((a) => a.type === 'open' && a.event === f.person);
      if (first) continue;
      if (better.has(t.id) && t.best && t.best.time === time) {
        f.person.personBox = copy(t.best.box);
        f.person.personTime = time;
        f.person.personQuality = t.best.quality;
        out.push({ type: 'person-peak', event: f.person, time });
      } else {
        out.push({ type: 'update', event: f.person, time });
      }
    }
    for (const r of loitering) this.openLoitering(r, tracks, out);
    return out;
  }

  /** Tracks lost by the tracker's own clock (tracker.tick: frames stopped). */
  onLost(lost: readonly TrackView[]): TrackerAction[] {
    const out = this.clear();
    for (const t of lost) this.closeTrack(t, out);
    return out;
  }

  /** The camera stops: every open event closes at its track's last sighting. */
  stop(): TrackerAction[] {
    const out = this.clear();
    for (const [id, f] of this.followed) {
      this.followed.delete(id);
      for (const l of f.loitering) out.push({ type: 'close', event: l, endMs: Math.max(l.startMs, l.lastActivityMs), reason: 'stopped' });
      out.push({ type: 'close', event: f.person, endMs: Math.max(f.person.startMs, f.person.lastActivityMs), reason: 'stopped' });
    }
    return out;
  }

  private openTrack(t: TrackView, time: number, out: TrackerAction[]): void {
    const person = this.newEvent('person', t, t.firstSeenMs, null);
    if (t.best) {
      person.personBox = copy(t.best.box);
      person.personTime = t.best.time;
      person.personQuality = t.best.quality;
    }
    this.followed.set(t.id, { person, loitering: [] });
    out.push({ type: 'open', event: person, time });
  }

  private closeTrack(t: TrackView, out: TrackerAction[]): void {
    const f = this.followed.get(t.id);
    if (!f) return;
    this.followed.delete(t.id);
    const end = t.lastSeenMs;
    for (const l of f.loitering) {
      refresh(l, t);
      out.push({ type: 'close', event: l, endMs: Math.max(l.startMs, end), reason: 'lost' });
    }
    refresh(f.person, t);
    out.push({ type: 'close', event: f.person, endMs: Math.max(f.person.startMs, end), reason: 'lost' });
  }

  /** The event ran too long: it closes at the cut, the same person goes on in a new event from there. */
  private cut(t: TrackView, f: Followed, time: number, out: TrackerAction[]): void {
    refresh(f.person, t);
    out.push({ type: 'close', event: f.person, endMs: time, reason: 'max-duration' });
    const next = this.newEvent('person', t, time, null);
    next.path = [];
    if (t.best) {
      next.personBox = copy(t.best.box);
      next.personQuality = t.best.quality;
    }
    f.person = next;
    out.push({ type: 'open', event: next, time });
  }

  private openLoitering(r: LoiterReport, tracks: readonly TrackView[], out: TrackerAction[]): void {
    const f = this.followed.get(r.trackId);
    const t = tracks.find((x) => x.id === r.trackId);
    if (!f || !t || f.loitering.some((l) => l.zone === r.zoneId)) return;
    const ev = this.newEvent('loitering', t, r.enteredMs, r.zoneId);
    ev.personBox = copy(t.box);
    ev.personTime = r.time;
    f.loitering.push(ev);
    out.push({ type: 'open', event: ev, time: r.time });
  }

  private newEvent(kind: 'person' | 'loitering', t: TrackView, startMs: number, zone: string | null): TrackedEvent {
    const ev: TrackedEvent = {
      seq: this.nextSeq--,
      kind,
      startMs,
      lastActivityMs: t.lastSeenMs,
      peakRatio: 0,
      peakBoxes: [copy(t.box)],
      peakTime: t.lastSeenMs,
      topScore: t.topScore,
      personBox: copy(t.box),
      personTime: t.lastSeenMs,
      trackId: t.id,
      zone,
      path: [],
    };
    ev.path = pathSince(t.path, startMs);
    return ev;
  }

  private clear(): TrackerAction[] {
    this.actions.length = 0;
    return this.actions;
  }
}

/** The event follows its track: last sighting, top score, path (from the event's start). */
function refresh(ev: TrackedEvent, t: TrackView): void {
  ev.lastActivityMs = Math.max(ev.lastActivityMs, t.lastSeenMs);
  if (ev.topScore === null || t.topScore > ev.topScore) ev.topScore = t.topScore;
  ev.peakBoxes = [copy(t.box)];
  ev.peakTime = t.lastSeenMs;
  const last = ev.path[ev.path.length - 1];
  const tp = t.path;
  // The track's path only grows at its end, or is thinned as a whole when it is full: copy again in that case.
  if (tp.length > 0 && (!last || tp[tp.length - 1]!.time !== last.t)) ev.path = pathSince(tp, ev.startMs);
}

function pathSince(path: readonly PathPoint[], startMs: number): TrackPathPoint[] {
  const out: TrackPathPoint[] = [];
  for (const p of path) if (p.time >= startMs) out.push({ t: p.time, x: p.x, y: p.y, w: p.w, h: p.h });
  return out;
}

function copy(b: Readonly<Box>): Box {
  return { x: b.x, y: b.y, w: b.w, h: b.h };
}

/**
 * The motion no followed object explains (a motion box less than `cover` inside the grown boxes of the tracks): what
 * feeds motion events while detection is on, so a person walking is a person event and not a motion event too.
 */
export function unexplainedMotion(boxes: readonly Box[], tracks: readonly TrackView[], cover = 0.6, margin = 1.3): Box[] {
  if (tracks.length === 0) return boxes.slice();
  const out: Box[] = [];
  const g: Box = { x: 0, y: 0, w: 0, h: 0 };
  for (const m of boxes) {
    const area = m.w * m.h;
    if (!(area > 0)) continue;
    let covered = 0;
    for (const t of tracks) covered += intersection(m, grow(t.predicted, margin, g));
    if (covered / area < cover) out.push(m);
  }
  return out;
}
