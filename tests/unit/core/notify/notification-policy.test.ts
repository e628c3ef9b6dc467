import { describe, it, expect } from 'vitest';
import { decide, record, insideAnyWindow, PolicyState, type PolicyInput } from '../../../../main/core/notify/notification-policy.ts';
import { notificationSettingsSchema, type NotificationSettings } from '../../../../preload/settings-schema.ts';
import { heldBackText, notificationText } from '../../../../main/core/notify/notification-text.ts';

// Dates are built with the local-time constructor, so every expectation holds in any time zone.
// 25 Nov 2025 is a Tuesday (day 2).
const tue = (h: number, m: number, s = 0): Date => new Date(2025, 10, 25, h, m, s);

function settings(patch: Partial<NotificationSettings> = {}): NotificationSettings {
  return { ...notificationSettingsSchema.parse({}), ...patch };
}

function input(over: Partial<PolicyInput> & { settings?: NotificationSettings } = {}): PolicyInput {
  const { settings: s, ...rest } = over;
  return {
    now: tue(14, 3, 27),
    trigger: 'opened',
    kind: 'motion',
    eventId: 'ev-1',
    camera: { id: 'cam-1', notifications: s ?? settings() },
    armed: true,
    maxPerMinute: 6,
    state: new PolicyState(),
    ...rest,
  };
}

const windows = (list: Array<{ days: number[]; start: string; end: string }>): NotificationSettings =>
  settings({ schedule: { mode: 'windows', windows: list } });

describe('decide', () => {
  it('sends by default', () => {
    expect(decide(input())).toEqual({ send: true });
  });

  it('camera notifications off → disabled', () => {
    expect(decide(input({ settings: settings({ enabled: false }) }))).toEqual({ send: false, reason: 'disabled' });
  });

  it('globally disarmed → disarmed', () => {
    expect(decide(input({ armed: false }))).toEqual({ send: false, reason: 'disarmed' });
  });

  it("schedule 'never' → outside-schedule", () => {
    const s = settings({ schedule: { mode: 'never', windows: [] } });
    expect(decide(input({ settings: s }))).toEqual({ send: false, reason: 'outside-schedule' });
  });

  it('windows: inside a window sends, outside is outside-schedule (local time)', () => {
    const s = windows([{ days: [1, 2, 3, 4, 5], start: '08:30', end: '18:00' }]);
    expect(decide(input({ settings: s, now: tue(8, 30) }))).toEqual({ send: true });
    expect(decide(input({ settings: s, now: tue(17, 59, 59) }))).toEqual({ send: true });
    expect(decide(input({ settings: s, now: tue(18, 0) }))).toEqual({ send: false, reason: 'outside-schedule' });
    expect(decide(input({ settings: s, now: tue(8, 29, 59) }))).toEqual({ send: false, reason: 'outside-schedule' });
    // Sunday 30 Nov is not one of the days.
    expect(decide(input({ settings: s, now: new Date(2025, 10, 30, 12, 0) }))).toEqual({ send: false, reason: 'outside-schedule' });
  });

  it('a window whose end is before its start crosses midnight into the next day', () => {
    // Armed Tuesday night 22:00 → Wednesday 06:00 only.
    const w = [{ days: [2], start: '22:00', end: '06:00' }];
    expect(insideAnyWindow(w, tue(22, 0))).toBe(true);
    expect(insideAnyWindow(w, tue(23, 59))).toBe(true);
    expect(insideAnyWindow(w, new Date(2025, 10, 26, 0, 0))).toBe(true); // Wednesday 00:00
    expect(insideAnyWindow(w, new Date(2025, 10, 26, 5, 59))).toBe(true);
    expect(insideAnyWindow(w, new Date(2025, 10, 26, 6, 0))).toBe(false);
    expect(insideAnyWindow(w, new Date(2025, 10, 26, 22, 30))).toBe(false); // Wednesday night is not a window day
    expect(insideAnyWindow(w, tue(5, 0))).toBe(false); // Tuesday early morning belongs to a Monday window
    expect(insideAnyWindow(w, tue(21, 59))).toBe(false);
    // Saturday night into Sunday: day 6 wraps to day 0.
    const weekend = [{ days: [6], start: '20:00', end: '02:00' }];
    expect(insideAnyWindow(weekend, new Date(2025, 10, 30, 1, 0))).toBe(true); // Sunday 01:00
    expect(insideAnyWindow(weekend, new Date(2025, 10, 30, 3, 0))).toBe(false);
  });

  it("end '24:00' runs to midnight; equal start and end is a whole day", () => {
    const w = [{ days: [2], start: '18:00', end: '24:00' }];
    expect(insideAnyWindow(w, tue(23, 59, 59))).toBe(true);
    expect(insideAnyWindow(w, tue(17, 59))).toBe(false);
    expect(insideAnyWindow(w, new Date(2025, 10, 26, 0, 0))).toBe(false);
    const allDay = [{ days: [2], start: '00:00', end: '24:00' }];
    expect(insideAnyWindow(allDay, tue(0, 0))).toBe(true);
    expect(insideAnyWindow(allDay, tue(23, 59))).toBe(true);
    expect(insideAnyWindow(allDay, new Date(2025, 10, 26, 0, 0))).toBe(false);
    const wrapAround = [{ days: [2], start: '07:00', end: '07:00' }];
    expect(insideAnyWindow(wrapAround, new Date(2025, 10, 26, 6, 59))).toBe(true);
    expect(insideAnyWindow(wrapAround, new Date(2025, 10, 26, 7, 0))).toBe(false);
    const s = windows(w);
    expect(decide(input({ settings: s, now: tue(23, 0) }))).toEqual({ send: true });
  });

  it("only-people: a motion event waits; the 'person' trigger sends", () => {
    const s = settings({ onlyPeople: true });
    const state = new PolicyState();
    expect(decide(input({ settings: s, state }))).toEqual({ send: false, reason: 'only-people' });
    expect(decide(input({ settings: s, state, trigger: 'person', kind: 'person' }))).toEqual({ send: true });
    // An event that opens already as a person event is notified on 'opened'.
    expect(decide(input({ settings: s, state, trigger: 'opened', kind: 'person', eventId: 'ev-2' }))).toEqual({ send: true });
  });

  it('cooldown is per camera', () => {
    const state = new PolicyState();
    const s = settings({ cooldownSeconds: 60 });
    record(state, 'cam-1', 'ev-1', tue(14, 0, 0));
    expect(decide(input({ settings: s, state, eventId: 'ev-2', now: tue(14, 0, 59) }))).toEqual({ send: false, reason: 'cooldown' });
    expect(decide(input({ settings: s, state, eventId: 'ev-2', now: tue(14, 1, 0) }))).toEqual({ send: true });
    // Another camera is not held back by cam-1's cooldown.
    const other = { id: 'cam-2', notifications: s };
    expect(decide(input({ state, camera: other, eventId: 'ev-3', now: tue(14, 0, 30) }))).toEqual({ send: true });
  });

  it('caps sends per minute across cameras', () => {
    const state = new PolicyState();
    const s = settings({ cooldownSeconds: 0 });
    for (let i = 0; i < 3; i++) record(state, `cam-${i}`, `ev-${i}`, tue(14, 0, i));
    const at = (sec: number): PolicyInput =>
      input({ state, maxPerMinute: 3, camera: { id: 'cam-9', notifications: s }, eventId: 'ev-9', now: tue(14, 0, sec) });
    expect(decide(at(30))).toEqual({ send: false, reason: 'rate-limit' });
    // The first send leaves the window 60 s after it.
    expect(decide(at(59))).toEqual({ send: false, reason: 'rate-limit' });
    expect(decide(at(60))).toEqual({ send: true });
  });

  it("no double notification: 'person' for an event notified on 'opened' within the cooldown", () => {
    const state = new PolicyState();
    const s = settings({ cooldownSeconds: 60 });
    expect(decide(input({ settings: s, state, now: tue(14, 0, 0) }))).toEqual({ send: true });
    record(state, 'cam-1', 'ev-1', tue(14, 0, 0), 'opened');
    expect(decide(input({ settings: s, state, trigger: 'person', kind: 'person', now: tue(14, 0, 10) }))).toEqual({
      send: false,
      reason: 'already-notified',
    });
    // Long after the cooldown, a person found in the same (long) event is news.
    expect(decide(input({ settings: s, state, trigger: 'person', kind: 'person', now: tue(14, 5, 0) }))).toEqual({ send: true });
    record(state, 'cam-1', 'ev-1', tue(14, 5, 0), 'person');
    expect(decide(input({ settings: s, state, trigger: 'person', kind: 'person', now: tue(14, 20, 0) }))).toEqual({
      send: false,
      reason: 'already-notified',
    });
  });

  it('checks the rules in order: disabled before disarmed before schedule', () => {
    const s = settings({ enabled: false, schedule: { mode: 'never', windows: [] } });
    expect(decide(input({ settings: s, armed: false }))).toEqual({ send: false, reason: 'disabled' });
    const s2 = settings({ schedule: { mode: 'never', windows: [] } });
    expect(decide(input({ settings: s2, armed: false }))).toEqual({ send: false, reason: 'disarmed' });
  });

  it('forgets the oldest events beyond a thousand', () => {
    const state = new PolicyState();
    for (let i = 0; i < 1005; i++) record(state, 'cam-1', `ev-${i}`, tue(14, 0, 0));
    expect(state.notifiedEvents.size).toBe(1000);
    expect(state.notifiedEvents.has('ev-0')).toBe(false);
    expect(state.notifiedEvents.has('ev-1004')).toBe(true);
  });
});

describe('notificationText', () => {
  it('titles by kind and gives camera, local time with seconds and the day', () => {
    const t = tue(14, 3, 27).getTime();
    expect(notificationText('Front door', 'person', t)).toEqual({ title: 'Person at Front door', body: 'Front door · 14:03:27 · Tue 25 Nov' });
    expect(notificationText('Front door', 'motion', new Date(2025, 0, 5, 9, 4, 7).getTime())).toEqual({
      title: 'Motion at Front door',
      body: 'Front door · 09:04:07 · Sun 5 Jan',
    });
  });

  it('formats the date in a given locale', () => {
    const { body } = notificationText('Till', 'motion', tue(14, 3, 27).getTime(), 'de-DE');
    expect(body.startsWith('Till · 14:03:27 · ')).toBe(true);
    expect(body).toMatch(/25/);
    expect(body).toMatch(/Nov/);
  });
});

describe('heldBackText', () => {
  const since = new Date(2025, 10, 25, 14, 2, 40).getTime();
  it('counts the people held back and this one, since the last notification', () => {
    expect(heldBackText({ people: 2, other: 0, sinceMs: since }, 'person')).toBe('3 people since 14:02');
    expect(heldBackText({ people: 0, other: 1, sinceMs: since }, 'person')).toBe('1 person and 1 other event since 14:02');
    expect(heldBackText({ people: 1, other: 2, sinceMs: since }, 'motion')).toBe('1 person and 3 other events since 14:02');
    expect(heldBackText({ people: 0, other: 2, sinceMs: since }, 'motion')).toBe('3 events since 14:02');
  });
  it('is part of the body only when something was held back', () => {
    const t = new Date(2025, 10, 25, 14, 5, 1).getTime();
    expect(notificationText('Till', 'person', t, undefined, { people: 1, other: 0, sinceMs: since }).body).toBe('Till · 14:05:01 · Tue 25 Nov · 2 people since 14:02');
    expect(notificationText('Till', 'person', t, undefined, null).body).toBe('Till · 14:05:01 · Tue 25 Nov');
  });
});
