import { describe, expect, it } from 'vitest';
import {
  headerValue, RtspParseError, RtspStreamParser, serializeMessage, statusOf, requestLine, type RtspMessage, type RtspPiece,
} from '../../../../main/core/capture/rtsp-message.ts';

const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=Session\r\nm=video 0 RTP/AVP 96\r\na=control:stream=0\r\n';
const describeReply =
  'RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Type: application/sdp\r\nContent-Base: rtsp://cam:554/stream/\r\n' +
  `Content-Length: ${sdp.length}\r\n\r\n${sdp}`;
const frame = (channel: number, payload: number[]) => Buffer.from([0x24, channel, payload.length >> 8, payload.length & 0xff, ...payload]);

/** Feeds the bytes in the given cut points, returns messages and the concatenation of the binary bytes. */
function feed(bytes: Buffer, cuts: number[]): { messages: RtspPiece[]; binary: Buffer; order: string[] } {
  const p = new RtspStreamParser();
  const pieces: RtspPiece[] = [];
  let last = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(...p.push(bytes.subarray(last, cut)));
    last = cut;
  }
  const order: string[] = [];
  for (const piece of pieces) {
    const kind = piece.kind === 'message' ? 'message' : 'binary';
    if (order[order.length - 1] !== kind || kind === 'message') order.push(kind);
  }
  return {
    messages: pieces.filter((x) => x.kind === 'message'),
    binary: Buffer.concat(pieces.filter((x) => x.kind === 'binary').map((x) => (x as { data: Buffer }).data)),
    order,
  };
}

describe('RTSP stream parser', () => {
  it('reads a reply with a body, its headers and status', () => {
    const { messages } = feed(Buffer.from(describeReply, 'latin1'), []);
    expect(messages).toHaveLength(1);
    const m = (messages[0] as { message: RtspMessage }).message;
    expect(statusOf(m)).toBe(200);
    expect(requestLine(m)).toBeNull();
    expect(headerValue(m.headers, 'content-base')).toBe('rtsp://cam:554/stream/');
    expect(m.body.toString('latin1')).toBe(sdp);
  });

  it('gives the same pieces whatever the chunk boundaries, frames and messages interleaved', () => {
    const video = frame(0, Array.from({ length: 1400 }, (_, i) => i & 0xff));
    const rtcp = frame(1, [0x80, 0xc8, 0, 6]);
    const keepAlive = 'RTSP/1.0 200 OK\r\nCSeq: 7\r\nSession: 1234\r\n\r\n';
    const bytes = Buffer.concat([Buffer.from(describeReply, 'latin1'), video, rtcp, Buffer.from(keepAlive), video, Buffer.from('\r\n'), rtcp]);
    const whole = feed(bytes, []);
    expect(whole.messages).toHaveLength(2);
    expect(whole.binary.equals(Buffer.concat([video, rtcp, video, rtcp]))).toBe(true);
    expect(whole.order).toEqual(['message', 'binary', 'message', 'binary']);
    // Every single cut point, and cuts at every byte.
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const r = feed(bytes, [cut]);
      expect(r.messages.map((m) => (m as { message: { startLine: string } }).message.startLine)).toEqual(['RTSP/1.0 200 OK', 'RTSP/1.0 200 OK']);
      expect(r.binary.equals(Buffer.concat([video, rtcp, video, rtcp]))).toBe(true);
    }
    const byByte = feed(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1));
    expect(byByte.binary.equals(Buffer.concat([video, rtcp, video, rtcp]))).toBe(true);
    expect((byByte.messages[0] as { message: { body: Buffer } }).message.body.toString('latin1')).toBe(sdp);
  });

  it('passes frame bytes as views of the chunk, one view per run of frames', () => {
    const chunk = Buffer.concat([frame(0, [1, 2, 3]), frame(1, [4]), frame(0, [5, 6])]);
    const pieces = new RtspStreamParser().push(chunk);
    expect(pieces).toHaveLength(1);
    const data = (pieces[0] as { data: Buffer }).data;
    expect(data.buffer).toBe(chunk.buffer); // not copied
    expect(data.equals(chunk)).toBe(true);
  });

  it('reads requests with bare LF line ends and folded headers', () => {
    const { messages } = feed(Buffer.from('OPTIONS rtsp://h/x RTSP/1.0\nCSeq: 1\nUser-Agent: a\n  b\n\n'), []);
    const m = (messages[0] as { message: RtspMessage }).message;
    expect(requestLine(m)).toEqual({ method: 'OPTIONS', uri: 'rtsp://h/x', version: 'RTSP/1.0' });
    expect(headerValue(m.headers, 'user-agent')).toBe('a b');
  });

  it('refuses what is not RTSP: an endless head, a bad or huge Content-Length', () => {
    expect(() => new RtspStreamParser().push(Buffer.alloc(70_000, 0x41))).toThrow(RtspParseError);
    expect(() => new RtspStreamParser().push(Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n'))).toThrow(RtspParseError);
    expect(() => new RtspStreamParser().push(Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: 999999999\r\n\r\n'))).toThrow(RtspParseError);
    expect(() => new RtspStreamParser().push(Buffer.from('GET / HTTP/1.1\r\nno colon here\r\n\r\n'))).toThrow(RtspParseError);
  });

  it('serializes with Content-Length matching the body', () => {
    const body = Buffer.from('a=control:rtsp://127.0.0.1:9/tok/stream=0\r\n');
    const out = serializeMessage({ startLine: 'RTSP/1.0 200 OK', headers: [['CSeq', '2'], ['Content-Length', '3']], body });
    const back = feed(out, []).messages[0] as { message: { body: Buffer; headers: Array<[string, string]> } };
    expect(back.message.body.equals(body)).toBe(true);
    expect(headerValue(back.message.headers, 'content-length')).toBe(String(body.length));
  });
});
