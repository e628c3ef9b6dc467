// The app's logger, as service mode and the desktop app make it: the console (pretty on a terminal, JSON elsewhere)
// and the rotated log file in the data folder, both at one level (NVR_LOG_LEVEL, else the `logging.level` setting).
// When the log file cannot be opened the app still runs and logs to the console, saying so in one line.
import { pino, type DestinationStream, type Logger, type StreamEntry } from 'pino';
import type { SonicBoom } from 'sonic-boom';
import { baseOptions, consoleStream, resolveLogLevel, type ConsoleOptions, type LogLevel } from './logger.ts';
import { openLogFile, type LogFileOptions } from './log-file.ts';
import { logFileOptions, readLoggingSettings } from './log-settings.ts';
import { dataPaths } from '../config/data-dir.ts';
import { errorMessage } from '../../../preload/format.ts';

export interface AppLogOptions {
  /** The `logging.level` setting; NVR_LOG_LEVEL wins over it. */
  level?: LogLevel;
  env?: NodeJS.ProcessEnv;
  /** The console (null: no console, as in the packaged desktop app without a terminal). */
  console: ConsoleOptions | null;
  /** The rotated log file (null: none). */
  file: LogFileOptions | null;
}

export interface AppLog {
  logger: Logger;
  /** The file being written when the log was opened, or null when there is none. */
  file: string | null;
  /** Writes what is buffered for the file now (before process.exit). */
  flush(): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

export async function openAppLog(options: AppLogOptions): Promise<AppLog> {
  const env = options.env ?? process.env;
  const { level, problem } = resolveLogLevel(env.NVR_LOG_LEVEL, options.level);
  // Every stream takes every line: the logger's own level is the one filter (so debug calls cost nothing at info).
  const entries: StreamEntry[] = [];
  if (options.console) entries.push({ level: 'trace', stream: consoleStream(options.console) });
  let file: SonicBoom | null = null;
  let fileName: string | null = null;
  let fileProblem: string | null = null;
  if (options.file) {
    try {
      const opened = await openLogFile(options.file);
      file = opened.stream;
      fileName = opened.firstFile;
      entries.push({ level: 'trace', stream: file as unknown as DestinationStream });
    } catch (err) {
      fileProblem = `The log file in ${options.file.dir} cannot be written (${errorMessage(err)}): logging to the console only.`;
    }
  }
  const logger = pino(baseOptions(level), pino.multistream(entries));
  if (problem) logger.warn(problem);
  if (fileProblem) logger.warn(fileProblem);
  if (file) {
    let told = false;
    file.on('error', (err: Error) => {
      // A full or vanished disk must not stop the NVR: say it once on the console, keep going.
      if (told) return;
      told = true;
      options.console?.stream.write(`The log file cannot be written any more (${err.message}); the NVR goes on.\n`);
    });
  }
  const flush = () => {
    try {
      file?.flushSync();
    } catch {
      // nothing buffered, or the file is gone: nothing more to do
    }
  };
  return {
    logger,
    file: fileName,
    flush,
    close: () =>
      new Promise<void>((resolve) => {
        if (!file) return resolve();
        flush();
        file.once('close', () => resolve());
        file.end();
      }),
  };
}

/**
 * The log of service mode and of the desktop app: the console given, and logs/nvr.N.log in the data folder with the
 * level and sizes of the settings (NVR_LOG_LEVEL wins).
 */
export async function openDataFolderLog(dataDir: string, console: ConsoleOptions | null, env: NodeJS.ProcessEnv = process.env): Promise<AppLog> {
  const paths = dataPaths(dataDir);
  const settings = readLoggingSettings(paths.database);
  return openAppLog({ level: settings.level, env, console, file: logFileOptions(paths.logs, settings) });
}
