// One throttle for live overlays (motion boxes, person boxes): pushes with boxes at most every `intervalMs`, and one
// push without boxes when they go away (so the overlay clears), then nothing while the picture stays empty.
export class OverlayThrottle {
  private lastAt = -Infinity;
  private lastHad = false;

  constructor(private readonly intervalMs: number) {}

  /** Whether to push now, given whether this push has boxes; records the push when the answer is yes. */
  shouldPush(hasBoxes: boolean, now: number): boolean {
    if (!hasBoxes && !this.lastHad) return false;
    if (hasBoxes && now - this.lastAt < this.intervalMs) return false;
    this.lastAt = now;
    this.lastHad = hasBoxes;
    return true;
  }
}
