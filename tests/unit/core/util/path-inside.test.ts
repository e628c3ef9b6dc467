// The one "path inside a folder" check (main/core/util/path-inside.ts) that every place turning a stored or typed
// path into a file asks: the backup target, the retention jobs, clips, snapshots, the folder identity, the backup.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, isSameOrInside, resolveBelow } from '../../../../main/core/util/path-inside.ts';

const data = path.resolve('/srv/nvr-data');

describe('path inside a folder', () => {
  it('is true below the folder, at any depth, and for names that merely start with two dots', () => {
    expect(isInside(data, path.join(data, 'recordings'))).toBe(true);
    expect(isInside(data, path.join(data, 'recordings', 'till', '2026-12-01', '101500.mp4'))).toBe(true);
    expect(isInside(data, path.join(data, '..hidden'))).toBe(true);
    // A folder given with a trailing separator, or not normalised, is the same folder.
    expect(isInside(data + path.sep, path.join(data, 'x'))).toBe(true);
    expect(isInside(path.join(data, 'recordings', '..'), path.join(data, 'x'))).toBe(true);
  });

  it('is false for the folder itself, its parent, a sibling sharing its name as a prefix, and elsewhere', () => {
    expect(isInside(data, data)).toBe(false);
    expect(isInside(data, path.dirname(data))).toBe(false);
    expect(isInside(data, data + '-old')).toBe(false);
    expect(isInside(data, path.join(data + '-old', 'recordings'))).toBe(false);
    expect(isInside(data, path.join(data, '..', 'elsewhere'))).toBe(false);
    expect(isInside(data, path.resolve('/etc/passwd'))).toBe(false);
  });

  it('isSameOrInside also accepts the folder itself', () => {
    expect(isSameOrInside(data, data)).toBe(true);
    expect(isSameOrInside(data, data + path.sep)).toBe(true);
    expect(isSameOrInside(data, path.join(data, 'a'))).toBe(true);
    expect(isSameOrInside(data, data + '-old')).toBe(false);
  });

  it('resolves a stored relative path below the folder, and refuses one that climbs out or is absolute elsewhere', () => {
    expect(resolveBelow(data, 'snapshots/till/ev1.jpg')).toBe(path.join(data, 'snapshots', 'till', 'ev1.jpg'));
    expect(resolveBelow(data, 'recordings/../snapshots/a.jpg')).toBe(path.join(data, 'snapshots', 'a.jpg'));
    expect(resolveBelow(data, '../nvr-data-old/a.jpg')).toBeNull();
    expect(resolveBelow(data, '../../etc/passwd')).toBeNull();
    expect(resolveBelow(data, path.resolve('/etc/passwd'))).toBeNull();
    expect(resolveBelow(data, path.join(data, 'events', 'x.jpg'))).toBe(path.join(data, 'events', 'x.jpg'));
    expect(resolveBelow(data, '')).toBeNull();
    expect(resolveBelow(data, '.')).toBeNull();
  });
});
