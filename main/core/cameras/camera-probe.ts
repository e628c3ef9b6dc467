// The wizard's "Test" step: from what the owner gave (a brand and an address, an ONVIF camera, or full RTSP addresses)
// to the camera's main and sub stream described (codec, size, fps), one JPEG picture of the main stream for the preview
// and the mask editor, and what the owner should know (H.265, a sub stream that does not open). Every failure is one
// sentence naming what to check. Credentials travel separately and are put into the address only for ffprobe/ffmpeg;
// nothing returned or logged carries them.
import { spawn } from 'node:child_process';
import type { CameraProbeInput, CameraProbeResult, ProbedStream, StreamProbeResult } from '../../../preload/contract.ts';
import { brandById, brandStreamUrls, parseHost } from '../../../preload/camera-brands.ts';
import { inputArgs } from '../capture/ffmpeg-args.ts';
import type { Logger } from '../logging/logger.ts';
import { CAMERA_TEST_STEP_MS, probeStreamOutcome, type ProbeOutcome } from '../capture/stream-probe.ts';
import { childStreamUrl } from '../capture/rtsp-credential-relay.ts';
import { redact } from '../capture/redact.ts';
import { validateStreamUrl, withCredentials } from '../capture/stream-url.ts';
import { parsePastedAddress } from '../../../preload/pasted-address.ts';
import { getOnvifStreams, type OnvifStreams } from './onvif-client.ts';
import { errorMessage } from '../../../preload/format.ts';
import { say, type Said } from '../../../preload/i18n/engine-message.ts';

const H265_SAID = say('engine_probe_h265');
export const H265_NOTICE = H265_SAID.text;

export interface CameraProbeDeps {
  ffprobePath: string;
  ffmpegPath: string;
  /** Longest wait for one stream (12 s by default: a loaded PC or a slow camera answers in seconds, not at once). */
  timeoutMs?: number;
  /** The whole test ends within this (27 s by default, under the UI's 30 s request timeout). */
  totalMs?: number;
  /** ONVIF exchange, for the onvif source. */
  onvifTimeoutMs?: number;
  /** Told when a stream test is cut off, with ffprobe's last words (stream-probe.ts). */
  logger?: Logger;
}

/** The wizard's sentence for each failure code of a stream probe, main stream and sub stream. */
const WIZARD_SAID: Record<string, { main: Said; sub: Said }> = {
  auth: { main: say('engine_probe_wrong_password'), sub: say('engine_probe_wrong_password') },
  'not-found': { main: say('engine_probe_not_found'), sub: say('engine_probe_sub_not_found') },
  refused: { main: say('engine_probe_refused'), sub: say('engine_probe_sub_refused') },
  timeout: { main: say('engine_probe_unreachable'), sub: say('engine_probe_sub_unreachable') },
  'not-video': { main: say('engine_probe_not_video'), sub: say('engine_probe_not_video') },
};

/** The notice for a sub stream that did not open, by its failure code. */
const SUB_DROPPED: Record<string, Said> = {
  auth: say('engine_probe_sub_dropped_wrong_password'),
  'not-found': say('engine_probe_sub_dropped_not_found'),
  refused: say('engine_probe_sub_dropped_refused'),
  timeout: say('engine_probe_sub_dropped_unreachable'),
  'not-video': say('engine_probe_sub_dropped_not_video'),
};

/**
 * What the owner sees for each failure code of a stream probe, written for the wizard (which knows no camera name):
 * the sentence with its message; else the probe's own sentence (with its message when asking the address found one).
 */
export function wizardSaid(code: string, fallback: string, which: 'main' | 'sub' = 'main', found: Said | null = null): Said | string {
  return WIZARD_SAID[code]?.[which] ?? found ?? fallback;
}

/** The same, as English text. */
export function wizardMessage(code: string, fallback: string, which: 'main' | 'sub' = 'main'): string {
  const said = wizardSaid(code, fallback, which);
  return typeof said === 'string' ? said : said.text;
}

function info(r: Extract<StreamProbeResult, { ok: true }>): ProbedStream {
  return { codec: r.video.codec, width: r.video.width, height: r.video.height, fps: r.video.fps, audio: r.audio?.codec ?? null };
}

const fail = (code: string, said: Said | string, extra: Partial<CameraProbeResult> = {}): CameraProbeResult => ({
  ok: false,
  code,
  message: typeof said === 'string' ? said : said.text,
  engineMessage: typeof said === 'string' ? null : said.message,
  mainUrl: null,
  subUrl: null,
  main: null,
  sub: null,
  snapshot: null,
  device: null,
  notices: [],
  noticeMessages: [],
  ...extra,
});

/** One picture of the stream as JPEG bytes (at most 960 px wide), or null with the reason. */
export async function grabSnapshot(url: string, opts: { ffmpegPath: string; timeoutMs: number; secrets: readonly string[] }): Promise<{ jpeg: Buffer } | { error: string }> {
  const networkTimeoutS = Math.max(1, Math.round(opts.timeoutMs / 2000));
  let args: string[];
  try {
    const check = validateStreamUrl(url);
    if (!check.ok) throw new Error(check.message);
    // ffmpeg gets a one-time relay address, never the credentials (rtsp-credential-relay.ts).
    const input = await childStreamUrl(url, { connectTimeoutMs: networkTimeoutS * 800 });
    args = [
      '-nostdin', '-hide_banner', '-loglevel', 'error',
      ...inputArgs(input, false, networkTimeoutS),
      '-map', '0:v:0', '-an', '-frames:v', '1', '-vf', "scale='min(960,iw)':-2", '-q:v', '5', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1',
    ];
  } catch (err) {
    return { error: redact(errorMessage(err), opts.secrets) };
  }
  return new Promise((resolve) => {
    const child = spawn(opts.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (size > 4 * 1024 * 1024) child.kill('SIGKILL');
      else chunks.push(d);
    });
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ error: redact(e.message, opts.secrets) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const jpeg = Buffer.concat(chunks);
      if (code === 0 && jpeg.length > 4 && jpeg[0] === 0xff && jpeg[1] === 0xd8) resolve({ jpeg });
      else resolve({ error: redact(stderr.trim().split('\n').pop() ?? `ffmpeg exited with ${code}`, opts.secrets) });
    });
  });
}

/** The addresses to test, without credentials, and anything the camera itself said (ONVIF). */
async function resolveAddresses(
  input: CameraProbeInput,
  username: string | null,
  password: string | null,
  deps: CameraProbeDeps,
): Promise<{ ok: true; mainUrl: string; subUrl: string | null; onvif: OnvifStreams | null; username: string | null; password: string | null } | { ok: false; result: CameraProbeResult }> {
  const source = input.source;
  if (source.kind === 'brand') {
    const urls = brandStreamUrls({ brand: source.brand, address: source.address, port: source.port ?? null, channel: source.channel ?? null });
    if (!urls.ok) return { ok: false, result: fail('invalid-address', urls.message) };
    return { ok: true, mainUrl: urls.mainUrl, subUrl: urls.subUrl, onvif: null, username, password };
  }
  if (source.kind === 'onvif') {
    const host = parseHost(source.address);
    if (!host.ok) return { ok: false, result: fail('invalid-address', host.message) };
    const port = host.port ?? source.onvifPort ?? brandById('onvif').onvifPort;
    try {
      const found = await getOnvifStreams({ host: host.host, port, username, password, timeoutMs: deps.onvifTimeoutMs ?? 8000 });
      return { ok: true, mainUrl: found.mainUrl, subUrl: found.subUrl, onvif: found, username, password };
    } catch (err) {
      const e = err as { code?: string; message?: string; said?: Said };
      return { ok: false, result: fail(e.code === 'auth' ? 'auth' : `onvif-${e.code ?? 'error'}`, e.said ?? e.message ?? String(err)) };
    }
  }
  // Full addresses: credentials pasted inside them move to the fields (the fields win when both are given).
  const checks: Array<[string, 'main' | 'sub']> = [[source.mainUrl.trim(), 'main']];
  if (source.subUrl && source.subUrl.trim()) checks.push([source.subUrl.trim(), 'sub']);
  let user = username;
  let pass = password;
  const bare: string[] = [];
  for (const [url, which] of checks) {
    // Read as the owner meant it (a raw password may hold `@ : / # ?`), then the bare address is checked.
    const split = parsePastedAddress(url);
    const v = validateStreamUrl(split.url);
    if (!v.ok) return { ok: false, result: fail('invalid-url', which === 'main' ? v.message : `The sub stream address: ${v.message}`) };
    user = user ?? split.username;
    pass = pass ?? split.password;
    bare.push(split.url);
  }
  return { ok: true, mainUrl: bare[0]!, subUrl: bare[1] ?? null, onvif: null, username: user, password: pass };
}

export async function probeCamera(input: CameraProbeInput, password: string | null, deps: CameraProbeDeps): Promise<CameraProbeResult> {
  const deadline = Date.now() + (deps.totalMs ?? 27_000);
  // Each step waits at most its own limit and never past the deadline (with a floor, so a late step still gets a go).
  const budget = (max: number) => Math.max(3000, Math.min(max, deadline - Date.now()));
  const stepMs = deps.timeoutMs ?? CAMERA_TEST_STEP_MS;
  const resolved = await resolveAddresses(input, input.username || null, password || null, deps);
  if (!resolved.ok) return resolved.result;
  let { mainUrl, subUrl } = resolved;
  const secrets = [resolved.password ?? ''].filter(Boolean);
  const withCreds = (u: string) => withCredentials(u, resolved.username, resolved.password);
  let device = resolved.onvif?.device ?? null;
  const notices: Array<Said | string> = [];
  const probeMain = (url: string) => probeStreamOutcome(withCreds(url), { ffprobePath: deps.ffprobePath, timeoutMs: budget(stepMs), name: 'The camera', logger: deps.logger });

  let mainOutcome = await probeMain(mainUrl);
  const source = input.source;
  if (!mainOutcome.result.ok && mainOutcome.result.code === 'not-found' && source.kind === 'brand') {
    const found = await askOnvif(source, resolved, budget(5000), probeMain);
    if (found) {
      ({ outcome: mainOutcome, mainUrl, subUrl, device } = found);
      notices.push(found.notice);
    }
  }
  if (!mainOutcome.result.ok && mainOutcome.result.code === 'timeout' && deadline - Date.now() >= 8000) {
    // A stream that did not start in time (a busy camera, a session it dropped) is tried once more, as the owner
    // pressing "Test" again would; a camera that cannot be reached fails the same way again, quickly.
    mainOutcome = await probeMain(mainUrl);
  }
  const main = mainOutcome.result;
  if (!main.ok) return fail(main.code, wizardSaid(main.code, redact(main.message, secrets), 'main', mainOutcome.said), { mainUrl, subUrl, device });

  // One connection at a time: cheap cameras refuse a second or third session at once.
  const shot = await grabSnapshot(withCreds(mainUrl), { ffmpegPath: deps.ffmpegPath, timeoutMs: budget(stepMs), secrets });
  const probeSub = (url: string) => probeStreamOutcome(withCreds(url), { ffprobePath: deps.ffprobePath, timeoutMs: budget(stepMs), name: "The camera's sub stream", logger: deps.logger });
  let subOutcome = subUrl ? await probeSub(subUrl) : null;
  // A sub stream that did not start in time gets the same second go as the main one (a camera busy with the
  // snapshot's session), while the test's deadline leaves room for it.
  if (subUrl && subOutcome && !subOutcome.result.ok && subOutcome.result.code === 'timeout' && deadline - Date.now() >= 6000) subOutcome = await probeSub(subUrl);
  if (main.video.codec === 'hevc') notices.push(H265_SAID);
  const sub = subOutcome?.result ?? null;
  let subInfo: ProbedStream | null = null;
  let keptSub: string | null = subUrl;
  if (sub && sub.ok) {
    subInfo = info(sub);
  } else if (sub && !sub.ok) {
    keptSub = null;
    notices.push(subDroppedSaid(sub.code, redact(sub.message, secrets), subOutcome?.said ?? null));
  } else {
    notices.push(say('engine_probe_no_sub'));
  }
  if (subInfo && subInfo.codec === 'hevc' && main.video.codec !== 'hevc') notices.push(say('engine_probe_sub_h265'));
  if (main.audio && /pcm_(mulaw|alaw)/.test(main.audio.codec)) notices.push(say('engine_probe_g711'));
  const snapshot = 'jpeg' in shot ? `data:image/jpeg;base64,${shot.jpeg.toString('base64')}` : null;
  if (!snapshot) notices.push(say('engine_probe_no_snapshot'));
  return {
    ok: true,
    code: null,
    message: null,
    engineMessage: null,
    mainUrl,
    subUrl: keptSub,
    main: info(main),
    sub: subInfo,
    snapshot,
    device,
    notices: notices.map((n) => (typeof n === 'string' ? n : n.text)),
    noticeMessages: notices.map((n) => (typeof n === 'string' ? null : n.message)),
  };
}

/**
 * This model does not use the brand's usual path: ask the camera itself for its addresses, when it answers ONVIF, and
 * test its main one. Null when it does not answer or its address does not work either (the wrong-path sentence stands).
 */
async function askOnvif(
  source: Extract<CameraProbeInput['source'], { kind: 'brand' }>,
  creds: { username: string | null; password: string | null },
  timeoutMs: number,
  probeMain: (url: string) => Promise<ProbeOutcome>,
): Promise<{ outcome: ProbeOutcome; mainUrl: string; subUrl: string | null; device: OnvifStreams['device']; notice: Said } | null> {
  const host = parseHost(source.address);
  const brand = brandById(source.brand);
  if (!host.ok) return null;
  try {
    const found = await getOnvifStreams({ host: host.host, port: source.onvifPort ?? brand.onvifPort, username: creds.username, password: creds.password, timeoutMs });
    const retry = await probeMain(found.mainUrl);
    if (!retry.result.ok) return null;
    return { outcome: retry, mainUrl: found.mainUrl, subUrl: found.subUrl, device: found.device, notice: say('engine_probe_onvif_addresses', { brand: brand.label }) };
  } catch {
    return null; // No ONVIF answer: the owner gets the wrong-path sentence for the brand's address.
  }
}

/** The notice for a sub stream that did not open: its own sentence for the usual failures, else the probe's words. */
export function subDroppedSaid(code: string, message: string, found: Said | null = null): Said {
  const known = SUB_DROPPED[code];
  if (known) return known;
  const problem = wizardSaid(code, message, 'sub', found);
  return say('engine_probe_sub_dropped', { problem: typeof problem === 'string' ? problem : problem.text });
}
