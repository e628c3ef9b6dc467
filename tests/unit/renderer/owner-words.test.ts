// Issue 15's smaller items, as pure code: the first schedule windows cover the weekend, motion sensitivity in words,
// event times short enough not to be cut off, dismissible notices, and the wizard's pasted address and its changes.
import { describe, expect, it } from 'vitest';
import { insideAnyWindow } from '../../../main/core/notify/notification-policy.ts';
import { scheduleWindowSchema } from '../../../preload/settings-schema.ts';
import { MOTION_SENSITIVITY, closedHoursWindows, nextWindow, sensitivityChoices } from '../../../renderer/src/views/settings-form.ts';
import { eventWhen } from '../../../renderer/src/lib/event-when.ts';
import { dismissNotice, visibleNotices, type NoticeMemory } from '../../../renderer/src/lib/dismissed-notices.ts';
import { emptyFind, settingsFromCamera, sourceFromFind, takeCredentials, wizardDraft } from '../../../renderer/src/wizard/wizard-logic.ts';

function memory(): NoticeMemory & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('the first notification schedule', () => {
  it('covers every minute of Saturday and Sunday and every night, and leaves weekday shop hours off', () => {
    const windows = closedHoursWindows();
    for (const w of [...windows, nextWindow()]) expect(scheduleWindowSchema.safeParse(w).success).toBe(true);
    // Sunday 29 Nov 2026 00:00 local, a week minute by minute.
    const start = new Date(2026, 10, 29, 0, 0).getTime();
    let weekendMinutes = 0;
    for (let m = 0; m < 7 * 24 * 60; m++) {
      const t = new Date(start + m * 60_000);
      const day = t.getDay();
      const hour = t.getHours();
      const weekend = day === 0 || day === 6;
      const shopOpen = !weekend && hour >= 8 && hour < 18;
      expect(insideAnyWindow(windows, t), t.toString()).toBe(!shopOpen);
      if (weekend) weekendMinutes++;
    }
    expect(weekendMinutes).toBe(2 * 24 * 60);
  });
});

describe('settings in plain words', () => {
  it('offers motion sensitivity as five levels, the recommended one the schema default, and keeps a custom value', () => {
    expect(MOTION_SENSITIVITY.map((s) => s.threshold)).toEqual([12, 18, 25, 40, 60]);
    expect(MOTION_SENSITIVITY.find((s) => s.threshold === 25)?.label).toMatch(/recommended/);
    for (const s of MOTION_SENSITIVITY) expect(s.label).not.toMatch(/pixel|threshold|luma/i);
    expect(sensitivityChoices(25)).toHaveLength(5);
    const custom = sensitivityChoices(30);
    expect(custom.map((c) => c.threshold)).toEqual([12, 18, 25, 30, 40, 60]);
    expect(custom.find((c) => c.threshold === 30)?.label).toMatch(/Custom/);
  });
});

describe('event times in the list', () => {
  it('are short: the time alone today, the day and minute on another day, and say "going on" while open', () => {
    const now = new Date(2026, 11, 1, 17, 30, 0).getTime();
    const today = eventWhen(new Date(2026, 11, 1, 17, 2, 31).getTime(), null, now);
    expect(today.start).toMatch(/(17|0?5).02.31/); // the locale's own clock (24 h or AM/PM)
    expect(today.start.length).toBeLessThanOrEqual(11);
    expect(today.length).toBe('going on, 27 min 29 s');
    const before = eventWhen(new Date(2026, 10, 30, 9, 5, 0).getTime(), new Date(2026, 10, 30, 9, 8, 20).getTime(), now);
    expect(before.start).toMatch(/30/);
    expect(before.start).not.toMatch(/:00$/); // no seconds on another day
    expect(before.length).toBe('3 min 20 s');
    expect(before.full.length).toBeGreaterThan(before.start.length);
  });
});

describe('system notices', () => {
  it('hide a dismissed sentence for the session, and show it again when it changed or came back later', () => {
    const m = memory();
    const a = 'Notifications cannot be shown: no notification service was found.';
    const b = 'Person detection is off on this PC.';
    expect(visibleNotices([a, b], m)).toEqual([a, b]);
    dismissNotice(a, m);
    expect(visibleNotices([a, b], m)).toEqual([b]);
    expect(visibleNotices([], m, false)).toEqual([]); // a page loading again, before the NVR's health arrived
    expect(visibleNotices([a, b], m)).toEqual([b]); // still dismissed
    expect(visibleNotices([a + ' (again)', b], m)).toEqual([a + ' (again)', b]); // another sentence is shown
    expect(visibleNotices([b], m)).toEqual([b]); // the problem went away: its dismissal is forgotten
    expect(visibleNotices([a, b], m)).toEqual([a, b]); // and it is shown when it comes back
    expect(visibleNotices([a], null)).toEqual([a]);
    m.items.set('nvr.dismissed-notices', '{not json');
    expect(visibleNotices([a], m)).toEqual([a]);
  });
});

describe('the wizard', () => {
  it('moves the credentials of a pasted address out of it at once, saying so', () => {
    const taken = takeCredentials('rtsp://admin:p@ss:w/rd#1@192.168.1.20:554/cam');
    expect(taken).toEqual({
      url: 'rtsp://192.168.1.20:554/cam',
      moved: { username: 'admin', password: 'p@ss:w/rd#1' },
      message: 'The username and password were moved to their fields.',
    });
    expect(takeCredentials('rtsp://192.168.1.20/cam')).toEqual({ url: 'rtsp://192.168.1.20/cam', moved: {}, message: '' });
    const checked = sourceFromFind({ ...emptyFind(), brand: 'url', mainUrl: 'rtsp://admin:p@ss:w/rd#1@host/cam' });
    expect(checked).toEqual({ ok: true, source: { kind: 'url', mainUrl: 'rtsp://host/cam', subUrl: null }, moved: { username: 'admin', password: 'p@ss:w/rd#1' } });
  });

  it('tells a wizard with changes from one as it opened', () => {
    const find = emptyFind();
    const creds = { username: '', password: '' };
    const settings = settingsFromCamera(undefined);
    const opened = wizardDraft(find, creds, settings);
    expect(wizardDraft(emptyFind(), { ...creds }, settingsFromCamera(undefined))).toBe(opened);
    expect(wizardDraft({ ...find, mainUrl: 'rtsp://x/y' }, creds, settings)).not.toBe(opened);
    expect(wizardDraft(find, { ...creds, password: 'a' }, settings)).not.toBe(opened);
    expect(wizardDraft(find, creds, { ...settings, masks: [[[0, 0], [1, 0], [1, 1]]] })).not.toBe(opened);
  });
});
