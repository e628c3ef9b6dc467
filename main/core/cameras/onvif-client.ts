// Asks an ONVIF camera for its own stream addresses (the onvif package's Cam): device information, media profiles,
// and GetStreamUri for the main (largest) and sub (next smaller) profile. Only the calls that need: the system time
// (for the WS-Security digest), the capabilities (where the media service lives), then the media calls. The package's
// full `connect()` also reads video sources, services and active sources, which cheap cameras often get wrong.
import { createHash, randomBytes } from 'node:crypto';
import onvif from 'onvif';
import type { Cam as OnvifCam } from 'onvif';
import { redact } from '../capture/redact.ts';
import { say, type Said } from '../../../preload/i18n/engine-message.ts';

export type OnvifErrorCode = 'auth' | 'unreachable' | 'timeout' | 'not-onvif' | 'no-profiles';

export class OnvifError extends Error {
  readonly code: OnvifErrorCode;
  /** The sentence as a message of the engine area (the wizard shows it in the owner's language). */
  readonly said: Said;
  constructor(code: OnvifErrorCode, said: Said) {
    super(said.text);
    this.name = 'OnvifError';
    this.code = code;
    this.said = said;
  }
}

export interface OnvifDeviceInfo {
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
}

export interface OnvifProfileInfo {
  token: string;
  name: string;
  encoding: string | null;
  width: number | null;
  height: number | null;
}

export interface OnvifStreams {
  device: OnvifDeviceInfo | null;
  profiles: OnvifProfileInfo[];
  /** RTSP addresses without credentials. */
  mainUrl: string;
  subUrl: string | null;
}

export interface OnvifTarget {
  host: string;
  port: number;
  username: string | null;
  password: string | null;
  /** For the whole exchange. */
  timeoutMs?: number;
}

type Loose = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Loose => (v && typeof v === 'object' ? (v as Loose) : {});

/** The camera's answer to one call, as a promise. */
function call<T>(cam: OnvifCam, fn: (cb: (err: Error | null, data?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    fn.call(cam, (err, data) => (err ? reject(err) : resolve(data as T)));
  });
}

/** A sentence for what the onvif package reported. */
export function classifyOnvifError(err: unknown, hostPort: string, secrets: readonly string[]): OnvifError {
  if (err instanceof OnvifError) return err;
  const host = { host: hostPort };
  const e = err as { code?: string; message?: string };
  const text = redact(String(e?.message ?? err), secrets);
  const code = e?.code ?? '';
  if (code === 'ECONNREFUSED') {
    return new OnvifError('unreachable', say('engine_onvif_refused', host));
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new OnvifError('unreachable', say('engine_onvif_unreachable', host));
  }
  if (code === 'ETIMEDOUT' || /timeout/i.test(text)) {
    return new OnvifError('timeout', say('engine_onvif_timeout', host));
  }
  if (/NotAuthorized|not authorized|Unauthorized|authentication failed|401/i.test(text)) {
    return new OnvifError('auth', say('engine_onvif_wrong_password', host));
  }
  if (/Wrong ONVIF SOAP response|Non-whitespace|Unexpected|Invalid character|Unclosed/i.test(text)) {
    return new OnvifError('not-onvif', say('engine_onvif_not_onvif', host));
  }
  return new OnvifError('not-onvif', say('engine_onvif_error', { host: hostPort, error: text.slice(0, 160) }));
}

function profileInfo(p: Loose): OnvifProfileInfo {
  const enc = obj(p.videoEncoderConfiguration);
  const res = obj(enc.resolution);
  return {
    token: str(obj(p.$).token) ?? '',
    name: str(p.name) ?? '',
    encoding: str(enc.encoding),
    width: num(res.width),
    height: num(res.height),
  };
}

/** Main = the largest video profile; sub = the largest one smaller than it (null when there is none). */
export function pickProfiles(profiles: readonly OnvifProfileInfo[]): { main: OnvifProfileInfo; sub: OnvifProfileInfo | null } | null {
  const usable = profiles.filter((p) => p.token.length > 0);
  if (usable.length === 0) return null;
  const area = (p: OnvifProfileInfo) => (p.width ?? 0) * (p.height ?? 0);
  // Stable: equal sizes keep the camera's order (its first profile is normally the main stream).
  const sorted = usable.map((p, i) => ({ p, i })).sort((a, b) => area(b.p) - area(a.p) || a.i - b.i).map((x) => x.p);
  const main = sorted[0]!;
  const sub = sorted.find((p) => area(p) < area(main)) ?? (sorted.length > 1 && area(main) === 0 ? sorted[1]! : null);
  return { main, sub };
}

/** Camera addresses sometimes say 0.0.0.0 or an internal address; the host we reached it on is the one that works. */
function normaliseStreamUri(uri: string, host: string): string {
  const m = /^(rtsps?:\/\/)(?:[^/?#@]*@)?([^/?#]*)(.*)$/i.exec(uri.trim());
  if (!m) return uri.trim();
  const [, scheme, authority = '', rest = ''] = m;
  const portMatch = /:(\d+)$/.exec(authority);
  const h = portMatch ? authority.slice(0, -portMatch[0].length) : authority;
  const useHost = h === '' || h === '0.0.0.0' || h === '127.0.0.1' && host !== '127.0.0.1' ? host : h;
  return `${scheme!.toLowerCase()}${useHost}${portMatch ? portMatch[0] : ''}${rest}`;
}

const xmlEscape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * onvif 0.8.3 hashes the WS-Security password as 'ascii' (any non-ASCII character is mangled, so the camera, which
 * hashes UTF-8, refuses it) and writes the user name into the XML unescaped (a '&' or '<' breaks the request). This
 * instance gets the digest over UTF-8 and an escaped user name; the algorithm is the spec's:
 * Base64(SHA-1(nonce + created + password)).
 */
function fixCredentialEncoding(cam: OnvifCam, username: string | null, password: string | null): void {
  const loose = cam as unknown as {
    _passwordDigest: () => { passdigest: string; nonce: string; timestamp: string };
    _envelopeHeader: (openHeader?: boolean) => string;
    timeShift?: number;
  };
  if (password) {
    loose._passwordDigest = () => {
      const timestamp = new Date(process.uptime() * 1000 + (loose.timeShift ?? 0)).toISOString();
      const nonce = randomBytes(16);
      const passdigest = createHash('sha1')
        .update(Buffer.concat([nonce, Buffer.from(timestamp, 'utf8'), Buffer.from(password, 'utf8')]))
        .digest('base64');
      return { passdigest, nonce: nonce.toString('base64'), timestamp };
    };
  }
  if (username && xmlEscape(username) !== username) {
    const header = loose._envelopeHeader.bind(cam);
    loose._envelopeHeader = (openHeader?: boolean) =>
      header(openHeader).replace(`<Username>${username}</Username>`, `<Username>${xmlEscape(username)}</Username>`);
  }
}

export async function getOnvifStreams(target: OnvifTarget): Promise<OnvifStreams> {
  const hostPort = `${target.host}:${target.port}`;
  const secrets = [target.password ?? ''].filter(Boolean);
  const timeoutMs = target.timeoutMs ?? 8000;
  const cam = new onvif.Cam({
    hostname: target.host.replace(/^\[|\]$/g, ''),
    port: target.port,
    username: target.username ?? undefined,
    password: target.password ?? undefined,
    timeout: Math.min(timeoutMs, 5000),
    autoconnect: false,
    preserveAddress: true,
  });
  // The package emits 'error' on some failures; without a listener an EventEmitter would throw.
  cam.on('error', () => undefined);
  fixCredentialEncoding(cam, target.username, target.password);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OnvifError('timeout', say('engine_onvif_timeout_after', { host: hostPort, seconds: Math.round(timeoutMs / 1000) }))), timeoutMs);
  });
  const work = async (): Promise<OnvifStreams> => {
    await call<Date>(cam, cam.getSystemDateAndTime);
    await call(cam, cam.getCapabilities);
    let device: OnvifDeviceInfo | null = null;
    try {
      const info = obj(await call<unknown>(cam, cam.getDeviceInformation));
      device = { manufacturer: str(info.manufacturer), model: str(info.model), firmware: str(info.firmwareVersion) };
    } catch (err) {
      // Device information is a nicety, but a refusal here means the credentials are wrong: say so now.
      const e = classifyOnvifError(err, hostPort, secrets);
      if (e.code === 'auth' || e.code === 'unreachable' || e.code === 'timeout') throw e;
    }
    const raw = await call<unknown>(cam, cam.getProfiles);
    const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((p) => profileInfo(obj(p)));
    const picked = pickProfiles(list);
    if (!picked) throw new OnvifError('no-profiles', say('engine_onvif_no_profiles', { host: hostPort }));
    const uriOf = async (token: string) => {
      const media = obj(await call<unknown>(cam, (cb) => cam.getStreamUri({ protocol: 'RTSP', profileToken: token }, cb)));
      const uri = str(media.uri);
      if (!uri || !/^rtsps?:\/\//i.test(uri)) throw new OnvifError('no-profiles', say('engine_onvif_no_rtsp', { host: hostPort }));
      return normaliseStreamUri(uri, target.host);
    };
    const mainUrl = await uriOf(picked.main.token);
    let subUrl: string | null = null;
    if (picked.sub) {
      try {
        subUrl = await uriOf(picked.sub.token);
      } catch {
        subUrl = null;
      }
    }
    return { device, profiles: list, mainUrl, subUrl: subUrl === mainUrl ? null : subUrl };
  };
  try {
    return await Promise.race([work(), deadline]);
  } catch (err) {
    throw classifyOnvifError(err, hostPort, secrets);
  } finally {
    clearTimeout(timer);
  }
}
