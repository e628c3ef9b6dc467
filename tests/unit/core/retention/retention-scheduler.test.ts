// The retention scheduler: passes run in their fixed order whatever order they are given in, recovery takes the same
// order, a run joins the one under way, every pass of a run reads a setting once, and the floor check between runs
// starts a run under the floor but not again within a minute of a run that could not free enough; close() waits for the
// pass under way and starts none after it; a pass that throws does not end the run.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { openDatabase } from '../../../../main/core/storage/database.ts';
import { RetentionJob } from '../../../../main/core/retention/retention-job.ts';
import { ActivityPass } from '../../../../main/core/retention/activity-pass.ts';
import { SegmentRetentionJob } from '../../../../main/core/retention/segment-retention-job.ts';
import {
  PASS_ORDER,
  RetentionScheduler,
  RunScope,
  type PassName,
  type PassOutcome,
  type RetentionPass,
} from '../../../../main/core/retention/retention-scheduler.ts';

const ok: PassOutcome = { deleted: 0, bytes: 0, unresolved: false };

/** A pass that writes what it does into `log`. */
function pass(name: PassName, log: string[], outcome: PassOutcome = ok, read?: (scope: RunScope) => void): RetentionPass {
  return {
    name,
    recover: async () => void log.push(`recover:${name}`),
    runPass: async (scope) => {
      read?.(scope);
      log.push(`run:${name}`);
      await new Promise((r) => setTimeout(r, 1));
      return outcome;
    },
  };
}

function scheduler(passes: RetentionPass[], o: { free?: () => number; now?: () => number; floorCheckMs?: number } = {}) {
  return new RetentionScheduler({
    passes,
    logger: silentLogger(),
    now: o.now ?? Date.now,
    floor: { dir: () => os.tmpdir(), bytes: () => 1000, diskSpace: async () => ({ free: o.free?.() ?? 1e12, total: 1e13 }) },
    ...(o.floorCheckMs !== undefined ? { floorCheckMs: o.floorCheckMs } : {}),
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the retention scheduler', () => {
  it('runs and recovers caches, segments, events, snapshots, activity in that order, whatever order it is given', async () => {
    const log: string[] = [];
    const shuffled: PassName[] = ['activity', 'events', 'caches', 'snapshots', 'segments'];
    const s = scheduler(shuffled.map((n) => pass(n, log)));
    expect(s.order()).toEqual(PASS_ORDER);
    await s.recover({ keepFiles: false, ownSince: 0 });
    const outcomes = await s.runOnce();
    expect(log).toEqual([...PASS_ORDER.map((n) => `recover:${n}`), ...PASS_ORDER.map((n) => `run:${n}`)]);
    expect(Object.keys(outcomes)).toEqual([...PASS_ORDER]);
  });

  it('joins a run under way instead of starting a second one', async () => {
    const log: string[] = [];
    const s = scheduler([pass('segments', log), pass('events', log)]);
    const [a, b] = [s.runOnce(), s.runOnce()];
    expect(a).toBe(b);
    await a;
    expect(log).toEqual(['run:segments', 'run:events']);
    await s.runOnce();
    expect(log).toHaveLength(4);
  });

  it('closes after the pass under way: no later pass and no new run starts, so the database can close under nobody', async () => {
    const log: string[] = [];
    let release!: () => void;
    const slow: RetentionPass = {
      name: 'segments',
      runPass: async () => {
        log.push('run:segments');
        await new Promise<void>((r) => (release = r));
        log.push('done:segments');
        return ok;
      },
    };
    const s = scheduler([slow, pass('events', log), pass('activity', log)]);
    const run = s.runOnce();
    await wait(5);
    let closed = false;
    const closing = s.close().then(() => (closed = true));
    await wait(5);
    expect(closed).toBe(false); // the running pass is waited for
    release();
    await closing;
    expect(log).toEqual(['run:segments', 'done:segments']);
    expect(Object.keys(await run)).toEqual(['segments']);
    expect(await s.runOnce()).toEqual({});
    expect(log).toHaveLength(2);
  });

  it('goes on with the next pass when one throws, and counts it unresolved', async () => {
    const log: string[] = [];
    const broken: RetentionPass = {
      name: 'activity',
      runPass: async () => {
        throw new TypeError('The database connection is not open');
      },
    };
    const s = scheduler([pass('events', log), broken, pass('caches', log)]);
    const outcomes = await s.runOnce();
    expect(log).toEqual(['run:caches', 'run:events']);
    expect(outcomes.activity).toEqual({ deleted: 0, bytes: 0, unresolved: true });
  });

  it('gives every pass of a run the same reading of a setting, read again in the next run', async () => {
    let reads = 0;
    const seen: number[] = [];
    const read = (scope: RunScope) => seen.push(scope.once('days', () => ++reads));
    const log: string[] = [];
    const s = scheduler([pass('events', log, ok, read), pass('activity', log, ok, read)]);
    await s.runOnce();
    await s.runOnce();
    expect(seen).toEqual([1, 1, 2, 2]);
  });

  it('starts a run when free space falls under the floor, and waits a minute after a run that could not free enough', async () => {
    let free = 1e12;
    let clock = 1_000_000;
    const log: string[] = [];
    const stuck: PassOutcome = { deleted: 0, bytes: 0, unresolved: true };
    const s = scheduler([pass('segments', log, stuck)], { free: () => free, now: () => clock, floorCheckMs: 5 });
    s.start(3_600_000);
    await wait(40);
    expect(log).toEqual(['run:segments']); // the run at start; the floor holds
    free = 10;
    await wait(40);
    expect(log).toEqual(['run:segments']); // under the floor, but the last run could not free enough a moment ago
    clock += 61_000;
    await wait(40);
    s.stop();
    expect(log.length).toBeGreaterThanOrEqual(2);
    const stopped = log.length;
    await wait(30);
    expect(log).toHaveLength(stopped);
  });
});

describe('retention as the engine builds it', () => {
  let root: string | null = null;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = null;
  });

  it('puts the segments pass between the caches and the events, and reports both in one summary', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'nvr-sched-'));
    const db = openDatabase(path.join(root, 'nvr.sqlite'), { logger: silentLogger() });
    try {
      const common = { db, dataRoot: root, logger: silentLogger(), diskSpace: async () => ({ free: 1e12, total: 2e12 }) };
      const segments = new SegmentRetentionJob({ ...common, policies: () => new Map(), quotaBytes: () => 0, floorSettingBytes: () => 0 });
      const job = new RetentionJob({ ...common, segments, floorBytes: () => 0, retainDays: () => new Map() });
      expect(job.order()).toEqual(['caches', 'segments', 'events', 'snapshots', 'activity']);
      expect(new RetentionJob({ ...common, floorBytes: () => 0, retainDays: () => new Map() }).order()).toEqual(['caches', 'events', 'snapshots', 'activity']);
      expect(await job.runOnce()).toEqual({ deletedEvents: 0, deletedBytes: 0 });
      expect(job.summary()).toMatchObject({ deletedEvents: 0, lastError: null, segments: { deletedSegments: 0, lastError: null } });
    } finally {
      db.close();
    }
  });
});

describe('the activity pass', () => {
  it('does not throw when the settings cannot be read (a closed database): the run counts it unresolved', async () => {
    const activity = { cameraIds: () => ['cam-1'], deleteBefore: () => undefined } as unknown as ConstructorParameters<typeof ActivityPass>[0]['activity'];
    const p = new ActivityPass({
      activity,
      retainDays: () => {
        throw new TypeError('The database connection is not open');
      },
      now: Date.now,
    });
    await expect(p.runPass(new RunScope())).resolves.toEqual({ deleted: 0, bytes: 0, unresolved: true });
  });
});
