// Frames per second over a sliding window of arrival times (performance.now() ms). Pure: the caller gives the times.

export class RateMeter {
  private readonly times: number[] = [];

  /**
   * @param windowMs arrivals older than this are forgotten
   * @param maxSamples at most this many arrivals are kept (a bound on memory at any frame rate)
   */
  constructor(
    private readonly windowMs = 5000,
    private readonly maxSamples = 200,
  ) {}

  mark(now: number): void {
    this.times.push(now);
    if (this.times.length > this.maxSamples) this.times.shift();
  }

  /** Arrivals per second over the window, to one decimal; 0 with fewer than two arrivals in it. */
  rate(now: number): number {
    while (this.times.length && now - this.times[0]! > this.windowMs) this.times.shift();
    const span = this.times.length > 1 ? now - this.times[0]! : 0;
    const perSecond = span > 0 ? ((this.times.length - 1) * 1000) / span : 0;
    return Math.round(perSecond * 10) / 10;
  }
}
