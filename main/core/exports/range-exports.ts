// Range exports kept in the data folder (exports.create / list / rename / delete): 1–4 cameras over one time range,
// one MP4 per camera (segments joined without re-encoding, clip-builder.ts) in exports/<id>/, a row in the exports
// table (storage/export-repository.ts). They are the owner's: retention never deletes them. Progress arrives as the
// existing export.* events: per file under its progress id, and for the whole export under its id. A failure (a full
// disk among others) removes every file of the export and its row: nothing half-written is left, and export.failed
// carries one sentence. Files are downloaded through the media router (/media/exports/<id>/<file>).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type ApiEvents, type ExportCreated, type ExportView } from '../../../preload/contract.ts';
import { errorMessage } from '../../../preload/format.ts';
import type { Logger } from '../logging/logger.ts';
import type { ClipService, Tools } from '../recording/clip-service.ts';
import { buildClip } from '../recording/clip-builder.ts';
import { MAX_EXPORT_MS } from '../recording/export-job.ts';
import type { ExportFileRow, ExportRepository, ExportRow } from '../storage/export-repository.ts';
import { isDiskFullError } from '../storage/disk-full.ts';
import type { MediaFileAnswer } from '../media/media-router.ts';
import { isInside } from '../util/path-inside.ts';
import { exportRangeLabel } from '../../../preload/export-range-label.ts';
import { catalogs } from '../../../preload/i18n/all-catalogs.ts';
import type { Locale } from '../../../preload/i18n/locales.ts';
import { cleanExportName, MAX_EXPORT_CAMERAS, planRangeExport, type PlannedFile } from './export-plan.ts';

type ExportEvents = Pick<ApiEvents, 'export.progress' | 'export.done' | 'export.failed'>;

export interface RangeExportsOptions {
  repo: ExportRepository;
  clips: Pick<ClipService, 'segments'>;
  /** The data folder's exports/ (each export in a folder of its own, named by its id). */
  dir: string;
  logger: Logger;
  tools: () => Tools | string;
  cameraName: (cameraId: string) => string | null;
  emit: <K extends keyof ExportEvents>(name: K, payload: ExportEvents[K]) => void;
  pin?: (cameraId: string, fromMs: number, toMs: number) => () => void;
  now?: () => number;
}

/** Exports written at once (each joins up to 4 cameras at once); more wait for the owner to ask again. */
const MAX_RUNNING = 2;

export const EXPORT_DISK_FULL =
  'The disk that holds the data folder is full: the export was not saved. Free some space (old exports can be deleted in Exports) and try again.';

/** What ffmpeg or the file system says when the disk is full. */
function isFullDisk(err: unknown): boolean {
  return isDiskFullError(err) || /ENOSPC|EDQUOT|No space left|Disk quota exceeded/i.test(errorMessage(err));
}

export class RangeExports {
  private readonly o: RangeExportsOptions;
  private readonly now: () => number;
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopAll = new AbortController();

  constructor(o: RangeExportsOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
  }

  /**
   * Validates, plans and starts an export; answers once its row exists and ffmpeg is under way. An export without a
   * name the owner typed is named after its range in `locale`, the owner's language.
   */
  async create(input: { cameraIds: string[]; from: number; to: number; name?: string | undefined }, locale: Locale): Promise<ExportCreated> {
    const { from, to } = input;
    const cameraIds = [...new Set(input.cameraIds)];
    if (cameraIds.length === 0 || cameraIds.length > MAX_EXPORT_CAMERAS) throw new ApiError('bad-request', `Choose between 1 and ${MAX_EXPORT_CAMERAS} cameras to export.`);
    if (to <= from) throw new ApiError('bad-request', 'The end of the time range must be after its start.');
    if (to - from > MAX_EXPORT_MS) throw new ApiError('bad-request', 'One export holds at most 24 hours; export a shorter range.');
    const cameras = cameraIds.map((cameraId) => {
      const name = this.o.cameraName(cameraId);
      if (name === null) throw new ApiError('not-found', 'One of the chosen cameras no longer exists (it may have been removed).');
      return { cameraId, name, segments: this.o.clips.segments(cameraId, from, to) };
    });
    const plan = planRangeExport(cameras, from, to);
    if (!plan.ok) throw new ApiError('not-found', plan.message);
    const tools = this.o.tools();
    if (typeof tools === 'string') throw new ApiError('unavailable', tools);
    if (this.stopAll.signal.aborted) throw new ApiError('unavailable', 'ShopWatch NVR is shutting down; export again after it restarts.');
    if (this.running.size >= MAX_RUNNING) throw new ApiError('conflict', 'Two exports are being written already; export this range once one of them is done.');
    const exportId = randomUUID();
    const name = cleanExportName(input.name) ?? exportRangeLabel(catalogs[locale], cameras.map((c) => c.name), from, to, this.now());
    const folder = path.join(this.o.dir, exportId);
    this.o.repo.insert({ id: exportId, name, cameraIds, fromMs: from, toMs: to, createdMs: this.now() });
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
    } catch (err) {
      this.o.repo.delete(exportId);
      throw isFullDisk(err) ? new ApiError('unavailable', EXPORT_DISK_FULL) : err;
    }
    const parts = plan.files.map((f, i) => ({ cameraId: f.cameraId, progressId: `${exportId}-${i}`, file: f.file }));
    const job = this.run(exportId, folder, plan.files, parts.map((p) => p.progressId), tools).finally(() => this.running.delete(exportId));
    this.running.set(exportId, job);
    this.o.logger.info({ exportId, cameraIds, fromMs: from, toMs: to, files: parts.length }, 'range export started');
    return { exportId, name, parts, skippedCameraIds: plan.skipped.map((s) => s.cameraId) };
  }

  /**
   * Every export, newest first. Not shown: one a crash or a failure left half-done, and one whose folder is not in the
   * data folder (a database restored without its exports/): its row stays, should the files come back.
   */
  list(): ExportView[] {
    return this.o.repo
      .list()
      .filter((r) => this.running.has(r.id) || (r.state === 'done' && existsSync(path.join(this.o.dir, r.id))))
      .map(toView);
  }

  rename(id: string, name: string): ExportView {
    const row = this.existing(id);
    const clean = cleanExportName(name);
    if (clean === null) throw new ApiError('bad-request', 'Give the export a name.');
    this.o.repo.rename(id, clean);
    return toView({ ...row, name: clean });
  }

  /** Removes an export's files, then its row. */
  async delete(id: string): Promise<void> {
    this.existing(id);
    if (this.running.has(id)) throw new ApiError('conflict', 'This export is still being written; delete it once it is done.');
    await this.removeFiles(id);
    this.o.repo.delete(id);
    this.o.logger.info({ exportId: id }, 'export deleted');
  }

  /** A finished export's file for the media router, with the name a download carries. */
  async file(id: string, file: string): Promise<MediaFileAnswer & { downloadName?: string }> {
    const row = this.o.repo.get(id);
    const entry = row?.state === 'done' ? row.files.find((f) => f.file === file) : undefined;
    if (!row || !entry) return { ok: false, status: 404, message: 'There is no such export (it may have been deleted).' };
    const abs = path.join(this.o.dir, id, entry.file);
    if (!isInside(this.o.dir, abs)) return { ok: false, status: 404, message: 'There is no such export (it may have been deleted).' };
    return { ok: true, file: abs, immutable: true, downloadName: entry.file };
  }

  /** Start-up: exports a crash or power cut interrupted lose their files and rows. Returns how many. */
  async recover(): Promise<number> {
    const left = this.o.repo.running();
    for (const row of left) {
      await this.removeFiles(row.id).catch(() => undefined);
      this.o.repo.delete(row.id);
    }
    if (left.length) this.o.logger.warn({ exports: left.length }, 'removed exports an unclean stop left unfinished');
    return left.length;
  }

  /** Resolves when every running export has ended (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  /** Shutdown: stops running exports (their files are removed) and refuses new ones. */
  async close(): Promise<void> {
    this.stopAll.abort();
    await this.idle();
  }

  private existing(id: string): ExportRow {
    const row = this.o.repo.get(id);
    if (!row || (row.state !== 'done' && !this.running.has(id))) throw new ApiError('not-found', 'There is no such export (it may have been deleted).');
    return row;
  }

  private async removeFiles(id: string): Promise<void> {
    const folder = path.join(this.o.dir, id);
    if (!isInside(this.o.dir, folder)) return;
    await rm(folder, { recursive: true, force: true });
  }

  /** Writes every camera's file (at once: the join is disk-bound); the first failure stops the others. */
  private async run(exportId: string, folder: string, files: PlannedFile[], progressIds: string[], tools: Tools): Promise<void> {
    const stop = new AbortController();
    const onStop = () => stop.abort();
    this.stopAll.signal.addEventListener('abort', onStop, { once: true });
    const fractions = files.map(() => 0);
    let lastSent = 0;
    const t0 = Date.now();
    const releases = files.map((f) => this.o.pin?.(f.cameraId, f.plan.firstMs, f.plan.lastMs));
    let firstError: unknown = null;
    try {
      const settled = await Promise.allSettled(
        files.map(async (f, i): Promise<ExportFileRow> => {
          const built = await buildClip({
            ...tools,
            plan: f.plan,
            outFile: path.join(folder, f.file),
            listFile: path.join(folder, `.${i}.ffconcat`),
            signal: stop.signal,
            onProgress: (fraction) => {
              fractions[i] = fraction;
              const t = Date.now();
              if (t - lastSent < 250) return;
              lastSent = t;
              fractions.forEach((v, j) => this.o.emit('export.progress', { exportId: progressIds[j]!, fraction: v }));
              this.o.emit('export.progress', { exportId, fraction: fractions.reduce((a, b) => a + b, 0) / files.length });
            },
          }).catch((err: unknown) => {
            firstError ??= err; // the others are stopped: their "cancelled" is not the reason
            stop.abort();
            throw err;
          });
          fractions[i] = 1;
          this.o.emit('export.progress', { exportId: progressIds[i]!, fraction: 1 });
          this.o.emit('export.done', { exportId: progressIds[i]!, file: built.file, bytes: built.bytes, durationMs: built.durationMs });
          return { cameraId: f.cameraId, file: f.file, bytes: built.bytes, durationMs: built.durationMs };
        }),
      );
      // Every ffmpeg has ended before anything is removed or recorded.
      if (firstError !== null || this.stopAll.signal.aborted) throw firstError ?? new Error('cancelled');
      const written = settled.map((r) => (r as PromiseFulfilledResult<ExportFileRow>).value);
      this.o.repo.finish(exportId, written);
      const bytes = written.reduce((n, w) => n + w.bytes, 0);
      this.o.logger.info({ exportId, bytes, files: written.length, ms: Date.now() - t0 }, 'range export done');
      this.o.emit('export.progress', { exportId, fraction: 1 });
      this.o.emit('export.done', { exportId, file: folder, bytes, durationMs: Math.max(...written.map((w) => w.durationMs)) });
    } catch (err) {
      await this.fail(exportId, err, stop.signal.aborted && this.stopAll.signal.aborted);
    } finally {
      this.stopAll.signal.removeEventListener('abort', onStop);
      releases.forEach((release) => release?.());
    }
  }

  /** Nothing half-written stays: the export's folder goes, then its row (a row a full database keeps goes at the next start). */
  private async fail(exportId: string, err: unknown, shutdown: boolean): Promise<void> {
    const detail = errorMessage(err);
    const full = isFullDisk(err);
    this.o.logger.error({ exportId, err: detail, diskFull: full }, 'range export failed');
    await this.removeFiles(exportId).catch((e: unknown) => this.o.logger.error({ exportId, err: errorMessage(e) }, 'could not remove a failed export'));
    try {
      this.o.repo.delete(exportId);
    } catch (e) {
      this.o.logger.warn({ exportId, err: errorMessage(e) }, 'the failed export is removed from the database at the next start');
    }
    const message = shutdown
      ? 'The export was stopped because ShopWatch NVR shut down; export again after it restarts.'
      : full
      ? EXPORT_DISK_FULL
      : `The export could not be written (${detail.slice(0, 200)}); try again.`;
    this.o.emit('export.failed', { exportId, message });
  }
}

function toView(r: ExportRow): ExportView {
  return {
    id: r.id,
    name: r.name,
    cameraIds: r.cameraIds,
    fromMs: r.fromMs,
    toMs: r.toMs,
    createdMs: r.createdMs,
    state: r.state,
    bytes: r.bytes,
    files: r.files.map((f) => ({ cameraId: f.cameraId, file: f.file, bytes: f.bytes, durationMs: f.durationMs })),
  };
}
