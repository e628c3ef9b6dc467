// The live socket's per-stream relay (main/service/live-socket.ts): whole init segment and fragments, one message
// each with the stream number in front, wherever the bytes were cut; whole fragments skipped while the socket is
// backed up, and sending resumes at the next fragment once it has drained.
import { describe, expect, it } from 'vitest';
import { LiveStreamRelay, type RelaySocket } from '../../../main/service/live-socket.ts';
import { LIVE_HEADER_BYTES, liveClientMessage } from '../../../preload/protocols/live-socket.ts';

function box(type: string, size: number, seed: number): Buffer {
  const b = Buffer.alloc(size, seed);
  b.writeUInt32BE(size, 0);
  b.write(type, 4, 'latin1');
  return b;
}

class FakeSocket implements RelaySocket {
  bufferedAmount = 0;
  readyState = 1;
  readonly OPEN = 1;
  readonly sent: Buffer[] = [];
  send(data: Buffer): void {
    this.sent.push(data);
  }
}

const init = Buffer.concat([box('ftyp', 24, 1), box('moov', 300, 2)]);
const fragment = (seed: number) => Buffer.concat([box('moof', 100, seed), box('mdat', 5000, seed)]);

/** Feeds the bytes in pieces of `cut` bytes (a pipe cuts anywhere). */
function feed(relay: LiveStreamRelay, bytes: Buffer, cut: number): void {
  for (let i = 0; i < bytes.length; i += cut) relay.push(bytes.subarray(i, Math.min(bytes.length, i + cut)));
}

describe('live socket relay', () => {
  it('sends the init segment and each whole fragment as one message, however the bytes arrive', () => {
    for (const cut of [1, 7, 333, 100_000]) {
      const socket = new FakeSocket();
      const relay = new LiveStreamRelay(0x01020304, 'cam', socket, 1024 * 1024);
      feed(relay, Buffer.concat([init, fragment(3), fragment(4)]), cut);
      expect(socket.sent).toHaveLength(3);
      for (const m of socket.sent) expect(m.readUInt32BE(0)).toBe(0x01020304);
      expect(socket.sent[0]!.subarray(LIVE_HEADER_BYTES)).toEqual(init);
      expect(socket.sent[1]!.subarray(LIVE_HEADER_BYTES)).toEqual(fragment(3));
      expect(socket.sent[2]!.subarray(LIVE_HEADER_BYTES)).toEqual(fragment(4));
    }
  });

  it('skips whole fragments while the socket is backed up, and resumes at the next fragment', () => {
    const socket = new FakeSocket();
    const relay = new LiveStreamRelay(9, 'cam', socket, 10_000);
    feed(relay, Buffer.concat([init, fragment(3)]), 1000);
    socket.bufferedAmount = 50_000;
    const f4 = fragment(4);
    // The socket backs up; the fragment that starts now is skipped entirely, even if it drains in its middle.
    feed(relay, f4.subarray(0, 2000), 500);
    socket.bufferedAmount = 0;
    feed(relay, f4.subarray(2000), 500);
    feed(relay, fragment(5), 500);
    expect(relay.fragmentsSkipped).toBe(1);
    expect(relay.fragmentsSent).toBe(2);
    expect(socket.sent.map((m) => m.subarray(LIVE_HEADER_BYTES))).toEqual([init, fragment(3), fragment(5)]);
  });

  it('sends nothing once the socket is closed', () => {
    const socket = new FakeSocket();
    const relay = new LiveStreamRelay(1, 'cam', socket, 10_000);
    socket.readyState = 3;
    feed(relay, Buffer.concat([init, fragment(3)]), 64);
    expect(socket.sent).toHaveLength(0);
  });

  it('accepts only the two client messages', () => {
    expect(liveClientMessage.safeParse({ type: 'open', stream: 1, cameraId: 'a', quality: 'sub' }).success).toBe(true);
    expect(liveClientMessage.safeParse({ type: 'close', stream: 1 }).success).toBe(true);
    for (const bad of [
      { type: 'open', stream: 1.5, cameraId: 'a', quality: 'sub' },
      { type: 'open', stream: 1, cameraId: '', quality: 'sub' },
      { type: 'open', stream: 1, cameraId: 'a', quality: 'hd' },
      { type: 'open', stream: 1, cameraId: 'a', quality: 'sub', extra: 1 },
      { type: 'close' },
      { type: 'pause', stream: 1 },
      null,
      [],
    ]) {
      expect(liveClientMessage.safeParse(bad).success).toBe(false);
    }
  });
});
