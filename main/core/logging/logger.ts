// Structured logs (pino), always with the component and, where there is one, the camera's id and name. On a terminal
// the lines are short and readable (pino-pretty); anywhere else, and in the log file, one JSON object a line.
// Nothing that could hold a secret is logged raw: URLs and ffmpeg output go through capture/redact.ts first, and the
// redact list below drops fields named like secrets whatever a caller passes.
import { pino, type Logger, type DestinationStream, type LoggerOptions as PinoOptions } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const isLogLevel = (value: unknown): value is LogLevel => typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);

/** NVR_LOG_LEVEL wins over the setting; a value that is no level is ignored, and said so. */
export function resolveLogLevel(envValue: string | undefined, setting: LogLevel | undefined): { level: LogLevel; problem: string | null } {
  const fallback = setting ?? 'info';
  if (envValue === undefined || envValue === '') return { level: fallback, problem: null };
  const wanted = envValue.trim().toLowerCase();
  if (isLogLevel(wanted)) return { level: wanted, problem: null };
  return {
    level: fallback,
    problem: `NVR_LOG_LEVEL="${envValue.slice(0, 20)}" is not a log level (use one of ${LOG_LEVELS.join(', ')}): logging at ${fallback}.`,
  };
}

/** Readable lines for a person at a terminal, JSON for machines (journald, a pipe, a file). */
export function consoleFormat(isTTY: boolean): 'pretty' | 'json' {
  return isTTY ? 'pretty' : 'json';
}

export interface ConsoleOptions {
  /** Where the lines go (process.stderr in the app). */
  stream: NodeJS.WritableStream;
  /** Whether that stream is a terminal (injectable for tests). */
  isTTY: boolean;
  /** Colours on a terminal unless NO_COLOR is set. */
  colorize?: boolean;
}

/** The console destination: pino-pretty's short lines on a terminal, the JSON lines unchanged elsewhere. */
export function consoleStream(options: ConsoleOptions): DestinationStream {
  if (consoleFormat(options.isTTY) === 'json') return options.stream as DestinationStream;
  return pinoPretty({
    destination: options.stream,
    sync: true,
    colorize: options.colorize ?? !process.env.NO_COLOR,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app,component,cameraId,cameraName',
    messageFormat: '{if component}{component} {end}{if cameraName}[{cameraName}] {end}{msg}',
  });
}

/** The pino options every logger of the app shares. */
export function baseOptions(level: LogLevel): PinoOptions {
  return {
    level,
    base: { app: 'nvr' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A last line of defence: fields named like secrets are never printed, whatever a caller passes.
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'metricsToken', '*.metricsToken', 'secret', '*.secret', 'headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; standard output by default. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? resolveLogLevel(process.env.NVR_LOG_LEVEL, undefined).level;
  return pino(baseOptions(level), survivesWriteErrors(options.destination ?? pino.destination({ dest: 1, sync: false })));
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
