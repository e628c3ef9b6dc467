// The sentences retention leaves in health when it cannot do its job: what happened and what the owner can do.

import { formatBytes } from '../../../preload/format.ts';
import { errorMessage } from '../../../preload/format.ts';

export const eventsDiskShort = (freeBytes: number): string =>
  `The disk that holds the data folder is almost full (${formatBytes(freeBytes)} free) and deleting old events cannot free enough. Free some space on it or move the data folder to a bigger disk.`;

export const footageDiskShort = (shortBytes: number, floorBytes: number): string =>
  `The disk that holds the recordings is almost full (${formatBytes(shortBytes)} short of the ${formatBytes(floorBytes)} kept free) and deleting old footage cannot free enough: something else fills the disk, or footage marked keep-forever does. Free some space or move the data folder to a bigger disk.`;

export const keepForeverOverQuota = (overBytes: number): string =>
  `Footage marked keep-forever alone takes more than the recordings quota (${formatBytes(overBytes)} over); raise the quota or un-mark events you no longer need.`;

export const passFailed = (what: 'events' | 'recordings', err: unknown): string =>
  `Cleaning up old ${what} failed: ${errorMessage(err)}`;
