// Does an address speak RTSP at all? ffmpeg cannot tell a camera that accepts the connection and then hangs from a
// web server, a printer or an SSH port that answers in its own protocol: after its timeout it says "Invalid data found
// when processing input" for both. One RTSP OPTIONS request (no credentials: cameras answer OPTIONS, or refuse it
// with an RTSP 401, which still says "this is RTSP") and the first bytes of the answer tell them apart.
import net from 'node:net';
import { say, type Said } from '../../../preload/i18n/engine-message.ts';

export type RtspAnswer =
  /** The answer starts with "RTSP/": a camera (or another RTSP server). */
  | { kind: 'rtsp' }
  /** Something answered in another protocol; `protocol` names it when it is recognisable. */
  | { kind: 'other'; protocol: string | null }
  /** The connection was accepted, but nothing came back in time (a hung camera). */
  | { kind: 'silent' }
  /** No connection (refused, no route, a name that does not resolve). */
  | { kind: 'unreachable'; code: string };

const MAX_BYTES = 64;

/** Names a protocol from the first bytes of an answer, when it is one of the usual ones at a wrong port. */
export function protocolOf(first: Buffer): string | null {
  const head = first.subarray(0, 16).toString('latin1');
  if (head.startsWith('HTTP/')) return 'HTTP (a web page)';
  if (head.startsWith('SSH-')) return 'SSH';
  if (/^2\d\d[ -]/.test(head)) return 'FTP or e-mail';
  if (first[0] === 0x16 || first[0] === 0x15) return 'TLS';
  return null;
}

export function rtspHandshake(url: string, timeoutMs: number): Promise<RtspAnswer> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve({ kind: 'unreachable', code: 'EINVAL' });
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 554);
  // The request names the address without its credentials: they never travel in an OPTIONS line.
  const target = `rtsp://${u.host}${u.pathname}`;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let got = Buffer.alloc(0);
    let done = false;
    const finish = (answer: RtspAnswer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const classify = (): RtspAnswer =>
      got.length === 0 ? { kind: 'silent' } : got.subarray(0, 5).toString('latin1') === 'RTSP/' ? { kind: 'rtsp' } : { kind: 'other', protocol: protocolOf(got) };
    const timer = setTimeout(() => finish(classify()), timeoutMs);
    socket.once('connect', () => {
      socket.write(`OPTIONS ${target} RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: ShopWatch NVR\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]).subarray(0, MAX_BYTES);
      if (got.length >= 5) finish(classify());
    });
    socket.once('end', () => finish(classify()));
    socket.once('error', (err: NodeJS.ErrnoException) => finish(got.length ? classify() : { kind: 'unreachable', code: err.code ?? 'ERROR' }));
  });
}

/** The owner's sentence for an address that answered in another protocol (the wizard), message and English. */
export function notCameraSaid(protocol: string | null): Said {
  return protocol ? say('engine_probe_not_camera_protocol', { protocol }) : say('engine_probe_not_camera');
}

/** The same sentence for a configured camera, which names it. */
export function cameraNotCameraSaid(protocol: string | null, camera: string): Said {
  return protocol ? say('engine_camera_not_camera_protocol', { camera, protocol }) : say('engine_camera_not_camera', { camera });
}

/** The owner's sentence for an address that answered in another protocol. */
export function notCameraMessage(protocol: string | null): string {
  return notCameraSaid(protocol).text;
}
