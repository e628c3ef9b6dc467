// Retention of recording segments, pure: which segments to delete, and why. Segments arrive as columns (typed arrays,
// sorted by start) so a pass over 100,000 of them allocates nothing per segment.
//
// Every segment gets a keep-until time:
//   - continuous mode: its end + the camera's continuousDays;
//   - events mode, and off (footage recorded before recording was turned off follows the events rules): its end + a
//     short buffer (EVENTS_MODE_BUFFER_MS), long enough that an event opening late can still claim its pre-roll;
//   - raised, when the segment overlaps an event's window [start − pre-roll, end + post-roll], to that event's end +
//     the camera's event retainDays (never, for 0 days, for an event still open, or for a keep-forever event).
// Then, in this order, oldest first across cameras:
//   1. age: every segment whose keep-until has passed;
//   2. quota: while all recordings together exceed the quota;
//   3. free space: when free space is under the floor = max(the setting, one hour of recording at the measured total
//      bitrate), capped at half the disk, the oldest hour of footage goes, and more until the floor holds again
//      (as Frigate does). When deleting every deletable segment could still not bring the disk back over the floor,
//      something else is filling it: the space pass then deletes nothing and reports the shortfall (wiping the shop's
//      recordings would not help).
// Keep-forever footage (segments overlapping a keep-forever event ± its rolls) is never deleted by any rule: it counts
// towards the quota and the disk, so when only such footage remains the shortfall is reported in health and recording
// pauses on a full disk rather than destroy what the owner chose to keep. Segments pinned by a running export or clip
// build are skipped the same way for as long as the pin lasts.
// Re-indexed footage (found in the data folder by a database that did not index it: the database was replaced) is kept
// from the age and quota rules; only the free-space pass may take it, oldest first, once every other deletable segment
// has gone.

import { DEFAULT_CAMERA_POLICY } from './camera-policy.ts';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** Events mode: footage outside every event window is kept this long, so a late event can still claim its pre-roll. */
export const EVENTS_MODE_BUFFER_MS = 10 * 60_000;

export type RecordingMode = 'off' | 'events' | 'continuous';

export interface CameraPolicy {
  mode: RecordingMode;
  preRollMs: number;
  postRollMs: number;
  continuousDays: number;
  /** The camera's event retention days; 0 = events are never deleted by age. */
  eventRetainDays: number;
}

/** A free-space floor never asks for more than half the disk (a floor setting larger than a small disk). */
export function capFloor(floorBytes: number, totalDiskBytes: number): number {
  return Math.min(floorBytes, totalDiskBytes / 2);
}


/** Segments sorted by startMs (ties in any order); `camera` indexes `cameras`. */
export interface SegmentColumns {
  count: number;
  camera: Uint16Array;
  startMs: Float64Array;
  endMs: Float64Array;
  sizeBytes: Float64Array;
  /** 1 = re-indexed footage (not indexed by this database); absent = none. */
  reindexed?: Uint8Array;
}

export interface EventWindow {
  camera: number;
  startMs: number;
  /** null while the event is open. */
  endMs: number | null;
  keepForever: boolean;
}

/** A time range of a camera that must not be deleted now (an export or clip build is reading it). */
export interface PinWindow {
  camera: number;
  startMs: number;
  endMs: number;
}

export interface SegmentRetentionInput {
  segments: SegmentColumns;
  cameras: readonly CameraPolicy[];
  events: readonly EventWindow[];
  pins?: readonly PinWindow[];
  now: number;
  /** 0 = no quota. */
  quotaBytes: number;
  freeBytes: number;
  totalDiskBytes: number;
  floorSettingBytes: number;
  bufferMs?: number;
}

export const REASON_AGE = 1;
export const REASON_QUOTA = 2;
export const REASON_SPACE = 3;

export interface SegmentRetentionPlan {
  /** Per segment: 0 kept, else REASON_AGE | REASON_QUOTA | REASON_SPACE. */
  reasons: Uint8Array;
  deleted: { age: number; quota: number; space: number };
  deletedBytes: number;
  /** The floor this pass aimed at (bytes of free space). */
  floorBytes: number;
  /** Measured bitrate of all cameras together, bytes per second. */
  bitrateBytesPerSec: number;
  /** Bytes still missing under the floor that deleting footage cannot give back (0 when the floor holds). */
  spaceShortBytes: number;
  /** Bytes over the quota that only keep-forever footage holds (0 when the quota holds). */
  quotaOverBytes: number;
}

const KEEP = 0;
const PROTECTED = 255; // marker in `reasons` during planning: keep-forever or pinned, reset to KEEP at the end
const REINDEXED = 254; // marker during planning: re-indexed footage, only the free-space pass may take it (last)

interface Window {
  startMs: number;
  endMs: number;
  keepUntil: number;
  untouchable: boolean;
}

export function planSegmentRetention(input: SegmentRetentionInput): SegmentRetentionPlan {
  const { segments: seg, cameras, now } = input;
  const n = seg.count;
  const bufferMs = input.bufferMs ?? EVENTS_MODE_BUFFER_MS;
  const reasons = new Uint8Array(n);
  const policy = (c: number): CameraPolicy => cameras[c] ?? DEFAULT_CAMERA_POLICY;

  // Event and pin windows per camera, sorted by start.
  const windows: Window[][] = [];
  const windowsOf = (c: number): Window[] => (windows[c] ??= []);
  for (const e of input.events) {
    const p = policy(e.camera);
    const open = e.endMs === null;
    const end = open ? Infinity : (e.endMs as number);
    const keepUntil = e.keepForever || open || p.eventRetainDays <= 0 ? Infinity : end + p.eventRetainDays * DAY_MS;
    windowsOf(e.camera).push({ startMs: e.startMs - p.preRollMs, endMs: end + p.postRollMs, keepUntil, untouchable: e.keepForever });
  }
  for (const pin of input.pins ?? []) windowsOf(pin.camera).push({ startMs: pin.startMs, endMs: pin.endMs, keepUntil: Infinity, untouchable: true });
  for (const w of windows) w?.sort((a, b) => a.startMs - b.startMs);

  // Measured bitrate: bytes / recorded time per camera, summed over cameras (they record side by side).
  const camBytes: number[] = [];
  const camMs: number[] = [];
  let totalBytes = 0;
  for (let i = 0; i < n; i++) {
    const c = seg.camera[i]!;
    camBytes[c] = (camBytes[c] ?? 0) + seg.sizeBytes[i]!;
    camMs[c] = (camMs[c] ?? 0) + (seg.endMs[i]! - seg.startMs[i]!);
    totalBytes += seg.sizeBytes[i]!;
  }
  let bitrate = 0;
  for (let c = 0; c < camBytes.length; c++) if (camBytes[c] && camMs[c]) bitrate += (camBytes[c]! / camMs[c]!) * 1000;

  // 1. Age. A sweep in start order: per camera, a pointer into its windows and the list of windows still active.
  const next: number[] = [];
  const active: Window[][] = [];
  const deleted = { age: 0, quota: 0, space: 0 };
  let deletedBytes = 0;
  for (let i = 0; i < n; i++) {
    const c = seg.camera[i]!;
    const s = seg.startMs[i]!;
    const e = seg.endMs[i]!;
    const p = policy(c);
    let keepUntil = p.mode === 'continuous' ? e + p.continuousDays * DAY_MS : e + bufferMs;
    let untouchable = false;
    const ws = windows[c];
    if (ws) {
      const act = (active[c] ??= []);
      let k = next[c] ?? 0;
      while (k < ws.length && ws[k]!.startMs < e) act.push(ws[k++]!);
      next[c] = k;
      // Windows that ended before this segment started end before every later segment of this camera too.
      let w = 0;
      for (let j = 0; j < act.length; j++) {
        const win = act[j]!;
        if (win.endMs <= s) continue;
        act[w++] = win;
        if (win.keepUntil > keepUntil) keepUntil = win.keepUntil;
        if (win.untouchable) untouchable = true;
      }
      act.length = w;
    }
    if (untouchable) reasons[i] = PROTECTED;
    else if (seg.reindexed?.[i] === 1) reasons[i] = REINDEXED;
    else if (keepUntil <= now) {
      reasons[i] = REASON_AGE;
      deleted.age++;
      deletedBytes += seg.sizeBytes[i]!;
    }
  }

  // 2. Quota, oldest first.
  let remainingBytes = totalBytes - deletedBytes;
  let quotaOverBytes = 0;
  if (input.quotaBytes > 0 && remainingBytes > input.quotaBytes) {
    for (let i = 0; i < n && remainingBytes > input.quotaBytes; i++) {
      if (reasons[i] !== KEEP) continue;
      reasons[i] = REASON_QUOTA;
      deleted.quota++;
      deletedBytes += seg.sizeBytes[i]!;
      remainingBytes -= seg.sizeBytes[i]!;
    }
    quotaOverBytes = Math.max(0, remainingBytes - input.quotaBytes);
  }

  // 3. Free space: the oldest hour goes, and more until the floor holds.
  const floorBytes = capFloor(Math.max(input.floorSettingBytes, bitrate * 3600), input.totalDiskBytes);
  let free = input.freeBytes + deletedBytes;
  let spaceShortBytes = 0;
  if (free < floorBytes) {
    let deletable = 0;
    for (let i = 0; i < n; i++) if (reasons[i] === KEEP || reasons[i] === REINDEXED) deletable += seg.sizeBytes[i]!;
    if (free + deletable < floorBytes) {
      spaceShortBytes = floorBytes - free;
    } else {
      let hourEnd = -Infinity;
      for (let i = 0; i < n; i++) {
        if (reasons[i] !== KEEP) continue;
        if (hourEnd === -Infinity) hourEnd = seg.startMs[i]! + HOUR_MS;
        if (free >= floorBytes && seg.startMs[i]! >= hourEnd) break;
        reasons[i] = REASON_SPACE;
        deleted.space++;
        deletedBytes += seg.sizeBytes[i]!;
        free += seg.sizeBytes[i]!;
      }
      // Re-indexed footage last, oldest first, only as much as the floor needs.
      for (let i = 0; i < n && free < floorBytes; i++) {
        if (reasons[i] !== REINDEXED) continue;
        reasons[i] = REASON_SPACE;
        deleted.space++;
        deletedBytes += seg.sizeBytes[i]!;
        free += seg.sizeBytes[i]!;
      }
    }
  }

  for (let i = 0; i < n; i++) if (reasons[i] === PROTECTED || reasons[i] === REINDEXED) reasons[i] = KEEP;
  return { reasons, deleted, deletedBytes, floorBytes, bitrateBytesPerSec: bitrate, spaceShortBytes, quotaOverBytes };
}
