// A camera's live view: one LiveHub per input ffmpeg reads (input 0, the analysis stream; input 1, the main stream when
// the camera also has a sub stream), which live outputs the next ffmpeg run writes, and the H.265 adaptation: browsers
// cannot play H.265, so an input found to be H.265 (from its init segment) is re-encoded (input 0) or not offered
// (input 1, the sub stream is shown instead), and the owner restarts ffmpeg once with the adapted outputs.
import type { Logger } from '../logging/logger.ts';
import { LiveHub } from '../live/live-hub.ts';
import type { InitInfo } from '../../../preload/protocols/mp4-boxes.ts';
import type { LiveOutput } from './ffmpeg-args.ts';

export interface LiveDescription {
  hub: LiveHub;
  transcoded: boolean;
  note: string | null;
}

export interface LiveViewsOptions {
  cameraName: string;
  /** The camera has a separate main stream (input 1). */
  hasMainStream: boolean;
  logger: Logger;
  /** An input turned out to be H.265: the outputs changed, ffmpeg should restart with them. */
  onAdapted: () => void;
}

/** Live pictures of an H.265 camera are re-encoded to H.264 at most this wide. */
const LIVE_TRANSCODE_WIDTH = 640;
/** ffmpeg's pipe fds of the live outputs. */
export const FD_LIVE_SUB = 3;
export const FD_LIVE_MAIN = 4;

type Input = 0 | 1;

export class LiveViews {
  private readonly sub: LiveHub;
  private readonly main: LiveHub;
  /** Inputs found to be H.265 (learned from their init segment). */
  private readonly hevcInputs = new Set<Input>();

  constructor(private readonly options: LiveViewsOptions) {
    this.sub = this.makeHub(0);
    this.main = options.hasMainStream ? this.makeHub(1) : this.sub;
  }

  /** The live view of a quality, with what a player needs to know. */
  describe(quality: 'sub' | 'main'): LiveDescription {
    const name = this.options.cameraName;
    if (this.hevcInputs.has(0)) {
      return {
        hub: this.sub,
        transcoded: true,
        note: `${name} sends H.265, which browsers cannot play: the live view is converted to a smaller H.264 picture (it costs some CPU). Recordings keep the original quality.`,
      };
    }
    if (quality === 'main' && this.options.hasMainStream && this.hevcInputs.has(1)) {
      return {
        hub: this.sub,
        transcoded: false,
        note: `The main stream of ${name} is H.265, which browsers cannot play: the live view shows the sub stream.`,
      };
    }
    return { hub: quality === 'main' ? this.main : this.sub, transcoded: false, note: null };
  }

  /** The live outputs of the next ffmpeg run. */
  outputs(): LiveOutput[] {
    if (this.hevcInputs.has(0)) return [{ fd: FD_LIVE_SUB, input: 0, transcode: { maxWidth: LIVE_TRANSCODE_WIDTH } }];
    const outputs: LiveOutput[] = [{ fd: FD_LIVE_SUB, input: 0 }];
    if (this.options.hasMainStream && !this.hevcInputs.has(1)) outputs.push({ fd: FD_LIVE_MAIN, input: 1 });
    return outputs;
  }

  /** The hub fed by an output pipe fd. */
  hubForFd(fd: number): LiveHub | null {
    if (fd === FD_LIVE_SUB) return this.sub;
    if (fd === FD_LIVE_MAIN && this.main !== this.sub) return this.main;
    return null;
  }

  /** A new ffmpeg run starts: its streams begin with a new init segment. */
  reset(): void {
    this.sub.reset();
    this.main.reset();
  }

  close(): void {
    this.sub.close();
    this.main.close();
  }

  private makeHub(input: Input): LiveHub {
    return new LiveHub({
      onInit: (info) => this.onInit(input, info),
      onError: (reason) => this.options.logger.warn({ input, reason }, 'live stream is not fragmented MP4'),
    });
  }

  private onInit(input: Input, info: InitInfo | null): void {
    if (!info?.hevc || this.hevcInputs.has(input)) return;
    this.hevcInputs.add(input);
    this.options.logger.info({ input, codec: info.codec }, 'H.265 stream: the live view is adapted for browsers');
    this.options.onAdapted();
  }
}
