// RTSP on one TCP connection, cut into what it carries (RFC 2326): text messages (a start line, headers, a body of
// Content-Length bytes) and, once a stream plays over TCP, interleaved binary frames ('$', channel, 16-bit length,
// data) in between. Pure: bytes in, pieces out, in order, whatever the chunk boundaries.
// Binary frames are not copied: their bytes come out as views of the chunks they arrived in (consecutive frame bytes
// of one chunk as one view), so the relay passes the video through untouched and with one write per chunk.

export interface RtspMessage {
  /** "METHOD URI RTSP/1.0" for a request, "RTSP/1.0 200 OK" for a reply. */
  startLine: string;
  /** In the order received; names as received (compare them case-insensitively). */
  headers: Array<[string, string]>;
  body: Buffer;
}

export type RtspPiece = { kind: 'message'; message: RtspMessage } | { kind: 'binary'; data: Buffer };

export class RtspParseError extends Error {}

/** A message head longer than this is no RTSP (a camera's DESCRIBE reply head is well under 2 KB). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** A body longer than this is refused (an SDP is a few KB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const DOLLAR = 0x24;
const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

/** The end of a message head (the index after its blank line) from `from`, or -1. Accepts bare LF line ends. */
function headEnd(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(LF, from); i >= 0; i = buf.indexOf(LF, i + 1)) {
    if (buf[i + 1] === LF) return i + 2;
    if (buf[i + 1] === CR && buf[i + 2] === LF) return i + 3;
  }
  return -1;
}

function parseHead(text: string): { startLine: string; headers: Array<[string, string]> } {
  const lines = text.split(/\r?\n/);
  const startLine = (lines.shift() ?? '').trim();
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    if (line.length === 0) continue;
    const last = headers[headers.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last[1] = `${last[1]} ${line.trim()}`; // an obsolete folded line continues the header above
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new RtspParseError(`not an RTSP header line: ${JSON.stringify(line.slice(0, 80))}`);
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { startLine, headers };
}

export class RtspStreamParser {
  private held: Buffer = EMPTY;
  private binaryLeft = 0;

  /** The pieces completed by this chunk. Throws RtspParseError on bytes that are not RTSP. */
  push(chunk: Buffer): RtspPiece[] {
    const buf = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = EMPTY;
    const out: RtspPiece[] = [];
    let runStart = -1; // the start of the binary bytes not yet emitted
    const flushRun = (end: number) => {
      if (runStart >= 0 && end > runStart) out.push({ kind: 'binary', data: buf.subarray(runStart, end) });
      runStart = -1;
    };
    let pos = 0;
    while (pos < buf.length) {
      if (this.binaryLeft > 0) {
        const n = Math.min(this.binaryLeft, buf.length - pos);
        if (runStart < 0) runStart = pos;
        pos += n;
        this.binaryLeft -= n;
        continue;
      }
      const b = buf[pos];
      if (b === DOLLAR) {
        if (buf.length - pos < 4) {
          flushRun(pos);
          this.held = Buffer.from(buf.subarray(pos));
          return out;
        }
        this.binaryLeft = 4 + buf.readUInt16BE(pos + 2);
        continue;
      }
      flushRun(pos);
      if (b === CR || b === LF) {
        pos++; // line ends between messages
        continue;
      }
      const end = headEnd(buf, pos);
      if (end < 0) {
        if (buf.length - pos > MAX_HEAD_BYTES) throw new RtspParseError('an RTSP message head is too long');
        this.held = Buffer.from(buf.subarray(pos));
        return out;
      }
      if (end - pos > MAX_HEAD_BYTES) throw new RtspParseError('an RTSP message head is too long');
      const { startLine, headers } = parseHead(buf.toString('latin1', pos, end));
      const length = contentLength(headers);
      if (buf.length - end < length) {
        this.held = Buffer.from(buf.subarray(pos));
        return out;
      }
      out.push({ kind: 'message', message: { startLine, headers, body: Buffer.from(buf.subarray(end, end + length)) } });
      pos = end + length;
    }
    flushRun(pos);
    return out;
  }
}

function contentLength(headers: Array<[string, string]>): number {
  const raw = headerValue(headers, 'content-length');
  if (raw === null) return 0;
  if (!/^\d{1,9}$/.test(raw)) throw new RtspParseError('an RTSP message has a bad Content-Length');
  const n = Number(raw);
  if (n > MAX_BODY_BYTES) throw new RtspParseError('an RTSP message body is too large');
  return n;
}

/** The first value of a header, or null. */
export function headerValue(headers: ReadonlyArray<[string, string]>, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === lower) return v;
  return null;
}

/** Every value of a header (WWW-Authenticate may come once per scheme). */
export function headerValues(headers: ReadonlyArray<[string, string]>, name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v);
}

export function withoutHeader(headers: ReadonlyArray<[string, string]>, name: string): Array<[string, string]> {
  const lower = name.toLowerCase();
  return headers.filter(([k]) => k.toLowerCase() !== lower).map(([k, v]) => [k, v] as [string, string]);
}

export function isReply(m: RtspMessage): boolean {
  return m.startLine.startsWith('RTSP/');
}

/** A reply's status code, or 0 for a request. */
export function statusOf(m: RtspMessage): number {
  const match = /^RTSP\/\d\.\d\s+(\d{3})/.exec(m.startLine);
  return match ? Number(match[1]) : 0;
}

/** A request's method and URI, or null for a reply. */
export function requestLine(m: RtspMessage): { method: string; uri: string; version: string } | null {
  if (isReply(m)) return null;
  const match = /^(\S+)\s+(\S+)\s+(RTSP\/\d\.\d)$/.exec(m.startLine);
  return match ? { method: match[1]!, uri: match[2]!, version: match[3]! } : null;
}

/** The message as bytes, its Content-Length set to its body (kept at 0 when it had one and no body). */
export function serializeMessage(m: RtspMessage): Buffer {
  const hadLength = headerValue(m.headers, 'content-length') !== null;
  const headers = withoutHeader(m.headers, 'content-length');
  if (m.body.length > 0 || hadLength) headers.push(['Content-Length', String(m.body.length)]);
  const head = [m.startLine, ...headers.map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  return m.body.length > 0 ? Buffer.concat([Buffer.from(head, 'latin1'), m.body]) : Buffer.from(head, 'latin1');
}

/** A short reply of the relay's own (an unknown address, a camera it cannot reach). */
export function simpleReply(status: number, reason: string, cseq: string | null): Buffer {
  const headers: Array<[string, string]> = cseq !== null ? [['CSeq', cseq]] : [];
  return serializeMessage({ startLine: `RTSP/1.0 ${status} ${reason}`, headers, body: EMPTY });
}
