// Free-space thresholds that must agree with each other on any disk size (pure):
// - the reserve: a preallocated file in the data folder, released when the disk is full so that the database can
//   still record what retention does (tombstones, deletions) and the held writes;
// - the free space a recording paused by a full disk waits for before it resumes. Retention frees space up to the
//   floor (capFloor: the floor setting, at most half the disk), so the resume threshold is half of that floor (and
//   never more than 256 MiB): it is always reached once retention has done its work, on a 200 MB disk as on a 2 TB one.
import { capFloor } from './segment-retention-plan.ts';

const MiB = 1024 * 1024;

/** Size of the reserve file: 2% of the disk, between 1 MiB and 64 MiB. */
export function reserveBytesFor(totalDiskBytes: number): number {
  if (!(totalDiskBytes > 0)) return 0;
  const bytes = Math.min(64 * MiB, Math.max(1 * MiB, totalDiskBytes * 0.02));
  return Math.floor(bytes / MiB) * MiB;
}

/**
 * Free bytes a paused recording waits for: half the free-space floor retention frees to (at most 256 MiB), at least
 * twice the reserve when the floor leaves room for it, and always under three quarters of the floor.
 */
export function resumeFreeBytesFor(totalDiskBytes: number, floorSettingBytes: number): number {
  const floor = capFloor(floorSettingBytes, totalDiskBytes);
  const reserve = reserveBytesFor(totalDiskBytes);
  const half = Math.min(256 * MiB, floor / 2);
  // A floor of 0 (the owner turned it off) still needs some room before ffmpeg is started again.
  const least = Math.min(2 * reserve, totalDiskBytes / 4);
  if (floor <= 0) return Math.floor(least);
  // Always under the floor, so that what retention frees is enough.
  return Math.floor(Math.min(Math.max(half, least), floor * 0.75));
}

/** Free bytes needed before the released reserve is made again: the reserve itself on top of what recording needs. */
export function reserveRemakeFreeBytes(totalDiskBytes: number, floorSettingBytes: number): number {
  return resumeFreeBytesFor(totalDiskBytes, floorSettingBytes) + reserveBytesFor(totalDiskBytes);
}
