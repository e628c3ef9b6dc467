// The glue between a camera's event planners and the rest of the engine: each action becomes a committed row (first,
// synchronously: a crash loses nothing), then a snapshot (async, in order), then a notification, and pushed events for
// the UI. One recorder per camera pipeline. Several events may be open at once (one per visitor, a loitering event,
// a motion event): an action names its event (the TrackedEvent object is the key).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logging/logger.ts';
import type { TrackedEvent, TrackerAction } from './event-tracker.ts';
import type { EventStore } from '../storage/write-guard.ts';
import type { SnapshotWriter } from '../snapshots/snapshot-writer.ts';
import type { EventView } from '../../../preload/contract.ts';
import type { Box } from '../../../native-workers/motion/motion-types.ts';
import { errorMessage } from '../../../preload/format.ts';

export interface RecorderFrame {
  /** I420 pixels; only read synchronously inside handle(): the recorder copies what it keeps. */
  data: Uint8Array;
  width: number;
  height: number;
  time: number;
}

export interface RecorderDeps {
  cameraId: string;
  /** The events table (through the engine's write guard, which holds writes a full disk refuses). */
  events: EventStore;
  /** False while the disk is full: snapshots are not written then (the reserve is kept for the database). */
  canWriteFiles?: () => boolean;
  snapshots: SnapshotWriter;
  logger: Logger;
  /** Pushes to the UI. */
  emit: (name: 'event.opened' | 'event.updated' | 'event.closed', view: EventView) => void;
  /** Called once the event's first snapshot exists (or failed), and again when it becomes a person event. */
  notify: (view: EventView, trigger: 'opened' | 'person', iconPath: string | null) => void;
  /** Absolute path of a file the rows refer to (relative to the data folder). */
  resolvePath: (relative: string) => string;
  /** Minimum interval between row updates for peaks and heartbeats. */
  updateIntervalMs?: number;
  /** Minimum interval between snapshot rewrites while an event is open. */
  snapshotIntervalMs?: number;
  /**
   * A followed person's better views are kept in memory and written when their event closes, or while it is open at
   * most this often (so a long visit's picture keeps up, and a crash loses little). Each write is a colour conversion
   * and two JPEG encodes, about as much CPU as a model run, and a walker's best view changes on most detector passes.
   */
  personSnapshotIntervalMs?: number;
  now?: () => number;
}

interface OpenEvent {
  id: string;
  tracked: TrackedEvent;
  lastRowUpdate: number;
  /** Ratio of the frame in the current snapshot; person snapshots are never replaced by motion ones. */
  snapshotRatio: number;
  snapshotIsPerson: boolean;
  lastSnapshotAt: number;
  /** A copy of the frame of the best motion peak not yet in the snapshot. */
  peakPending: boolean;
  /** A followed person's better view not yet in the snapshot: a copy of its frame, and the box framing them. */
  personPending: { frame: Uint8Array; width: number; height: number; time: number; box: Box; quality: number } | null;
  /** The snapshot rule's value for the person picture written last (0: none, or not known). */
  personWrittenQuality: number;
  notifiedOpen: boolean;
}

/** A kept person view replaces the picture at the close only when the snapshot rule rates it this much higher. */
const CLEARLY_BETTER = 1.2;

export class EventRecorder {
  private readonly deps: RecorderDeps;
  private readonly opened = new Map<TrackedEvent, OpenEvent>();
  /** Snapshot writes in order, one at a time per camera. */
  private chain: Promise<void> = Promise.resolve();
  private peakFrame: Uint8Array | null = null;
  private peakFrameMeta = { width: 0, height: 0, time: 0 };
  private readonly updateIntervalMs: number;
  private readonly snapshotIntervalMs: number;
  private readonly personSnapshotIntervalMs: number;
  /** Frame copies of closed events' pending views, for the next ones (at most a few are kept). */
  private readonly spareFrames: Uint8Array[] = [];
  private readonly now: () => number;
  /** Commit latency (frame arrival → row committed), ms, for health and benchmarks. */
  readonly commitLatencies: number[] = [];
  /** Confirming frame's arrival → the event row saying "person" committed, ms. */
  readonly personLatencies: number[] = [];
  /** Events opened by kind since this recorder started (a person event is one visitor). */
  readonly counts = { motionEvents: 0, personEvents: 0, loiteringEvents: 0 };

  constructor(deps: RecorderDeps) {
    this.deps = deps;
    this.updateIntervalMs = deps.updateIntervalMs ?? 2000;
    this.snapshotIntervalMs = deps.snapshotIntervalMs ?? 3000;
    this.personSnapshotIntervalMs = deps.personSnapshotIntervalMs ?? 10_000;
    this.now = deps.now ?? Date.now;
  }

  /** The oldest open event's id, if any. */
  get openEventId(): string | null {
    for (const o of this.opened.values()) return o.id;
    return null;
  }

  /** Events open now. */
  get openEvents(): number {
    return this.opened.size;
  }

  /** Apply one tracker action. `frame` is the analysed frame the action came from (null from timers). */
  handle(action: TrackerAction, frame: RecorderFrame | null, frameArrivedAt?: number): void {
    switch (action.type) {
      case 'open':
        return this.onOpen(action.event, frame, frameArrivedAt);
      case 'peak':
        return this.onPeak(action.event, frame);
      case 'person':
      case 'person-peak':
        this.onPerson(action.event, frame, action.type === 'person');
        if (action.type === 'person' && frameArrivedAt !== undefined) pushBounded(this.personLatencies, performance.now() - frameArrivedAt);
        return;
      case 'update':
        return this.onUpdate(action.event);
      case 'close':
        return this.onClose(action.event, action.endMs);
    }
  }

  /** Refresh the open row's updated time (so a crash closes it near its real end). Called on the engine's tick. */
  heartbeat(): void {
    const now = this.now();
    for (const o of this.opened.values()) if (now - o.lastRowUpdate >= this.updateIntervalMs) this.writeRow(o, now);
  }

  /** Resolves when every snapshot write queued so far is done. */
  flush(): Promise<void> {
    return this.chain;
  }

  private onOpen(tracked: TrackedEvent, frame: RecorderFrame | null, arrivedAt?: number): void {
    const id = randomUUID();
    const now = this.now();
    const o: OpenEvent = {
      id,
      tracked,
      lastRowUpdate: now,
      snapshotRatio: 0,
      snapshotIsPerson: false,
      lastSnapshotAt: 0,
      peakPending: false,
      personPending: null,
      personWrittenQuality: 0,
      notifiedOpen: false,
    };
    this.opened.set(tracked, o);
    if (tracked.kind === 'person') this.counts.personEvents++;
    else if (tracked.kind === 'loitering') this.counts.loiteringEvents++;
    else this.counts.motionEvents++;
    this.deps.events.open({
      id,
      cameraId: this.deps.cameraId,
      kind: tracked.kind,
      startMs: tracked.startMs,
      updatedMs: Math.max(tracked.lastActivityMs, tracked.startMs),
      peakRatio: tracked.peakRatio,
      boxes: tracked.peakBoxes,
      frameWidth: frame?.width ?? 0,
      frameHeight: frame?.height ?? 0,
      trackId: tracked.trackId,
      zone: tracked.zone,
    });
    if (tracked.trackId !== null) this.deps.events.update(id, { topScore: tracked.topScore, personBox: tracked.personBox, path: tracked.path });
    if (arrivedAt !== undefined) {
      const ms = performance.now() - arrivedAt; // arrivedAt: performance.now() at arrival
      this.pushLatency(ms);
      if (tracked.kind === 'person') pushBounded(this.personLatencies, ms);
    }
    this.deps.logger.info({ eventId: id, kind: tracked.kind, ratio: round(tracked.peakRatio), trackId: tracked.trackId ?? undefined, zone: tracked.zone ?? undefined }, 'event opened');
    this.emit('event.opened', id);
    if (frame) {
      o.snapshotRatio = tracked.peakRatio;
      // A tracked person's snapshot is framed on them (the frame in hand is the one the tracker saw them in).
      const focus = tracked.trackId !== null ? tracked.personBox : null;
      if (focus) {
        o.snapshotIsPerson = true;
        o.personWrittenQuality = tracked.personQuality ?? 0;
      }
      this.queueSnapshot(o, frame, focus, () => {
        o.notifiedOpen = true;
        this.notify(o, 'opened');
      });
    } else {
      o.notifiedOpen = true;
      this.notify(o, 'opened');
    }
  }

  private onPeak(tracked: TrackedEvent, frame: RecorderFrame | null): void {
    const o = this.opened.get(tracked);
    if (!o) return;
    if (frame && !o.snapshotIsPerson) {
      this.keepPeakFrame(frame);
      o.peakPending = true;
      const now = this.now();
      if (now - o.lastSnapshotAt >= this.snapshotIntervalMs && tracked.peakRatio > o.snapshotRatio * 1.25) {
        o.snapshotRatio = tracked.peakRatio;
        o.peakPending = false;
        this.queueSnapshot(o, this.peakFrameAsRecorderFrame(), null, null);
      }
    }
    const now = this.now();
    if (now - o.lastRowUpdate >= this.updateIntervalMs) this.writeRow(o, now);
  }

  /** A tracked event moved on: its row (path, last sighting) is written when due. */
  private onUpdate(tracked: TrackedEvent): void {
    const o = this.opened.get(tracked);
    if (!o) return;
    const now = this.now();
    if (now - o.lastRowUpdate >= this.updateIntervalMs) this.writeRow(o, now);
  }

  private onPerson(tracked: TrackedEvent, frame: RecorderFrame | null, first: boolean): void {
    const o = this.opened.get(tracked);
    if (!o) return;
    const now = this.now();
    // A tracked person's better view comes often while they walk closer: its row waits for the update interval.
    if (first || tracked.trackId === null || now - o.lastRowUpdate >= this.updateIntervalMs) this.writeRow(o, now);
    if (first) {
      this.counts.personEvents++;
      this.deps.logger.info({ eventId: o.id, score: round(tracked.topScore ?? 0) }, 'person confirmed');
    }
    if (first || tracked.trackId === null) {
      // The first person picture goes with the notification; an untracked person event (event-tracker.ts) has no
      // end-of-track to wait for, so it keeps the rewrite interval.
      const snapshotDue = first || now - o.lastSnapshotAt >= this.snapshotIntervalMs;
      if (frame && tracked.personBox && snapshotDue) {
        o.snapshotIsPerson = true;
        o.peakPending = false;
        this.queueSnapshot(o, frame, tracked.personBox, first ? () => this.notify(o, 'person') : null);
      } else if (first) {
        this.notify(o, 'person');
      }
      return;
    }
    if (!frame || !tracked.personBox) return;
    o.snapshotIsPerson = true;
    o.peakPending = false;
    this.keepPersonView(o, frame, tracked.personBox, tracked.personQuality ?? 0);
    if (now - o.lastSnapshotAt >= this.personSnapshotIntervalMs) this.writePersonView(o);
  }

  /** Copies the frame of a better view of the person into the event's own buffer (reused for the next better view). */
  private keepPersonView(o: OpenEvent, frame: RecorderFrame, box: Box, quality: number): void {
    const size = frame.data.byteLength;
    let buffer = o.personPending?.frame ?? null;
    if (!buffer || buffer.byteLength !== size) buffer = this.spareFrame(size);
    buffer.set(frame.data);
    o.personPending = { frame: buffer, width: frame.width, height: frame.height, time: frame.time, box: { ...box }, quality };
  }

  /**
   * Writes the kept view. At the close (`onlyIfBetter`) only a clearly better one is worth two JPEG encodes: a visitor
   * seen for a second or two is mostly pictured well enough by their first picture.
   */
  private writePersonView(o: OpenEvent, onlyIfBetter = false): void {
    const view = o.personPending;
    if (!view) return;
    o.personPending = null;
    if (onlyIfBetter && o.personWrittenQuality > 0 && view.quality < CLEARLY_BETTER * o.personWrittenQuality) {
      this.returnFrame(view.frame);
      return;
    }
    o.personWrittenQuality = view.quality;
    this.queueSnapshot(o, { data: view.frame, width: view.width, height: view.height, time: view.time }, view.box, null, view.frame);
  }

  private spareFrame(size: number): Uint8Array {
    const i = this.spareFrames.findIndex((f) => f.byteLength === size);
    if (i >= 0) return this.spareFrames.splice(i, 1)[0]!;
    return new Uint8Array(size);
  }

  private returnFrame(frame: Uint8Array): void {
    if (this.spareFrames.length < 4) this.spareFrames.push(frame);
  }

  private onClose(tracked: TrackedEvent, endMs: number): void {
    const o = this.opened.get(tracked);
    if (!o) return;
    this.opened.delete(tracked);
    // The person's best view since the last picture: the event keeps that one when it is clearly better.
    this.writePersonView(o, true);
    if (o.peakPending && this.peakFrame) {
      // The best motion frame came after the last snapshot: the event keeps that one.
      this.queueSnapshot(o, this.peakFrameAsRecorderFrame(), null, null);
    }
    this.deps.events.close(o.id, endMs, this.rowPatch(o, this.now()));
    this.deps.logger.info(
      { eventId: o.id, kind: tracked.kind, durationMs: endMs - tracked.startMs, peak: round(tracked.peakRatio) },
      'event closed',
    );
    this.emit('event.closed', o.id);
  }

  private rowPatch(o: OpenEvent, now: number) {
    const t = o.tracked;
    return {
      kind: t.kind,
      updatedMs: Math.max(now, t.lastActivityMs),
      peakRatio: t.peakRatio,
      boxes: t.peakBoxes,
      topScore: t.topScore,
      personBox: t.personBox,
      ...(t.trackId !== null ? { path: t.path } : {}),
    };
  }

  private writeRow(o: OpenEvent, now: number): void {
    this.deps.events.update(o.id, this.rowPatch(o, Math.min(now, o.tracked.lastActivityMs + 1000 * 60 * 60)));
    o.lastRowUpdate = now;
    this.emit('event.updated', o.id);
  }

  private keepPeakFrame(frame: RecorderFrame): void {
    if (!this.peakFrame || this.peakFrame.byteLength !== frame.data.byteLength) {
      this.peakFrame = new Uint8Array(frame.data.byteLength);
    }
    this.peakFrame.set(frame.data);
    this.peakFrameMeta = { width: frame.width, height: frame.height, time: frame.time };
  }

  private peakFrameAsRecorderFrame(): RecorderFrame {
    return { data: this.peakFrame as Uint8Array, ...this.peakFrameMeta };
  }

  /**
   * Copies the frame now (the caller's buffer goes back to its pool), then writes the JPEGs in order. `after` runs once
   * the files exist, or after a failure (a notification without a picture is better than none).
   */
  private queueSnapshot(o: OpenEvent, frame: RecorderFrame, focus: Box | null, after: (() => void) | null, owned?: Uint8Array): void {
    if (this.deps.canWriteFiles && !this.deps.canWriteFiles()) {
      // A full disk: the event keeps the snapshot it has (or none); what waits behind still runs in order.
      o.lastSnapshotAt = this.now();
      if (owned) this.returnFrame(owned);
      this.deps.logger.warn({ eventId: o.id }, 'snapshot skipped: the disk is full');
      if (after) {
        this.chain = this.chain.then(after).catch((err: unknown) => {
          this.deps.logger.error({ eventId: o.id, err: errorMessage(err) }, 'notification dispatch failed');
        });
      }
      return;
    }
    // One copy per snapshot, never per frame (a pending person view is already the recorder's own copy).
    const copy = owned ?? new Uint8Array(frame.data);
    const meta = { width: frame.width, height: frame.height, time: frame.time };
    o.lastSnapshotAt = this.now();
    this.chain = this.chain.then(async () => {
      try {
        const written = await this.deps.snapshots.write({
          eventId: o.id,
          cameraId: this.deps.cameraId,
          time: meta.time,
          frame: copy,
          width: meta.width,
          height: meta.height,
          ...(focus ? { focus } : {}),
        });
        this.deps.events.update(o.id, {
          snapshotPath: written.snapshotPath,
          thumbnailPath: written.thumbnailPath,
          snapshotBytes: written.bytes,
        });
        this.emit('event.updated', o.id); // 'closed' is pushed once, by onClose
      } catch (err) {
        this.deps.logger.error({ eventId: o.id, err: errorMessage(err) }, 'snapshot failed');
      }
      if (owned) this.returnFrame(owned);
      if (after) {
        try {
          after();
        } catch (err) {
          this.deps.logger.error({ eventId: o.id, err: errorMessage(err) }, 'notification dispatch failed');
        }
      }
    });
  }

  private notify(o: OpenEvent, trigger: 'opened' | 'person'): void {
    const view = this.deps.events.get(o.id);
    if (!view) return;
    const row = this.deps.events.getPaths(o.id);
    const icon = row?.thumbnailPath ? this.deps.resolvePath(row.thumbnailPath) : null;
    this.deps.notify(view, trigger, icon);
  }

  private emit(name: 'event.opened' | 'event.updated' | 'event.closed', id: string): void {
    const view = this.deps.events.get(id);
    if (view) this.deps.emit(name, view);
  }

  private pushLatency(ms: number): void {
    pushBounded(this.commitLatencies, ms);
  }
}

function pushBounded(list: number[], value: number): void {
  if (list.length >= 512) list.shift();
  list.push(value);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
