// ffmpeg and ffprobe, located once at start (capture/ffmpeg-locate.ts says where it looks) and handed to every part
// that runs them: the cameras (ffmpeg), recording recovery and segments (ffprobe), playback and exports (both), the
// wizard's camera tests (both). A missing tool is one sentence the owner can act on, kept here and given to whoever
// asks for it.
import type { Logger } from './logging/logger.ts';
import type { Tools } from './recording/clip-service.ts';
import { locateFfmpeg, locateFfprobe } from './capture/ffmpeg-locate.ts';
import { errorMessage } from '../../preload/format.ts';

export interface MediaTools {
  /** The ffmpeg the cameras run; null when none was found (then `ffmpegProblem` says why). */
  readonly ffmpegPath: string | null;
  readonly ffmpegProblem: string | null;
  /** The ffprobe paired with that ffmpeg; null when none was found. */
  readonly ffprobePath: string | null;
  /** Both tools (playback, exports, camera tests), or the sentence that says which one is missing. */
  both(): Tools | string;
  /** ffprobe alone (stream tests), or the sentence that says it is missing. */
  ffprobe(): string | { problem: string };
}

const NO_FFPROBE = 'ffprobe (part of ffmpeg) was not found: install ffmpeg to play and export recordings.';

export function locateMediaTools(options: { settingsPath: string | null; resourcesPath: string | null; logger: Logger }): MediaTools {
  const { settingsPath, resourcesPath, logger } = options;
  let ffmpegPath: string | null = null;
  let ffmpegProblem: string | null = null;
  let ffprobePath: string | null = null;
  let ffprobeProblem: string | null = null;
  try {
    ffmpegPath = locateFfmpeg({ settingsPath, resourcesPath }).path;
  } catch (err) {
    ffmpegProblem = errorMessage(err);
    logger.error({ err: ffmpegProblem }, 'ffmpeg not found: cameras cannot start');
  }
  try {
    // Beside the ffmpeg in use when there is one; else the package's or the PATH's (camera tests need ffprobe only).
    ffprobePath = locateFfprobe({ settingsPath, resourcesPath, ...(ffmpegPath ? { ffmpegPath } : {}) }).path;
  } catch (err) {
    ffprobeProblem = errorMessage(err);
    if (ffmpegPath) logger.warn({ err: ffprobeProblem }, 'ffprobe not found: unfinished recording segments cannot be checked');
  }
  return {
    ffmpegPath,
    ffmpegProblem,
    // The cameras' own ffprobe is only the one paired with a found ffmpeg (as before: no ffmpeg, no recording).
    ffprobePath: ffmpegPath ? ffprobePath : null,
    both: () => (ffmpegPath && ffprobePath ? { ffmpegPath, ffprobePath } : (ffmpegProblem ?? ffprobeProblem ?? NO_FFPROBE)),
    ffprobe: () => ffprobePath ?? { problem: ffprobeProblem ?? NO_FFPROBE },
  };
}
