// SIGINT / SIGTERM: stop the engine cleanly (ffmpeg processes stopped, open events closed, database closed) and exit.
// A second signal, or a stop that takes longer than the deadline, exits at once: the database is in WAL mode and
// every event row is committed as it happens, so a hard exit loses nothing that was recorded.
import type { Logger } from './logging/logger.ts';
import { errorMessage } from '../../preload/format.ts';

export interface Stoppable {
  stop(): Promise<void>;
}

export function exitOnSignals(target: Stoppable, logger: Logger, options: { deadlineMs?: number; exit?: (code: number) => void } = {}): () => void {
  const deadlineMs = options.deadlineMs ?? 4500;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(130);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown took too long: exiting now');
      exit(1);
    }, deadlineMs);
    timer.unref();
    target.stop().then(
      () => {
        clearTimeout(timer);
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        logger.error({ err: errorMessage(err) }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
