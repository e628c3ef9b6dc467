// The media the routers serve (media/media-router.ts): event snapshots, clips and recordings found from database rows,
// and each camera's live fragmented MP4. Paths come from rows or the clip cache, never from a URL.
import { isInside } from './util/path-inside.ts';
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { ApiError, type LiveInfo } from '../../preload/contract.ts';
import type { MediaFileAnswer, MediaSource } from './media/media-router.ts';
import type { DataPaths } from './config/data-dir.ts';
import type { EventRepository } from './storage/event-repository.ts';
import type { ClipService } from './recording/clip-service.ts';
import { NO_SUCH_CAMERA, NO_SUCH_CAMERA_SAID, type CameraLifecycle } from './camera-lifecycle.ts';
import { say } from '../../preload/i18n/engine-message.ts';
import type { DownloadFileAnswer, DownloadSource, FrameAnswer } from './media/download-routes.ts';

export interface CameraMediaDeps {
  paths: DataPaths;
  events: Pick<EventRepository, 'getPaths' | 'list'>;
  clips: Pick<ClipService, 'eventClipFile' | 'recordingFile'>;
  cameras: CameraLifecycle;
  /** Range exports' files, the current picture, snapshot names (exports/engine-downloads.ts). */
  downloads?: DownloadSource;
}

export class CameraMedia implements MediaSource {
  constructor(private readonly deps: CameraMediaDeps) {}

  async snapshotFile(eventId: string, variant: 'full' | 'thumb'): Promise<string | null> {
    const row = this.deps.events.getPaths(eventId);
    const rel = variant === 'full' ? row?.snapshotPath : row?.thumbnailPath;
    if (!rel) return null;
    const abs = path.resolve(this.deps.paths.root, rel);
    if (!isInside(this.deps.paths.snapshots, abs)) return null;
    return existsSync(abs) ? abs : null;
  }

  cameraSaved(cameraId: string): boolean {
    return this.deps.cameras.saved(cameraId) !== null;
  }

  async latestSnapshotFile(cameraId: string): Promise<string | null> {
    const latest = this.deps.events.list({ cameraIds: [cameraId], limit: 5 }).events.find((e) => e.hasSnapshot);
    return latest ? this.snapshotFile(latest.id, 'full') : null;
  }

  /** The media router's event clip route: the event's footage joined into one cached MP4. */
  eventClipFile(eventId: string): Promise<MediaFileAnswer> {
    return this.deps.clips.eventClipFile(eventId);
  }

  /** The media router's recording route: a camera's footage over [fromMs, toMs). */
  recordingFile(cameraId: string, fromMs: number, toMs: number): Promise<MediaFileAnswer> {
    if (!this.deps.cameras.saved(cameraId)) return Promise.resolve({ ok: false, status: 404, message: NO_SUCH_CAMERA });
    return this.deps.clips.recordingFile(cameraId, fromMs, toMs);
  }

  exportDownload(exportId: string, file: string): Promise<DownloadFileAnswer> {
    return this.deps.downloads?.exportDownload?.(exportId, file) ?? Promise.resolve({ ok: false, status: 404, message: 'There is no such export.' });
  }

  currentFrame(cameraId: string, signal: AbortSignal): Promise<FrameAnswer> {
    return this.deps.downloads?.currentFrame?.(cameraId, signal) ?? Promise.resolve({ ok: false, status: 404, message: 'This camera has no live picture.' });
  }

  snapshotDownloadName(eventId: string): string | null {
    return this.deps.downloads?.snapshotDownloadName?.(eventId) ?? null;
  }

  /** A live fragmented-MP4 stream for one viewer (init segment, then fragments), ended when `signal` aborts. */
  openLive(cameraId: string, quality: 'sub' | 'main', signal?: AbortSignal): Readable | null {
    const live = this.deps.cameras.pipeline(cameraId)?.live(quality);
    return live ? live.hub.open(signal) : null;
  }

  /** The media router's live route. */
  async liveStream(cameraId: string, quality: 'sub' | 'main', signal: AbortSignal): Promise<Readable | null> {
    return this.openLive(cameraId, quality, signal);
  }

  /** The live view's codec and size; waits up to `waitMs` for a camera that is starting. */
  async liveInfo(cameraId: string, quality: 'sub' | 'main', waitMs = 8000): Promise<LiveInfo> {
    const camera = this.deps.cameras.saved(cameraId);
    if (!camera) throw new ApiError('not-found', NO_SUCH_CAMERA_SAID);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const live = this.deps.cameras.pipeline(cameraId)?.live(quality);
      if (!live) throw new ApiError('unavailable', say('engine_live_unavailable', { camera: camera.name }));
      const state = this.deps.cameras.status(cameraId);
      if (state?.state === 'failed') {
        throw state.reason ? new ApiError('unavailable', state.reason, state.reasonMessage ?? undefined) : new ApiError('unavailable', say('engine_live_cannot_stream', { camera: camera.name }));
      }
      const info = live.hub.initInfo;
      // Right after an H.265 stream is found the view already says "converted", while its hub still holds the H.265
      // init until the converting ffmpeg run starts: wait for the new one (seen under load: an hev1 codec answered).
      const stale = info !== null && live.transcoded && info.hevc;
      if (info && !stale) {
        return {
          mime: `video/mp4; codecs="${info.codec}"`,
          width: info.width,
          height: info.height,
          transcoded: live.transcoded,
          note: live.note,
        };
      }
      if (Date.now() >= deadline) {
        throw new ApiError('unavailable', say('engine_live_no_picture_yet', { camera: camera.name }));
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
