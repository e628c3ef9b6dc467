// The Review screen's playback state over the sync clock (sync-clock.ts): the moment every player shows (`at`, read a
// few times a second), play / pause, seeks the owner asks for, and the players' reports: while one loads the clock
// holds (at most HOLD_MAX_MS, so a stuck player cannot stop the others), and the leading player's picture sets it.
import { SyncClock } from './sync-clock.ts';

const TICK_MS = 200;
const HOLD_MAX_MS = 6000;

export interface PlayerReport {
  waiting: boolean;
  wallMs: number | null;
}

export class ReviewPlayback {
  at = $state<number | null>(null);
  playing = $state(false);
  /** Grows with every seek asked for: players jump exactly there. */
  seekSeq = $state(0);
  /** The moment last sought (whole ms), null before any. */
  seekAt = $state<number | null>(null);
  /** The player whose picture sets the clock: the first one showing a recording. */
  leaderId = $state<string | null>(null);
  private readonly clock = new SyncClock();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown: no reactivity wanted
  private readonly reports = new Map<string, PlayerReport>();
  private shown: readonly string[] = [];
  private heldSince = 0;
  /** A player kept loading past HOLD_MAX_MS: the clock goes on without it until no player is loading. */
  private gaveUp = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** Starts the ticks; call the result to stop. */
  start(): () => void {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    return () => {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    };
  }

  /** The cameras in the players now, in order. */
  setShown(ids: readonly string[]): void {
    this.shown = ids;
    for (const id of [...this.reports.keys()]) if (!ids.includes(id)) this.reports.delete(id);
    this.update();
  }

  /** Plays the recording from wall time `t` (whole ms) on every player. */
  seek(t: number, play = true): void {
    const perf = performance.now();
    this.gaveUp = false;
    this.clock.seek(Math.round(t), perf);
    this.seekAt = Math.round(t);
    if (play) this.clock.play(perf);
    this.playing = this.clock.playing;
    this.seekSeq++;
    this.at = this.clock.time(perf);
  }

  toggle(): void {
    const perf = performance.now();
    if (this.clock.playing) this.clock.pause(perf);
    else this.clock.play(perf);
    this.playing = this.clock.playing;
    this.at = this.clock.time(perf);
  }

  step(ms: number): void {
    const at = this.clock.time(performance.now());
    if (at !== null) this.seek(at + ms, this.clock.playing);
  }

  report(cameraId: string, r: PlayerReport): void {
    this.reports.set(cameraId, r);
    this.update();
    const perf = performance.now();
    if (cameraId === this.leaderId && r.wallMs !== null && !r.waiting && this.clock.playing && !this.clock.isHeld) this.clock.follow(r.wallMs, perf);
  }

  private update(): void {
    const perf = performance.now();
    const waiting = this.shown.some((id) => this.reports.get(id)?.waiting);
    if (!waiting) this.gaveUp = false;
    const hold = waiting && !this.gaveUp;
    if (hold && !this.clock.isHeld) this.heldSince = perf;
    this.clock.hold(hold, perf);
    const leader = this.shown.find((id) => this.reports.get(id)?.wallMs != null) ?? null;
    if (leader !== this.leaderId) this.leaderId = leader;
  }

  private tick(): void {
    const perf = performance.now();
    if (this.clock.isHeld && perf - this.heldSince > HOLD_MAX_MS) {
      this.gaveUp = true;
      this.clock.hold(false, perf);
    }
    // Never past the present: there is nothing recorded there yet.
    const t = this.clock.time(perf);
    if (t !== null && t > Date.now()) {
      this.clock.seek(Date.now(), perf);
      this.clock.pause(perf);
      this.playing = false;
    }
    const next = this.clock.time(perf);
    if (next !== this.at) this.at = next;
  }
}
