// The small parts of a camera's capture, pure: the frame-rate meter, ffmpeg's redacted stderr tail, and what an ended
// ffmpeg run means for the camera (its problem and sentence), including an ffmpeg that could not even start.
import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../../../main/core/capture/rate-meter.ts';
import { StderrTail } from '../../../../main/core/capture/stderr-tail.ts';
import { CAPTURE_TIMEOUT_S, NETWORK_TIMEOUT_S, isResourceShortage, judgeRunEnd, nextRunTimeoutS, resourceShortageReason } from '../../../../main/core/capture/run-verdict.ts';
import { redact } from '../../../../main/core/capture/redact.ts';

describe('RateMeter', () => {
  it('measures arrivals per second over its window, to one decimal', () => {
    const meter = new RateMeter(5000);
    expect(meter.rate(0)).toBe(0);
    meter.mark(1000);
    expect(meter.rate(1000)).toBe(0); // one arrival is no rate
    for (let t = 1200; t <= 3000; t += 200) meter.mark(t); // 5 a second
    expect(meter.rate(3000)).toBe(5);
    // Measured up to now: a camera that stops sending goes down, then to 0 once the window has passed.
    expect(meter.rate(4000)).toBe(3.3);
    expect(meter.rate(9000)).toBe(0);
  });

  it('keeps a bounded number of arrivals at any frame rate', () => {
    const meter = new RateMeter(5000, 10);
    for (let t = 0; t < 1000; t += 10) meter.mark(t); // 100 a second, only the last 10 kept
    expect(meter.rate(990)).toBe(100);
  });
});

describe('StderrTail', () => {
  const secret = 'p@ss:w/rd';
  const tail = () => new StderrTail({ redact: (t) => redact(t, [secret]), maxLines: 3, maxLineChars: 60 });

  it('joins lines split across chunks and keeps the newest ones, redacted', () => {
    const t = tail();
    t.push(`[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthor`);
    t.push(`ized\nrtsp://admin:${encodeURIComponent(secret)}@10.0.0.5/stream: Server returned 401\r\n\n`);
    expect(t.text()).toBe('[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized\nrtsp://***@10.0.0.5/stream: Server returned 401\n');
    t.push('two\nthree\nfour\nunfinished ' + secret);
    expect(t.text()).toBe('two\nthree\nfour\nunfinished ***');
    expect(t.lastLine()).toBe('unfinished ***');
    expect(t.text()).not.toContain('w/rd');
  });

  it('cuts long lines, and says null when ffmpeg printed nothing', () => {
    const t = tail();
    expect(t.lastLine()).toBeNull();
    t.push('x'.repeat(500) + '\n');
    expect(t.text()).toBe('x'.repeat(60) + '\n');
    expect(t.lastLine()).toBe('x'.repeat(60));
  });
});

describe('nextRunTimeoutS', () => {
  it('waits patiently only after a run the short timeout ended before any picture', () => {
    // Also after a patient run that stayed silent: a camera that is off is not asked every 5 s.
    expect(nextRunTimeoutS({ problem: 'timeout', streamedMs: 0, cause: 'exited' })).toBe(CAPTURE_TIMEOUT_S);
    expect(CAPTURE_TIMEOUT_S).toBeGreaterThan(NETWORK_TIMEOUT_S);
  });

  it('goes back to the short timeout after a run that streamed, failed another way or was killed by the watchdog', () => {
    expect(nextRunTimeoutS({ problem: 'timeout', streamedMs: 4000, cause: 'exited' })).toBe(NETWORK_TIMEOUT_S);
    expect(nextRunTimeoutS({ problem: 'timeout', streamedMs: 0, cause: 'watchdog' })).toBe(NETWORK_TIMEOUT_S);
    for (const problem of ['auth', 'refused', 'not-video', 'closed'] as const) {
      expect(nextRunTimeoutS({ problem, streamedMs: 0, cause: 'exited' })).toBe(NETWORK_TIMEOUT_S);
    }
    expect(nextRunTimeoutS({ problem: 'not-video', streamedMs: 0, cause: 'bad-stream' })).toBe(NETWORK_TIMEOUT_S);
  });
});

describe('judgeRunEnd', () => {
  const ctx = { cameraName: 'Till', url: 'rtsp://10.0.0.5/stream', demo: false, wasStreaming: false };
  const end = (cause: 'exited' | 'watchdog' | 'bad-stream', stderr = '', elapsedMs = 500) => ({ cause, stderr, elapsedMs });

  it('a watchdog kill: a camera that never sent a picture cannot be reached; one that did stopped sending', () => {
    expect(judgeRunEnd(end('watchdog'), ctx)).toEqual({ problem: 'timeout', reason: expect.stringMatching(/^Till cannot be reached/) });
    expect(judgeRunEnd(end('watchdog'), { ...ctx, wasStreaming: true })).toEqual({ problem: 'timeout', reason: 'Till stopped sending pictures: reconnecting.' });
  });

  it('a stream that was not video, and an exit judged on what ffmpeg printed', () => {
    expect(judgeRunEnd(end('bad-stream', 'whatever'), ctx)).toEqual({ problem: 'not-video', reason: expect.stringMatching(/did not send a video stream/) });
    expect(judgeRunEnd(end('bad-stream'), { ...ctx, url: 'http://10.0.0.5/cam' }).reason).toMatch(/is not a video stream/);
    expect(judgeRunEnd(end('exited', 'rtsp://***@10.0.0.5/stream: Server returned 401 Unauthorized (authorization failed)'), ctx).problem).toBe('auth');
    expect(judgeRunEnd(end('exited'), ctx)).toEqual({ problem: 'closed', reason: 'Till closed the stream: reconnecting.' });
    // "Invalid data" only at the run's network timeout: a camera that accepted and never answered. Sooner, what came
    // was not video. A patient run (CAPTURE_TIMEOUT_S) is judged on its own timeout.
    const silent = 'rtsp://127.0.0.1:35783/stream: Invalid data found when processing input';
    expect(judgeRunEnd(end('exited', silent, 5200), ctx).problem).toBe('timeout');
    expect(judgeRunEnd(end('exited', silent, 5200), { ...ctx, timeoutMs: CAPTURE_TIMEOUT_S * 1000 }).problem).toBe('not-video');
    expect(judgeRunEnd(end('exited', silent, CAPTURE_TIMEOUT_S * 1000 + 200), { ...ctx, timeoutMs: CAPTURE_TIMEOUT_S * 1000 }).problem).toBe('timeout');
    expect(judgeRunEnd(end('exited', silent, 60), ctx).problem).toBe('not-video');
  });

  it('out of resources is passing (retried), a missing ffmpeg is not', () => {
    for (const code of ['EMFILE', 'ENFILE', 'EAGAIN', 'ENOMEM']) expect(isResourceShortage(code)).toBe(true);
    for (const code of [undefined, 'ENOENT', 'EACCES', 'toString']) expect(isResourceShortage(code)).toBe(false);
    expect(resourceShortageReason('EMFILE', 'Till', 2400)).toBe(
      'The PC ran out of resources (too many open files): the video of Till could not be started; trying again in 2 s.',
    );
    expect(resourceShortageReason('ENOMEM', 'Till', 100)).toMatch(/not enough memory.*trying again in 1 s\.$/);
  });
});
