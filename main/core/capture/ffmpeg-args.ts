// The one place that builds ffmpeg command lines (an argument array: ffmpeg is always spawned without a shell).
// One process per camera, one connection to the camera, several outputs:
//   analysis frames: raw yuv420p in a YUV4MPEG2 stream on a pipe (framed by the header, at most maxWidth, at fps)
//   live: fragmented MP4, copied without re-encoding, on another pipe (the live view)
//   segments: 10 s MP4 files, copied (recording)
import { isRtsp, protocolWhitelist, validateStreamUrl } from './stream-url.ts';
import { analysisRateFilter, ANALYSIS_FPS_MODE } from './analysis-rate.ts';
import { STREAM_CHANGE_INPUT_ARGS } from './stream-change.ts';

/** The demo camera: ffmpeg's own test source with moving content, no hardware needed. */
export const DEMO_CAMERA_URL = 'demo:test-pattern';

/** A live fragmented-MP4 output on a pipe fd, from input 0 (the analysis stream) or 1 (the main stream). */
export interface LiveOutput {
  fd: number;
  input?: 0 | 1;
  /** Re-encode to H.264 at most this wide (an H.265 camera: browsers cannot play it); copied otherwise. */
  transcode?: { maxWidth: number } | null;
}

export interface CaptureArgsOptions {
  /** The analysis stream (the sub stream when the camera has one): input 0. */
  url: string;
  /** The main stream when the camera also has a sub stream: input 1, recorded (and offered as the "main" live view). */
  recordUrl?: string | null;
  demo?: boolean;
  analysis: { fps: number; maxWidth: number } | null;
  live?: LiveOutput | LiveOutput[] | null;
  /**
   * Recording: fragmented MP4 segments of `seconds` (cut at keyframes), named by `pattern` (with %06d), each closing
   * reported as a csv line on the pipe fd `listFd`. Older form: `dir` with strftime names.
   */
  segments?: { pattern?: string; dir?: string; seconds: number; listFd?: number } | null;
  /** Socket timeout: a camera that stops answering makes ffmpeg exit (and the supervisor reconnect). */
  timeoutSeconds?: number;
}

/** Fragmented MP4: the moov first, then one moof + mdat per keyframe; playable while written and when cut short. */
export const FRAGMENTED_MOVFLAGS = 'frag_keyframe+empty_moov+default_base_moof';

export function inputArgs(url: string, demo: boolean, timeoutSeconds: number): string[] {
  if (demo) {
    if (url !== DEMO_CAMERA_URL) throw new Error('a demo camera uses the built-in test pattern only');
    // A test card with a moving clock and colour bars, real time, encoded to H.264 like a camera's stream would be.
    return ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=10'];
  }
  const check = validateStreamUrl(url);
  if (!check.ok) throw new Error(check.message);
  const timeoutUs = String(Math.round(timeoutSeconds * 1_000_000));
  // Probe one second of the stream, not ffmpeg's default five: the first picture arrives sooner, and the frames read
  // while probing do not come out in one burst (which the small frame pool would have to drop).
  const common = ['-analyzeduration', '1000000', '-probesize', '1000000', '-protocol_whitelist', protocolWhitelist(url)];
  if (isRtsp(url)) {
    return ['-rtsp_transport', 'tcp', '-timeout', timeoutUs, ...common, '-i', url];
  }
  return ['-rw_timeout', timeoutUs, '-reconnect', '0', ...common, '-i', url];
}

export function buildCaptureArgs(o: CaptureArgsOptions): string[] {
  if (!o.analysis && !o.live && !o.segments) throw new Error('an ffmpeg capture needs at least one output');
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'warning', '-nostats'];
  // Decoding is the cost that matters (ENVIRONMENT.md): one thread and no loop filter for the analysis picture; the
  // live and recorded outputs are copies and are not affected.
  if (o.analysis) args.push('-threads', '1', '-skip_loop_filter', 'all');
  // A picture size change mid-stream is then reported (and ffmpeg restarted): stream-change.ts.
  if (o.analysis) args.push(...STREAM_CHANGE_INPUT_ARGS);
  args.push(...inputArgs(o.url, o.demo ?? false, o.timeoutSeconds ?? 5));
  if (o.analysis) {
    const fps = o.analysis.fps;
    const w = Math.floor(o.analysis.maxWidth);
    if (!(fps > 0 && fps <= 30) || !(w >= 16 && w <= 4096)) throw new Error('analysis fps or width out of range');
    args.push(
      '-map', '0:v:0', '-an', '-sn', '-dn',
      // At most fps, never frames made up for a slower camera (analysis-rate.ts).
      '-vf', `${analysisRateFilter(fps)},scale='min(${w},iw)':-2:flags=fast_bilinear`, ...ANALYSIS_FPS_MODE,
      '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', 'pipe:1',
    );
  }
  const record = o.recordUrl && !o.demo ? 1 : 0;
  if (record === 1) args.push(...inputArgs(o.recordUrl as string, false, o.timeoutSeconds ?? 5));
  const lives = o.live ? (Array.isArray(o.live) ? o.live : [o.live]) : [];
  for (const live of lives) {
    if (!Number.isInteger(live.fd) || live.fd < 3) throw new Error('a live output needs a pipe fd of 3 or more');
    const input = live.input === 1 && record === 1 ? 1 : 0;
    args.push('-map', `${input}:v:0`);
    if (o.demo) args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '20');
    else if (live.transcode) {
      const w = Math.floor(live.transcode.maxWidth);
      if (!(w >= 16 && w <= 4096)) throw new Error('live transcode width out of range');
      // A keyframe every 2 s: one fragment per keyframe, so a viewer starts within 2 s.
      args.push(
        '-vf', `scale='min(${w},iw)':-2`, '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency',
        '-pix_fmt', 'yuv420p', '-force_key_frames', 'expr:gte(t,n_forced*2)',
      );
    } else args.push('-c:v', 'copy');
    args.push('-an', '-sn', '-dn', '-f', 'mp4', '-movflags', FRAGMENTED_MOVFLAGS, `pipe:${live.fd}`);
  }
  if (o.segments) {
    const seg = o.segments;
    const target = seg.pattern ?? (seg.dir ? `${seg.dir}/%Y%m%d-%H%M%S.mp4` : '');
    if (!target || target.startsWith('-') || (seg.dir ?? '').startsWith('-')) throw new Error('bad segment folder');
    if (!(seg.seconds >= 1 && seg.seconds <= 3600)) throw new Error('segment length out of range');
    if (o.demo) args.push('-map', '0:v:0', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '20');
    // Video only: most cameras send G.711 (pcm_mulaw/alaw) audio, which the MP4 muxer refuses, and that refusal
    // would end the whole process (analysis and live view included), on every reconnect.
    else args.push('-map', `${record}:v:0`, '-an', '-c', 'copy');
    args.push(
      '-f', 'segment', '-segment_time', String(seg.seconds), '-reset_timestamps', '1', '-segment_format', 'mp4',
      // Fragmented: a segment cut by a crash or a full disk stays playable up to its last fragment; flush_packets makes
      // each fragment reach the file as it is complete (else up to 32 KB wait in ffmpeg's buffer and die with it).
      '-segment_format_options', `movflags=+${FRAGMENTED_MOVFLAGS}:flush_packets=1`,
    );
    if (seg.listFd !== undefined) {
      if (!Number.isInteger(seg.listFd) || seg.listFd < 3) throw new Error('the segment list needs a pipe fd of 3 or more');
      args.push('-segment_list', `pipe:${seg.listFd}`, '-segment_list_type', 'csv');
    }
    if (!seg.pattern) args.push('-strftime', '1');
    args.push(target);
  }
  return args;
}

/** ffprobe arguments to describe a stream (codec, size, fps, audio) as JSON. */
export function buildProbeArgs(url: string, timeoutSeconds: number): string[] {
  return ['-hide_banner', '-loglevel', 'error', '-of', 'json', '-show_streams', ...inputArgs(url, false, timeoutSeconds)];
}
