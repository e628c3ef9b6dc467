// What the owner is told about a camera's recording: "recording" only while footage is really being written. The
// supervisor's own status says what it wants (on, off, or paused by a full disk); while the camera sends no video
// (starting, reconnecting, failed) nothing is written, and saying "recording" then would be a lie a shop owner finds
// out about after a break-in. Pure.
import type { CameraStateName, RecordingStatus } from '../../../preload/contract.ts';
import { say, type Said } from '../../../preload/i18n/engine-message.ts';

const WHY: Partial<Record<CameraStateName, Said>> = {
  starting: say('engine_recording_waiting'),
  reconnecting: say('engine_recording_not_reconnecting'),
  failed: say('engine_recording_not_failed'),
};

export function shownRecording(wanted: RecordingStatus, camera: CameraStateName): RecordingStatus {
  if (wanted.state !== 'recording' || camera === 'streaming') return wanted;
  const reason = WHY[camera];
  return reason ? { state: 'paused', reason: reason.text } : wanted;
}

/** The same, with the reason's message for the UI's language. */
export function shownRecordingWithMessage(wanted: RecordingStatus, camera: CameraStateName): RecordingStatus {
  const shown = shownRecording(wanted, camera);
  return shown === wanted ? wanted : { ...shown, reasonMessage: WHY[camera]?.message ?? null };
}
