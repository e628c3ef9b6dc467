// A log line that a stranger can make us write (a refused connection, a refused socket) is written at most once per
// interval: the first at once, then one line with how many were left out. Without it ~1,580 refused WebSocket
// upgrades a second wrote ~250 KB/s of logs.
import type { Logger } from './logger.ts';

export type ThrottledLog = (fields: Record<string, unknown>) => void;

export function throttledWarn(logger: Logger, message: string, intervalMs = 1000, now: () => number = Date.now): ThrottledLog {
  let lastAt = -Infinity;
  let suppressed = 0;
  return (fields) => {
    const t = now();
    if (t - lastAt < intervalMs) {
      suppressed++;
      return;
    }
    lastAt = t;
    if (suppressed > 0) logger.warn({ ...fields, suppressed }, `${message} (and ${suppressed} more since the last line)`);
    else logger.warn(fields, message);
    suppressed = 0;
  };
}
