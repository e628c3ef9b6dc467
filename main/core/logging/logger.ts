// Structured logs: one JSON object a line (pino), always with the component and, where there is one, the camera id.
// Nothing that could hold a secret is logged raw: URLs and ffmpeg output go through capture/redact.ts first.
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: pino.LevelWithSilent;
  /** Where lines go; standard output by default. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? (process.env.NVR_LOG_LEVEL as pino.LevelWithSilent | undefined) ?? 'info';
  return pino(
    {
      level,
      base: { app: 'nvr' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A last line of defence: fields named like secrets are never printed, whatever a caller passes.
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'secret', '*.secret', 'headers.cookie', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    survivesWriteErrors(options.destination ?? pino.destination({ dest: 1, sync: false })),
  );
}

/**
 * A log destination that cannot be written (a log file on a full disk: ENOSPC) must never end the process: an
 * 'error' event with no listener would. Lines that cannot be written are dropped; the first failure is said once on
 * standard error when that is another stream.
 */
function survivesWriteErrors(dest: DestinationStream): DestinationStream {
  const emitter = dest as DestinationStream & { on?: (event: 'error', fn: (err: Error) => void) => unknown };
  if (typeof emitter.on !== 'function') return dest;
  let said = false;
  emitter.on('error', (err) => {
    if (said || dest === (process.stderr as unknown)) return;
    said = true;
    try {
      process.stderr.write(`log lines cannot be written (${err.message}): they are dropped until the destination takes them again\n`);
    } catch {
      // nowhere left to say it
    }
  });
  return dest;
}

/** A logger that drops everything (tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
