// The message of anything thrown, for a log line or a sentence (an Error's message, else the value as text).
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
