// Finds ONVIF cameras on the shop's network: one WS-Discovery Probe multicast to 239.255.255.250:3702 (the onvif
// package's Discovery), then every ProbeMatch that arrives within the timeout becomes a device with its address, its
// ONVIF port and, from its scopes, its name, maker and model. No connection is made to the devices (the package's
// default would log in to each one, without credentials).
import onvif from 'onvif';
import { guessBrand } from '../../../preload/camera-brands.ts';
import type { DiscoveredCamera } from '../../../preload/contract.ts';
import { errorMessage } from '../../../preload/format.ts';

/** A camera found by WS-Discovery: the contract's DiscoveredCamera. */
export type DiscoveredDevice = DiscoveredCamera;

export interface DiscoveryResult {
  devices: DiscoveredDevice[];
  /** A sentence when the search itself failed (not when it found nothing). */
  error: string | null;
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' ? (v as Loose) : {});
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : obj(v)._ !== undefined ? String(obj(v)._) : '');

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Scopes like onvif://www.onvif.org/name/Front%20door, …/hardware/DS-2CD2143G2-I, …/manufacturer/Hikvision. */
export function parseScopes(scopes: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const scope of scopes.split(/\s+/)) {
    const m = /^onvif:\/\/www\.onvif\.org\/([A-Za-z]+)\/(.+)$/.exec(scope);
    if (!m?.[1] || !m[2]) continue;
    const key = m[1].toLowerCase();
    if (out[key] === undefined) out[key] = decode(m[2]).replace(/_/g, ' ').trim();
  }
  return out;
}

/** One ProbeMatch (as the onvif package parses it with resolve: false) as a device, or null when it is unusable. */
export function deviceFromProbeMatch(raw: unknown): DiscoveredDevice | null {
  const match = obj(obj(obj(raw).probeMatches).probeMatch);
  const id = text(obj(match.endpointReference).address);
  const xaddrs = text(match.XAddrs).split(/\s+/).filter(Boolean);
  let url: URL | null = null;
  for (const x of xaddrs) {
    try {
      const u = new URL(x);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
      // Prefer an IPv4 address (IPv6 link-local addresses are not reachable without a zone).
      if (!url || (url.hostname.includes(':') && !u.hostname.includes(':'))) url = u;
    } catch {
      // one malformed address among several: skip it
    }
  }
  if (!url) return null;
  const scopes = parseScopes(text(match.scopes));
  const manufacturer = scopes.manufacturer ?? scopes.mfr ?? null;
  const model = scopes.hardware ?? scopes.model ?? null;
  const name = scopes.name ?? ([manufacturer, model].filter(Boolean).join(' ') || `Camera at ${url.hostname}`);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return {
    id: id || url.href,
    name: name.slice(0, 80),
    manufacturer,
    model,
    address: url.hostname,
    onvifPort: port,
    serviceUrl: url.href,
    brand: guessBrand(`${manufacturer ?? ''} ${model ?? ''} ${name}`),
  };
}

// The package's Discovery is one shared emitter; searches are serialised, and a search asked for while one runs
// waits for it and shares its answer.
let running: Promise<DiscoveryResult> | null = null;
let errorListener = false;

export function discoverOnvifDevices(opts: { timeoutMs?: number } = {}): Promise<DiscoveryResult> {
  if (running) return running;
  const timeoutMs = Math.max(500, Math.min(opts.timeoutMs ?? 4000, 15_000));
  if (!errorListener) {
    // A device answering with a malformed message is reported through 'error' (and would otherwise throw).
    onvif.Discovery.on('error', () => undefined);
    errorListener = true;
  }
  running = new Promise<DiscoveryResult>((resolve) => {
    let done = false;
    const finish = (r: DiscoveryResult) => {
      if (done) return;
      done = true;
      running = null;
      resolve(r);
    };
    try {
      onvif.Discovery.probe({ timeout: timeoutMs, resolve: false }, (err, found) => {
        const devices = new Map<string, DiscoveredDevice>();
        for (const raw of found ?? []) {
          const d = deviceFromProbeMatch(raw);
          if (d && !devices.has(d.id)) devices.set(d.id, d);
        }
        // `err` is an array of malformed answers when some device misbehaved: the others still count.
        const failed = err && !Array.isArray(err) && found === undefined;
        finish({
          devices: [...devices.values()].sort((a, b) => a.address.localeCompare(b.address, undefined, { numeric: true })),
          error: failed ? `The network search could not run (${err.message}): add the camera by its IP address instead.` : null,
        });
      });
    } catch (err) {
      finish({ devices: [], error: `The network search could not run (${errorMessage(err)}): add the camera by its IP address instead.` });
    }
  });
  return running;
}
