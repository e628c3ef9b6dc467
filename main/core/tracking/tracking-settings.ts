// The owner's tracking settings (seconds, normalised drawings) turned into the pure modules' configurations (ms,
// ids). One place, so the camera pipeline that wires the tracker, the scheduler and the rules stays glue.
import type { TrackingSettings } from '../../../preload/settings-schema.ts';
import type { ObjectTrackerConfig } from './object-tracker.ts';
import type { DetectionScheduleConfig } from './detection-schedule.ts';
import type { CountLine, LoiterZone } from './track-rules.ts';

export interface TrackingConfigs {
  tracker: Partial<ObjectTrackerConfig>;
  schedule: Partial<DetectionScheduleConfig>;
  lines: CountLine[];
  zones: LoiterZone[];
}

/**
 * `scoreThreshold` is the camera's detection threshold: the tracker's confident detections are those the owner asked
 * for; weaker ones (down to 40 % of it) may only continue a person already followed, as ByteTrack does.
 */
export function trackingConfigs(settings: TrackingSettings, scoreThreshold: number): TrackingConfigs {
  return {
    tracker: {
      lostAfterMs: settings.lostSeconds * 1000,
      stationaryAfterMs: settings.stationarySeconds * 1000,
      highScore: scoreThreshold,
      newTrackScore: scoreThreshold,
      lowScore: Math.min(scoreThreshold, Math.max(0.05, 0.4 * scoreThreshold)),
    },
    schedule: {
      activeChecksPerSecond: settings.activeChecksPerSecond,
      stationaryCheckMs: settings.stationaryCheckSeconds * 1000,
      fullFrameEveryMs: settings.fullFrameSeconds * 1000,
    },
    // Names are unique per camera (the schema says so): they are the rules' ids.
    lines: settings.lines.map((l) => ({ id: l.name, a: l.a, b: l.b })),
    zones: settings.loiterZones.map((z) => ({ id: z.name, polygon: z.polygon, seconds: z.seconds })),
  };
}
