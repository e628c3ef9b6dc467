// The relay's two spellings of one camera: ffmpeg sees rtsp://127.0.0.1:PORT/TOKEN/path?query, the camera sees
// rtsp://host:port/path?query. Only the origin is swapped (the path and query stay as typed), so every URL either side
// derives from it (Content-Base, SETUP control URLs, RTP-Info, SDP a=control lines) maps back and forth by a prefix.
// Pure string functions.

export interface RtspUrlMap {
  /** rtsp://127.0.0.1:PORT/TOKEN: what the child process is given, minus the camera's path. */
  relayPrefix: string;
  /** scheme://host:port of the camera, with the port written out (as ffmpeg writes request URLs). */
  cameraOrigin: string;
  /** The path and query of the camera's address ("" when it has none). */
  cameraPath: string;
  host: string;
  port: number;
  tls: boolean;
}

const DEFAULT_PORT = { rtsp: 554, rtsps: 322 } as const;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Splits a camera address (credentials already removed) into what the relay needs, or null when it is not RTSP. */
export function cameraTarget(url: string): { scheme: 'rtsp' | 'rtsps'; host: string; port: number; path: string } | null {
  const m = /^(rtsps?):\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(?::(\d*))?([/?#].*)?$/i.exec(url);
  if (!m || !m[2]) return null;
  const scheme = m[1]!.toLowerCase() as 'rtsp' | 'rtsps';
  const port = m[3] ? Number(m[3]) : DEFAULT_PORT[scheme];
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { scheme, host: m[2], port, path: (m[4] ?? '').replace(/#.*$/, '') };
}

export function rtspUrlMap(cameraUrl: string, relayPrefix: string): RtspUrlMap {
  const t = cameraTarget(cameraUrl);
  if (!t) throw new Error('not an rtsp:// or rtsps:// address');
  return { relayPrefix, cameraOrigin: `${t.scheme}://${t.host}:${t.port}`, cameraPath: t.path, host: t.host, port: t.port, tls: t.scheme === 'rtsps' };
}

/** The address the child process is given. */
export function relayAddress(map: RtspUrlMap): string {
  return map.relayPrefix + map.cameraPath;
}

/** Client → camera: the relay prefix becomes the camera's origin (request lines, headers, bodies). */
export function toCamera(text: string, map: RtspUrlMap): string {
  const re = new RegExp(escapeRe(map.relayPrefix) + '(?![A-Za-z0-9_-])', 'gi');
  return text.replace(re, map.cameraOrigin);
}

/**
 * Camera → client: the camera's origin, however the camera spells it (either scheme, the port written or left out
 * when it is the default, even credentials echoed back in it), becomes the relay prefix. A URL of another host or
 * port passes unchanged (ffmpeg sends it back on the same connection, and the relay passes it on as it is).
 */
export function toClient(text: string, map: RtspUrlMap): string {
  const isDefault = map.port === (map.tls ? DEFAULT_PORT.rtsps : DEFAULT_PORT.rtsp);
  const port = isDefault ? `(?::${map.port})?` : `:${map.port}`;
  const re = new RegExp(`rtsps?://(?:[^\\s/?#@"]*@)?${escapeRe(map.host)}${port}(?![A-Za-z0-9.:_-])`, 'gi');
  return text.replace(re, map.relayPrefix);
}
