// The activity pass, last in every run: the timeline's motion minutes go with their camera's event days (a camera the
// settings no longer list keeps the schema's default days; 0 days keeps them for ever), and its visitor counts with them.
import type { ActivityRepository } from '../storage/activity-repository.ts';
import { DEFAULT_RETAIN_DAYS } from './camera-policy.ts';
import type { PassOutcome, RetentionPass, RunScope } from './retention-scheduler.ts';
import { DAY_MS } from './segment-retention-plan.ts';

export class ActivityPass implements RetentionPass {
  readonly name = 'activity';

  constructor(
    private readonly o: {
      activity: ActivityRepository;
      /** The people-per-hour counts (storage/visitor-repository.ts), kept as long as the motion minutes. */
      visitors?: { deleteBefore(cameraId: string, beforeMs: number): void };
      retainDays: () => ReadonlyMap<string, number>;
      now: () => number;
    },
  ) {}

  async runPass(scope: RunScope): Promise<PassOutcome> {
    const outcome: PassOutcome = { deleted: 0, bytes: 0, unresolved: false };
    const now = this.o.now();
    try {
      const retainDays = scope.once('retainDays', this.o.retainDays);
      for (const cameraId of this.o.activity.cameraIds()) {
        const days = retainDays.get(cameraId) ?? DEFAULT_RETAIN_DAYS;
        if (days <= 0) continue;
        this.o.activity.deleteBefore(cameraId, now - days * DAY_MS);
        this.o.visitors?.deleteBefore(cameraId, now - days * DAY_MS);
      }
    } catch {
      outcome.unresolved = true; // minutes of a heat strip: the next run tries again
    }
    return outcome;
  }
}
