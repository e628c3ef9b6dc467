// The pure parts of a range export: the plan of each camera's file from its segments, the default name, and the names
// a download carries (Content-Disposition's ASCII filename and UTF-8 filename*).
import { describe, expect, it } from 'vitest';
import {
  asciiFileName,
  cleanExportName,
  contentDisposition,
  planRangeExport,
  type CameraFootage,
} from '../../../../main/core/exports/export-plan.ts';
import type { ClipSegment } from '../../../../main/core/recording/clip-plan.ts';

const T0 = new Date(2026, 10, 25, 14, 0, 0).getTime();
const segs = (cameraId: string, startMs: number, count: number): ClipSegment[] =>
  Array.from({ length: count }, (_, i) => ({ id: i + 1, startMs: startMs + i * 10_000, endMs: startMs + (i + 1) * 10_000, file: `/data/recordings/${cameraId}/${i}.mp4` }));

describe('range → segment plan', () => {
  it('plans one file per camera, cut at the range, covering only what was recorded', () => {
    const cams: CameraFootage[] = [
      { cameraId: 'a', name: 'Front door', segments: segs('a', T0, 12) },
      // Till started recording 30 s late.
      { cameraId: 'b', name: 'Till', segments: segs('b', T0 + 30_000, 9) },
    ];
    const plan = planRangeExport(cams, T0 + 5_000, T0 + 95_000);
    if (!plan.ok) throw new Error(plan.message);
    expect(plan.files.map((f) => f.cameraId)).toEqual(['a', 'b']);
    const [a, b] = plan.files as [typeof plan.files[0], typeof plan.files[0]];
    expect(a.plan.coveredMs).toBe(90_000);
    expect(a.plan.segmentIds).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(a.plan.entries[0]!.inpointSec).toBe(5);
    expect(a.plan.entries.at(-1)!.outpointSec).toBe(5);
    expect(b.plan.coveredMs).toBe(65_000);
    expect(b.plan.entries[0]!.inpointSec).toBeNull();
    expect(a.file).toBe('Front door 2026-11-25 14-00-05.mp4');
    expect(b.file).toBe('Till 2026-11-25 14-00-30.mp4');
    expect(plan.skipped).toEqual([]);
  });

  it('skips a camera with no footage in the range, and fails with a sentence when none has any', () => {
    const cams: CameraFootage[] = [
      { cameraId: 'a', name: 'Front door', segments: segs('a', T0, 3) },
      { cameraId: 'b', name: 'Till', segments: [] },
    ];
    const plan = planRangeExport(cams, T0, T0 + 20_000);
    expect(plan.ok && plan.files.length === 1 && plan.skipped).toEqual([{ cameraId: 'b', cameraName: 'Till' }]);
    expect(planRangeExport(cams, T0 + 3_600_000, T0 + 3_700_000)).toEqual({
      ok: false,
      message: 'No footage of any of these cameras was recorded in this time range, so there is nothing to export.',
    });
    expect(planRangeExport([cams[1]!], T0, T0 + 1000)).toMatchObject({ ok: false, message: expect.stringContaining('No footage of Till') });
  });

  it('gives two cameras of the same name different files', () => {
    const cams: CameraFootage[] = [
      { cameraId: 'a', name: 'Till', segments: segs('a', T0, 2) },
      { cameraId: 'b', name: 'till', segments: segs('b', T0, 2) },
    ];
    const plan = planRangeExport(cams, T0, T0 + 20_000);
    expect(plan.ok && plan.files.map((f) => f.file)).toEqual(['Till 2026-11-25 14-00-00.mp4', 'till 2026-11-25 14-00-00 (2).mp4']);
  });
});

describe('export names', () => {
  it('cleans the name the owner typed', () => {
    expect(cleanExportName('  Break-in\n at the  till ')).toBe('Break-in at the till');
    expect(cleanExportName('   ')).toBeNull();
    expect(cleanExportName(undefined)).toBeNull();
    expect(cleanExportName('x'.repeat(300))!.length).toBe(120);
  });
});

describe('download file names', () => {
  it('keeps a plain name as it is', () => {
    expect(asciiFileName('Front door 2026-11-25 14-00-05.mp4')).toBe('Front door 2026-11-25 14-00-05.mp4');
    expect(contentDisposition('Till 2026-11-25 14-00-00.mp4')).toBe(
      `attachment; filename="Till 2026-11-25 14-00-00.mp4"; filename*=UTF-8''Till%202026-11-25%2014-00-00.mp4`,
    );
  });

  it('drops accents and replaces what is unsafe in a header or a path; filename* keeps the real name', () => {
    expect(asciiFileName('Café Entrée 14-00.mp4')).toBe('Cafe Entree 14-00.mp4');
    expect(asciiFileName('Lager "hinten"; \\/:*?<>|% 1.mp4')).toBe('Lager _hinten__ _________ 1.mp4');
    expect(asciiFileName('收银台 Kasse.mp4')).toBe('___ Kasse.mp4');
    expect(asciiFileName('..hidden.mp4')).toBe('_hidden.mp4');
    expect(asciiFileName('\r\nSet-Cookie: x.mp4')).not.toMatch(/[\r\n]/);
    const header = contentDisposition("Caisse d'entrée (1).mp4");
    expect(header).toBe(`attachment; filename="Caisse d'entree (1).mp4"; filename*=UTF-8''Caisse%20d%27entr%C3%A9e%20%281%29.mp4`);
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe("Caisse d'entrée (1).mp4");
  });

  it('never gives an empty or all-underscore name', () => {
    expect(asciiFileName('')).toBe('export');
    expect(asciiFileName('日本.mp4')).toBe('export.mp4');
  });
});
