import { describe, expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { dataPaths, dayFolderName, defaultDataDir, resolveDataDir } from '../../../../main/core/config/data-dir.ts';

describe('the data folder', () => {
  it('is the platform’s application-data folder by default', () => {
    expect(defaultDataDir('linux', {})).toBe(path.join(os.homedir(), '.config', 'ShopWatch NVR'));
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' })).toBe(path.join('/x', 'ShopWatch NVR'));
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' })).toContain('ShopWatch NVR');
    expect(defaultDataDir('darwin', {})).toContain(path.join('Library', 'Application Support', 'ShopWatch NVR'));
  });

  it('is overridden by --data-dir, then NVR_DATA_DIR', () => {
    expect(resolveDataDir('/srv/nvr', { NVR_DATA_DIR: '/other' })).toBe('/srv/nvr');
    expect(resolveDataDir(null, { NVR_DATA_DIR: '/other' })).toBe('/other');
    expect(resolveDataDir('relative/dir', {})).toBe(path.resolve('relative/dir'));
  });

  it('lays out the database, the key file and the dated folders inside it', () => {
    const p = dataPaths('/srv/nvr');
    expect(p.database).toBe('/srv/nvr/nvr.sqlite');
    expect(p.snapshots).toBe('/srv/nvr/snapshots');
    expect(path.dirname(p.secretKey)).toBe('/srv/nvr');
    expect(dayFolderName(new Date(2026, 10, 5, 23, 59).getTime())).toBe('2026-11-05');
  });
});
