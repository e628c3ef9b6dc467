// The event tracker: a pure state machine per camera, fed with motion results (and, with person detection, with the
// persons found in a frame). It decides when an event opens, changes and closes; the glue (event-recorder.ts) turns
// its actions into rows, snapshots, notifications and pushed events.
//
//   idle ──(motion in minMotionFrames analysed frames in a row)──▶ open ──(no motion for quietGap)──▶ closed → idle
//                                                                   │  person seen in 2 of 3 detections: kind = person
//                                                                   └─(longer than maxEvent)──▶ closed → idle
//
// Nothing here reads a clock, a file or a database: time comes in with each sample, so every rule is unit-tested.
import type { Box } from '../../../native-workers/motion/motion-types.ts';

export type { EventKind } from '../../../preload/contract.ts';
import type { EventKind, TrackPathPoint } from '../../../preload/contract.ts';

export interface TrackerConfig {
  /** Analysed frames in a row with motion before an event opens. */
  minMotionFrames: number;
  /** The event closes when no motion has been seen for this long. */
  quietGapMs: number;
  /** A longer event is closed (and a new one may open) so the timeline stays readable. */
  maxEventMs: number;
  /** Person confirmation: seen in at least `personHits` of the last `personWindow` detections. */
  personHits: number;
  personWindow: number;
}

export const defaultTrackerConfig: TrackerConfig = {
  minMotionFrames: 3,
  quietGapMs: 10_000,
  maxEventMs: 30 * 60_000,
  personHits: 2,
  personWindow: 3,
};

export interface MotionSample {
  time: number;
  ratio: number;
  boxes: Box[];
}

export interface PersonSighting {
  score: number;
  box: Box;
}

/** The tracker's view of the event it has open. The recorder owns the id and the rows. */
export interface TrackedEvent {
  /** Sequence number of this event within the tracker (the recorder maps it to a row id). */
  seq: number;
  kind: EventKind;
  startMs: number;
  /** Time of the last analysed frame with motion (or person). The event's end when it closes. */
  lastActivityMs: number;
  peakRatio: number;
  peakBoxes: Box[];
  peakTime: number;
  topScore: number | null;
  personBox: Box | null;
  personTime: number | null;
  /** How good a picture of the person personBox is (the tracker's snapshot rule, track.ts); null when not tracked. */
  personQuality?: number | null;
  /** The tracked object this event is (person and loitering events, events/track-events.ts), else null. */
  trackId: number | null;
  /** The loitering zone's name (loitering events), else null. */
  zone: string | null;
  /** The tracked person's path so far (empty for motion events). */
  path: TrackPathPoint[];
}

export type TrackerAction =
  /** An event opened; `time` is the frame that opened it (snapshot it). */
  | { type: 'open'; event: TrackedEvent; time: number }
  /** The event's motion peak grew; `time` is the frame of the new peak. */
  | { type: 'peak'; event: TrackedEvent; time: number }
  /** A person was confirmed: the event is now a person event (first confirmation only). */
  | { type: 'person'; event: TrackedEvent; time: number }
  /** A confirmed person event saw a better person (higher score, or the track's better view). */
  | { type: 'person-peak'; event: TrackedEvent; time: number }
  /** A tracked event moved on (its path, last sighting, score): the row is updated when due. */
  | { type: 'update'; event: TrackedEvent; time: number }
  /** The event closed at event.lastActivityMs (or at the cut when it ran too long). */
  | { type: 'close'; event: TrackedEvent; endMs: number; reason: 'quiet' | 'max-duration' | 'stopped' | 'lost' };

export class EventTracker {
  private config: TrackerConfig;
  private streak = 0;
  private streakStart = 0;
  private streakPeak: MotionSample | null = null;
  private current: TrackedEvent | null = null;
  private nextSeq = 1;
  /** Ring of the last `personWindow` detections of the open event: the best sighting or null. */
  private personRing: (PersonSighting | null)[] = [];
  private personRingIndex = 0;

  constructor(config: Partial<TrackerConfig> = {}) {
    this.config = { ...defaultTrackerConfig, ...config };
  }

  reconfigure(config: Partial<TrackerConfig>): void {
    this.config = { ...this.config, ...config };
  }

  /** The open event, if any. */
  get open(): TrackedEvent | null {
    return this.current;
  }

  /**
   * One analysed frame's motion. Returns what happened (at most one action per frame: a frame that both passes the
   * maximum duration and has motion closes the event; the next frames open a new one after the debounce).
   */
  onMotion(sample: MotionSample): TrackerAction | null {
    const moving = sample.ratio > 0 && sample.boxes.length > 0;
    const ev = this.current;
    if (ev) {
      if (sample.time - ev.startMs >= this.config.maxEventMs) {
        return this.close(sample.time, 'max-duration');
      }
      if (moving) {
        ev.lastActivityMs = sample.time;
        if (sample.ratio > ev.peakRatio) {
          ev.peakRatio = sample.ratio;
          ev.peakBoxes = sample.boxes;
          ev.peakTime = sample.time;
          return { type: 'peak', event: ev, time: sample.time };
        }
        return null;
      }
      if (sample.time - ev.lastActivityMs >= this.config.quietGapMs) {
        return this.close(ev.lastActivityMs, 'quiet');
      }
      return null;
    }

    if (!moving) {
      this.streak = 0;
      this.streakPeak = null;
      return null;
    }
    if (this.streak === 0) this.streakStart = sample.time;
    this.streak++;
    if (!this.streakPeak || sample.ratio > this.streakPeak.ratio) this.streakPeak = sample;
    if (this.streak < this.config.minMotionFrames) return null;

    const peak = this.streakPeak;
    const opened: TrackedEvent = {
      seq: this.nextSeq++,
      kind: 'motion',
      startMs: this.streakStart,
      lastActivityMs: sample.time,
      peakRatio: peak.ratio,
      peakBoxes: peak.boxes,
      peakTime: peak.time,
      topScore: null,
      personBox: null,
      personTime: null,
      trackId: null,
      zone: null,
      path: [],
    };
    this.current = opened;
    this.streak = 0;
    this.streakPeak = null;
    this.personRing = [];
    this.personRingIndex = 0;
    return { type: 'open', event: opened, time: sample.time };
  }

  /**
   * The result of one person-detection pass on the frame taken at `time`, already filtered by the camera's score
   * threshold, minimum size and zones. An empty list is a detection that saw nobody (it counts against confirmation).
   */
  onPersons(time: number, persons: readonly PersonSighting[]): TrackerAction | null {
    const ev = this.current;
    if (!ev) return null;
    let best: PersonSighting | null = null;
    for (const p of persons) if (!best || p.score > best.score) best = p;

    const window = Math.max(1, this.config.personWindow);
    if (this.personRing.length < window) this.personRing.push(best);
    else this.personRing[this.personRingIndex] = best;
    this.personRingIndex = (this.personRingIndex + 1) % window;

    if (!best) return null;
    ev.lastActivityMs = Math.max(ev.lastActivityMs, time);

    if (ev.kind === 'person') {
      if (ev.topScore === null || best.score > ev.topScore) {
        ev.topScore = best.score;
        ev.personBox = best.box;
        ev.personTime = time;
        return { type: 'person-peak', event: ev, time };
      }
      return null;
    }

    let hits = 0;
    let top: PersonSighting | null = null;
    for (const s of this.personRing) {
      if (!s) continue;
      hits++;
      if (!top || s.score > top.score) top = s;
    }
    if (hits < this.config.personHits || !top) return null;
    ev.kind = 'person';
    ev.topScore = top.score;
    // The box of the confirming frame: that frame is the one in hand, so the snapshot shows this box.
    ev.personBox = best.box;
    ev.personTime = time;
    return { type: 'person', event: ev, time };
  }

  /**
   * Called on a timer (about once a second) with the current time, so an event closes after its quiet gap even when
   * frames stop arriving (a camera that drops).
   */
  tick(now: number): TrackerAction | null {
    const ev = this.current;
    if (!ev) return null;
    if (now - ev.lastActivityMs >= this.config.quietGapMs) return this.close(ev.lastActivityMs, 'quiet');
    if (now - ev.startMs >= this.config.maxEventMs) return this.close(now, 'max-duration');
    return null;
  }

  /** Close whatever is open (the camera is stopping). */
  stop(now: number): TrackerAction | null {
    this.streak = 0;
    this.streakPeak = null;
    if (!this.current) return null;
    return this.close(Math.min(now, Math.max(this.current.lastActivityMs, this.current.startMs)), 'stopped');
  }

  private close(endMs: number, reason: 'quiet' | 'max-duration' | 'stopped'): TrackerAction {
    const ev = this.current as TrackedEvent;
    this.current = null;
    this.streak = 0;
    this.streakPeak = null;
    this.personRing = [];
    this.personRingIndex = 0;
    return { type: 'close', event: ev, endMs: Math.max(endMs, ev.startMs), reason };
  }
}
