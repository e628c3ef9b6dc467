// The reserve's size and the free space a paused recording waits for, on disks from 200 MB to 2 TB: the resume
// threshold is always under the floor retention frees to (capFloor), so recording resumes on any disk.
import { describe, expect, it } from 'vitest';
import { reserveBytesFor, reserveRemakeFreeBytes, resumeFreeBytesFor } from '../../../../main/core/retention/disk-thresholds.ts';
import { capFloor } from '../../../../main/core/retention/segment-retention-plan.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const defaultFloor = 2 * GiB;

describe('disk thresholds', () => {
  it('the reserve is 2% of the disk, between 1 MiB and 64 MiB, in whole MiB', () => {
    expect(reserveBytesFor(200 * 1000 * 1000)).toBe(3 * MiB);
    expect(reserveBytesFor(20 * MiB)).toBe(1 * MiB);
    expect(reserveBytesFor(1 * GiB)).toBe(20 * MiB);
    expect(reserveBytesFor(2 * 1000 * GiB)).toBe(64 * MiB);
    expect(reserveBytesFor(0)).toBe(0);
  });

  it('on a 200 MB disk recording resumes at half the capped floor (the old fixed 256 MiB was never reached)', () => {
    const total = 200 * 1000 * 1000;
    const resume = resumeFreeBytesFor(total, defaultFloor);
    expect(resume).toBe(Math.floor(total / 4)); // floor = half the disk, resume = half of that
    expect(resume).toBeLessThan(capFloor(defaultFloor, total));
    expect(reserveRemakeFreeBytes(total, defaultFloor)).toBeLessThan(capFloor(defaultFloor, total));
  });

  it('on a 2 TB disk recording resumes at 256 MiB, well under the 2 GiB floor', () => {
    const total = 2 * 1000 * GiB;
    expect(resumeFreeBytesFor(total, defaultFloor)).toBe(256 * MiB);
    expect(reserveRemakeFreeBytes(total, defaultFloor)).toBe(320 * MiB);
  });

  it('for every disk size and floor setting, the threshold is under the floor retention frees to', () => {
    for (const total of [50 * MiB, 200 * 1000 * 1000, 1 * GiB, 4 * GiB, 32 * GiB, 500 * GiB, 2000 * GiB, 16000 * GiB]) {
      for (const floorSetting of [1 * MiB, 64 * MiB, 512 * MiB, 2 * GiB, 50 * GiB]) {
        const floor = capFloor(floorSetting, total);
        const resume = resumeFreeBytesFor(total, floorSetting);
        expect(resume, `${total} / ${floorSetting}`).toBeGreaterThan(0);
        expect(resume, `${total} / ${floorSetting}`).toBeLessThan(floor);
        expect(resume).toBeLessThanOrEqual(256 * MiB);
      }
    }
  });

  it('a floor turned off (0) still waits for twice the reserve before recording again', () => {
    const total = 1 * GiB;
    expect(resumeFreeBytesFor(total, 0)).toBe(2 * reserveBytesFor(total));
  });
});
