// The frame channel (frame-channel.ts) with real sockets and a real child process as the writer: every byte arrives in
// order in ONE reused buffer, the channel ends when the child exits (this process closed its copy of the child's end),
// no socket file is left where another process could connect, and a channel closed before any spawn ends at once.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { frameChannelsAvailable, frameSocketFolder, openFrameChannel, type FrameChannel } from '../../main/core/capture/frame-channel.ts';

const channels: FrameChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

async function channel(): Promise<FrameChannel> {
  const c = await openFrameChannel();
  channels.push(c);
  return c;
}

/** A child that writes `bytes` bytes of a known pattern (byte i is i mod 251) to its stdout in uneven writes, then exits. */
const WRITER = `
const total = Number(process.argv[1]);
let at = 0;
const sizes = [1, 7, 4096, 65536, 300001, 12];
let k = 0;
function next() {
  while (at < total) {
    const n = Math.min(sizes[k++ % sizes.length], total - at);
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = (at + i) % 251;
    at += n;
    if (!process.stdout.write(b)) return process.stdout.once('drain', next);
  }
}
next();
`;

describe('frame channel', () => {
  it('is used where Unix-domain sockets are (Linux, macOS), not on Windows', () => {
    expect(frameChannelsAvailable('linux')).toBe(true);
    expect(frameChannelsAvailable('darwin')).toBe(true);
    expect(frameChannelsAvailable('win32')).toBe(false);
  });

  it("carries a child's stdout byte for byte into one reused buffer, and ends when the child exits", async () => {
    const c = await channel();
    const total = 5_000_003;
    let received = 0;
    let wrong = -1;
    const buffers = new Set<Buffer>();
    let reads = 0;
    c.onBytes = (buffer, length) => {
      buffers.add(buffer);
      reads++;
      for (let i = 0; i < length; i++) {
        if (buffer[i] !== (received + i) % 251 && wrong < 0) wrong = received + i;
      }
      received += length;
    };
    const child = spawn(process.execPath, ['-e', WRITER, String(total)], { stdio: ['ignore', c.childEnd, 'inherit'] });
    c.afterSpawn();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect(await exited).toBe(0);
    await c.ended;
    expect(wrong).toBe(-1);
    expect(received).toBe(total);
    expect(reads).toBeGreaterThan(10);
    expect(buffers.size).toBe(1); // nothing allocated per read
  }, 30_000);

  it('leaves no socket file once the pair is made: nobody else can connect to it', async () => {
    await channel();
    await channel();
    const folder = frameSocketFolder();
    expect(folder).not.toBeNull();
    expect(readdirSync(folder!)).toEqual([]);
  });

  it('closed before any child was spawned (the run could not start), it ends at once', async () => {
    const c = await channel();
    c.close();
    await c.ended;
    expect(c.childEnd.destroyed).toBe(true);
  });
});
