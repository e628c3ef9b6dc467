// The data folder watcher on a real temp folder (no camera): renamed away, back, replaced by an empty folder, back as
// a copy; each change reported once, with its sentence.
import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataFolderWatch, type DataFolderStatus } from '../../../main/core/data-folder-watch.ts';
import { silentLogger } from '../../../main/core/logging/logger.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('DataFolderWatch', () => {
  it('reports gone, back, replaced and copied, each once', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'nvr-watch-unit-'));
    dirs.push(parent);
    const root = path.join(parent, 'data');
    mkdirSync(root);
    writeFileSync(path.join(root, 'folder-id'), 'aaaaaaaa-1111-4111-8111-111111111111\n');
    writeFileSync(path.join(root, 'nvr.sqlite'), 'db');
    const seen: DataFolderStatus[] = [];
    const watch = new DataFolderWatch({ root, databasePath: path.join(root, 'nvr.sqlite'), logger: silentLogger(), onChange: (s) => void seen.push(s), pollMs: 60_000 });
    await watch.start();
    try {
      expect((await watch.check()).state).toBe('ok');
      renameSync(root, path.join(parent, 'away'));
      expect((await watch.check()).state).toBe('missing');
      expect((await watch.check()).state).toBe('missing');
      renameSync(path.join(parent, 'away'), root);
      expect((await watch.check()).state).toBe('ok');
      renameSync(root, path.join(parent, 'away'));
      mkdirSync(root); // an empty folder made in its place
      expect((await watch.check()).state).toBe('replaced');
      rmSync(root, { recursive: true });
      cpSync(path.join(parent, 'away'), root, { recursive: true }); // put back as a copy: same id, other files
      const copied = await watch.check();
      expect(copied.state).toBe('copied');
      expect(copied.reason).toMatch(/restart ShopWatch NVR/);
      expect(seen.map((s) => s.state)).toEqual(['missing', 'ok', 'replaced', 'copied']);
      expect(watch.status()).toBe(copied);
    } finally {
      watch.stop();
    }
  });
});
