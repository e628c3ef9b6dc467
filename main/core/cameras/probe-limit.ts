// Camera tests (the wizard's "Test this camera", `cameras.testStream`) each start ffprobe and ffmpeg. Sixty at once
// froze the service for 20 s and starved the cameras that were recording, so their watchdog restarted them. At most a
// few run at once; the rest wait their turn; past a bound the caller is told to try again, at once.
import os from 'node:os';
import pLimit from 'p-limit';
import { ApiError } from '../../../preload/contract.ts';

export interface ProbeLimiter {
  run<T>(probe: () => Promise<T>): Promise<T>;
  readonly running: number;
  readonly waiting: number;
}

export function createProbeLimiter(options: { concurrency?: number; maxWaiting?: number } = {}): ProbeLimiter {
  const concurrency = options.concurrency ?? Math.max(2, Math.min(4, os.availableParallelism()));
  const maxWaiting = options.maxWaiting ?? 64;
  const limit = pLimit(concurrency);
  return {
    run(probe) {
      if (limit.pendingCount >= maxWaiting) {
        return Promise.reject(
          new ApiError('unavailable', `${limit.activeCount + limit.pendingCount} camera tests are already running or waiting: try again in a minute.`),
        );
      }
      return limit(probe);
    },
    get running() {
      return limit.activeCount;
    },
    get waiting() {
      return limit.pendingCount;
    },
  };
}
