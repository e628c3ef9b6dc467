// How the capture supervisor's ffmpeg hands over its analysis frames (frame-channel.ts), with the real demo camera:
// on Linux its stdout is an end of a socket pair read into one buffer; when the socket folder has been removed (a
// cleaner of the temporary folder) the next run makes it again; when no socket pair can be made, the run's frames come
// on a pipe and the camera streams as before.
import { readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureSupervisor } from '../../main/core/capture/capture-supervisor.ts';
import { DEMO_CAMERA_URL } from '../../main/core/capture/ffmpeg-args.ts';
import { locateFfmpeg } from '../../main/core/capture/ffmpeg-locate.ts';
import { frameSocketFolder } from '../../main/core/capture/frame-channel.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { descendants } from '../fixtures/process-tree.ts';
import { waitFor } from '../fixtures/wait-for.ts';

const ffmpegPath = locateFfmpeg({}).path;
const cleanups: Array<() => Promise<void> | void> = [];
const ffmpegPids = () => descendants().filter((p) => path.basename(p.args[0] ?? '') === 'ffmpeg').map((p) => p.pid);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function supervise() {
  let frames = 0;
  const sup: CaptureSupervisor = new CaptureSupervisor({
    cameraId: 'cam-1',
    cameraName: 'Demo',
    url: DEMO_CAMERA_URL,
    demo: true,
    secrets: [],
    ffmpegPath,
    fps: 5,
    maxWidth: 320,
    logger: silentLogger(),
    onFrame: (f) => {
      frames++;
      sup.releaseFrame(f.buffer);
    },
    onState: () => undefined,
  });
  cleanups.push(() => sup.stop());
  sup.start();
  return { sup, frames: () => frames };
}

/**
 * What ffmpeg's stdout is: "frame socket" (an end of a pair made through a socket file of frame-channel.ts) or "pipe"
 * (Node makes a child's stdio pipes as unnamed socket pairs on Linux). Linux's /proc names both.
 */
function ffmpegStdout(): 'frame socket' | 'pipe' {
  const pids = ffmpegPids();
  expect(pids).toHaveLength(1);
  const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pids[0]}/fd/1`))?.[1];
  expect(inode).toBeDefined();
  const line = readFileSync('/proc/net/unix', 'utf8').split('\n').find((l) => l.trim().split(/\s+/)[6] === inode);
  expect(line).toBeDefined();
  return line!.includes('/nvr-frames-') ? 'frame socket' : 'pipe';
}

/** Ends the current ffmpeg and waits for frames from the next one. */
async function nextRun(cam: ReturnType<typeof supervise>): Promise<void> {
  const before = ffmpegPids();
  cam.sup.restart();
  await waitFor(() => { const now = ffmpegPids(); return now.length === 1 && now[0] !== before[0]; }, 15_000, 'the next ffmpeg');
  const frames = cam.frames();
  await waitFor(() => cam.frames() >= frames + 3, 15_000, 'frames from the next run');
}

describe.runIf(process.platform === 'linux')('analysis frames from ffmpeg', () => {
  it('come through a socket; a removed socket folder is made again; without a socket pair they come on a pipe', async () => {
    const cam = supervise();
    await waitFor(() => cam.frames() >= 3, 15_000, 'frames from the demo camera');
    expect(ffmpegStdout()).toBe('frame socket');
    const first = frameSocketFolder()!;

    rmSync(first, { recursive: true, force: true });
    await nextRun(cam);
    expect(ffmpegStdout()).toBe('frame socket');
    expect(frameSocketFolder()).not.toBe(first);

    // A socket folder that cannot hold a socket (a file has taken its name): no pair can be made, the run reads a pipe.
    const taken = frameSocketFolder()!;
    rmSync(taken, { recursive: true, force: true });
    writeFileSync(taken, '');
    cleanups.push(() => rmSync(taken, { force: true }));
    await nextRun(cam);
    expect(ffmpegStdout()).toBe('pipe');
  }, 60_000);
});
