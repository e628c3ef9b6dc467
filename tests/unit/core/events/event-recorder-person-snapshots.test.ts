// A followed person's pictures (events/event-recorder.ts), with a real SQLite file, the real snapshot writer and sharp:
// the first picture is written at once (it goes with the notification); the better views that come while they walk
// are kept in memory and the best one is written when the event closes, or while it is open at most once per
// personSnapshotIntervalMs. Before, every better view at least 3 s after the last one was encoded (two JPEGs and a
// colour conversion each: about a model run's CPU), and a better view less than 3 s after one was lost.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { openDatabase, type Db } from '../../../../main/core/storage/database.ts';
import { EventRepository } from '../../../../main/core/storage/event-repository.ts';
import { SnapshotWriter } from '../../../../main/core/snapshots/snapshot-writer.ts';
import { EventRecorder, type RecorderFrame } from '../../../../main/core/events/event-recorder.ts';
import type { TrackedEvent } from '../../../../main/core/events/event-tracker.ts';
import { i420ToRgb } from '../../../../main/core/snapshots/i420-to-rgb.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { tempDataDir } from '../../../fixtures/temp-data-dir.ts';

const W = 64;
const H = 48;
const BOX = { x: 20, y: 10, w: 16, h: 32 };

/** A flat grey I420 frame whose brightness names it. */
function frame(luma: number, time: number): RecorderFrame {
  const data = new Uint8Array((W * H * 3) / 2).fill(128);
  data.fill(luma, 0, W * H);
  return { data, width: W, height: H, time };
}

/** The grey a frame of this brightness becomes in the snapshot (through the writer's own colour conversion). */
function grey(luma: number): number {
  const f = frame(luma, 0);
  return i420ToRgb(f.data, W, H)[0]!;
}

/** The snapshot shows the frame of this brightness (JPEG's rounding aside). */
function expectShows(mean: number, luma: number): void {
  expect(Math.abs(mean - grey(luma))).toBeLessThan(1.5);
}

function personEvent(): TrackedEvent {
  return {
    seq: -1,
    kind: 'person',
    startMs: 1000,
    lastActivityMs: 1000,
    peakRatio: 0,
    peakBoxes: [{ ...BOX }],
    peakTime: 1000,
    topScore: 0.8,
    personBox: { ...BOX },
    personTime: 1000,
    personQuality: 10,
    trackId: 7,
    zone: null,
    path: [],
  };
}

describe('event recorder: a followed person’s pictures', () => {
  let dir: string;
  let db: Db;
  let writer: SnapshotWriter;
  let events: EventRepository;
  let clock: number;
  let notified: number;

  const recorder = () =>
    new EventRecorder({
      cameraId: 'cam-1',
      events,
      snapshots: writer,
      logger: silentLogger(),
      emit: () => undefined,
      notify: () => void notified++,
      resolvePath: (rel) => path.join(dir, rel),
      personSnapshotIntervalMs: 10_000,
      now: () => clock,
    });

  /** Mean brightness of the event's full snapshot, as written. */
  async function snapshotLuma(id: string): Promise<number> {
    const paths = events.getPaths(id)!;
    // Read through a buffer: sharp caches what it opened by path, and the file is replaced at the same path.
    const stats = await sharp(readFileSync(path.join(dir, paths.snapshotPath!))).greyscale().stats();
    return stats.channels[0]!.mean;
  }

  beforeEach(() => {
    dir = tempDataDir('nvr-person-snaps-');
    db = openDatabase(path.join(dir, 'nvr.sqlite'), { logger: silentLogger() });
    events = new EventRepository(db);
    writer = new SnapshotWriter({ dataRoot: dir, logger: silentLogger() });
    clock = 1_000_000;
    notified = 0;
  });

  afterEach(() => {
    db.close(); // the folder itself is removed by tempDataDir after the test
  });

  it('writes the first picture at once and the best later view when the event closes, not each better view', async () => {
    const rec = recorder();
    const ev = personEvent();
    rec.handle({ type: 'open', event: ev, time: 1000 }, frame(40, 1000));
    await rec.flush();
    expect(writer.written).toBe(1);
    expect(notified).toBe(1);
    const id = rec.openEventId!;
    expectShows(await snapshotLuma(id), 40);
    // Better views every 200 ms for 4 s (what a walker coming closer gives): nothing is encoded meanwhile.
    for (let i = 1; i <= 20; i++) {
      clock += 200;
      ev.personQuality = 10 + i; // the planner sets the better view's rating (track.ts's snapshot rule)
      rec.handle({ type: 'person-peak', event: ev, time: 1000 + i * 200 }, frame(40 + i * 5, 1000 + i * 200));
    }
    await rec.flush();
    expect(writer.written).toBe(1);
    rec.handle({ type: 'close', event: ev, endMs: 5000, reason: 'lost' }, null);
    await rec.flush();
    expect(writer.written).toBe(2);
    // The last better view is the one kept (frame 20: brightness 140), written after its frame went back to its owner.
    expectShows(await snapshotLuma(id), 140);
    expect(events.get(id)!.endMs).toBe(5000);
  });

  it('keeps a long visit’s picture up to date: at most one write per interval while the event is open', async () => {
    const rec = recorder();
    const ev = personEvent();
    rec.handle({ type: 'open', event: ev, time: 1000 }, frame(40, 1000));
    // 25 s of better views, one a second: writes at 10 s and 20 s after the first picture, then one at the close.
    for (let i = 1; i <= 25; i++) {
      clock += 1000;
      ev.personQuality = 10 + i * i; // coming closer: each view clearly better than five seconds before
      rec.handle({ type: 'person-peak', event: ev, time: 1000 + i * 1000 }, frame(40 + i * 4, 1000 + i * 1000));
    }
    await rec.flush();
    expect(writer.written).toBe(3);
    const id = rec.openEventId!;
    expectShows(await snapshotLuma(id), 40 + 20 * 4);
    rec.handle({ type: 'close', event: ev, endMs: 27_000, reason: 'lost' }, null);
    await rec.flush();
    expect(writer.written).toBe(4);
    expectShows(await snapshotLuma(id), 40 + 25 * 4);
  });

  it('keeps the first picture at the close when the later views are only a little better', async () => {
    const rec = recorder();
    const ev = personEvent();
    rec.handle({ type: 'open', event: ev, time: 1000 }, frame(60, 1000));
    const id = rec.openEventId!;
    for (let i = 1; i <= 3; i++) {
      clock += 200;
      ev.personQuality = 10 + i * 0.5; // at most 15 % better: not worth two JPEG encodes
      rec.handle({ type: 'person-peak', event: ev, time: 1000 + i * 200 }, frame(60 + i * 20, 1000 + i * 200));
    }
    rec.handle({ type: 'close', event: ev, endMs: 1600, reason: 'lost' }, null);
    await rec.flush();
    expect(writer.written).toBe(1);
    expectShows(await snapshotLuma(id), 60);
  });

  it('writes nothing more at the close when no better view came after the last picture', async () => {
    const rec = recorder();
    const ev = personEvent();
    rec.handle({ type: 'open', event: ev, time: 1000 }, frame(60, 1000));
    const id = rec.openEventId!;
    clock += 500;
    rec.handle({ type: 'update', event: ev, time: 1500 }, frame(90, 1500));
    rec.handle({ type: 'close', event: ev, endMs: 1500, reason: 'lost' }, null);
    await rec.flush();
    expect(writer.written).toBe(1);
    expectShows(await snapshotLuma(id), 60);
  });
});
