// The media router's paths for downloads: an export's file (its name only compared with the export's own list, never
// a path), a camera's current picture; anything else under /media/exports is refused before the engine is asked.
import { describe, expect, it } from 'vitest';
import { matchMediaPath } from '../../../../main/core/media/media-router.ts';
import { mediaPaths } from '../../../../preload/contract.ts';

describe('download media paths', () => {
  it('matches an export file by the same paths the page builds', () => {
    const id = '4f0c6a1e-2b8d-4a57-9e0b-6f1f3c2d9a10';
    expect(matchMediaPath(mediaPaths.exportFile(id, 'Caisse entrée 2026-11-25 14-00-00.mp4'))).toEqual({ kind: 'export', exportId: id, file: 'Caisse entrée 2026-11-25 14-00-00.mp4' });
    expect(matchMediaPath(mediaPaths.cameraSnapshot('cam-1'))).toEqual({ kind: 'frame', cameraId: 'cam-1' });
    expect(matchMediaPath(mediaPaths.snapshotDownload('ev-1').split('?')[0]!)).toEqual({ kind: 'snapshot', eventId: 'ev-1', variant: 'full' });
  });

  it('refuses names that could leave the export folder, and bad ids', () => {
    expect(matchMediaPath('/media/exports/abc/..%2Fnvr.sqlite')).toBe('bad');
    expect(matchMediaPath('/media/exports/abc/a%5Cb.mp4')).toBe('bad');
    expect(matchMediaPath('/media/exports/abc/%00.mp4')).toBe('bad');
    expect(matchMediaPath('/media/exports/abc/%E0%A4%A.mp4')).toBe('bad');
    expect(matchMediaPath('/media/exports/abc/')).toBe('bad');
    expect(matchMediaPath('/media/exports/a.b/x.mp4')).toBe('bad');
    expect(matchMediaPath(`/media/exports/abc/${'x'.repeat(300)}.mp4`)).toBe('bad');
    expect(matchMediaPath('/media/exports/abc/x/y.mp4')).toBe('bad');
  });
});
