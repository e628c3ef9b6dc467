// The median of the last N values (the detector's model time): a fixed ring and a scratch buffer, nothing allocated per
// value or per reading.
export class RunningMedian {
  private readonly values: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;
  private next = 0;

  constructor(private readonly window: number) {
    this.values = new Float64Array(window);
    this.scratch = new Float64Array(window);
  }

  add(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.window;
    if (this.count < this.window) this.count++;
  }

  /** Null before the first value. */
  median(): number | null {
    const n = this.count;
    if (n === 0) return null;
    this.scratch.set(this.values);
    const view = this.scratch.subarray(0, n).sort();
    const mid = n >> 1;
    return n % 2 === 1 ? view[mid]! : (view[mid - 1]! + view[mid]!) / 2;
  }
}
