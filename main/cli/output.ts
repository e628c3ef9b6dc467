// What the `nvr` command prints: text lines, or with --json one JSON document on standard output; and every failure as
// one sentence (or `{"error": {"code", "message"}}` with --json) with its exit status.
import { ApiError } from '../../preload/contract.ts';
import { UsageError } from '../service/cli-format.ts';
import { NoServiceError } from '../service/ws-client.ts';
import { errorMessage } from '../../preload/format.ts';

/** 0 done, 1 the NVR said no (the message says why), 2 wrong usage, 3 no service running. */
export const EXIT = { ok: 0, failed: 1, usage: 2, noService: 3 } as const;

export const print = (text: string): void => {
  process.stdout.write(text + '\n');
};
export const printJson = (value: unknown): void => {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
};
/** One sentence for the person at the terminal, beside the output (stderr). */
export const note = (text: string): void => {
  process.stderr.write(text + '\n');
};

/** A refusal the command itself makes (exit 1), with a code for --json. */
export class CommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface Failure {
  exit: number;
  code: string;
  message: string;
  /** A second line for the text form only. */
  hint: string | null;
}

/** Any thrown value → its exit status, code and sentence (never a stack trace). */
export function describeFailure(err: unknown): Failure {
  if (err instanceof UsageError) return { exit: EXIT.usage, code: 'usage', message: err.message, hint: 'Run `nvr help` for the commands.' };
  if (err instanceof NoServiceError) return { exit: EXIT.noService, code: 'no-service', message: err.message, hint: null };
  if (err instanceof ApiError || err instanceof CommandError) return { exit: EXIT.failed, code: err.code, message: err.message, hint: null };
  if (err instanceof Error && err.name === 'ServiceStartError') return { exit: EXIT.failed, code: 'service-start', message: err.message, hint: null };
  const message = `The command failed: ${errorMessage(err)}`;
  return { exit: EXIT.failed, code: 'failed', message, hint: null };
}

/** Prints the failure the way the command was asked to print (--json or text) and returns the exit status. */
export function reportFailure(err: unknown, json: boolean): number {
  const f = describeFailure(err);
  if (json) printJson({ error: { code: f.code, message: f.message } });
  else note(f.hint ? `${f.message}\n${f.hint}` : f.message);
  return f.exit;
}
