// Retention as the engine runs it: the passes read the cameras' and the app's settings on every run (a changed
// setting applies at the next run), share one deleter, and the clip cache is the first thing to go when space is short.
import path from 'node:path';
import type { Db } from '../storage/database.ts';
import type { Logger } from '../logging/logger.ts';
import type { AppSettings, Camera } from '../../../preload/settings-schema.ts';
import { cameraPolicy } from './camera-policy.ts';
import { RetentionDeleter } from './retention-deleter.ts';
import { RetentionJob } from './retention-job.ts';
import { SegmentRetentionJob } from './segment-retention-job.ts';
import type { RetentionCache } from './cache-pass.ts';

export interface RetentionDeps {
  db: Db;
  dataRoot: string;
  logger: Logger;
  cameras: () => readonly Camera[];
  settings: () => AppSettings;
  caches: readonly RetentionCache[];
  now?: () => number;
}

export function buildRetention(d: RetentionDeps): RetentionJob {
  const logger = d.logger.child({ component: 'retention' });
  const deleter = new RetentionDeleter({ dataRoot: path.resolve(d.dataRoot), logger });
  const now = d.now ? { now: d.now } : {};
  const floorBytes = () => d.settings().storage.freeSpaceFloorBytes;
  const segments = new SegmentRetentionJob({
    db: d.db,
    dataRoot: d.dataRoot,
    logger,
    deleter,
    policies: () => new Map(d.cameras().map((c) => [c.id, cameraPolicy(c)])),
    quotaBytes: () => d.settings().storage.recordingsQuotaBytes,
    floorSettingBytes: floorBytes,
    ...now,
  });
  return new RetentionJob({
    db: d.db,
    dataRoot: d.dataRoot,
    logger,
    deleter,
    segments,
    caches: d.caches,
    floorBytes,
    retainDays: () => new Map(d.cameras().map((c) => [c.id, c.events.retainDays])),
    ...now,
  });
}
