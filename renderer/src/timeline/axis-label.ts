// The timeline axis's labels, pure (no canvas): times, and weekdays at midnight over days, in the page's Intl locale.

/** An axis label in the Intl locale given (the page's intlTag()): "Mon 30" at midnight over days, else "14:00". */
export function tickLabel(t: number, spanMs: number, locale?: string): string {
  const d = new Date(t);
  const tag = locale ?? [];
  if (spanMs > 36 * 3_600_000 && d.getHours() === 0 && d.getMinutes() === 0) return d.toLocaleDateString(tag, { weekday: 'short', day: 'numeric' });
  return d.toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit' });
}
