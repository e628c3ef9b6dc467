// The Review screen's one clock: the wall time every player shows. It runs at real speed while playing, stands still
// while paused or held (a player is loading its recording, so the others do not run ahead), and follows the leading
// player's picture when told (follow), so players and clock never drift apart. Pure: time comes from the caller.

export class SyncClock {
  private anchorWall: number | null = null;
  private anchorPerf = 0;
  private running = false;
  private held = false;

  /** The wall time shown at `perfNow` (performance.now()), null before anything was chosen. */
  time(perfNow: number): number | null {
    if (this.anchorWall === null) return null;
    if (!this.running || this.held) return this.anchorWall;
    return this.anchorWall + (perfNow - this.anchorPerf);
  }

  get playing(): boolean {
    return this.running;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Jumps to wall time `t` (keeps playing or paused as it was). */
  seek(t: number, perfNow: number): void {
    this.anchorWall = t;
    this.anchorPerf = perfNow;
  }

  play(perfNow: number): void {
    if (this.anchorWall === null) return;
    this.rebase(perfNow);
    this.running = true;
  }

  pause(perfNow: number): void {
    this.rebase(perfNow);
    this.running = false;
  }

  /** Stops the clock while `held` (a player is loading), without changing play / pause. */
  hold(held: boolean, perfNow: number): void {
    if (held === this.held) return;
    this.rebase(perfNow);
    this.held = held;
  }

  /** The leading player's picture is at wall time `t`: the clock takes it, when it is within `maxMs` of the clock. */
  follow(t: number, perfNow: number, maxMs = 2000): boolean {
    const now = this.time(perfNow);
    if (now === null || Math.abs(now - t) > maxMs) return false;
    this.seek(t, perfNow);
    return true;
  }

  private rebase(perfNow: number): void {
    const t = this.time(perfNow);
    if (t !== null) this.seek(t, perfNow);
  }
}

/** How far a following player may drift from the clock before it seeks (seconds). */
export const MAX_DRIFT_SEC = 0.6;

/** Whether a player at `currentSec` should seek to `wantedSec`. */
export function needsSeek(currentSec: number, wantedSec: number, maxDriftSec = MAX_DRIFT_SEC): boolean {
  return Math.abs(currentSec - wantedSec) > maxDriftSec;
}
