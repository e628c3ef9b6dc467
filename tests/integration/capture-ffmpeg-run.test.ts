// One ffmpeg run with a real ffmpeg (its lavfi test sources: no camera needed): it ends with the cause that ended it
// (by itself, the watchdog, a stream that is not video, a restart, a stop), its pipes feed the frame pool and the live
// hub, its stderr tail is redacted, and an ffmpeg that cannot be started is reported without an end. Every case runs
// twice: frames through a socket pair read into one buffer (frame-channel.ts, what Linux and macOS use), and on
// ffmpeg's stdout pipe read as a stream (what Windows uses).
import { afterEach, describe, expect, it } from 'vitest';
import { FfmpegRun, type FfmpegRunOptions, type RunEnd } from '../../main/core/capture/ffmpeg-run.ts';
import { buildCaptureArgs, DEMO_CAMERA_URL } from '../../main/core/capture/ffmpeg-args.ts';
import { FramePool } from '../../main/core/capture/frame-pool.ts';
import { openFrameChannel, type FrameChannel } from '../../main/core/capture/frame-channel.ts';
import { locateFfmpeg } from '../../main/core/capture/ffmpeg-locate.ts';
import { redact } from '../../main/core/capture/redact.ts';
import { LiveHub } from '../../main/core/live/live-hub.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { waitFor } from '../fixtures/wait-for.ts';

const ffmpegPath = locateFfmpeg({}).path;
/** One second of 160×120 at 10 fps as the analysis stream (YUV4MPEG2 on stdout), then ffmpeg exits by itself. */
const SHORT_CLIP = ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=1', '-f', 'yuv4mpegpipe', '-pix_fmt', 'yuv420p', 'pipe:1'];
/** The demo camera's real command line: endless, real time; with a live output on fd 3 when asked. */
const demoArgs = (live: boolean) =>
  buildCaptureArgs({ url: DEMO_CAMERA_URL, demo: true, analysis: { fps: 5, maxWidth: 320 }, live: live ? [{ fd: 3, input: 0 }] : [], timeoutSeconds: 5 });

const runs: FfmpegRun[] = [];
const channels: FrameChannel[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((r) => r.stop('stop')));
  for (const c of channels.splice(0)) c.close();
});

type Transport = 'socket pair' | 'pipe';

describe.each<Transport>(['socket pair', 'pipe'])('FfmpegRun with a real ffmpeg, frames on a %s', (transport) => {
  async function startRun(args: string[], extra: Partial<FfmpegRunOptions> = {}) {
    const frames$ = transport === 'pipe' ? null : await openFrameChannel();
    if (frames$) channels.push(frames$);
    const pool = new FramePool(0, 4);
    const frames: Array<{ width: number; height: number }> = [];
    let dropped = 0;
    const spawnErrors: NodeJS.ErrnoException[] = [];
    let resolveEnd: (end: RunEnd) => void = () => undefined;
    const ended = new Promise<RunEnd>((r) => (resolveEnd = r));
    const run = new FfmpegRun({
      ffmpegPath,
      args,
      live: new Map(),
      recording: null,
      pool,
      frames: frames$,
      redact: (t) => t,
      logger: silentLogger(),
      onFrame: (buffer, width, height) => {
        frames.push({ width, height });
        pool.release(buffer);
      },
      onDrop: () => dropped++,
      onSpawnError: (err) => spawnErrors.push(err),
      onEnd: resolveEnd,
      ...extra,
    });
    runs.push(run);
    const started = run.start();
    return { run, started, frames, dropped: () => dropped, spawnErrors, ended, channel: frames$ };
  }

  it('an ffmpeg that ends by itself: every frame read, cause "exited", code 0', async () => {
    const r = await startRun(SHORT_CLIP);
    expect(r.started).toBe(true);
    expect(r.run.pid).toBeGreaterThan(0);
    const end = await r.ended;
    expect(end).toMatchObject({ cause: 'exited', code: 0, signal: null, streamError: null, recordingSettled: null });
    expect(r.frames.length + r.dropped()).toBe(10);
    expect(r.frames[0]).toEqual({ width: 160, height: 120 });
    expect(end.elapsedMs).toBeGreaterThan(0);
    expect(r.run.running).toBe(false);
    await r.run.closed;
  }, 20_000);

  it('a run killed by the watchdog ends with cause "watchdog"; a later stop does not change it', async () => {
    const r = await startRun(demoArgs(false));
    await waitFor(() => r.frames.length >= 2, 15_000, 'frames from the demo source');
    expect(r.run.silentMs()).toBeLessThan(2000);
    r.run.kill('watchdog');
    void r.run.stop('stop');
    const end = await r.ended;
    expect(end.cause).toBe('watchdog');
    expect(end.signal).toBe('SIGKILL');
  }, 30_000);

  it('a stream that is not YUV4MPEG2 is refused: cause "bad-stream", with the reader\'s reason', async () => {
    const raw = SHORT_CLIP.map((a) => (a === 'yuv4mpegpipe' ? 'rawvideo' : a));
    const r = await startRun(raw);
    const end = await r.ended;
    expect(end.cause).toBe('bad-stream');
    expect(end.streamError).toMatch(/not YUV4MPEG2/);
    expect(r.frames).toEqual([]);
  }, 20_000);

  it('a restart ends it gracefully (SIGTERM) with cause "restart"; its live pipe fed the hub meanwhile', async () => {
    const hub = new LiveHub();
    const r = await startRun(demoArgs(true), { live: new Map([[3, hub]]) });
    await waitFor(() => hub.initSegment !== null && r.frames.length >= 1, 15_000, 'the live init segment and a frame');
    expect(hub.initInfo?.codec).toMatch(/^avc1\./);
    await r.run.stop('restart');
    const end = await r.ended;
    expect(end.cause).toBe('restart');
    expect(end.code === 255 || end.signal === 'SIGTERM').toBe(true);
    const bytes = hub.stats.bytes;
    await new Promise((res) => setTimeout(res, 300));
    expect(hub.stats.bytes).toBe(bytes); // nothing after the end
    hub.close();
  }, 30_000);

  it("ffmpeg's stderr tail is redacted before anyone sees it", async () => {
    const secret = 'Sh0p#Pw/9';
    const url = `http://admin:${encodeURIComponent(secret)}@127.0.0.1:1/cam`;
    const r = await startRun(['-hide_banner', '-nostdin', '-i', url, '-f', 'yuv4mpegpipe', 'pipe:1'], { redact: (t) => redact(t, [secret]) });
    const end = await r.ended;
    expect(end.cause).toBe('exited');
    expect(end.code).not.toBe(0);
    expect(end.stderr).toMatch(/refused/i);
    expect(end.lastStderrLine).toMatch(/refused/i);
    expect(end.stderr).not.toContain(secret);
    expect(end.stderr).not.toContain(encodeURIComponent(secret));
  }, 20_000);

  it('an ffmpeg that cannot be started: onSpawnError with its code, no end, nothing running', async () => {
    let ended = false;
    const r = await startRun(SHORT_CLIP, { ffmpegPath: '/nonexistent/ffmpeg', onEnd: () => (ended = true) });
    expect(r.started).toBe(false);
    await waitFor(() => r.spawnErrors.length === 1, 5000, 'the spawn error');
    expect(r.spawnErrors[0]!.code).toBe('ENOENT');
    await r.run.closed;
    expect(r.run.pid).toBeNull();
    expect(r.run.running).toBe(false);
    await new Promise((res) => setTimeout(res, 100));
    expect(ended).toBe(false);
    // The run's frame channel is closed with it (ended resolves only then).
    if (r.channel) await r.channel.ended;
  });
});
