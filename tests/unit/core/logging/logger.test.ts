// The logger's pure parts: the console format chosen by whether stderr is a terminal, the level (NVR_LOG_LEVEL wins
// over the setting), the camera name added to lines that carry only a camera id, the numbered log files' order.
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { baseOptions, consoleFormat, consoleStream, createLogger, resolveLogLevel } from '../../../../main/core/logging/logger.ts';
import { CameraLogNames } from '../../../../main/core/logging/camera-log-names.ts';
import { numberedLogFiles } from '../../../../main/core/logging/log-file.ts';

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('console format', () => {
  it('is pretty on a terminal and JSON anywhere else', () => {
    expect(consoleFormat(true)).toBe('pretty');
    expect(consoleFormat(false)).toBe('json');
  });

  it('writes short readable lines when the stream is a terminal: time, level, component, camera name, message', async () => {
    const out = collector();
    const logger = pino(baseOptions('info'), consoleStream({ stream: out.stream, isTTY: true, colorize: false }));
    logger.child({ component: 'capture', cameraId: 'c1', cameraName: 'Front door' }).warn({ retryInMs: 2000 }, 'camera stream ended');
    await settle();
    const line = out.text().trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: capture \[Front door\] camera stream ended \{"retryInMs":2000\}$/);
    expect(() => JSON.parse(line)).toThrow();
  });

  it('writes one JSON object a line, with id, name and the app, when the stream is not a terminal', async () => {
    const out = collector();
    const logger = pino(baseOptions('info'), consoleStream({ stream: out.stream, isTTY: false }));
    logger.child({ component: 'capture', cameraId: 'c1', cameraName: 'Front door' }).info('camera streaming');
    await settle();
    const doc = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(doc).toMatchObject({ level: 30, app: 'nvr', component: 'capture', cameraId: 'c1', cameraName: 'Front door', msg: 'camera streaming' });
    expect(typeof doc.time).toBe('string');
  });

  it('never prints fields named like secrets, in either format', async () => {
    for (const isTTY of [true, false]) {
      const out = collector();
      const logger = pino(baseOptions('info'), consoleStream({ stream: out.stream, isTTY, colorize: false }));
      logger.info({ password: 'hunter2-pw', camera: { token: 'tok-123456' } }, 'saved');
      await settle();
      expect(out.text()).toContain('[redacted]');
      expect(out.text()).not.toContain('hunter2-pw');
      expect(out.text()).not.toContain('tok-123456');
    }
  });
});

describe('log level', () => {
  it('takes NVR_LOG_LEVEL over the setting, the setting over info', () => {
    expect(resolveLogLevel('debug', 'warn')).toEqual({ level: 'debug', problem: null });
    expect(resolveLogLevel(' WARN ', undefined)).toEqual({ level: 'warn', problem: null });
    expect(resolveLogLevel(undefined, 'error')).toEqual({ level: 'error', problem: null });
    expect(resolveLogLevel('', undefined)).toEqual({ level: 'info', problem: null });
  });

  it('ignores an NVR_LOG_LEVEL that is no level, and says so in one sentence', () => {
    const r = resolveLogLevel('loud', 'warn');
    expect(r.level).toBe('warn');
    expect(r.problem).toBe('NVR_LOG_LEVEL="loud" is not a log level (use one of fatal, error, warn, info, debug, trace, silent): logging at warn.');
  });

  it('createLogger no longer throws on a bad NVR_LOG_LEVEL', () => {
    const before = process.env.NVR_LOG_LEVEL;
    process.env.NVR_LOG_LEVEL = 'loud';
    try {
      const out = collector();
      expect(createLogger({ destination: out.stream }).level).toBe('info');
    } finally {
      if (before === undefined) delete process.env.NVR_LOG_LEVEL;
      else process.env.NVR_LOG_LEVEL = before;
    }
  });
});

describe('camera names in log lines', () => {
  it('adds the name to a line that carries only the camera id, in every child logger, and keeps a given name', async () => {
    const out = collector();
    const names = new CameraLogNames();
    names.set('c1', 'Till');
    const engine = names.attach(pino(baseOptions('info'), out.stream), { component: 'engine' });
    const pool = engine.child({ component: 'motion' });
    pool.warn({ cameraId: 'c1' }, 'motion settings refused');
    engine.info({ cameraId: 'c2' }, 'unknown camera');
    engine.child({ cameraId: 'c1', cameraName: 'Till' }).info('camera streaming');
    engine.info('no camera');
    names.set('c1', 'Back door');
    pool.info({ cameraId: 'c1' }, 'renamed');
    await settle();
    const lines = out.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.component, l.cameraId, l.cameraName, l.msg])).toEqual([
      ['motion', 'c1', 'Till', 'motion settings refused'],
      ['engine', 'c2', undefined, 'unknown camera'],
      ['engine', 'c1', 'Till', 'camera streaming'],
      ['engine', undefined, undefined, 'no camera'],
      ['motion', 'c1', 'Back door', 'renamed'],
    ]);
    // The bound name is not written twice.
    expect(out.text().split('\n')[2]!.match(/cameraName/g)).toHaveLength(1);
  });
});

describe('numbered log files', () => {
  it('lists nvr.N.log files oldest first and ignores everything else', () => {
    expect(numberedLogFiles(['nvr.12.log', 'current.log', 'nvr.3.log', 'nvr.log', 'desktop.log', 'nvr.x.log', 'nvr.1.log.gz', 'nvr.10.log'])).toEqual([
      'nvr.3.log',
      'nvr.10.log',
      'nvr.12.log',
    ]);
  });
});
