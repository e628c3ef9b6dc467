// Where a camera's visitor counts per minute go (the "rules" storage implements it: visitors per minute per camera).
// The camera pipeline calls add() once a minute per camera with the minutes TrackRules finished, and at stop. When no
// sink is given, the counts are simply not stored: tracking, events and notifications work the same.
import type { VisitorMinute } from './track-rules.ts';

export type { VisitorMinute };

export interface VisitorSink {
  add(cameraId: string, minute: VisitorMinute): void;
}
