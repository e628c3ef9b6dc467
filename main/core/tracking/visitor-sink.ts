// Where the rules on tracks put their visitor counts, one minute of one camera at a time (the storage side is
// storage/visitor-repository.ts, behind the write guard).
import type { VisitorMinute } from './track-rules.ts';

export interface VisitorSink {
  add(cameraId: string, minute: VisitorMinute): void;
}
