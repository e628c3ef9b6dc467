// How an error and a number of bytes read for a shop owner: the same in the NVR's own sentences (main/) and on the
// page (renderer/src/lib/format.ts hands these on to the components). Pure, no imports.

/** The message of an Error, or the thing itself as text (a rejected string, a number). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Bytes in binary units with at most one decimal (512 B, 1.5 MB, 120 GB); '–' when there is no number. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
