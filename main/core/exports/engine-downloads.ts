// The engine's side of the media router's downloads (media/download-routes.ts): a range export's file, a camera's
// current picture, the name an event's snapshot is downloaded under.
import type { DownloadFileAnswer, DownloadSource, FrameAnswer } from '../media/download-routes.ts';
import type { MediaTools } from '../media-tools.ts';
import type { CameraLifecycle } from '../camera-lifecycle.ts';
import { NO_SUCH_CAMERA } from '../camera-lifecycle.ts';
import type { EventRepository } from '../storage/event-repository.ts';
import { exportFileName } from '../recording/export-job.ts';
import { grabLiveFrame } from '../live/live-frame.ts';
import type { RangeExports } from './range-exports.ts';

export interface EngineDownloadsDeps {
  exports: Pick<RangeExports, 'file'>;
  cameras: Pick<CameraLifecycle, 'saved' | 'pipeline' | 'status'>;
  events: Pick<EventRepository, 'get'>;
  tools: Pick<MediaTools, 'ffmpegPath' | 'ffmpegProblem'>;
}

export class EngineDownloads implements DownloadSource {
  constructor(private readonly deps: EngineDownloadsDeps) {}

  async exportDownload(exportId: string, file: string): Promise<DownloadFileAnswer> {
    const found = await this.deps.exports.file(exportId, file);
    if (!found.ok) return found;
    return { ok: true, file: found.file, downloadName: found.downloadName ?? file };
  }

  async currentFrame(cameraId: string, signal: AbortSignal): Promise<FrameAnswer> {
    const camera = this.deps.cameras.saved(cameraId);
    if (!camera) return { ok: false, status: 404, message: NO_SUCH_CAMERA };
    const ffmpegPath = this.deps.tools.ffmpegPath;
    if (!ffmpegPath) return { ok: false, status: 503, message: this.deps.tools.ffmpegProblem ?? 'ffmpeg was not found.' };
    const live = this.deps.cameras.pipeline(cameraId)?.live('main');
    const noPicture = `${camera.name} is not sending a picture right now, so there is no snapshot to save.`;
    if (!live || this.deps.cameras.status(cameraId)?.state !== 'streaming') return { ok: false, status: 503, message: noPicture };
    const jpeg = await grabLiveFrame({ ffmpegPath, open: (s) => live.hub.open(s), signal });
    if (!jpeg) return { ok: false, status: 503, message: noPicture };
    return { ok: true, jpeg, downloadName: exportFileName(camera.name, Date.now()).replace(/\.mp4$/, '.jpg') };
  }

  snapshotDownloadName(eventId: string): string | null {
    const event = this.deps.events.get(eventId);
    if (!event) return null;
    const name = this.deps.cameras.saved(event.cameraId)?.name ?? 'Camera';
    return exportFileName(name, event.startMs).replace(/\.mp4$/, '.jpg');
  }
}
