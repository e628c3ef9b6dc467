// The Review screen's storage (migration 8): the reviewed flag (mark by ids, mark all before a time, per camera),
// unreviewed counts per camera, the reviewed filter of events.list, and events per local day in several time zones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDatabase, type Db } from '../../../../main/core/storage/database.ts';
import { EventRepository } from '../../../../main/core/storage/event-repository.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { requests } from '../../../../preload/contract.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';

let db: Db;
let repo: EventRepository;
beforeEach(() => {
  db = openDatabase(path.join(tempDataDir('nvr-review-'), 'nvr.sqlite'), { logger: silentLogger() });
  repo = new EventRepository(db);
});
afterEach(() => db.close());

const open = (id: string, cameraId: string, startMs: number) =>
  repo.open({ id, cameraId, kind: 'person', startMs, updatedMs: startMs, peakRatio: 0.1, boxes: [], frameWidth: 640, frameHeight: 360 });
const H = 3_600_000;
/** 2026-12-01T00:00:00Z */
const DEC1 = Date.UTC(2026, 11, 1);

describe('reviewed flag', () => {
  it('marks by ids once (a second mark changes nothing) and shows it on the view', () => {
    open('a', 'c1', DEC1);
    open('b', 'c1', DEC1 + H);
    expect(repo.get('a')!.reviewed).toBe(false);
    expect(repo.markReviewed({ ids: ['a'] }, DEC1 + 2 * H)).toEqual(['a']);
    expect(repo.markReviewed({ ids: ['a'] }, DEC1 + 3 * H)).toEqual([]);
    expect(repo.get('a')!.reviewed).toBe(true);
    expect(repo.get('b')!.reviewed).toBe(false);
    expect(repo.list({ reviewed: true, limit: 10 }).events.map((e) => e.id)).toEqual(['a']);
    expect(repo.list({ reviewed: false, limit: 10 }).events.map((e) => e.id)).toEqual(['b']);
    expect(repo.list({ limit: 10 }).events.map((e) => e.id)).toEqual(['b', 'a']);
  });

  it('marks all before a time, of some cameras or of all, and counts the unreviewed per camera', () => {
    open('a', 'c1', DEC1);
    open('b', 'c1', DEC1 + 2 * H);
    open('c', 'c2', DEC1);
    open('d', 'c3', DEC1);
    expect(repo.unreviewedCounts().sort((x, y) => x.cameraId.localeCompare(y.cameraId))).toEqual([
      { cameraId: 'c1', unreviewed: 2 },
      { cameraId: 'c2', unreviewed: 1 },
      { cameraId: 'c3', unreviewed: 1 },
    ]);
    expect(repo.markReviewed({ cameraIds: ['c1'], before: DEC1 + H }, DEC1 + 3 * H)).toEqual(['a']);
    expect(repo.markReviewed({ cameraIds: [], before: DEC1 + 9 * H }, DEC1 + 3 * H)).toEqual([]);
    expect(repo.markReviewed({ before: DEC1 + 9 * H }, DEC1 + 3 * H).sort()).toEqual(['b', 'c', 'd']);
    expect(repo.unreviewedCounts()).toEqual([]);
  });
});

describe('events per local day', () => {
  beforeEach(() => {
    open('late', 'c1', DEC1 - 30 * 60_000); // 30 Nov 23:30 UTC
    open('early', 'c1', DEC1 + 30 * 60_000); // 1 Dec 00:30 UTC
    open('noon', 'c2', DEC1 + 12 * H);
    repo.markReviewed({ ids: ['noon'] }, DEC1 + 13 * H);
  });

  it('buckets by UTC days at offset 0', () => {
    expect(repo.days(null, DEC1 - 2 * 86_400_000, DEC1 + 2 * 86_400_000, 0)).toEqual([
      { day: '2026-11-30', events: 1, unreviewed: 1 },
      { day: '2026-12-01', events: 2, unreviewed: 1 },
    ]);
  });

  it('moves an event started before midnight UTC to the next day an hour east (UTC+1)', () => {
    expect(repo.days(null, DEC1 - 86_400_000, DEC1 + 86_400_000, 60)).toEqual([{ day: '2026-12-01', events: 3, unreviewed: 2 }]);
  });

  it('moves an event just after midnight UTC to the day before west of it (UTC−5), filters by camera', () => {
    expect(repo.days(null, DEC1 - 86_400_000, DEC1 + 86_400_000, -300)).toEqual([
      { day: '2026-11-30', events: 2, unreviewed: 2 },
      { day: '2026-12-01', events: 1, unreviewed: 0 },
    ]);
    expect(repo.days(['c2'], DEC1 - 86_400_000, DEC1 + 86_400_000, -300)).toEqual([{ day: '2026-12-01', events: 1, unreviewed: 0 }]);
    expect(repo.days([], DEC1 - 86_400_000, DEC1 + 86_400_000, 0)).toEqual([]);
  });

  it('follows an IANA time zone across its daylight-saving change (one offset for the range would misplace events)', () => {
    // New York leaves daylight saving on 1 Nov 2026 at 02:00 (UTC−4 before, UTC−5 after).
    const NOV1 = Date.UTC(2026, 10, 1);
    open('oct31-early', 'c3', Date.UTC(2026, 9, 31, 4, 30)); // 31 Oct 00:30 in New York (UTC−4)
    open('nov1-late', 'c3', Date.UTC(2026, 10, 2, 4, 30)); // 1 Nov 23:30 in New York (UTC−5)
    const range = [NOV1 - 2 * 86_400_000, NOV1 + 3 * 86_400_000] as const;
    expect(repo.days(['c3'], ...range, 'America/New_York')).toEqual([
      { day: '2026-10-31', events: 1, unreviewed: 1 },
      { day: '2026-11-01', events: 1, unreviewed: 1 },
    ]);
    // One offset for the range is right on one side of the change only.
    expect(repo.days(['c3'], ...range, -300).map((d) => d.day)).toEqual(['2026-10-30', '2026-11-01']);
    expect(repo.days(['c3'], ...range, -240).map((d) => d.day)).toEqual(['2026-10-31', '2026-11-02']);
    expect(repo.days(['c3'], ...range, 'Asia/Bangkok').map((d) => d.day)).toEqual(['2026-10-31', '2026-11-02']);
    const days = requests['events.days'].input;
    expect(days.safeParse({ from: DEC1, to: DEC1 + H, tzOffsetMinutes: 60, timeZone: 'Asia/Bangkok' }).success).toBe(true);
    expect(days.safeParse({ from: DEC1, to: DEC1 + H, tzOffsetMinutes: 60, timeZone: 'Mars/Olympus' }).success).toBe(false);
  });

  it('the contract refuses fractional times, long ranges and impossible offsets', () => {
    const days = requests['events.days'].input;
    expect(days.safeParse({ from: DEC1, to: DEC1 + H, tzOffsetMinutes: 60 }).success).toBe(true);
    expect(days.safeParse({ from: DEC1 + 0.5, to: DEC1 + H, tzOffsetMinutes: 60 }).success).toBe(false);
    expect(days.safeParse({ from: DEC1, to: DEC1 + 63 * 86_400_000, tzOffsetMinutes: 60 }).success).toBe(false);
    expect(days.safeParse({ from: DEC1, to: DEC1 + H, tzOffsetMinutes: 900 }).success).toBe(false);
    const mark = requests['events.markReviewed'].input;
    expect(mark.safeParse({ ids: [] }).success).toBe(false);
    expect(mark.safeParse({ before: 1.5 }).success).toBe(false);
    expect(mark.safeParse({ cameraIds: ['c1'], before: DEC1 }).success).toBe(true);
  });
});
