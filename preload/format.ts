// How an error and a number of bytes read for a shop owner: the same in the NVR's own sentences (main/) and on the
// page (renderer/src/lib/format.ts hands these on to the components). Pure, no imports.

/** The message of an Error, or the thing itself as text (a rejected string, a number). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];
const INTL_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];

/**
 * Bytes in binary units with at most one decimal (512 B, 1.5 MB, 120 GB); '–' when there is no number. `locale` (an
 * Intl tag: 'th-TH', 'pt-BR', 'vi-VN') writes the number and unit as that language does ("1,5 MB", "512 ไบต์");
 * without one, or in English, the NVR's own form above (the CLI, the logs and the English page).
 */
export function formatBytes(bytes: number | null | undefined, locale?: string): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const whole = v >= 100 || i === 0;
  if (!locale || /^en\b/i.test(locale)) return `${whole ? Math.round(v) : v.toFixed(1)} ${UNITS[i]}`;
  const digits = whole ? 0 : 1;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: INTL_UNITS[i],
    unitDisplay: 'short',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(whole ? Math.round(v) : v);
}
