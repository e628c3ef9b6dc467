// How many live streams a page may hold open at once. A browser opens at most 6 HTTP/1.1 connections to one address
// (Chromium, Firefox); each live tile's endless fMP4 response holds one for as long as it plays, so a 9- or 16-grid
// over plain HTTP would leave the extra tiles (and every picture behind them) waiting forever. In service mode a page
// plays at most LIVE_STREAMS_PER_PAGE tiles at once and keeps the rest of the connections for pictures; the other
// tiles show the camera's latest picture until a slot frees. The desktop app's media protocol has no such limit.
export const BROWSER_LIVE_STREAMS = 4;

type Waiter = { grant: () => void; granted: boolean };

export class StreamBudget {
  private readonly waiting: Waiter[] = [];
  private inUse = 0;

  constructor(readonly limit: number) {}

  /** Asks for a slot; `grant` is called when there is one (maybe at once). Returns the release function. */
  acquire(grant: () => void): () => void {
    const w: Waiter = { grant, granted: false };
    if (this.inUse < this.limit) {
      this.inUse++;
      w.granted = true;
      grant();
    } else this.waiting.push(w);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (!w.granted) {
        const i = this.waiting.indexOf(w);
        if (i >= 0) this.waiting.splice(i, 1);
        return;
      }
      this.inUse--;
      const next = this.waiting.shift();
      if (next) {
        this.inUse++;
        next.granted = true;
        next.grant();
      }
    };
  }

  get used(): number {
    return this.inUse;
  }

  get queued(): number {
    return this.waiting.length;
  }
}

let shared: StreamBudget | null = null;

/** The page's budget: limited over HTTP (service mode), unlimited in the desktop app. */
export function liveBudget(): StreamBudget {
  if (!shared) {
    const desktop = typeof (globalThis as { nvr?: { invoke?: unknown } }).nvr?.invoke === 'function';
    shared = new StreamBudget(desktop ? Number.POSITIVE_INFINITY : BROWSER_LIVE_STREAMS);
  }
  return shared;
}
