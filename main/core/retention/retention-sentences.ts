// The sentences retention leaves in health when it cannot do its job: what happened and what the owner can do.

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  const mb = Math.round(n / 1024 ** 2);
  return `${n > 0 ? Math.max(1, mb) : 0} MB`;
}

export const eventsDiskShort = (freeBytes: number): string =>
  `The disk that holds the data folder is almost full (${formatBytes(freeBytes)} free) and deleting old events cannot free enough. Free some space on it or move the data folder to a bigger disk.`;

export const footageDiskShort = (shortBytes: number, floorBytes: number): string =>
  `The disk that holds the recordings is almost full (${formatBytes(shortBytes)} short of the ${formatBytes(floorBytes)} kept free) and deleting old footage cannot free enough: something else fills the disk, or footage marked keep-forever does. Free some space or move the data folder to a bigger disk.`;

export const keepForeverOverQuota = (overBytes: number): string =>
  `Footage marked keep-forever alone takes more than the recordings quota (${formatBytes(overBytes)} over); raise the quota or un-mark events you no longer need.`;

export const passFailed = (what: 'events' | 'recordings', err: unknown): string =>
  `Cleaning up old ${what} failed: ${err instanceof Error ? err.message : String(err)}`;
