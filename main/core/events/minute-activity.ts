// Motion activity per camera per minute (the timeline's heat strip): counted in memory per analysed frame, written
// once a minute (and at shutdown), so the database sees one upsert a minute per camera, not one a frame.

export interface ActivitySink {
  add(cameraId: string, minuteMs: number, frames: number, motionFrames: number, maxRatio: number): void;
}

export class MinuteActivity {
  private minute = -1;
  private frames = 0;
  private motionFrames = 0;
  private maxRatio = 0;

  constructor(
    private readonly cameraId: string,
    private readonly sink: ActivitySink,
  ) {}

  /** One analysed frame. */
  add(time: number, moving: boolean, ratio: number): void {
    const minute = time - (time % 60_000);
    if (minute !== this.minute) {
      this.flush();
      this.minute = minute;
    }
    this.frames++;
    if (moving) {
      this.motionFrames++;
      if (ratio > this.maxRatio) this.maxRatio = ratio;
    }
  }

  /** Writes the running minute once it is over (called on a timer, so a camera that stops still gets its minute). */
  flushIfDue(now: number): void {
    if (this.minute >= 0 && now - this.minute >= 60_000) this.flush();
  }

  /** Writes what has been counted (shutdown). */
  flush(): void {
    if (this.frames > 0 && this.minute >= 0) {
      this.sink.add(this.cameraId, this.minute, this.frames, this.motionFrames, this.maxRatio);
    }
    this.frames = 0;
    this.motionFrames = 0;
    this.maxRatio = 0;
  }
}
