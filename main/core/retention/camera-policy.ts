// What retention keeps of a camera's footage and events, from its settings; and the policy of a camera that no longer
// exists (its footage follows a new camera's defaults). The defaults are the settings schema's, never repeated here.
import { eventSettingsSchema, recordingSettingsSchema, type EventSettings, type RecordingSettings } from '../../../preload/settings-schema.ts';
import type { CameraPolicy } from './segment-retention-plan.ts';

export function cameraPolicy(camera: { recording: RecordingSettings; events: Pick<EventSettings, 'retainDays'> }): CameraPolicy {
  return {
    mode: camera.recording.mode,
    preRollMs: camera.recording.preRollSeconds * 1000,
    postRollMs: camera.recording.postRollSeconds * 1000,
    continuousDays: camera.recording.continuousDays,
    eventRetainDays: camera.events.retainDays,
  };
}

/** Event days of a camera the settings do not list (a removed camera's events and activity). */
export const DEFAULT_RETAIN_DAYS: number = eventSettingsSchema.parse({}).retainDays;

/** Footage of a camera that no longer exists: a new camera's defaults. */
export const DEFAULT_CAMERA_POLICY: CameraPolicy = cameraPolicy({ recording: recordingSettingsSchema.parse({}), events: { retainDays: DEFAULT_RETAIN_DAYS } });
