// Every log line about a camera carries its id and its name. A camera's own loggers have both as bindings; a line
// that names a camera by id only (the worker pools, the notifier, playback) gets the name added here, from a map the
// engine keeps current. One property check per line: nothing on a hot path.
import type { Logger } from './logger.ts';

export class CameraLogNames {
  private readonly names = new Map<string, string>();

  set(cameraId: string, name: string): void {
    this.names.set(cameraId, name);
  }

  delete(cameraId: string): void {
    this.names.delete(cameraId);
  }

  get(cameraId: string): string | undefined {
    return this.names.get(cameraId);
  }

  /** pino's `formatters.log`: a line with a `cameraId` and no `cameraName` gets the name. */
  readonly format = (line: object): object => {
    const { cameraId, cameraName } = line as { cameraId?: unknown; cameraName?: unknown };
    if (typeof cameraId !== 'string' || cameraName !== undefined) return line;
    const name = this.names.get(cameraId);
    return name === undefined ? line : { ...line, cameraName: name };
  };

  /** A child logger (and every child of it) whose camera lines carry the camera's name. */
  attach(logger: Logger, bindings: Record<string, unknown>): Logger {
    return logger.child(bindings, { formatters: { log: this.format } });
  }
}
