// "Test this camera" before saving it: ffprobe reads the stream's description (codec, size, fps, audio) or says in
// words why it could not.
import { spawn } from 'node:child_process';
import type { StreamProbeResult } from '../../../preload/contract.ts';
import { buildProbeArgs } from './ffmpeg-args.ts';
import { classifyFfmpegOutput } from './ffmpeg-errors.ts';
import { redact } from './redact.ts';
import { isRtsp, splitCredentials, validateStreamUrl } from './stream-url.ts';
import { childStreamUrl } from './rtsp-credential-relay.ts';
import { notCameraSaid, rtspHandshake } from './rtsp-handshake.ts';
import { say, type Said } from '../../../preload/i18n/engine-message.ts';
import { errorMessage } from '../../../preload/format.ts';
import type { Logger } from '../logging/logger.ts';

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
}

function rate(r: string | undefined): number | null {
  if (!r) return null;
  const [n, d] = r.split('/').map(Number);
  if (!n || !d) return null;
  const v = n / d;
  return v > 0 && v < 1000 ? Math.round(v * 100) / 100 : null;
}

const HANDSHAKE_MS = 2000;

/** How long one camera test (one ffprobe, one still) may take: the wizard's steps and `cameras.testStream` alike. */
export const CAMERA_TEST_STEP_MS = 12_000;

/**
 * ffmpeg says the same after its timeout for a hung camera and for something that is no camera at all (a web server,
 * an SSH port): one RTSP OPTIONS request tells them apart (rtsp-handshake.ts). Only plain rtsp:// is asked.
 */
async function explainSilence(url: string, failure: StreamProbeResult & { ok: false }, name: string): Promise<ProbeOutcome> {
  if (!/^rtsp:\/\//i.test(url) || (failure.code !== 'timeout' && failure.code !== 'not-video')) return { result: failure, said: null };
  const answer = await rtspHandshake(url, HANDSHAKE_MS);
  if (answer.kind === 'other') {
    const said = notCameraSaid(answer.protocol);
    return { result: { ok: false, code: 'not-camera', message: said.text }, said };
  }
  if (answer.kind === 'silent' && failure.code === 'timeout') {
    const message = `${name} accepts connections but does not answer: it may be hung. Restart it (unplug its power for 10 seconds), then test again.`;
    const said = HUNG[name] ?? null;
    return { result: { ok: false, code: 'hung', message }, said };
  }
  return { result: failure, said: null };
}

/** The wizard's two names for what it tests, and their "hung" sentence as a message. */
const HUNG: Record<string, Said> = { 'The camera': say('engine_probe_hung'), "The camera's sub stream": say('engine_probe_sub_hung') };

/** A probe's answer, and the sentence of a failure found by asking the address (not a camera, hung) as a message. */
export interface ProbeOutcome {
  result: StreamProbeResult;
  said: Said | null;
}

export interface ProbeOptions {
  ffprobePath: string;
  timeoutMs: number;
  name?: string;
  /** Told, with ffprobe's last words (passwords removed), when a test is cut off at `timeoutMs`. */
  logger?: Logger;
}

/** `url` may hold credentials: ffprobe gets a one-time relay address instead (rtsp-credential-relay.ts). */
export async function probeStream(url: string, opts: ProbeOptions): Promise<StreamProbeResult> {
  return (await probeStreamOutcome(url, opts)).result;
}

/** probeStream, with the message of what asking the address found. */
export async function probeStreamOutcome(url: string, opts: ProbeOptions): Promise<ProbeOutcome> {
  const name = opts.name ?? 'The camera';
  const secrets = [splitCredentials(url).password ?? ''].filter(Boolean);
  const networkTimeoutS = Math.max(1, Math.round(opts.timeoutMs / 2000));
  let args: string[];
  try {
    const check = validateStreamUrl(url);
    if (!check.ok) throw new Error(check.message);
    args = buildProbeArgs(await childStreamUrl(url, { connectTimeoutMs: networkTimeoutS * 800 }), networkTimeoutS);
  } catch (err) {
    return { result: { ok: false, code: 'invalid-url', message: redact(errorMessage(err), secrets) }, said: null };
  }
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const child = spawn(opts.ffprobePath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()).length > 1e6 && child.kill('SIGKILL'));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ result: { ok: false, code: 'no-ffmpeg', message: `ffprobe could not be started: ${redact(e.message, secrets)}` }, said: null });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') {
        opts.logger?.warn({ elapsedMs: Date.now() - startedAt, ffprobe: redact(err, secrets).trim().slice(-600) || null }, 'camera test cut off: ffprobe had not described the stream in time');
        const failure: StreamProbeResult = { ok: false, code: 'timeout', message: `${name} did not answer within ${Math.round(opts.timeoutMs / 1000)} s: check that it is powered and on the network, and its IP address.` };
        void explainSilence(url, failure, name).then(resolve);
        return;
      }
      let streams: ProbeStream[] = [];
      try {
        streams = (JSON.parse(out || '{}') as { streams?: ProbeStream[] }).streams ?? [];
      } catch {
        streams = [];
      }
      const video = streams.find((s) => s.codec_type === 'video');
      if (code !== 0 || !video) {
        const p = classifyFfmpegOutput(redact(err, secrets), name, {
          rtsp: isRtsp(url),
          elapsedMs: Date.now() - startedAt,
          timeoutMs: networkTimeoutS * 1000,
        });
        const failure: StreamProbeResult = {
          ok: false,
          code: video ? p.code : p.code === 'closed' || p.code === 'unknown' ? 'not-video' : p.code,
          message: video ? p.message : p.code === 'closed' || p.code === 'unknown' ? `${name} sent no video stream.` : p.message,
        };
        void explainSilence(url, failure, name).then(resolve);
        return;
      }
      const audio = streams.find((s) => s.codec_type === 'audio');
      const codec = video.codec_name ?? 'unknown';
      const ok: StreamProbeResult = {
        ok: true,
        video: { codec, width: video.width ?? 0, height: video.height ?? 0, fps: rate(video.avg_frame_rate) ?? rate(video.r_frame_rate) },
        audio: audio ? { codec: audio.codec_name ?? 'unknown' } : null,
        notice:
          codec === 'hevc'
            ? 'This stream is H.265: it is recorded and analysed, but browsers cannot play it live. If the camera offers H.264 (often on its sub stream), choose that for the live view.'
            : null,
      };
      resolve({ result: ok, said: null });
    });
  });
}
