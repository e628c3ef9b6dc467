// The recording output between ffmpeg runs, with a real SegmentWriter over a real SQLite file in a temp folder: a full
// disk pauses it and polls free space until it is back; a folder that cannot be written pauses it with its own sentence.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RecordingStatus } from '../../../../preload/contract.ts';
import { RecordingPause } from '../../../../main/core/capture/recording-pause.ts';
import { RECORDING_PAUSED_DISK_FULL } from '../../../../main/core/capture/ffmpeg-errors.ts';
import { SegmentWriter } from '../../../../main/core/recording/segment-writer.ts';
import { SegmentRepository } from '../../../../main/core/storage/segment-repository.ts';
import { closeDatabase, openDatabase } from '../../../../main/core/storage/database.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';
import { waitFor } from '../../../fixtures/wait-for.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function writerIn(recordingsRoot?: string): { writer: SegmentWriter; dataDir: string } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-recpause-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const db = openDatabase(path.join(dataDir, 'nvr.sqlite'), { logger: silentLogger() });
  cleanups.push(() => closeDatabase(db));
  const root = recordingsRoot ?? path.join(dataDir, 'recordings');
  mkdirSync(root, { recursive: true });
  const writer = new SegmentWriter({
    cameraId: 'cam-r',
    dataRoot: dataDir,
    recordingsRoot: root,
    segments: new SegmentRepository(db),
    ffprobePath: null,
    logger: silentLogger(),
  });
  return { writer, dataDir };
}

describe('RecordingPause', () => {
  it('is off without a writer, and gives the next run a file pattern with one', () => {
    const off = new RecordingPause({ writer: null, logger: silentLogger(), redact: (t) => t, onResume: () => undefined });
    expect(off.status).toEqual({ state: 'off', reason: null });
    expect(off.beginRun()).toBeNull();
    expect(off.active).toBe(false);

    const { writer } = writerIn();
    const on = new RecordingPause({ writer, logger: silentLogger(), redact: (t) => t, onResume: () => undefined });
    expect(on.status).toEqual({ state: 'recording', reason: null });
    const target = on.beginRun();
    expect(target?.writer).toBe(writer);
    expect(target?.pattern).toMatch(new RegExp(`^${writer.incoming.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/.+-%06d\\.mp4$`));
  });

  it('pauses on a full disk, frees space, polls, and resumes once enough is free', async () => {
    const { writer } = writerIn();
    let free = 10;
    const statuses: RecordingStatus[] = [];
    let diskFull = 0;
    let resumed = 0;
    const pause = new RecordingPause({
      writer,
      logger: silentLogger(),
      redact: (t) => t,
      onStatus: (s) => statuses.push(s),
      onDiskFull: () => diskFull++,
      onResume: () => resumed++,
      resumeFreeBytes: () => 1000,
      resumePollMs: 20,
      freeSpace: async () => ({ free }),
    });
    cleanups.push(() => pause.stop());
    pause.diskFull();
    expect(pause.paused).toBe(true);
    expect(pause.active).toBe(false);
    expect(pause.beginRun()).toBeNull(); // the next run goes without recording
    expect(diskFull).toBe(1);
    await new Promise((r) => setTimeout(r, 120));
    expect(resumed).toBe(0); // still too little
    free = 5000;
    await waitFor(() => resumed === 1, 2000, 'the resume');
    expect(pause.paused).toBe(false);
    expect(statuses).toEqual([
      { state: 'paused', reason: RECORDING_PAUSED_DISK_FULL },
      { state: 'recording', reason: null },
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(resumed).toBe(1); // the poll stopped
    expect(pause.beginRun()).not.toBeNull();
  });

  it('stops polling when the camera stops', async () => {
    const { writer } = writerIn();
    let checks = 0;
    const pause = new RecordingPause({
      writer,
      logger: silentLogger(),
      redact: (t) => t,
      onResume: () => undefined,
      resumePollMs: 20,
      freeSpace: async () => {
        checks++;
        return { free: 0 };
      },
    });
    pause.diskFull();
    await waitFor(() => checks >= 2, 2000, 'two checks');
    pause.stop();
    const seen = checks;
    await new Promise((r) => setTimeout(r, 100));
    expect(checks).toBe(seen);
  });

  it('a recordings folder that cannot be written pauses recording with its own sentence, redacted', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'nvr-recpause-ro-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    // A file where the camera's folder should be: mkdir fails (ENOTDIR), whoever runs the test.
    writeFileSync(path.join(root, 'cam-r'), 'not a folder');
    chmodSync(path.join(root, 'cam-r'), 0o444);
    const { writer } = writerIn(root);
    const statuses: RecordingStatus[] = [];
    const pause = new RecordingPause({
      writer,
      logger: silentLogger(),
      redact: (t) => t.replaceAll(root, '<root>'),
      onStatus: (s) => statuses.push(s),
      onResume: () => undefined,
    });
    expect(pause.beginRun()).toBeNull();
    expect(pause.paused).toBe(true);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.state).toBe('paused');
    expect(statuses[0]!.reason).toMatch(/^Recording paused: the recordings folder cannot be written \(.*<root>.*\)\.$/);
    expect(statuses[0]!.reason).not.toContain(root);
  });
});
