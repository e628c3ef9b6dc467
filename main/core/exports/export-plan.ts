// Pure parts of a range export (exports.create): which segments each camera's file joins and under what file name,
// the owner's name for it (the default name is preload/export-range-label.ts), and the names a download may carry
// (a safe ASCII fallback plus RFC 8187's UTF-8 filename* in Content-Disposition). No file system, no clock.
import { planClip, type ClipPlan, type ClipSegment } from '../recording/clip-plan.ts';
import { exportFileName } from '../recording/export-job.ts';

/** The most cameras one export holds. */
export const MAX_EXPORT_CAMERAS = 4;

export interface CameraFootage {
  cameraId: string;
  name: string;
  segments: readonly ClipSegment[];
}

export interface PlannedFile {
  cameraId: string;
  cameraName: string;
  /** The file's name inside the export's folder (unique within the export). */
  file: string;
  plan: ClipPlan;
}

export type RangeExportPlan =
  | { ok: true; files: PlannedFile[]; skipped: Array<{ cameraId: string; cameraName: string }> }
  | { ok: false; message: string };

/**
 * Plans one file per camera that recorded anything in [fromMs, toMs). Cameras without footage there are skipped (and
 * named, so the page can say so); with none at all the plan fails with a sentence.
 */
export function planRangeExport(cameras: readonly CameraFootage[], fromMs: number, toMs: number): RangeExportPlan {
  const files: PlannedFile[] = [];
  const skipped: Array<{ cameraId: string; cameraName: string }> = [];
  const used = new Set<string>();
  for (const c of cameras) {
    const plan = planClip(c.segments, fromMs, toMs);
    if (!plan) {
      skipped.push({ cameraId: c.cameraId, cameraName: c.name });
      continue;
    }
    files.push({ cameraId: c.cameraId, cameraName: c.name, file: uniqueName(exportFileName(c.name, plan.firstMs), used), plan });
  }
  if (files.length === 0) {
    const which = cameras.length === 1 ? cameras[0]!.name : 'any of these cameras';
    return { ok: false, message: `No footage of ${which} was recorded in this time range, so there is nothing to export.` };
  }
  return { ok: true, files, skipped };
}

/** Two cameras of the same name get "Till … (2).mp4". */
function uniqueName(name: string, used: Set<string>): string {
  const stem = name.replace(/\.mp4$/, '');
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n}).mp4`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/** The owner's name for an export: trimmed, control characters out, at most 120 characters; empty → null. */
export function cleanExportName(name: string | undefined | null): string | null {
  const clean = (name ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
  return clean === '' ? null : clean;
}

/** An ASCII-only file name for old clients: accents dropped, anything else unsafe in a header or a path becomes "_". */
export function asciiFileName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\/:*?<>|%;]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '_');
  return ascii === '' || /^_*(\.mp4)?$/i.test(ascii) ? `export${name.toLowerCase().endsWith('.mp4') ? '.mp4' : ''}` : ascii;
}

/** RFC 8187 ext-value: UTF-8, percent-encoded, only attr-chars left as they are. */
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="Front door 2026-11-25 14-00-00.mp4"; filename*=UTF-8''…` */
export function contentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}
