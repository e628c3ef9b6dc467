// What a live tile says about its camera, pure: whether the camera is dead (no pictures: reconnecting or failed), when
// it was last seen ("Last seen 21:58", with the day when it was not today), whether REC shows (only while footage is
// really written: never while the camera sends nothing), and the label of a person box ("person 87 %"). The words come
// from the catalog the caller passes (the page's language: `i18n.m`), English when none is given.
import type { CameraStatus } from '../../../preload/contract.ts';
import { live, type LiveMessages } from '../../../preload/i18n/live/en.ts';

/** No pictures come from the camera now: its tile greys its last picture. */
export function cameraDead(status: Pick<CameraStatus, 'state'>): boolean {
  return status.state === 'failed' || status.state === 'reconnecting';
}

const DAY_MS = 24 * 3600 * 1000;

/** "Last seen 21:58" (today), "Last seen 30 Nov 21:58" (another day), or a sentence when never seen since start. */
export function lastSeenText(
  lastFrameAt: number | null,
  now: number,
  locale?: string,
  m: Pick<LiveMessages, 'live_last_seen' | 'live_never_seen'> = live,
): string {
  if (lastFrameAt === null) return m.live_never_seen;
  const at = new Date(lastFrameAt);
  const time = at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const today = new Date(now).toDateString() === at.toDateString();
  if (today || now - lastFrameAt < 0) return m.live_last_seen({ time });
  const day = at.toLocaleDateString(locale, { day: 'numeric', month: 'short', ...(now - lastFrameAt > 300 * DAY_MS ? { year: 'numeric' } : {}) });
  return m.live_last_seen({ time: `${day} ${time}` });
}

export type RecMark = 'rec' | 'paused' | null;

/** REC while footage is written; "REC paused" only for a camera that sends video but cannot be recorded (a full disk). */
export function recMark(status: Pick<CameraStatus, 'state' | 'recording'>): RecMark {
  if (status.state !== 'streaming') return null;
  if (status.recording.state === 'recording') return 'rec';
  if (status.recording.state === 'paused') return 'paused';
  return null;
}

/** The label drawn on a person box: "person 87 %" (the detector's score), or "person" without one. */
export function personLabel(score: number | undefined, m: Pick<LiveMessages, 'live_person' | 'live_person_score'> = live): string {
  if (score === undefined || !Number.isFinite(score)) return m.live_person;
  return m.live_person_score({ percent: Math.round(Math.min(1, Math.max(0, score)) * 100) });
}
