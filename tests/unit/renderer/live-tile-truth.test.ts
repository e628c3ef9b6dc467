// What a live tile says of its camera (issue 15, item 8): a dead camera is greyed with "last seen", REC shows only
// while footage is written, person boxes carry their score.
import { describe, expect, it } from 'vitest';
import { cameraDead, lastSeenText, personLabel, recMark } from '../../../renderer/src/live/tile-truth.ts';
import { catalogs } from '../../../preload/i18n/all-catalogs.ts';

describe('tile truth', () => {
  it('calls a reconnecting or failed camera dead, nothing else', () => {
    expect(cameraDead({ state: 'failed' })).toBe(true);
    expect(cameraDead({ state: 'reconnecting' })).toBe(true);
    for (const state of ['streaming', 'starting', 'disabled'] as const) expect(cameraDead({ state })).toBe(false);
  });

  it('says when the camera was last seen: the time today, the day and time before', () => {
    const seen = new Date(2026, 11, 1, 21, 58, 30).getTime();
    expect(lastSeenText(seen, new Date(2026, 11, 1, 22, 10).getTime(), 'en-GB')).toBe('Last seen 21:58');
    expect(lastSeenText(seen, new Date(2026, 11, 2, 8, 0).getTime(), 'en-GB')).toBe('Last seen 1 Dec 21:58');
    expect(lastSeenText(null, Date.now())).toBe('No picture since the NVR started');
  });

  it('shows REC only while a camera sends video and records it', () => {
    const recording = { state: 'recording', reason: null } as const;
    expect(recMark({ state: 'streaming', recording })).toBe('rec');
    // What the supervisor calls paused while the camera is gone is no recording at all: no REC of any kind.
    expect(recMark({ state: 'failed', recording: { state: 'paused', reason: 'Not recording' } })).toBeNull();
    expect(recMark({ state: 'reconnecting', recording })).toBeNull();
    expect(recMark({ state: 'streaming', recording: { state: 'paused', reason: 'disk full' } })).toBe('paused');
    expect(recMark({ state: 'streaming', recording: { state: 'off', reason: null } })).toBeNull();
  });

  it('labels a person box with its score in percent', () => {
    expect(personLabel(0.874)).toBe('person 87 %');
    expect(personLabel(1.2)).toBe('person 100 %');
    expect(personLabel(undefined)).toBe('person');
  });

  it('says "last seen" and labels person boxes in the language of the page, dates as its locale writes them', () => {
    const seen = new Date(2026, 11, 1, 21, 58, 30).getTime();
    const today = new Date(2026, 11, 1, 22, 10).getTime();
    const nextDay = new Date(2026, 11, 2, 8, 0).getTime();
    expect(lastSeenText(seen, today, 'th-TH', catalogs.th)).toBe('เห็นล่าสุด 21:58');
    // Thai dates name the month in Thai.
    expect(lastSeenText(seen, nextDay, 'th-TH', catalogs.th)).toMatch(/^เห็นล่าสุด 1 ธ\.ค\. 21:58$/);
    expect(lastSeenText(seen, today, 'pt-BR', catalogs['pt-BR'])).toBe('Vista pela última vez 21:58');
    expect(lastSeenText(null, today, 'vi-VN', catalogs.vi)).toBe('Chưa có hình nào từ khi NVR khởi động');
    expect(personLabel(0.874, catalogs.vi)).toBe('người 87 %');
    expect(personLabel(undefined, catalogs['pt-BR'])).toBe('pessoa');
    expect(personLabel(0.5, catalogs.th)).toBe('คน 50 %');
  });
});
