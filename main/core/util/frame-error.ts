// One error for work that was handed a frame from a capture pool and failed: it carries the frame back when it is
// still ours (undefined when it was lost with a worker), so the caller returns it to the pool or reports it lost. Checked
// with instanceof; MotionError and DetectionError are its kinds.
export class FrameError extends Error {
  /** The caller's frame buffer when it came back (not detached); undefined when it did not. */
  readonly frame: ArrayBuffer | undefined;
  /** True when the work was not failed but replaced by newer work (newest frame wins): not worth a log line. */
  readonly skipped: boolean;

  constructor(message: string, frame: ArrayBuffer | null | undefined, opts: { skipped?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'FrameError';
    this.frame = frame && frame.byteLength > 0 ? frame : undefined;
    this.skipped = opts.skipped ?? false;
  }
}

/** The frame a failure gave back, if any: a FrameError's frame, else null (anything else thrown carried none). */
export function returnedFrame(err: unknown): ArrayBuffer | null {
  return err instanceof FrameError ? (err.frame ?? null) : null;
}
