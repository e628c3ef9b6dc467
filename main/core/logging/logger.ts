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
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that drops everything (tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
