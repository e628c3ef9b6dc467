// Whether a notification goes out: pure rules over the camera's notification settings, the global arm switch and a
import type { EventKind } from '../../../preload/contract.ts';
// small state (last send per camera, sends in the last minute, events already notified). No clock, no I/O: the caller
// passes `now` and records what it sent.
import type { NotificationSettings, ScheduleWindow } from '../../../preload/settings-schema.ts';

export type NotificationTrigger = 'opened' | 'person';

export type SuppressReason =
  | 'disabled'
  | 'disarmed'
  | 'outside-schedule'
  | 'only-people'
  | 'cooldown'
  | 'rate-limit'
  | 'already-notified';

export type PolicyDecision = { send: true } | { send: false; reason: SuppressReason };

export interface PolicyInput {
  now: Date;
  trigger: NotificationTrigger;
  kind: EventKind;
  /** The event the notification is about: one event is notified at most once per cooldown. */
  eventId: string;
  camera: { id: string; notifications: NotificationSettings };
  /** The global arm switch (tray). */
  armed: boolean;
  /** Global cap across all cameras. */
  maxPerMinute: number;
  state: PolicyState;
}

const MINUTE_MS = 60_000;
/** Events remembered as notified; the oldest are forgotten first (an event lives minutes, not thousands of events). */
const MAX_REMEMBERED_EVENTS = 1000;

/** What the policy remembers between decisions. Mutated only through `record`. */
export class PolicyState {
  /** Last send per camera id (epoch ms). */
  readonly lastSentByCamera = new Map<string, number>();
  /** Send times (epoch ms) within the last minute, oldest first. */
  readonly recentSends: number[] = [];
  /** Event id → when and on which trigger it was notified. Insertion order = age. */
  readonly notifiedEvents = new Map<string, { at: number; trigger: NotificationTrigger }>();
  /** Per camera: what the cooldown (or the rate cap) held back since its last notification. */
  readonly heldBack = new Map<string, HeldBack>();

  /** Sends within the minute before `nowMs` (drops older entries). */
  sendsInLastMinute(nowMs: number): number {
    while (this.recentSends.length > 0 && (this.recentSends[0] as number) <= nowMs - MINUTE_MS) this.recentSends.shift();
    return this.recentSends.length;
  }
}

/** Events a notification was not sent for because one had just been sent (cooldown, rate cap). */
export interface HeldBack {
  /** Person events (visitors). */
  people: number;
  /** Other events (motion, loitering). */
  other: number;
  /** The camera's last notification before them (epoch ms): "… since 14:02". */
  sinceMs: number;
}

/** Only these reasons are "held back": the others (off, disarmed, outside the schedule, repeats) are not news later. */
export function isHeldBack(reason: SuppressReason): boolean {
  return reason === 'cooldown' || reason === 'rate-limit';
}

/** Counts an event the cooldown held back, to be said in the camera's next notification. */
export function holdBack(state: PolicyState, cameraId: string, kind: EventKind, nowMs: number): void {
  let h = state.heldBack.get(cameraId);
  if (!h) state.heldBack.set(cameraId, (h = { people: 0, other: 0, sinceMs: state.lastSentByCamera.get(cameraId) ?? nowMs }));
  if (kind === 'person') h.people++;
  else h.other++;
}

/** What was held back for the camera (forgotten now: the notification being sent says it), or null. */
export function takeHeldBack(state: PolicyState, cameraId: string): HeldBack | null {
  const h = state.heldBack.get(cameraId) ?? null;
  state.heldBack.delete(cameraId);
  return h && h.people + h.other > 0 ? h : null;
}

/** Remembers a notification that was sent. */
export function record(state: PolicyState, cameraId: string, eventId: string, now: Date, trigger: NotificationTrigger = 'opened'): void {
  const t = now.getTime();
  state.lastSentByCamera.set(cameraId, t);
  state.recentSends.push(t);
  state.notifiedEvents.delete(eventId);
  state.notifiedEvents.set(eventId, { at: t, trigger });
  while (state.notifiedEvents.size > MAX_REMEMBERED_EVENTS) {
    const oldest = state.notifiedEvents.keys().next();
    if (oldest.done) break;
    state.notifiedEvents.delete(oldest.value);
  }
}

/** Decides one notification. Rules in order; the first that applies is the reason. */
export function decide(input: PolicyInput): PolicyDecision {
  const settings = input.camera.notifications;
  const t = input.now.getTime();
  if (!settings.enabled) return { send: false, reason: 'disabled' };
  if (!input.armed) return { send: false, reason: 'disarmed' };
  if (settings.schedule.mode === 'never') return { send: false, reason: 'outside-schedule' };
  if (settings.schedule.mode === 'windows' && !insideAnyWindow(settings.schedule.windows, input.now)) {
    return { send: false, reason: 'outside-schedule' };
  }
  // A motion-only event on a people-only camera waits: the 'person' trigger gets its chance if a person shows up.
  if (settings.onlyPeople && input.trigger === 'opened' && input.kind === 'motion') return { send: false, reason: 'only-people' };

  const cooldownMs = settings.cooldownSeconds * 1000;
  const previous = input.state.notifiedEvents.get(input.eventId);
  if (previous) {
    // The same trigger twice is always a repeat; a person found in an event already notified as it opened is a repeat
    // within the cooldown (after it, "Person at …" is news worth a second notification).
    if (previous.trigger === input.trigger || input.trigger === 'opened' || t - previous.at < cooldownMs) {
      return { send: false, reason: 'already-notified' };
    }
  }
  const last = input.state.lastSentByCamera.get(input.camera.id);
  if (last !== undefined && t - last < cooldownMs) return { send: false, reason: 'cooldown' };
  if (input.state.sendsInLastMinute(t) >= input.maxPerMinute) return { send: false, reason: 'rate-limit' };
  return { send: true };
}

/** Minutes since midnight for 'HH:MM' ('24:00' → 1440). */
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * Whether local time `now` is inside one of the weekly windows. A window [start, end) on its days; when end ≤ start it
 * crosses midnight: it starts on one of its days and ends on the next day.
 */
export function insideAnyWindow(windows: readonly ScheduleWindow[], now: Date): boolean {
  const day = now.getDay();
  const previousDay = (day + 6) % 7;
  const minute = now.getHours() * 60 + now.getMinutes();
  for (const w of windows) {
    const start = minutesOf(w.start);
    const end = minutesOf(w.end);
    if (end > start) {
      if (w.days.includes(day) && minute >= start && minute < end) return true;
    } else {
      if (w.days.includes(day) && minute >= start) return true;
      if (w.days.includes(previousDay) && minute < end) return true;
    }
  }
  return false;
}
