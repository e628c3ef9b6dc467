// "Latest wins": one place for a thing waiting to be worked on. Offering a newer one gives back the older one, which
// the caller drops (and counts). Used by the camera pipeline (frames waiting for motion) and the person detector
// (each camera's request waiting for a worker).
export class LatestSlot<T> {
  private item: T | null = null;

  /** Puts `item` in the slot; returns the one it replaced (to be dropped), or null. */
  offer(item: T): T | null {
    const old = this.item;
    this.item = item;
    return old;
  }

  /** Takes what waits (the slot is empty afterwards). */
  take(): T | null {
    const item = this.item;
    this.item = null;
    return item;
  }

  get waiting(): boolean {
    return this.item !== null;
  }

  peek(): T | null {
    return this.item;
  }
}
