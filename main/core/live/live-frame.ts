// A camera's current picture as a JPEG: its live fragmented MP4 (the hub sends the init segment and the last complete
// fragment at once, so no wait for the next keyframe) decoded by ffmpeg until the first picture, at full size. The
// viewer is dropped as soon as the picture is out, or when the asker goes away, or after `timeoutMs`.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export function grabLiveFrame(o: { ffmpegPath: string; open: (signal: AbortSignal) => Readable | null; signal: AbortSignal; timeoutMs?: number }): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const viewer = new AbortController();
    const stream = o.open(viewer.signal);
    if (!stream) return resolve(null);
    const child = spawn(
      o.ffmpegPath,
      ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'mp4', '-i', 'pipe:0', '-map', '0:v:0', '-frames:v', '1', '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'],
      { stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true },
    );
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (jpeg: Buffer | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal.removeEventListener('abort', onAbort);
      viewer.abort();
      stream.destroy();
      child.kill('SIGKILL');
      resolve(jpeg);
    };
    const onAbort = () => finish(null);
    const timer = setTimeout(() => finish(null), o.timeoutMs ?? 10_000);
    o.signal.addEventListener('abort', onAbort, { once: true });
    child.stdin.on('error', () => undefined); // ffmpeg closes its input once it has the picture
    stream.on('error', () => undefined);
    stream.pipe(child.stdin);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', () => finish(null));
    child.on('close', (code) => {
      const jpeg = Buffer.concat(chunks);
      finish(code === 0 && jpeg.length > 4 && jpeg[0] === 0xff && jpeg[1] === 0xd8 ? jpeg : null);
    });
  });
}
