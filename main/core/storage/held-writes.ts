// Writes that a full disk refused, held in memory in order and written when space returns (pure: no database here).
// A write with a key merges into the held write of the same key (an event's later patches fold into its held open or
// patch), so the queue grows with the number of events, not with their heartbeats. The queue is bounded: past the
// bound, the oldest droppable writes (activity minutes) go first; only when none is left is the oldest write lost,
// and every loss is counted.

export interface HeldWrite<T> {
  /** Writes with the same key merge (see `merge`); null never merges. */
  key: string | null;
  /** May be dropped first when the queue is full (the timeline's activity minutes). */
  droppable: boolean;
  value: T;
}

export interface HeldWritesOptions<T> {
  /** Most writes held at once. */
  limit: number;
  /** Folds a newer write into the held one of the same key; returns the merged value. */
  merge: (held: T, newer: T) => T;
}

export type ApplyResult = 'written' | 'full' | 'failed';

export class HeldWrites<T> {
  private queue: Array<HeldWrite<T>> = [];
  private readonly byKey = new Map<string, HeldWrite<T>>();
  /** Writes dropped because the queue was full, or refused for a reason other than a full disk. */
  lost = 0;
  /** Writes written by drains so far. */
  written = 0;

  constructor(private readonly o: HeldWritesOptions<T>) {}

  get size(): number {
    return this.queue.length;
  }

  /** The held value of a key (what a reader should see on top of the database). */
  peek(key: string): T | null {
    return this.byKey.get(key)?.value ?? null;
  }

  hold(write: HeldWrite<T>): void {
    if (write.key !== null) {
      const held = this.byKey.get(write.key);
      if (held) {
        held.value = this.o.merge(held.value, write.value);
        held.droppable = held.droppable && write.droppable;
        return;
      }
    }
    if (this.queue.length >= this.o.limit) this.dropOne();
    const entry = { ...write };
    this.queue.push(entry);
    if (entry.key !== null) this.byKey.set(entry.key, entry);
  }

  /**
   * Writes held writes in order with `apply` until one meets a full disk again (it stays first) or all are written.
   * A write that fails for another reason is lost (counted) so that it cannot block the rest for ever.
   */
  drain(apply: (value: T) => ApplyResult): { written: number; failed: number; full: boolean } {
    let written = 0;
    let failed = 0;
    while (this.queue.length) {
      const entry = this.queue[0]!;
      const result = apply(entry.value);
      if (result === 'full') {
        this.written += written;
        this.lost += failed;
        return { written, failed, full: true };
      }
      this.queue.shift();
      if (entry.key !== null) this.byKey.delete(entry.key);
      if (result === 'written') written++;
      else failed++;
    }
    this.written += written;
    this.lost += failed;
    return { written, failed, full: false };
  }

  private dropOne(): void {
    let i = this.queue.findIndex((w) => w.droppable);
    if (i < 0) i = 0;
    const [gone] = this.queue.splice(i, 1);
    if (gone && gone.key !== null) this.byKey.delete(gone.key);
    this.lost++;
  }
}
