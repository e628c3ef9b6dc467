// The data folder watched while running (issue 17, M2), pure: gone, unmounted, replaced or back as a copy, from the
// facts a stat gives; each with one sentence that says what to do (the write guard's suspension: write-guard.test.ts).
import { describe, expect, it } from 'vitest';
import { decideDataFolder, dataFolderAlertTitle, type DataFolderExpected, type DataFolderFacts } from '../../../../main/core/storage/data-folder-decision.ts';

const DIR = '/srv/nvr';
const ID = 'aaaaaaaa-1111-4111-8111-111111111111';
const expected: DataFolderExpected = { rootDev: 10, folderId: ID, database: { dev: 10, ino: 500 } };
const here: DataFolderFacts = { root: { dev: 10, ino: 2 }, folderId: ID, database: { dev: 10, ino: 500 } };

describe('the data folder decision', () => {
  it('is ok while the folder, its id and its database file are the ones opened', () => {
    expect(decideDataFolder(here, expected, DIR)).toEqual({ state: 'ok', reason: null });
    // moved away and back: same files, same answer
    expect(decideDataFolder({ ...here }, expected, DIR).state).toBe('ok');
  });

  it('a folder that is gone (deleted, renamed away) is missing, and says how to resume', () => {
    const v = decideDataFolder({ root: null, folderId: null, database: null }, expected, DIR);
    expect(v.state).toBe('missing');
    expect(v.reason).toContain(DIR);
    expect(v.reason).toMatch(/recording is paused/);
    expect(v.reason).toMatch(/put the folder back/);
  });

  it('an empty folder on another device at the same path is an unmounted disk', () => {
    const v = decideDataFolder({ root: { dev: 3, ino: 77 }, folderId: null, database: null }, expected, DIR);
    expect(v.state).toBe('unmounted');
    expect(v.reason).toMatch(/no longer mounted/);
    expect(v.reason).toMatch(/mount the disk again/);
  });

  it('another folder at the path (another folder-id, or none) is replaced', () => {
    expect(decideDataFolder({ ...here, folderId: 'bbbbbbbb-2222-4222-8222-222222222222' }, expected, DIR).state).toBe('replaced');
    expect(decideDataFolder({ root: { dev: 10, ino: 9 }, folderId: null, database: null }, expected, DIR).state).toBe('replaced');
    // another disk with another folder is replaced too, not unmounted... unless it carries our id (a copy)
    expect(decideDataFolder({ root: { dev: 4, ino: 9 }, folderId: 'other-id-1234', database: null }, expected, DIR).state).toBe('unmounted');
  });

  it('the folder back as a copy (same id, another database file) asks for a restart', () => {
    const v = decideDataFolder({ ...here, database: { dev: 10, ino: 999 } }, expected, DIR);
    expect(v.state).toBe('copied');
    expect(v.reason).toMatch(/restart ShopWatch NVR/);
    expect(decideDataFolder({ ...here, database: null }, expected, DIR).state).toBe('copied');
  });

  it('a folder that had no folder-id yet (a start on a full disk) is judged by its database file', () => {
    const noId: DataFolderExpected = { ...expected, folderId: null };
    expect(decideDataFolder({ ...here, folderId: null }, noId, DIR).state).toBe('ok');
    expect(decideDataFolder({ root: { dev: 10, ino: 2 }, folderId: null, database: null }, noId, DIR).state).toBe('replaced');
  });

  it('every state but ok gives one sentence; the alert titles name both directions', () => {
    for (const facts of [
      { root: null, folderId: null, database: null },
      { root: { dev: 3, ino: 1 }, folderId: null, database: null },
      { ...here, folderId: 'x-other-folder' },
      { ...here, database: { dev: 10, ino: 1 } },
    ]) {
      const v = decideDataFolder(facts, expected, DIR);
      expect(v.state).not.toBe('ok');
      expect(v.reason!.split(/\.\s/).length).toBe(1);
      expect(v.reason!.endsWith('.')).toBe(true);
    }
    expect(dataFolderAlertTitle('missing')).toMatch(/paused/);
    expect(dataFolderAlertTitle('ok')).toMatch(/resumed/);
  });
});
