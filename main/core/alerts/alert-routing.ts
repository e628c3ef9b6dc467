// Which channels an alert goes to: pure rules over a channel's settings (enabled, cameras, kinds) and, when the channel
// follows the schedule, the camera's notification schedule and the global arm switch. The OS notification's own rules
// (cooldown, the global cap) are not a channel's: a channel has its own rate limit, which makes alerts wait, never drops.
import type { AlertChannelConfig, AlertKind } from '../../../preload/alert-channels.ts';
import type { NotificationSettings } from '../../../preload/settings-schema.ts';
import { insideAnyWindow } from '../notify/notification-policy.ts';

export interface RouteInput {
  kind: AlertKind;
  cameraId: string | null;
  /** The camera's notification settings (its schedule); null for alerts about no camera. */
  notifications: NotificationSettings | null;
  armed: boolean;
  now: Date;
}

/** Whether the channel takes this alert. */
export function channelTakes(channel: AlertChannelConfig, input: RouteInput): boolean {
  if (!channel.enabled) return false;
  if (input.kind === 'test') return true;
  if (!channel.kinds.includes(input.kind)) return false;
  if (channel.cameras !== null && (input.cameraId === null || !channel.cameras.includes(input.cameraId))) return false;
  // Camera offline / online is about the equipment, not about who is in the shop: the arming schedule does not apply.
  if (!channel.followSchedule || input.kind === 'camera-offline' || input.kind === 'camera-online') return true;
  if (!input.armed) return false;
  const n = input.notifications;
  if (!n) return true;
  if (!n.enabled || n.schedule.mode === 'never') return false;
  if (n.schedule.mode === 'windows' && !insideAnyWindow(n.schedule.windows, input.now)) return false;
  return true;
}

/**
 * The alert kind of an event notification: a motion event opening is 'motion'; a person found (or an event that is a
 * person / loitering event) is its own kind.
 */
export function eventAlertKind(eventKind: 'motion' | 'person' | 'loitering', trigger: 'opened' | 'person'): AlertKind {
  if (trigger === 'person') return eventKind === 'loitering' ? 'loitering' : 'person';
  return eventKind;
}
