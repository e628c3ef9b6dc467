// Progress of a long command on standard error: one redrawn bar on a terminal, a plain line every 10 % otherwise
// (a log file or a pipe), nothing with --json.
export interface ProgressReporter {
  update(fraction: number): void;
  /** Ends the bar's line; only the first call does anything. */
  finish(ok: boolean): void;
}

const WIDTH = 30;

/** The bar's text for a fraction 0..1: `Exporting [###########-------------------]  37 %`. */
export function progressBar(label: string, fraction: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * WIDTH);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.round(f * 100)).padStart(3)} %`;
}

export function progressReporter(stream: NodeJS.WriteStream | null, label: string): ProgressReporter {
  let finished = false;
  let drawn = false;
  let lastStep = -1;
  return {
    update(fraction) {
      if (!stream || finished) return;
      if (stream.isTTY) {
        stream.write(`\r${progressBar(label, fraction)}`);
        drawn = true;
        return;
      }
      const step = Math.floor(Math.min(1, Math.max(0, fraction)) * 10);
      if (step > lastStep) {
        lastStep = step;
        stream.write(`${label}: ${step * 10} %\n`);
      }
    },
    finish(ok) {
      if (!stream || finished) return;
      finished = true;
      if (stream.isTTY && drawn) stream.write(ok ? `\r${progressBar(label, 1)}\n` : '\n');
    },
  };
}
