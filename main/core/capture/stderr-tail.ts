// The last lines ffmpeg printed, redacted as they arrive (ffmpeg prints the camera's URL, password included): what a
// run's end is judged on, and what the logs show. Text comes in arbitrary chunks; a line split across two is joined.

export interface StderrTailOptions {
  /** Applied to every line before it is kept (removes the camera's secrets). */
  redact: (text: string) => string;
  /** Whole lines kept (the newest). */
  maxLines?: number;
  /** A kept line is cut to this many characters. */
  maxLineChars?: number;
  /** Every whole line as it arrives, redacted (capture/stream-change.ts looks for a mid-stream size change). */
  onLine?: (line: string) => void;
}

/** An unfinished line longer than this keeps only its end (ffmpeg's progress line never ends). */
const MAX_PARTIAL_CHARS = 2000;

export class StderrTail {
  private readonly lines: string[] = [];
  private partial = '';
  private readonly maxLines: number;
  private readonly maxLineChars: number;

  constructor(private readonly options: StderrTailOptions) {
    this.maxLines = options.maxLines ?? 20;
    this.maxLineChars = options.maxLineChars ?? 500;
  }

  push(text: string): void {
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = (lines.pop() ?? '').slice(-MAX_PARTIAL_CHARS);
    for (const line of lines) {
      if (!line.trim()) continue;
      const kept = this.options.redact(line).slice(0, this.maxLineChars);
      this.lines.push(kept);
      this.options.onLine?.(kept);
      if (this.lines.length > this.maxLines) this.lines.shift();
    }
  }

  /** The kept lines and the unfinished one, redacted, one per line. */
  text(): string {
    return [...this.lines, this.options.redact(this.partial)].join('\n');
  }

  /** The last non-empty line (the unfinished one counts), or null when nothing was printed. */
  lastLine(): string | null {
    return this.text().split('\n').filter(Boolean).slice(-1)[0] ?? null;
  }
}
