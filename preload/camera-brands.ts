// Camera brands and their stream addresses: what the wizard offers when a shop owner knows the camera's IP address
// and its make but not its RTSP path. Pure data and string functions, shared by the core (which probes the addresses)
// and the renderer (which shows them). Credentials never go into these addresses: they travel in their own fields and
// the core adds them, percent-encoded, only on the ffmpeg command line.
//
// Paths as the makers document them:
//   Hikvision      /Streaming/Channels/<ch>01 (main), <ch>02 (sub)              RTSP 554, ONVIF 80
//   Dahua, Amcrest /cam/realmonitor?channel=<ch>&subtype=0 (main), 1 (sub)      RTSP 554, ONVIF 80
//   Reolink        /h264Preview_<ch 2 digits>_main, _sub                        RTSP 554, ONVIF 8000
//   Axis           /axis-media/media.amp?camera=<ch> (+ &resolution=640x360)   RTSP 554, ONVIF 80
//   Uniview        /media/video1 (main), /media/video2 (sub)                    RTSP 554, ONVIF 80
//   TP-Link Tapo   /stream1 (main), /stream2 (sub)                              RTSP 554, ONVIF 2020
//   Foscam         /videoMain, /videoSub                                        RTSP 88,  ONVIF 888
//   Generic ONVIF  the addresses the camera gives in GetStreamUri (no template)  ONVIF 80

import { parsePastedAddress } from './pasted-address.ts';

export type BrandId = 'hikvision' | 'dahua' | 'reolink' | 'axis' | 'uniview' | 'tapo' | 'foscam' | 'onvif' | 'url';

export interface Brand {
  id: BrandId;
  /** What the owner sees in the brand list. */
  label: string;
  /** Usual RTSP port; the owner may change it. */
  rtspPort: number;
  /** Usual ONVIF (HTTP) port, used when the camera is asked for its own addresses. */
  onvifPort: number;
  /** Path and query of the main (full resolution) and sub (low resolution) streams for a channel (1 for a camera). */
  mainPath: ((channel: number) => string) | null;
  subPath: ((channel: number) => string) | null;
  /** A hint shown under the brand, when the brand has a catch worth knowing. */
  hint: string | null;
}

const two = (n: number) => String(n).padStart(2, '0');

export const BRANDS: readonly Brand[] = [
  {
    id: 'hikvision',
    label: 'Hikvision (and HiLook, Annke)',
    rtspPort: 554,
    onvifPort: 80,
    mainPath: (ch) => `/Streaming/Channels/${ch}01`,
    subPath: (ch) => `/Streaming/Channels/${ch}02`,
    hint: null,
  },
  {
    id: 'dahua',
    label: 'Dahua / Amcrest (and Lorex)',
    rtspPort: 554,
    onvifPort: 80,
    mainPath: (ch) => `/cam/realmonitor?channel=${ch}&subtype=0`,
    subPath: (ch) => `/cam/realmonitor?channel=${ch}&subtype=1`,
    hint: null,
  },
  {
    id: 'reolink',
    label: 'Reolink',
    rtspPort: 554,
    onvifPort: 8000,
    mainPath: (ch) => `/h264Preview_${two(ch)}_main`,
    subPath: (ch) => `/h264Preview_${two(ch)}_sub`,
    hint: 'RTSP must be switched on in the Reolink app (Settings, Network, Advanced, Server settings).',
  },
  {
    id: 'axis',
    label: 'Axis',
    rtspPort: 554,
    onvifPort: 80,
    mainPath: (ch) => `/axis-media/media.amp?camera=${ch}`,
    subPath: (ch) => `/axis-media/media.amp?camera=${ch}&resolution=640x360`,
    hint: null,
  },
  {
    id: 'uniview',
    label: 'Uniview (UNV)',
    rtspPort: 554,
    onvifPort: 80,
    mainPath: () => '/media/video1',
    subPath: () => '/media/video2',
    hint: null,
  },
  {
    id: 'tapo',
    label: 'TP-Link Tapo',
    rtspPort: 554,
    onvifPort: 2020,
    mainPath: () => '/stream1',
    subPath: () => '/stream2',
    hint: 'Use the camera account created in the Tapo app (Advanced settings, Camera account), not your TP-Link ID.',
  },
  {
    id: 'foscam',
    label: 'Foscam',
    rtspPort: 88,
    onvifPort: 888,
    mainPath: () => '/videoMain',
    subPath: () => '/videoSub',
    hint: null,
  },
  {
    id: 'onvif',
    label: 'Other (ONVIF: ask the camera for its addresses)',
    rtspPort: 554,
    onvifPort: 80,
    mainPath: null,
    subPath: null,
    hint: 'ONVIF must be enabled on the camera; some makers need an ONVIF user created in the camera first.',
  },
  {
    id: 'url',
    label: 'I have the full RTSP address',
    rtspPort: 554,
    onvifPort: 80,
    mainPath: null,
    subPath: null,
    hint: null,
  },
];

export const BRAND_IDS = BRANDS.map((b) => b.id) as readonly BrandId[];

export function brandById(id: BrandId): Brand {
  const brand = BRANDS.find((b) => b.id === id);
  if (!brand) throw new Error(`unknown camera brand ${String(id)}`);
  return brand;
}

/** True for brands whose addresses come from a template (not from ONVIF, not typed in full). */
export function hasTemplate(id: BrandId): boolean {
  return brandById(id).mainPath !== null;
}

export type HostCheck = { ok: true; host: string; port: number | null } | { ok: false; message: string };

/**
 * What the owner typed as the camera's address: an IPv4 address, a host name or an IPv6 address in brackets, with an
 * optional port ("192.168.1.20", "cam.local:8554", "[fe80::1]:554"). Anything with a scheme, a path, credentials or
 * spaces is refused with a sentence saying what to type instead.
 */
export function parseHost(raw: string): HostCheck {
  const text = raw.trim();
  if (text.length === 0) return { ok: false, message: "Enter the camera's IP address, for example 192.168.1.20" };
  if (text.length > 253) return { ok: false, message: 'The camera address is too long' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return { ok: false, message: 'Enter only the IP address here (like 192.168.1.20); for a full rtsp:// address choose "I have the full RTSP address"' };
  }
  if (text.includes('@')) return { ok: false, message: 'Enter the user name and password in their own fields, not in the address' };
  let host: string;
  let portText: string | null = null;
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text);
  if (v6?.[1]) {
    host = `[${v6[1]}]`;
    portText = v6[2] ?? null;
  } else {
    const m = /^([A-Za-z0-9.-]+)(?::(\d+))?$/.exec(text);
    if (!m?.[1]) {
      return { ok: false, message: 'The camera address may hold only letters, digits, dots and dashes (and ":port"), like 192.168.1.20 or 192.168.1.20:554' };
    }
    host = m[1];
    portText = m[2] ?? null;
    if (host.startsWith('-') || host.startsWith('.') || host.endsWith('-') || host.includes('..')) {
      return { ok: false, message: 'The camera address is not a valid IP address or name' };
    }
    if (/^[\d.]+$/.test(host)) {
      const parts = host.split('.');
      if (parts.length !== 4 || parts.some((p) => p.length === 0 || Number(p) > 255)) {
        return { ok: false, message: `${host} is not a valid IP address: it needs four numbers from 0 to 255, like 192.168.1.20` };
      }
    }
  }
  let port: number | null = null;
  if (portText !== null) {
    const p = checkPort(Number(portText));
    if (p === null) return { ok: false, message: 'The port must be a number from 1 to 65535' };
    port = p;
  }
  return { ok: true, host, port };
}

function checkPort(n: number): number | null {
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

export interface BrandAddressInput {
  brand: BrandId;
  /** IP address or host name, optionally with ":port" (which then wins over `port`). */
  address: string;
  /** RTSP port; the brand's usual one when absent. */
  port?: number | null;
  /** Channel (1 for a camera; 1..64 on a recorder). */
  channel?: number | null;
}

export type BrandUrls = { ok: true; mainUrl: string; subUrl: string | null } | { ok: false; message: string };

/** The main and sub stream addresses of a brand's camera, without credentials. */
export function brandStreamUrls(input: BrandAddressInput): BrandUrls {
  const brand = brandById(input.brand);
  if (!brand.mainPath) {
    return { ok: false, message: `${brand.label} has no address template: its addresses come from the camera (ONVIF) or are typed in full` };
  }
  const host = parseHost(input.address);
  if (!host.ok) return host;
  const channel = input.channel ?? 1;
  if (!Number.isInteger(channel) || channel < 1 || channel > 64) return { ok: false, message: 'The channel must be a number from 1 to 64 (1 for a single camera)' };
  let port = host.port ?? input.port ?? brand.rtspPort;
  if (checkPort(port) === null) return { ok: false, message: 'The port must be a number from 1 to 65535' };
  port = Number(port);
  const base = `rtsp://${host.host}${port === 554 ? '' : `:${port}`}`;
  return { ok: true, mainUrl: base + brand.mainPath(channel), subUrl: brand.subPath ? base + brand.subPath(channel) : null };
}

/**
 * An address as it may be shown: any `user:password@` removed. (Addresses the owner pastes often carry them; the
 * wizard moves them into the credential fields and never displays them.)
 */
export function displayUrl(url: string): string {
  return parsePastedAddress(url).url;
}

/**
 * Splits credentials out of a pasted address: `rtsp://admin:p%40ss@10.0.0.2/x` → the bare address and
 * { username: 'admin', password: 'p@ss' } (percent-decoded; a bare '%' stays as typed). A raw password holding
 * `@ : / # ?` is read the way the owner meant it (preload/pasted-address.ts: the last `@` before the host).
 */
export function splitUrlCredentials(url: string): { url: string; username: string | null; password: string | null } {
  return parsePastedAddress(url);
}

/** The brand a discovered device's maker or model most likely is, or null ("onvif" then asks the camera itself). */
export function guessBrand(text: string): BrandId | null {
  const t = text.toLowerCase();
  if (/hikvision|hilook|annke/.test(t)) return 'hikvision';
  if (/dahua|amcrest|lorex/.test(t)) return 'dahua';
  if (/reolink/.test(t)) return 'reolink';
  if (/\baxis\b/.test(t)) return 'axis';
  if (/uniview|\bunv\b/.test(t)) return 'uniview';
  if (/tapo|tp-link|tplink/.test(t)) return 'tapo';
  if (/foscam/.test(t)) return 'foscam';
  return null;
}
