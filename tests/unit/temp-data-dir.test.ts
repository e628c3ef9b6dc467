// The temp-folder fixture itself: a folder made in a test is gone after it; one made in beforeAll lasts the file.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

describe('tempDataDir', () => {
  let shared: string;
  let fromTest: string;
  beforeAll(() => {
    shared = tempDataDir('nvr-fixture-shared-');
  });

  it('makes an empty folder', () => {
    fromTest = tempDataDir('nvr-fixture-test');
    expect(existsSync(fromTest)).toBe(true);
    expect(path.basename(fromTest).startsWith('nvr-fixture-test-')).toBe(true);
    writeFileSync(path.join(fromTest, 'a.txt'), 'x');
  });

  it('removes a folder made in a test once that test has finished, and keeps the one made in beforeAll', () => {
    expect(existsSync(fromTest)).toBe(false);
    expect(existsSync(shared)).toBe(true);
  });
});
