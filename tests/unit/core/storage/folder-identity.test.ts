// The data folder's identity, pure: own / new / adopted / replaced / foreign from the facts; the sentence health gives;
// the start-up messages for a database or folder that cannot be used; the times re-indexed footage is filed under.
import { describe, expect, it } from 'vitest';
import { decideFolderIdentity, reindexNotice, type FolderIdentityFacts } from '../../../../main/core/storage/folder-identity-decision.ts';
import { classifyDatabaseError, databaseProblemMessage, dataFolderProblemMessage } from '../../../../main/core/storage/database-problems.ts';
import { datedNameTime } from '../../../../main/core/recording/recording-recovery.ts';
import { withinDay } from '../../../../main/core/snapshots/snapshot-reindex.ts';
import { damagedStamp } from '../../../../main/core/storage/database-repair.ts';

const A = 'aaaaaaaa-1111-4111-8111-111111111111';
const B = 'bbbbbbbb-2222-4222-8222-222222222222';
const facts = (f: Partial<FolderIdentityFacts>): FolderIdentityFacts => ({
  folderId: null,
  databaseId: null,
  databaseWasNew: false,
  folderHasFootage: true,
  databaseKnowsFootage: true,
  ...f,
});

describe('folder identity decision', () => {
  const cases: Array<[string, Partial<FolderIdentityFacts>, string, boolean, string | null]> = [
    ['same id in folder and database', { folderId: A, databaseId: A }, 'own', false, A],
    ['a database from another data folder', { folderId: A, databaseId: B, databaseKnowsFootage: false }, 'foreign', true, A],
    ['ids differ even if paths happen to match', { folderId: A, databaseId: B }, 'foreign', true, A],
    ['database moved aside or truncated (new, no id)', { folderId: A, databaseWasNew: true, databaseKnowsFootage: false }, 'replaced', true, A],
    ['a pre-id backup of this folder\'s own database', { folderId: A, databaseKnowsFootage: true }, 'adopted', false, A],
    ['id file, new database, no footage yet', { folderId: A, databaseWasNew: true, folderHasFootage: false, databaseKnowsFootage: false }, 'new', false, A],
    ['id file lost, the database knows the footage', { databaseId: B }, 'own', false, B],
    ['id file lost, nothing in the folder', { databaseId: B, folderHasFootage: false, databaseKnowsFootage: false }, 'own', false, B],
    ['a new-version database put in a folder whose footage it does not know', { databaseId: B, databaseKnowsFootage: false }, 'foreign', true, null],
    ['an install from before ids, with footage (adoption)', {}, 'adopted', false, null],
    ['an install from before ids, nothing recorded yet', { folderHasFootage: false, databaseKnowsFootage: false }, 'adopted', false, null],
    ['a brand new folder', { databaseWasNew: true, folderHasFootage: false, databaseKnowsFootage: false }, 'new', false, null],
    ['footage from before ids and a new database', { databaseWasNew: true, databaseKnowsFootage: false }, 'replaced', true, null],
    ['footage from before ids and an old database that knows none of it', { databaseKnowsFootage: false }, 'foreign', true, null],
  ];
  for (const [name, f, verdict, foreignFootage, id] of cases) {
    it(name, () => {
      expect(decideFolderIdentity(facts(f))).toEqual({ verdict, foreignFootage, id });
    });
  }

  it('the notice says how much was kept, that it is not deleted by age, and when', () => {
    const text = reindexNotice({ verdict: 'replaced', at: Date.UTC(2026, 11, 1, 11, 30), segments: 116, snapshots: 1 });
    expect(text).toBe(
      'The event database was replaced (it was missing or empty) on 2026-12-01 11:30 UTC: 116 recordings and 1 snapshot found in the data folder were kept and re-indexed; they are not deleted by age, only when the disk runs short of space (oldest first, after all other footage).',
    );
    expect(reindexNotice({ verdict: 'foreign', at: 0, segments: 1, snapshots: 2 })).toMatch(/^The event database was replaced by one from another data folder on 1970-01-01 00:00 UTC: 1 recording and 2 snapshots/);
  });
});

describe('start-up messages', () => {
  const file = '/data/nvr.sqlite';
  const sqlite = (code: string, message: string) => Object.assign(new Error(message), { code });
  it('sorts errors into what the owner can act on', () => {
    expect(classifyDatabaseError(sqlite('SQLITE_NOTADB', 'file is not a database'))).toBe('damaged');
    expect(classifyDatabaseError(sqlite('SQLITE_CORRUPT', 'database disk image is malformed'))).toBe('damaged');
    expect(classifyDatabaseError(sqlite('SQLITE_READONLY', 'attempt to write a readonly database'))).toBe('not-writable');
    expect(classifyDatabaseError(sqlite('EACCES', "EACCES: permission denied, access '/data'"))).toBe('not-writable');
    expect(classifyDatabaseError(sqlite('EROFS', 'EROFS: read-only file system'))).toBe('not-writable');
    expect(classifyDatabaseError(sqlite('SQLITE_FULL', 'database or disk is full'))).toBe('disk-full');
    expect(classifyDatabaseError(sqlite('SQLITE_CANTOPEN', 'unable to open database file'))).toBe('unopenable');
  });

  for (const problem of ['damaged', 'not-writable', 'unopenable', 'disk-full'] as const) {
    it(`${problem}: names the file, says no footage was deleted, never suggests an empty history`, () => {
      const text = databaseProblemMessage(problem, file, 'detail');
      expect(text).toContain(file);
      expect(text).toContain('No recording or snapshot has been deleted.');
      expect(text).not.toMatch(/empty history|start fresh/);
    });
  }

  it('a damaged database: restore a backup or `nvr repair-database`, which keeps and re-indexes the footage', () => {
    const text = databaseProblemMessage('damaged', file, 'database disk image is malformed');
    expect(text).toMatch(/is damaged \(database disk image is malformed\)/);
    expect(text).toMatch(/backup/);
    expect(text).toMatch(/nvr repair-database.*moves the damaged file aside.*deletes none of them by age/s);
  });

  it('a folder that cannot be written: what happened and what to do, no raw errno alone', () => {
    const text = dataFolderProblemMessage('/srv/nvr', 'EACCES');
    expect(text).toBe(
      'The data folder /srv/nvr cannot be created or written (it or its disk is read-only, or it belongs to another user; EACCES). Nothing in it was changed. Give this user write permission to the folder (or start the app as the user who owns it), or choose another folder with --data-dir, then start again.',
    );
    expect(dataFolderProblemMessage('/srv/nvr', 'ENOENT')).toMatch(/a folder above it is missing or cannot be written/);
  });
});

describe('times of re-indexed footage', () => {
  it('a dated segment name gives its local start time', () => {
    expect(datedNameTime('2026-11-24', '120000.mp4')).toBe(new Date(2026, 10, 24, 12, 0, 0).getTime());
    expect(datedNameTime('2026-11-24', '235959-2.mp4')).toBe(new Date(2026, 10, 24, 23, 59, 59).getTime());
    expect(datedNameTime('2026-11-24', 'clip.mp4')).toBeNull();
    expect(datedNameTime('2026-11-24', '250000.mp4')).toBeNull();
    expect(datedNameTime('incoming', '120000.mp4')).toBeNull();
  });

  it('a snapshot keeps its file time when it lies on its folder day, else the day start', () => {
    const noon = new Date(2026, 10, 24, 12).getTime();
    expect(withinDay('2026-11-24', noon)).toBe(noon);
    expect(withinDay('2026-11-24', noon + 2 * 86_400_000)).toBe(new Date(2026, 10, 24).getTime());
  });

  it('the damaged copy is named with a time usable on every platform', () => {
    expect(damagedStamp(Date.UTC(2026, 11, 1, 11, 42, 5, 123))).toBe('2026-12-01T11-42-05Z');
  });
});
