// The caches pass, first in every run: when free space is under the floor (on the recordings' disk or the data
// folder's), what can be made again (the clip cache) goes before anything recorded. With room to spare, caches stay.
import type { Logger } from '../logging/logger.ts';
import type { FloorWatch, PassOutcome, RetentionPass } from './retention-scheduler.ts';
import { capFloor } from './segment-retention-plan.ts';
import { errorMessage } from '../../../preload/format.ts';

export interface RetentionCache {
  name: string;
  empty(): Promise<{ files: number; bytes: number }>;
}

export class CachePass implements RetentionPass {
  readonly name = 'caches';

  constructor(private readonly o: { caches: readonly RetentionCache[]; floor: FloorWatch; dataRoot: string; logger: Logger }) {}

  async runPass(): Promise<PassOutcome> {
    const outcome: PassOutcome = { deleted: 0, bytes: 0, unresolved: false };
    if (!this.o.caches.length || !(await this.short())) return outcome;
    for (const cache of this.o.caches) {
      try {
        const freed = await cache.empty();
        outcome.deleted += freed.files;
        outcome.bytes += freed.bytes;
        if (freed.files) this.o.logger.warn({ cache: cache.name, ...freed }, 'free space under the floor: emptied a cache first');
      } catch (err) {
        this.o.logger.warn({ cache: cache.name, err: errorMessage(err) }, 'could not empty a cache');
      }
    }
    return outcome;
  }

  private async short(): Promise<boolean> {
    for (const dir of new Set([this.o.floor.dir(), this.o.dataRoot])) {
      try {
        const disk = await this.o.floor.diskSpace(dir);
        if (disk.free < capFloor(this.o.floor.bytes(), disk.total)) return true;
      } catch {
        // the passes after this one report disk problems
      }
    }
    return false;
  }
}
