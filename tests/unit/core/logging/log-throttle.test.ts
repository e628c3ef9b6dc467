import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../../../main/core/logging/logger.ts';
import { throttledWarn } from '../../../../main/core/logging/log-throttle.ts';

describe('throttledWarn', () => {
  it('writes the first line at once, then at most one a second with how many were left out', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    let t = 0;
    const log = throttledWarn(createLogger({ destination: sink }), 'refused', 1000, () => t);
    for (let i = 0; i < 1580; i++) {
      log({ remote: '10.0.0.9' });
      t += 1000 / 1580; // 1,580 a second, as measured
    }
    t = 1500;
    log({ remote: '10.0.0.9' });
    // pino writes asynchronously to a stream; a sync sink here gets every line before the next tick.
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(lines.map((l) => l.msg)).toEqual(['refused', 'refused (and 1579 more since the last line)']);
        expect(lines[1]).toMatchObject({ suppressed: 1579, remote: '10.0.0.9', level: 40 });
        resolve();
      }),
    );
  });
});
