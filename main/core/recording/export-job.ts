// Export: an event or a camera's time range as one MP4 (segments joined without re-encoding) into a folder the owner
// picks, or by default "ShopWatch NVR exports" in their videos folder. The request answers at once with the export's
// id and file name; progress, completion and failure arrive as contract events (export.progress, export.done,
// export.failed). The file is written as "<name>.mp4.partial" and renamed when complete, under a name a shop owner
// understands: "Front door 2026-11-25 14-03-12.mp4".
import { randomUUID } from 'node:crypto';
import { access, constants, mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type ApiEvents } from '../../../preload/contract.ts';
import type { Logger } from '../logging/logger.ts';
import { buildClip } from './clip-builder.ts';
import type { ClipService, Tools } from './clip-service.ts';
import { errorMessage } from '../../../preload/format.ts';

/** The longest range one export joins. */
export const MAX_EXPORT_MS = 24 * 3_600_000;

export type ExportEvents = Pick<ApiEvents, 'export.progress' | 'export.done' | 'export.failed'>;

export interface ExportManagerOptions {
  clips: ClipService;
  logger: Logger;
  tools: () => Tools | string;
  cameraName: (cameraId: string) => string | null;
  emit: <K extends keyof ExportEvents>(name: K, payload: ExportEvents[K]) => void;
  /** Where concat lists are written while ffmpeg runs (the data folder's exports/). */
  workDir: string;
  pin?: (cameraId: string, fromMs: number, toMs: number) => () => void;
  /** Where an export goes when the request names no folder (created when missing); see defaultExportFolder. */
  defaultFolder?: () => string;
}

export type ExportInput = { folder?: string | undefined } & ({ eventId: string } | { cameraId: string; from: number; to: number });

export const EXPORTS_FOLDER_NAME = 'ShopWatch NVR exports';

/** The running exports' journals in the work folder: "<exportId>.export.json" → { partial: <absolute path> }. */
const JOURNAL_SUFFIX = '.export.json';

/**
 * The folder exports go to unless the owner picks another: "ShopWatch NVR exports" in the user's videos folder
 * (Videos on Windows and Linux, Movies on macOS; $XDG_VIDEOS_DIR when set), else in the home folder.
 */
export function defaultExportFolder(o: { home: string; platform: NodeJS.Platform; env: NodeJS.ProcessEnv; isDir: (p: string) => boolean }): string {
  const xdg = o.platform === 'linux' ? o.env.XDG_VIDEOS_DIR : undefined;
  const candidates = [...(xdg && path.isAbsolute(xdg) ? [xdg] : []), path.join(o.home, o.platform === 'darwin' ? 'Movies' : 'Videos')];
  const videos = candidates.find((c) => o.isDir(c)) ?? o.home;
  return path.join(videos, EXPORTS_FOLDER_NAME);
}

/** A file name a shop owner understands: the camera's name and the local start time, safe on every file system. */
export function exportFileName(cameraName: string, startMs: number): string {
  const d = new Date(startMs);
  const p = (n: number) => String(n).padStart(2, '0');
  const when = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
  const safe = cameraName
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 80);
  return `${safe || 'Camera'} ${when}.mp4`;
}

/** Checks the destination the owner chose: an absolute path to an existing folder this app may write into. */
export async function checkExportFolder(folder: string): Promise<string> {
  if (!path.isAbsolute(folder)) throw new ApiError('bad-request', `Choose a full folder path for the export (like /home/shop/Videos), not "${folder.slice(0, 200)}".`);
  const resolved = path.resolve(folder);
  let s;
  try {
    s = await stat(resolved);
  } catch {
    throw new ApiError('bad-request', `The folder ${resolved} does not exist; choose another one or create it first.`);
  }
  if (!s.isDirectory()) throw new ApiError('bad-request', `${resolved} is a file, not a folder; choose a folder for the export.`);
  try {
    await access(resolved, constants.W_OK);
  } catch {
    throw new ApiError('bad-request', `ShopWatch NVR may not write into ${resolved}; choose a folder of yours (like Videos or Desktop).`);
  }
  return resolved;
}

async function freeName(folder: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const candidate = path.join(folder, n === 1 ? name : `${stem} (${n})${ext}`);
    try {
      await stat(candidate);
    } catch {
      try {
        await stat(`${candidate}.partial`);
      } catch {
        return candidate;
      }
    }
  }
  throw new ApiError('conflict', `The folder ${folder} already holds too many exports with this name; choose another folder.`);
}

export class ExportManager {
  private readonly o: ExportManagerOptions;
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopAll = new AbortController();

  constructor(o: ExportManagerOptions) {
    this.o = o;
  }

  /** Validates and starts an export; resolves with its id and file once ffmpeg is under way. */
  async start(input: ExportInput): Promise<{ exportId: string; file: string; fromMs: number; toMs: number }> {
    const folder = await this.folderFor(input);
    let cameraId: string;
    let fromMs: number;
    let toMs: number;
    if ('eventId' in input) {
      const r = this.o.clips.eventRange(input.eventId);
      if (!r) throw new ApiError('not-found', 'There is no such event (it may have been deleted by retention).');
      ({ cameraId, fromMs, toMs } = r);
    } else {
      ({ cameraId, from: fromMs, to: toMs } = input);
      if (toMs <= fromMs) throw new ApiError('bad-request', 'The end of the time range must be after its start.');
      if (toMs - fromMs > MAX_EXPORT_MS) throw new ApiError('bad-request', 'One export holds at most 24 hours; export a shorter range.');
    }
    const name = this.o.cameraName(cameraId);
    if (name === null && !('eventId' in input)) throw new ApiError('not-found', 'There is no such camera (it may have been removed).');
    const plan = this.o.clips.plan(cameraId, fromMs, toMs);
    if (!plan) throw new ApiError('not-found', 'No footage was recorded in this time range, so there is nothing to export.');
    const tools = this.o.tools();
    if (typeof tools === 'string') throw new ApiError('unavailable', tools);
    if (this.stopAll.signal.aborted) throw new ApiError('unavailable', 'ShopWatch NVR is shutting down; export again after it restarts.');
    const file = await freeName(folder, exportFileName(name ?? 'Camera', plan.firstMs));
    const exportId = randomUUID();
    // A note of the partial file in the data folder: if the NVR dies mid-export, the next start removes it from the
    // owner's folder (recover()).
    const journal = path.join(this.o.workDir, `${exportId}${JOURNAL_SUFFIX}`);
    await writeFile(journal, JSON.stringify({ partial: `${file}.partial` })).catch((err: unknown) => {
      // Best effort: without it only the clean-up after a crash is lost, not the export.
      this.o.logger.warn({ err: errorMessage(err) }, 'could not note the export in the data folder');
    });
    const release = this.o.pin?.(cameraId, fromMs, toMs);
    const log = this.o.logger.child({ cameraId, cameraName: name ?? undefined, exportId });
    let lastSent = 0;
    const t0 = Date.now();
    const job = buildClip({
      ...tools,
      plan,
      outFile: file,
      listFile: path.join(this.o.workDir, `${exportId}.ffconcat`),
      signal: this.stopAll.signal,
      onProgress: (fraction) => {
        const t = Date.now();
        if (t - lastSent < 250) return;
        lastSent = t;
        this.o.emit('export.progress', { exportId, fraction });
      },
    })
      .then((built) => {
        log.info({ file, bytes: built.bytes, durationMs: built.durationMs, ms: Date.now() - t0 }, 'export done');
        this.o.emit('export.progress', { exportId, fraction: 1 });
        this.o.emit('export.done', { exportId, file, bytes: built.bytes, durationMs: built.durationMs });
      })
      .catch((err: unknown) => {
        const detail = errorMessage(err);
        log.error({ err: detail }, 'export failed');
        const message = this.stopAll.signal.aborted
          ? 'The export was stopped because ShopWatch NVR shut down; export again after it restarts.'
          : /ENOSPC|No space left/.test(detail)
          ? `The export did not fit on the disk of ${folder}; free some space there or choose another folder.`
          : `The export could not be written to ${folder}: ${detail}`;
        this.o.emit('export.failed', { exportId, message });
      })
      .finally(async () => {
        release?.();
        await unlink(journal).catch(() => undefined);
        this.running.delete(exportId);
      });
    this.running.set(exportId, job);
    log.info({ file, fromMs, toMs, segments: plan.segmentIds.length }, 'export started');
    return { exportId, file, fromMs, toMs };
  }

  /** The folder the owner named, or the default exports folder (made when missing); checked writable. */
  private async folderFor(input: ExportInput): Promise<string> {
    if (input.folder !== undefined) return checkExportFolder(input.folder);
    if (!this.o.defaultFolder) throw new ApiError('bad-request', 'Choose a folder for the export.');
    const fallback = this.o.defaultFolder();
    try {
      await mkdir(fallback, { recursive: true });
    } catch (err) {
      throw new ApiError('bad-request', `The exports folder ${fallback} could not be created (${(err as Error).message}); choose a folder for the export.`);
    }
    return checkExportFolder(fallback);
  }

  /**
   * Start-up: removes the partial files of exports a crash or power cut interrupted (named in their journals; only
   * files ending in .mp4.partial are ever removed) and the leftover concat lists. Returns how many partial files went.
   */
  async recover(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.o.workDir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const abs = path.join(this.o.workDir, name);
      if (name.endsWith('.ffconcat')) {
        await unlink(abs).catch(() => undefined);
        continue;
      }
      if (!name.endsWith(JOURNAL_SUFFIX)) continue;
      try {
        const { partial } = JSON.parse(await readFile(abs, 'utf8')) as { partial?: unknown };
        if (typeof partial === 'string' && path.isAbsolute(partial) && partial.endsWith('.mp4.partial')) {
          await unlink(partial);
          removed++;
        }
      } catch {
        // no partial left (the export had ended or never wrote), or an unreadable journal
      }
      await unlink(abs).catch(() => undefined);
    }
    if (removed) this.o.logger.warn({ files: removed }, 'removed unfinished exports left by an unclean stop');
    return removed;
  }

  /** Resolves when every running export has ended (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  /** Shutdown: stops running exports (their partial files are removed) and refuses new ones. */
  async close(): Promise<void> {
    this.stopAll.abort();
    await this.idle();
  }
}
