// The reserve file, on a real folder: made of real bytes, released at once (synchronously) for the database, made
// again; a reserve that cannot be made leaves no partial file and keeps its state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiskReserve } from '../../../../main/core/storage/disk-reserve.ts';
import { silentLogger } from '../../../../main/core/logging/logger.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nvr-reserve-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('DiskReserve', () => {
  it('is made, released for the database, and made again', async () => {
    const file = path.join(dir, 'reserve.bin');
    const reserve = new DiskReserve(file, silentLogger());
    expect(reserve.state).toBe('none');
    expect(await reserve.make(3 * 1024 * 1024 + 5)).toBe(true);
    expect(reserve.state).toBe('ready');
    expect(statSync(file).size).toBe(3 * 1024 * 1024 + 5);
    expect(statSync(file).blocks * 512).toBeGreaterThanOrEqual(3 * 1024 * 1024); // real blocks, not a sparse file
    // A new engine on the same folder finds it.
    expect(new DiskReserve(file, silentLogger()).state).toBe('ready');
    expect(reserve.release()).toBe(3 * 1024 * 1024 + 5);
    expect(existsSync(file)).toBe(false);
    expect(reserve.state).toBe('released');
    expect(reserve.release()).toBe(0);
    expect(await reserve.make(1024 * 1024)).toBe(true);
    expect(reserve.bytes).toBe(1024 * 1024);
    expect(readdirSync(dir)).toEqual(['reserve.bin']);
  });

  it('one that cannot be made leaves no file and keeps its state', async () => {
    const reserve = new DiskReserve(path.join(dir, 'missing-folder', 'reserve.bin'), silentLogger());
    expect(await reserve.make(1024 * 1024)).toBe(false);
    expect(reserve.state).toBe('none');
    expect(readdirSync(dir)).toEqual([]);
  });
});
