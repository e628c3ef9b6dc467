import { describe, expect, it } from 'vitest';
import { planRetention, type RetentionCandidate } from '../../../../main/core/retention/retention-plan.ts';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const ev = (id: string, cameraId: string, ageDays: number, bytes = 100, extra: Partial<RetentionCandidate> = {}): RetentionCandidate => ({
  id,
  cameraId,
  startMs: NOW - ageDays * DAY - 60_000,
  endMs: NOW - ageDays * DAY,
  bytes,
  keepForever: false,
  ...extra,
});
const plenty = { freeBytes: 10_000, floorBytes: 1_000 };

describe('retention planning', () => {
  it('deletes by age per camera; 0 days means never by age; unknown cameras use the default', () => {
    const events = [ev('a1', 'a', 8), ev('a2', 'a', 6), ev('b1', 'b', 400), ev('c1', 'c', 31), ev('c2', 'c', 29)];
    const plan = planRetention({ events, now: NOW, retainDays: new Map([['a', 7], ['b', 0]]), ...plenty });
    expect(plan.deletions.map((d) => [d.id, d.reason])).toEqual([
      ['a1', 'age'],
      ['c1', 'age'],
    ]);
    expect(plan.spaceShortBytes).toBe(0);
  });

  it('under the free-space floor deletes the oldest first across cameras until the floor holds', () => {
    const events = [ev('new', 'a', 1, 300), ev('old', 'b', 5, 300), ev('mid', 'a', 3, 300)];
    const plan = planRetention({ events, now: NOW, retainDays: new Map(), freeBytes: 500, floorBytes: 1_000 });
    expect(plan.deletions.map((d) => [d.id, d.reason])).toEqual([
      ['old', 'space'],
      ['mid', 'space'],
    ]);
  });

  it('counts what the age pass frees before deleting for space', () => {
    const events = [ev('aged', 'a', 40, 600), ev('recent', 'a', 1, 600)];
    const plan = planRetention({ events, now: NOW, retainDays: new Map(), freeBytes: 500, floorBytes: 1_000 });
    expect(plan.deletions.map((d) => d.id)).toEqual(['aged']);
  });

  it('never plans keep-forever or open events', () => {
    const events = [ev('kept', 'a', 100, 5_000, { keepForever: true }), ev('open', 'a', 100, 5_000, { endMs: null }), ev('x', 'a', 2, 50)];
    const plan = planRetention({ events, now: NOW, retainDays: new Map([['a', 7]]), freeBytes: 0, floorBytes: 40 });
    expect(plan.deletions.map((d) => d.id)).toEqual(['x']);
  });

  it('does not wipe the history when deleting everything could not restore the floor: it reports the shortfall', () => {
    const events = [ev('a', 'a', 1, 100), ev('b', 'a', 2, 100)];
    const plan = planRetention({ events, now: NOW, retainDays: new Map(), freeBytes: 100, floorBytes: 10_000 });
    expect(plan.deletions).toEqual([]);
    expect(plan.spaceShortBytes).toBe(9_900);
  });

  it('plans nothing when all is well', () => {
    expect(planRetention({ events: [ev('a', 'a', 1)], now: NOW, retainDays: new Map(), ...plenty })).toEqual({ deletions: [], spaceShortBytes: 0 });
  });
});
