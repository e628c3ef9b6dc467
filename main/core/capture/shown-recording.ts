// What the owner is told about a camera's recording: "recording" only while footage is really being written. The
// supervisor's own status says what it wants (on, off, or paused by a full disk); while the camera sends no video
// (starting, reconnecting, failed) nothing is written, and saying "recording" then would be a lie a shop owner finds
// out about after a break-in. Pure.
import type { CameraStateName, RecordingStatus } from '../../../preload/contract.ts';

const WHY: Partial<Record<CameraStateName, string>> = {
  starting: 'Not recording yet: waiting for the first picture from the camera.',
  reconnecting: 'Not recording: the camera is not sending video; reconnecting.',
  failed: 'Not recording: the camera is not sending video (see its status).',
};

export function shownRecording(wanted: RecordingStatus, camera: CameraStateName): RecordingStatus {
  if (wanted.state !== 'recording' || camera === 'streaming') return wanted;
  const reason = WHY[camera];
  return reason ? { state: 'paused', reason } : wanted;
}
