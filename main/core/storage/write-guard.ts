// Every write the cameras make while running (event rows, activity and visitor minutes, the recording segment index) goes
// through here. A write a full disk refuses is held in memory (held-writes.ts: in order, bounded, an event's later
// patches merged into its held write) instead of throwing into a camera's timer; `drain()` writes them once space is
// back, in order, none lost and none twice. While writes are held, new ones queue behind them (order is kept), and
// readers of an event see its held changes on top of the database (so notifications and the UI go on).
import type { Logger } from '../logging/logger.ts';
import type { EventOpen, EventPatch, EventRepository } from './event-repository.ts';
import type { ActivityRepository } from './activity-repository.ts';
import type { SegmentInsert, SegmentRepository } from './segment-repository.ts';
import type { VisitorRepository } from './visitor-repository.ts';
import type { OutboxInsert } from './alert-outbox-repository.ts';
import type { VisitorSink } from '../tracking/visitor-sink.ts';
import type { VisitorMinute } from '../tracking/track-rules.ts';
import type { ActivitySink } from '../events/minute-activity.ts';
import type { EventView } from '../../../preload/contract.ts';
import { HeldWrites, type ApplyResult } from './held-writes.ts';
import { isDiskFullError } from './disk-full.ts';
import { errorMessage } from '../../../preload/format.ts';

export type DbWrite =
  | { kind: 'event.open'; open: EventOpen; patch: EventPatch; endMs: number | null }
  | { kind: 'event.patch'; id: string; patch: EventPatch; endMs: number | null }
  | { kind: 'activity'; cameraId: string; minuteMs: number; frames: number; motionFrames: number; maxRatio: number }
  | { kind: 'segment'; row: SegmentInsert }
  | { kind: 'visitors'; cameraId: string; minute: VisitorMinute }
  | { kind: 'alert'; row: OutboxInsert };

/** What the event recorder needs of the events table. */
export interface EventStore {
  open(e: EventOpen): void;
  update(id: string, patch: EventPatch): void;
  close(id: string, endMs: number, patch?: EventPatch): void;
  get(id: string): EventView | null;
  getPaths(id: string): { snapshotPath: string | null; thumbnailPath: string | null } | null;
}

export interface WriteGuardOptions {
  events: EventRepository;
  activity: ActivityRepository;
  segments: SegmentRepository;
  /** Visitor counts per minute (absent in tests that do not count visitors: their writes are then dropped). */
  visitors?: VisitorRepository;
  /** The alert outbox: an alert is a row before it is sent (held like any write on a full disk). */
  alerts?: { enqueue(row: OutboxInsert): void };
  logger: Logger;
  /** Most writes held at once (default 20,000: hours of events from many cameras). */
  limit?: number;
  /** The first write a full disk refused (the engine releases the reserve and runs retention). */
  onFull?: () => void;
}

export class WriteGuard {
  private readonly held: HeldWrites<DbWrite>;
  private fullSince: number | null = null;
  /** The data folder is not there (data-folder-watch.ts): every write is held, none is tried. */
  private suspended = false;
  /** The event store the recorders use. */
  readonly eventStore: EventStore;
  /** The activity sink the per-minute counters flush into. */
  readonly activitySink: ActivitySink;
  /** The segment index the segment writers insert into. */
  readonly segmentIndex: Pick<SegmentRepository, 'insert'>;
  /** The visitor counts the rules on tracks flush into, a minute at a time. */
  readonly visitorSink: VisitorSink;

  constructor(private readonly o: WriteGuardOptions) {
    this.held = new HeldWrites<DbWrite>({ limit: o.limit ?? 20_000, merge: mergeWrites });
    const events = o.events;
    this.eventStore = {
      open: (open) => this.write({ kind: 'event.open', open, patch: {}, endMs: null }),
      update: (id, patch) => this.write({ kind: 'event.patch', id, patch, endMs: null }),
      close: (id, endMs, patch = {}) => this.write({ kind: 'event.patch', id, patch, endMs: Math.round(endMs) }),
      get: (id) => this.eventView(id),
      getPaths: (id) => {
        const held = this.held.peek(`event:${id}`);
        const row = held?.kind === 'event.open' ? null : this.read(() => events.getPaths(id));
        const patch = held && (held.kind === 'event.open' || held.kind === 'event.patch') ? held.patch : {};
        if (!row && held?.kind !== 'event.open') return null;
        return {
          snapshotPath: patch.snapshotPath !== undefined ? patch.snapshotPath : (row?.snapshotPath ?? null),
          thumbnailPath: patch.thumbnailPath !== undefined ? patch.thumbnailPath : (row?.thumbnailPath ?? null),
        };
      },
    };
    this.activitySink = {
      add: (cameraId, minuteMs, frames, motionFrames, maxRatio) =>
        this.write({ kind: 'activity', cameraId, minuteMs, frames, motionFrames, maxRatio }),
    };
    this.segmentIndex = { insert: (row) => this.write({ kind: 'segment', row }) };
    this.visitorSink = { add: (cameraId, minute) => this.write({ kind: 'visitors', cameraId, minute: { ...minute } }) };
  }

  /** Writes held now. */
  get heldCount(): number {
    return this.held.size;
  }

  /** Writes lost since start (the held queue overflowed, or a write failed for a reason other than space). */
  get lostCount(): number {
    return this.held.lost;
  }

  /** When the disk refused a write, while writes are held; null when none is held. */
  get heldSince(): number | null {
    return this.fullSince;
  }

  /** False while writes are held or suspended: files (snapshots) wait too. */
  get writable(): boolean {
    return !this.suspended && this.held.size === 0;
  }

  get isSuspended(): boolean {
    return this.suspended;
  }

  /** Holds every write from now on, like a full disk does, until resume() (the data folder went away). */
  suspend(): void {
    this.suspended = true;
  }

  /** Writes are tried again, the held ones first; returns how many were written. */
  resume(): number {
    this.suspended = false;
    return this.drain();
  }

  /** Start-up: events an unclean stop left open end at their last update (held, one by one, on a full disk). */
  closeDangling(): number {
    try {
      return this.o.events.closeDangling();
    } catch (err) {
      if (!isDiskFullError(err)) throw err;
      const dangling = this.o.events.dangling();
      for (const d of dangling) this.eventStore.close(d.id, d.endMs);
      return dangling.length;
    }
  }

  /** Writes now, or holds the write when the disk is full (or when older writes are still held: order is kept). */
  write(w: DbWrite): void {
    if (this.held.size === 0 && !this.suspended) {
      const result = this.apply(w);
      if (result !== 'full') return;
      this.fullSince = Date.now();
      this.o.logger.error({ write: w.kind }, 'the disk is full: writes are held in memory until space is back');
      this.held.hold(asHeld(w));
      try {
        this.o.onFull?.();
      } catch (err) {
        this.o.logger.warn({ err: errorMessage(err) }, 'making room on a full disk failed');
      }
      return;
    }
    this.held.hold(asHeld(w));
  }

  /** Writes what is held, in order, until the disk refuses again. Returns how many were written. */
  drain(): number {
    if (this.held.size === 0 || this.suspended) return 0;
    const r = this.held.drain((w) => this.apply(w));
    if (r.written || r.failed) this.o.logger.info({ written: r.written, failed: r.failed, stillHeld: this.held.size }, 'held writes written');
    if (!r.full) {
      this.fullSince = null;
      this.o.logger.info('space is back: every held write is in the database');
    }
    return r.written;
  }

  private apply(w: DbWrite): ApplyResult {
    try {
      applyWrite(this.o, w);
      return 'written';
    } catch (err) {
      if (isDiskFullError(err)) return 'full';
      this.o.logger.error({ write: w.kind, err: errorMessage(err) }, 'a database write failed');
      return 'failed';
    }
  }

  private read<T>(fn: () => T): T | null {
    try {
      return fn();
    } catch (err) {
      this.o.logger.warn({ err: errorMessage(err) }, 'a database read failed');
      return null;
    }
  }

  /** An event as the database has it, with its held changes on top (an event opened while the disk is full included). */
  private eventView(id: string): EventView | null {
    const held = this.held.peek(`event:${id}`);
    if (held?.kind === 'event.open') {
      const o = held.open;
      const base: EventView = {
        id: o.id,
        cameraId: o.cameraId,
        kind: o.kind,
        startMs: Math.round(o.startMs),
        endMs: null,
        updatedMs: Math.round(o.updatedMs),
        peakRatio: o.peakRatio,
        boxes: o.boxes,
        frameWidth: o.frameWidth,
        frameHeight: o.frameHeight,
        topScore: null,
        personBox: null,
        hasSnapshot: false,
        keepForever: false,
        trackId: o.trackId ?? null,
        path: [],
        zone: o.zone ?? null,
        reviewed: false,
      };
      return patchView(base, held.patch, held.endMs);
    }
    const row = this.read(() => this.o.events.get(id));
    if (!row) return null;
    return held?.kind === 'event.patch' ? patchView(row, held.patch, held.endMs) : row;
  }
}

function applyWrite(o: WriteGuardOptions, w: DbWrite): void {
  switch (w.kind) {
    case 'event.open':
      // One transaction: the row is never seen half-made (opened but not yet carrying its later changes).
      o.events.transaction(() => {
        o.events.open(w.open);
        if (w.endMs !== null) o.events.close(w.open.id, w.endMs, w.patch);
        else o.events.update(w.open.id, w.patch);
      });
      return;
    case 'event.patch':
      if (w.endMs !== null) o.events.close(w.id, w.endMs, w.patch);
      else o.events.update(w.id, w.patch);
      return;
    case 'activity':
      o.activity.add(w.cameraId, w.minuteMs, w.frames, w.motionFrames, w.maxRatio);
      return;
    case 'segment':
      o.segments.insert(w.row);
      return;
    case 'visitors':
      o.visitors?.add(w.cameraId, w.minute);
      return;
    case 'alert':
      o.alerts?.enqueue(w.row);
      return;
  }
}

function asHeld(w: DbWrite) {
  switch (w.kind) {
    case 'event.open':
      return { key: `event:${w.open.id}`, droppable: false, value: w };
    case 'event.patch':
      return { key: `event:${w.id}`, droppable: false, value: w };
    case 'activity':
      return { key: `activity:${w.cameraId}:${w.minuteMs}`, droppable: true, value: w };
    case 'segment':
      return { key: null, droppable: false, value: w };
    case 'visitors':
      // Not droppable: a count lost is a visitor the owner never sees (activity minutes are only the heat strip).
      return { key: `visitors:${w.cameraId}:${w.minute.minuteMs}`, droppable: false, value: w };
    case 'alert':
      return { key: null, droppable: false, value: w };
  }
}

/** A newer write of the same key folded into the held one (only events, activity and visitor minutes share keys). */
export function mergeWrites(held: DbWrite, newer: DbWrite): DbWrite {
  if ((held.kind === 'event.open' || held.kind === 'event.patch') && newer.kind === 'event.patch') {
    return { ...held, patch: { ...held.patch, ...definedOnly(newer.patch) }, endMs: newer.endMs ?? held.endMs };
  }
  if (held.kind === 'activity' && newer.kind === 'activity') {
    return {
      ...held,
      frames: held.frames + newer.frames,
      motionFrames: held.motionFrames + newer.motionFrames,
      maxRatio: Math.max(held.maxRatio, newer.maxRatio),
    };
  }
  if (held.kind === 'visitors' && newer.kind === 'visitors') {
    const m = held.minute;
    return { ...held, minute: { ...m, visitors: m.visitors + newer.minute.visitors, ins: m.ins + newer.minute.ins, outs: m.outs + newer.minute.outs } };
  }
  return newer;
}

function definedOnly(patch: EventPatch): EventPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as EventPatch;
}

function patchView(view: EventView, patch: EventPatch, endMs: number | null): EventView {
  return {
    ...view,
    ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
    ...(patch.updatedMs !== undefined ? { updatedMs: Math.round(patch.updatedMs) } : {}),
    ...(patch.peakRatio !== undefined ? { peakRatio: patch.peakRatio } : {}),
    ...(patch.boxes !== undefined ? { boxes: patch.boxes } : {}),
    ...(patch.topScore !== undefined ? { topScore: patch.topScore } : {}),
    ...(patch.personBox !== undefined ? { personBox: patch.personBox } : {}),
    ...(patch.path !== undefined ? { path: patch.path } : {}),
    ...(patch.snapshotPath !== undefined ? { hasSnapshot: patch.snapshotPath !== null } : {}),
    ...(endMs !== null ? { endMs } : {}),
  };
}
