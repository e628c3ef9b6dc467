// How the analysis frames get from ffmpeg to this process without a garbage collection a second.
// Read as a stream (child.stdout), every read of a pipe is a new 64 KB buffer: 10 MB/s of them with four cameras, which
// only a full garbage collection frees: one on the main thread every second, measured. The tracked-engine benchmark
// (four courtyard cameras) put Node's CPU at 3.30 % of a core with motion only and 14.07 % with detection on before
// this, 1.98 % and 12.63 % after (the V8 threads that help the collector: 2.67 % then, 0.90 % now).
// So, where the platform has Unix-domain sockets (Linux, macOS), a run's frames come through a connected pair of them:
// ffmpeg's stdout is one end (it writes to it as to a pipe), and this process reads the other into ONE buffer it keeps
// (net.Socket's `onread`): reading allocates nothing. The pair is made by a server that listens for an instant on a
// socket file in a folder only this user can enter, and accepts its one connection.
// Windows: none (frameChannelsAvailable() is false); its pipes stay streams (a pipe end this process makes there is
// overlapped, which ffmpeg's plain writes to its stdout do not expect). Any failure to make a pair: the stream.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The longest socket path every Unix takes (sun_path is 104 bytes on macOS, 108 on Linux, with its NUL). */
const MAX_SOCKET_PATH = 100;
/** One read takes at most this much; a frame of 640×480 is 460 KB, about four reads. */
const READ_BUFFER_BYTES = 128 * 1024;
const OPEN_TIMEOUT_MS = 2000;

export function frameChannelsAvailable(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

export interface FrameChannel {
  /** The end ffmpeg writes to: its stdio[1]. This process's copy is closed by afterSpawn(). */
  readonly childEnd: net.Socket;
  /**
   * Where the bytes go, set before ffmpeg is spawned: `buffer` is the channel's one read buffer and only its first
   * `length` bytes are new; it is valid during the call only (the next read overwrites it).
   */
  onBytes: (buffer: Buffer, length: number) => void;
  /** Resolves once the other end is closed (ffmpeg exited) and every byte has gone to onBytes, or the channel closed. */
  readonly ended: Promise<void>;
  /** ffmpeg has its copy of childEnd: this process closes its own, so that ffmpeg's exit ends the channel. */
  afterSpawn(): void;
  /** Closes both ends (the run is over, or ffmpeg could not be started). */
  close(): void;
}

let folder: string | null = null;
let count = 0;

/**
 * The folder of this process's socket files: made on first use (mode 0700), removed when the process exits, and made
 * again when it has gone (a cleaner of the temporary folder, months into a run).
 */
function socketFolder(): string {
  if (folder && existsSync(folder)) return folder;
  const made = mkdtempSync(path.join(os.tmpdir(), 'nvr-frames-'));
  folder = made;
  process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  return made;
}

/** The folder of this process's socket files; null before the first channel. A made pair leaves no file in it. */
export function frameSocketFolder(): string | null {
  return folder;
}

class SocketFrameChannel implements FrameChannel {
  onBytes: (buffer: Buffer, length: number) => void = () => undefined;
  childEnd!: net.Socket;
  reader!: net.Socket;
  readonly ended: Promise<void>;
  private resolveEnded: () => void = () => undefined;

  constructor() {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  /** The reading end: every read lands in the same buffer. */
  connect(file: string): net.Socket {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    this.reader = net.connect({
      path: file,
      onread: {
        buffer,
        callback: (length: number, buf: Uint8Array) => {
          this.onBytes(buf as Buffer, length);
          return true;
        },
      },
    });
    this.reader.on('close', () => this.resolveEnded());
    return this.reader;
  }

  afterSpawn(): void {
    this.childEnd.destroy();
  }

  close(): void {
    this.childEnd?.destroy();
    this.reader?.destroy();
    this.resolveEnded();
  }
}

/** A connected pair for one ffmpeg run; rejects (and leaves nothing open) when one cannot be made. */
export function openFrameChannel(timeoutMs = OPEN_TIMEOUT_MS): Promise<FrameChannel> {
  let file: string;
  try {
    file = path.join(socketFolder(), `${++count}.sock`);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  if (Buffer.byteLength(file) > MAX_SOCKET_PATH) return Promise.reject(new Error(`the socket path is too long (${file})`));
  return new Promise<FrameChannel>((resolve, reject) => {
    const channel = new SocketFrameChannel();
    // pauseOnConnect: this process never reads ffmpeg's end; the server is closed at its first connection.
    const server = net.createServer({ pauseOnConnect: true });
    let accepted: net.Socket | null = null;
    let connected = false;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      server.close();
      accepted?.destroy();
      channel.reader?.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`no frame socket pair within ${timeoutMs} ms`)), timeoutMs);
    const done = () => {
      if (settled || !accepted || !connected) return;
      settled = true;
      clearTimeout(timer);
      server.close(); // removes the socket file: nobody else can connect any more
      channel.childEnd = accepted;
      resolve(channel);
    };
    server.on('error', fail);
    server.on('connection', (socket) => {
      if (accepted) return void socket.destroy();
      accepted = socket;
      socket.on('error', () => undefined);
      done();
    });
    server.listen(file, () => {
      const reader = channel.connect(file);
      reader.once('connect', () => {
        connected = true;
        done();
      });
      reader.on('error', (err) => fail(err));
    });
  });
}
