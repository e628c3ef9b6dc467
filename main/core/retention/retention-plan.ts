// Retention planning, pure: which events to delete, and why. First every event older than its camera's retention
// days; then, while free space is under the floor, the oldest remaining events across all cameras until the projected
// free space holds the floor again. Events marked keep-forever and events still open are never planned.
// When deleting every eligible event still could not bring the disk back over the floor, something else is filling it:
// the space pass then deletes nothing (wiping the shop's whole history would not help) and reports the shortfall.
// Re-indexed events (snapshots found in the data folder by a database that did not index them) are never deleted by
// age; under the floor they go last, oldest first.
import { DEFAULT_RETAIN_DAYS } from './camera-policy.ts';

export interface RetentionCandidate {
  id: string;
  cameraId: string;
  startMs: number;
  endMs: number | null;
  /** Bytes its files take on disk (what deleting it gives back). */
  bytes: number;
  keepForever: boolean;
  /** Re-indexed from a snapshot file a replaced database did not know. */
  reindexed?: boolean;
}

export interface RetentionInput {
  events: readonly RetentionCandidate[];
  now: number;
  /** Days to keep per camera; 0 = never delete by age. Cameras not listed use `defaultDays` (the settings schema's default). */
  retainDays: ReadonlyMap<string, number>;
  defaultDays?: number;
  freeBytes: number;
  floorBytes: number;
}

export interface PlannedDeletion {
  id: string;
  reason: 'age' | 'space';
  bytes: number;
}

const DAY_MS = 86_400_000;

export interface RetentionPlan {
  deletions: PlannedDeletion[];
  /** Bytes still missing under the floor that deleting events cannot give back (0 when the floor holds). */
  spaceShortBytes: number;
}

export function planRetention(input: RetentionInput): RetentionPlan {
  const defaultDays = input.defaultDays ?? DEFAULT_RETAIN_DAYS;
  const plan: PlannedDeletion[] = [];
  const remaining: RetentionCandidate[] = [];
  let freed = 0;
  for (const e of input.events) {
    if (e.keepForever || e.endMs === null) continue;
    const days = input.retainDays.get(e.cameraId) ?? defaultDays;
    if (!e.reindexed && days > 0 && e.endMs < input.now - days * DAY_MS) {
      plan.push({ id: e.id, reason: 'age', bytes: e.bytes });
      freed += e.bytes;
    } else {
      remaining.push(e);
    }
  }
  let free = input.freeBytes + freed;
  if (free >= input.floorBytes) return { deletions: plan, spaceShortBytes: 0 };
  const reclaimable = remaining.reduce((sum, e) => sum + e.bytes, 0);
  if (free + reclaimable < input.floorBytes) {
    return { deletions: plan, spaceShortBytes: input.floorBytes - free };
  }
  remaining.sort((a, b) => Number(a.reindexed ?? false) - Number(b.reindexed ?? false) || a.startMs - b.startMs || (a.id < b.id ? -1 : 1));
  for (const e of remaining) {
    if (free >= input.floorBytes) break;
    plan.push({ id: e.id, reason: 'space', bytes: e.bytes });
    free += e.bytes;
  }
  return { deletions: plan, spaceShortBytes: 0 };
}
